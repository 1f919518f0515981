import { z } from 'zod';
import allowlistFile from './allowlist.json' with { type: 'json' };
import { normalize } from './normalize';
import termsFile from './terms.json' with { type: 'json' };

export const CATEGORIES = ['absolute', 'medical', 'data_claim', 'guarantee'] as const;
export const SEVERITIES = ['high', 'medium', 'low'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Severity = (typeof SEVERITIES)[number];

const termEntrySchema = z.strictObject({
  term: z
    .string()
    .min(1)
    .refine((t) => !/\s/u.test(t), 'must not contain whitespace'),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  article: z
    .string()
    .regex(/^广告法 第[一二三四五六七八九十]+条/u, 'must cite an article, e.g. "广告法 第九条第三项"'),
  rewrite: z.string().min(2),
  stem: z.boolean().optional(),
});

export type TermEntry = z.infer<typeof termEntrySchema>;

const termFileSchema = z
  .strictObject({ about: z.array(z.string()), terms: z.array(termEntrySchema).min(1) })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.terms.forEach((entry, i) => {
      const key = normalize(entry.term);
      // The file is the reviewed source of truth, so it must already be in the form we match on.
      if (key !== entry.term.toLowerCase()) {
        ctx.addIssue({
          code: 'custom',
          path: ['terms', i, 'term'],
          message: `"${entry.term}" is not normalised (use simplified, half-width characters; got "${key}")`,
        });
      }
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['terms', i, 'term'],
          message: `duplicate term "${entry.term}" (also at terms[${first}])`,
        });
      } else {
        seen.set(key, i);
      }
    });
  });

const allowlistFileSchema = z.strictObject({
  about: z.array(z.string()),
  phrases: z.array(z.strictObject({ phrase: z.string().min(2), reason: z.string().min(2) })),
});

/** A validated term with the normalised form the matcher searches for. */
export interface LoadedTerm extends TermEntry {
  match: string;
}

export interface TermList {
  terms: readonly LoadedTerm[];
  /** Normalised allowlist phrases. */
  allowlist: readonly string[];
}

function fail(file: string, error: z.ZodError): never {
  throw new Error(`Invalid compliance data in ${file}:\n${z.prettifyError(error)}`);
}

/** Validates raw term and allowlist data; throws with every problem listed so a bad edit fails at start. */
export function parseTermList(rawTerms: unknown, rawAllowlist: unknown): TermList {
  const terms = termFileSchema.safeParse(rawTerms);
  if (!terms.success) fail('terms.json', terms.error);
  const allow = allowlistFileSchema.safeParse(rawAllowlist);
  if (!allow.success) fail('allowlist.json', allow.error);

  const loaded = terms.data.terms.map((t) => ({ ...t, match: normalize(t.term) }));
  const problems: string[] = [];
  const phrases: string[] = [];
  for (const { phrase } of allow.data.phrases) {
    const norm = normalize(phrase);
    if (phrases.includes(norm)) problems.push(`duplicate allowlist phrase "${phrase}"`);
    // A phrase that contains no term can never suppress anything: almost certainly a typo.
    if (!loaded.some((t) => norm.includes(t.match)))
      problems.push(`allowlist phrase "${phrase}" contains no term`);
    phrases.push(norm);
  }
  if (problems.length > 0)
    throw new Error(`Invalid compliance data in allowlist.json:\n${problems.join('\n')}`);
  return { terms: loaded, allowlist: phrases };
}

/** The bundled term list, validated once at module load. */
export const TERM_LIST: TermList = parseTermList(termsFile, allowlistFile);
