/**
 * i18n: every user-facing string exists in zh-CN and en. Each area defines its own catalogue with
 * `defineMessages`, whose type forces both languages for every key.
 */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type Catalogue = Record<string, { 'zh-CN': string; en: string }>;
export type Params = Record<string, string | number>;

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export type Translator<C extends Catalogue> = (
  locale: Locale,
  key: keyof C & string,
  params?: Params,
) => string;

/** Define a catalogue and get its translator. */
export function defineMessages<C extends Catalogue>(catalogue: C): Translator<C> & { catalogue: C } {
  const t = ((locale: Locale, key: keyof C & string, params?: Params) =>
    interpolate(catalogue[key][locale], params)) as Translator<C> & { catalogue: C };
  t.catalogue = catalogue;
  return t;
}
