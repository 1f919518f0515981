import type { Section } from '../src/chat/card';
import type { CommandSpec, Subcommand } from '../src/chat/command';
import { tm } from '../src/chat/messages/mops';

/** Filled by handlers/index.ts so help lists every registered area without an import cycle. */
export const registry: { specs: CommandSpec[] } = { specs: [] };

const help: Subcommand = {
  usage: '/mops help',
  summary: tm.catalogue['help.summary'],
  run: async (ctx) => {
    const sections: Section[] = registry.specs.map((spec) => ({
      heading: `${tm(ctx.locale, `area.${spec.area}` as 'area.mops')} · /${spec.area}`,
      lines: Object.values(spec.subcommands).map((s) => `${s.usage}\n  ${s.summary[ctx.locale]}`),
    }));
    return {
      visibility: 'ephemeral',
      card: {
        title: tm(ctx.locale, 'help.title'),
        text: tm(ctx.locale, 'help.intro'),
        sections,
        context: [tm(ctx.locale, 'help.aliases')],
      },
    };
  },
};

export const mopsSpec: CommandSpec = {
  area: 'mops',
  defaultVerb: 'help',
  subcommands: { help },
};
