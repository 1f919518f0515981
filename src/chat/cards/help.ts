/** `/mops help`: every command area with its subcommands' usage and summary, in the reader's language. */
import type { Card, Section } from '../card';
import type { CommandSpec } from '../command';
import type { Locale } from '../i18n';
import { tMops } from '../messages/mops';

export function helpCard(locale: Locale, platform: string, specs: readonly CommandSpec[]): Card {
  const sections: Section[] = specs.map((spec) => ({
    heading: `${tMops(locale, `area.${spec.area}`)} · /${spec.area}`,
    lines: Object.values(spec.subcommands).map((s) => `${s.usage}\n  ${s.summary[locale]}`),
  }));
  return {
    title: tMops(locale, 'help.title'),
    // WeCom has no forms: a bare create command answers with its usage there.
    text: tMops(locale, platform === 'wecom' ? 'help.intro_wecom' : 'help.intro'),
    sections,
    context: [tMops(locale, 'help.aliases'), tMops(locale, 'help.values')],
  };
}
