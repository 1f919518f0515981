import { z } from 'zod';
import {
  abTestCard,
  abTestClosedCard,
  abTestCreatedCard,
  abTestLine,
  abTestUpdatedCard,
} from '../src/chat/cards/abtest';
import type { CommandSpec, HandlerContext } from '../src/chat/command';
import type { Locale } from '../src/chat/i18n';
import { tAbtest } from '../src/chat/messages/abtest';
import {
  AB_METRIC,
  AB_METRICS,
  AB_STATUS,
  AB_WINNERS,
  addAbTestCounts,
  closeAbTest,
  countProblems,
  createAbTest,
  listAbTests,
  showAbTest,
} from '../src/domain/abtests';
import { ChannelArg, Count, FreeText, Person } from './args';
import { argsSubcommand, codeSubcommand, countField, listSubcommand, NoArgs, verbCtx } from './shared';

const USAGE = {
  new: '/abtest new name="标题 A/B" metric=ctr|cvr a_visitors= a_conversions= b_visitors= b_conversions= [channel=] [owner=@user]',
  update:
    '/abtest update ABT-n [a_visitors=] [a_conversions=] [b_visitors=] [b_conversions=] (adds to the counts)',
  show: '/abtest show ABT-n',
  list: '/abtest list [status=open|closed] [page=n]',
  close: '/abtest close ABT-n winner=a|b|none',
};

/** Field-named problems with the arms' counts (visitors ≤ 0, conversions > visitors) as zod issues. */
function checkArms(
  v: { a_visitors?: number; a_conversions?: number; b_visitors?: number; b_conversions?: number },
  c: z.RefinementCtx,
) {
  for (const p of countProblems(v)) {
    if (p.problem === 'missing') continue; // the schema already names a missing required field
    c.addIssue({
      code: 'custom',
      path: [p.field],
      message: `err.abtest.${p.problem}`,
      params: { field: p.field },
    });
  }
}

const NewArgs = (ctx: HandlerContext) =>
  z
    .strictObject({
      name: FreeText(200),
      metric: z.enum(AB_METRICS),
      a_visitors: Count,
      a_conversions: Count,
      b_visitors: Count,
      b_conversions: Count,
      channel: ChannelArg.optional(),
      owner: Person(ctx.actor.platform).optional(),
    })
    .superRefine(checkArms);

const UpdateArgs = z.strictObject({
  a_visitors: Count.optional(),
  a_conversions: Count.optional(),
  b_visitors: Count.optional(),
  b_conversions: Count.optional(),
});

const CloseArgs = z.strictObject({ winner: z.enum(AB_WINNERS) });

const armField = (locale: Locale, name: 'a_visitors' | 'a_conversions' | 'b_visitors' | 'b_conversions') =>
  countField(locale, { name, label: tAbtest(locale, `field.${name}`), required: true });

const newCmd = argsSubcommand({
  usage: USAGE.new,
  summary: tAbtest.catalogue['new.summary'],
  form: (locale) => ({
    command: 'abtest new',
    title: tAbtest(locale, 'form.title'),
    submit: tAbtest(locale, 'form.submit'),
    fields: [
      { name: 'name', label: tAbtest(locale, 'field.name'), kind: 'text', required: true },
      {
        name: 'metric',
        label: tAbtest(locale, 'field.metric'),
        kind: 'select',
        required: true,
        options: AB_METRICS.map((m) => ({ value: m, label: AB_METRIC.label(m, locale) })),
      },
      armField(locale, 'a_visitors'),
      armField(locale, 'a_conversions'),
      armField(locale, 'b_visitors'),
      armField(locale, 'b_conversions'),
    ],
  }),
  args: NewArgs,
  act: async (ctx, args) => {
    const view = await createAbTest(await verbCtx(ctx), args);
    return { visibility: 'ephemeral', card: abTestCreatedCard(ctx.locale, view) };
  },
});

const updateCmd = codeSubcommand({
  usage: USAGE.update,
  summary: tAbtest.catalogue['update.summary'],
  prefix: 'ABT',
  args: UpdateArgs,
  act: async (ctx, code, args) => {
    const view = await addAbTestCounts(await verbCtx(ctx), { code, ...args });
    return { visibility: 'ephemeral', card: abTestUpdatedCard(ctx.locale, view) };
  },
});

const showCmd = codeSubcommand({
  usage: USAGE.show,
  summary: tAbtest.catalogue['show.summary'],
  prefix: 'ABT',
  args: NoArgs,
  act: async (ctx, code) => ({
    visibility: 'ephemeral',
    card: abTestCard(ctx.locale, await showAbTest({ db: ctx.deps.db }, code)),
  }),
});

const closeCmd = codeSubcommand({
  usage: USAGE.close,
  summary: tAbtest.catalogue['close.summary'],
  prefix: 'ABT',
  args: CloseArgs,
  act: async (ctx, code, { winner }) => {
    const view = await closeAbTest(await verbCtx(ctx), { code, winner });
    return { visibility: 'ephemeral', card: abTestClosedCard(ctx.locale, view) };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: tAbtest.catalogue['list.summary'],
  command: 'abtest list',
  statuses: AB_STATUS,
  load: (ctx, query) => listAbTests({ db: ctx.deps.db }, query),
  title: tAbtest.catalogue['list.title'],
  line: (ctx, v) => abTestLine(ctx.locale, v),
});

export const abtestSpec: CommandSpec = {
  area: 'abtest',
  defaultVerb: 'list',
  subcommands: { new: newCmd, update: updateCmd, show: showCmd, list: listCmd, close: closeCmd },
};
