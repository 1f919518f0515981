/**
 * i18n: every user-facing string exists in zh-CN and en. Each area defines its own catalogue with
 * `defineMessages`, whose type forces both languages for every key.
 */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type Catalogue = Record<string, { 'zh-CN': string; en: string }>;
export type Params = Record<string, string | number>;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural category of a count in a language (`one`, `other` …); a count printed as text (`1,200`) too. */
function pluralOf(count: string | number, locale: Locale): Intl.LDMLPluralRule {
  const n = typeof count === 'number' ? count : Number(count.replace(/,/g, ''));
  if (!Number.isFinite(n)) return 'other';
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(n);
}

/**
 * Replaces `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed.
 * `{name|one|other}` is the word that goes with the count `name` in `locale`, so English says "1 working
 * day" and "3 working days" from one template (`{n} working {n|day|days}`). Chinese needs no such forms.
 */
export function interpolate(template: string, params?: Params, locale: Locale = 'en'): string {
  if (!params) return template;
  return template
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (m, k: string, one: string, other: string) => {
      const count = params[k];
      if (count === undefined) return m;
      return pluralOf(count, locale) === 'one' ? one : other;
    })
    .replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/**
 * A catalogue's translator: it takes only keys the catalogue defines, so a dynamic key must be built from a
 * typed value (`status.${s}` with `s: ApprovalStatus` checks that every status has its line). `has` narrows
 * a key that comes from outside (a stored error) to the catalogue's, at run time.
 */
export type Translator<C extends Catalogue> = ((
  locale: Locale,
  key: keyof C & string,
  params?: Params,
) => string) & {
  catalogue: C;
  has(key: string): key is keyof C & string;
};

/** Define a catalogue and get its translator. */
export function defineMessages<C extends Catalogue>(catalogue: C): Translator<C> {
  return Object.assign(
    (locale: Locale, key: keyof C & string, params?: Params) =>
      interpolate(catalogue[key][locale], params, locale),
    { catalogue, has: (key: string): key is keyof C & string => Object.hasOwn(catalogue, key) },
  );
}

const listFormats = new Map<Locale, Intl.ListFormat>();

/** Names as one list in the locale's way: 抖音、小红书、微博 in zh-CN, "Douyin, Xiaohongshu, Weibo" in en. */
export function listOf(locale: Locale, items: readonly string[]): string {
  let f = listFormats.get(locale);
  if (!f) {
    f = new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' });
    listFormats.set(locale, f);
  }
  return f.format(items);
}
