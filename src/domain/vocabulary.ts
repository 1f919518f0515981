import { z } from 'zod';

/**
 * A vocabulary: the codes of one concept (a status, a channel, a budget category…) with their names in both
 * languages and the other spellings people type. Each concept is defined once, with `defineVocabulary`, next
 * to the rules that use it; commands parse it, cards label it and forms list it from that one definition.
 */

type Lang = 'zh-CN' | 'en';

export interface Term {
  'zh-CN': string;
  en: string;
  /** Extra spellings people type (traditional characters, short forms); matched case-insensitively. */
  aliases?: readonly string[];
}

export interface Vocabulary<C extends string> {
  /** Every code, in the order lists and forms show them. */
  readonly codes: readonly [C, ...C[]];
  readonly terms: Readonly<Record<C, Term>>;
  /** True for a stored code. */
  is(s: unknown): s is C;
  /** The code for a code, a name in either language or an alias (NFKC, any case); undefined when unknown. */
  parse(input: string): C | undefined;
  /** The name of a code in a language; an unknown stored code is shown as is. */
  label(code: string, locale: Lang): string;
  /** `{ value, label }` for a form's select. */
  options(locale: Lang): { value: C; label: string }[];
  /** A domain input's field: a code or a name as typed → the code; anything else fails listing the codes. */
  readonly schema: z.ZodType<C, unknown>;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

export function defineVocabulary<const C extends string>(terms: { readonly [K in C]: Term }): Vocabulary<C> {
  const codes = Object.keys(terms) as C[];
  if (codes.length === 0) throw new Error('a vocabulary needs at least one code');
  const known = new Set<string>(codes);
  const is = (s: unknown): s is C => typeof s === 'string' && known.has(s);
  const byName = new Map<string, C>();
  // Codes win over names and names over aliases when two spellings collide.
  for (const c of codes) for (const a of terms[c].aliases ?? []) byName.set(norm(a), c);
  for (const c of codes) for (const l of ['en', 'zh-CN'] as const) byName.set(norm(terms[c][l]), c);
  for (const c of codes) byName.set(norm(c), c);
  const label = (code: string, locale: Lang) => (is(code) ? terms[code][locale] : code);
  const parse = (input: string) => {
    const key = norm(String(input ?? ''));
    return key.length > 40 ? undefined : byName.get(key);
  };
  return {
    codes: codes as [C, ...C[]],
    terms,
    is,
    parse,
    label,
    options: (locale) => codes.map((value) => ({ value, label: label(value, locale) })),
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? (parse(v) ?? v) : v),
      z.enum(codes as [C, ...C[]]),
    ) as z.ZodType<C, unknown>,
  };
}
