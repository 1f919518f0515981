import { z } from 'zod';
import type { FormSpec, Reply } from '../src/chat/card';
import { kpiCard, metricsLogCard } from '../src/chat/cards/metrics';
import {
  actorKey,
  type CommandSpec,
  type HandlerContext,
  type Subcommand,
  type SubcommandInput,
} from '../src/chat/command';
import { type Invalid, invalid, parseArgs, withDomainErrors } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCommon } from '../src/chat/messages/common';
import { describeIssue, tMetrics } from '../src/chat/messages/metrics';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { addDays, checkDateArg, localDate } from '../src/domain/dates';
import {
  logMetrics,
  METRIC_FIELD,
  METRIC_FIELDS,
  type MetricRow,
  MONEY_FIELDS,
  validateMetricRow,
} from '../src/domain/metrics';
import { metricsView } from '../src/domain/metrics-view';
import { Confirm } from './args';
import { amountField, countField } from './shared';

const USAGE = {
  log: '/metrics log date= channel= [uv= pv= bounces= sessions= impressions= clicks= orders= buyers= gmv= spend= new_users= followers= active_users= retained_d7= cohort_d7= repeat_buyers=]',
  show: '/metrics [date=]',
};

const LogArgs = z.strictObject({
  date: z.string(),
  channel: z.string(),
  ...Object.fromEntries(METRIC_FIELDS.map((f) => [f, z.string().optional()])),
  /** Replace a logged figure by more than 10× without asking again. */
  confirm: Confirm.optional(),
});
const ShowArgs = z.strictObject({ date: z.string().optional() });

const cut = (v: string) => (v.length > 40 ? `${v.slice(0, 39)}…` : v);

/** Words nobody asked for, as a problem naming them. */
const extraWords = (locale: Locale, words: string[]): Invalid => ({
  ok: false,
  problems: [tCommon(locale, 'err.extra_words', { words: cut(words.join(' ')) })],
});

const logForm = (locale: Locale): FormSpec => ({
  command: 'metrics log',
  title: tMetrics(locale, 'form.title'),
  submit: tMetrics(locale, 'form.submit'),
  fields: [
    { name: 'date', label: tMetrics(locale, 'field.date'), kind: 'date', required: true },
    {
      name: 'channel',
      label: tMetrics(locale, 'field.channel'),
      kind: 'select',
      required: true,
      options: CHANNELS.map((c) => ({ value: c, label: channelLabel(c, locale) })),
    },
    ...METRIC_FIELDS.map((f) => {
      const field = { name: f, label: `${METRIC_FIELD.label(f, locale)} (${f})` };
      return MONEY_FIELDS.has(f) ? amountField(locale, field) : countField(locale, field);
    }),
  ],
});

/** `/metrics log`'s arguments as a checked row (and whether a 10× jump is confirmed), or the usage reply. */
function logInput(
  ctx: HandlerContext,
  input: SubcommandInput,
): { row: MetricRow; confirmed: boolean } | { reply: Reply } {
  const p = parseArgs(LogArgs, input.args, ctx.locale);
  const extra: Invalid | { ok: true } =
    input.rest.length > 0 ? extraWords(ctx.locale, input.rest) : { ok: true };
  if (!p.ok || !extra.ok) return { reply: invalid(ctx.locale, USAGE.log, p, extra) };
  const { confirm, ...figures } = p.data;
  const check = validateMetricRow(figures, { today: localDate(ctx.now, ctx.deps.config.tz) });
  if (check.ok) return { row: check.row, confirmed: confirm === 'yes' };
  const fieldErrors: Record<string, string> = {};
  const problems = check.issues.map((i) => {
    const msg = describeIssue(ctx.locale, i);
    fieldErrors[i.field || 'date'] ??= msg;
    return msg;
  });
  return { reply: invalid(ctx.locale, USAGE.log, { ok: false, problems, fieldErrors }) };
}

const logCmd: Subcommand = {
  usage: USAGE.log,
  summary: tMetrics.catalogue['log.summary'],
  form: logForm,
  run: (ctx, input) =>
    withDomainErrors(ctx, logCmd, async () => {
      const parsed = logInput(ctx, input);
      if ('reply' in parsed) return parsed.reply;
      const res = await logMetrics(
        { db: ctx.deps.db, now: ctx.now, actor: actorKey(ctx.actor) },
        parsed.row,
        {
          confirmed: parsed.confirmed,
        },
      );
      return {
        visibility: 'ephemeral',
        card: metricsLogCard(ctx.locale, res, { values: parsed.row.values, args: input.args }),
      };
    }),
};

/** `date=` (or a positional date), `today`/`yesterday`/今天/昨天; yesterday in TZ_NAME by default. */
function dateArg(
  locale: Locale,
  raw: string | undefined,
  today: string,
): { ok: true; date: string } | Invalid {
  const yesterday = addDays(today, -1);
  if (raw === undefined) return { ok: true, date: yesterday };
  const word = raw.trim().toLowerCase();
  if (word === 'today' || word === '今天') return { ok: true, date: today };
  if (word === 'yesterday' || word === '昨天') return { ok: true, date: yesterday };
  const r = checkDateArg(raw, Number(today.slice(0, 4)));
  if (!r.ok) return { ok: false, problems: [tMetrics(locale, 'err.metrics.bad_date', { value: cut(raw) })] };
  if (r.date > today)
    return { ok: false, problems: [tMetrics(locale, 'err.metrics.future_date', { value: r.date })] };
  return { ok: true, date: r.date };
}

/** The day `/metrics` shows: `date=` or one positional word, not both; yesterday by default. */
function showDate(ctx: HandlerContext, input: SubcommandInput, typed: string | undefined) {
  const [positional, ...more] = input.rest;
  const extra: Invalid | { ok: true } =
    more.length > 0 || (typed !== undefined && positional !== undefined)
      ? extraWords(ctx.locale, input.rest)
      : { ok: true };
  const date = dateArg(ctx.locale, typed ?? positional, localDate(ctx.now, ctx.deps.config.tz));
  return { extra, date };
}

const showCmd: Subcommand = {
  usage: USAGE.show,
  summary: tMetrics.catalogue['show.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, showCmd, async () => {
      const p = parseArgs(ShowArgs, input.args, ctx.locale);
      if (!p.ok) return invalid(ctx.locale, USAGE.show, p);
      const { extra, date } = showDate(ctx, input, p.data.date);
      if (!date.ok || !extra.ok) return invalid(ctx.locale, USAGE.show, extra, date);
      const view = await metricsView(ctx.deps, date.date);
      return { visibility: 'ephemeral', card: kpiCard(ctx.locale, view.report, view) };
    }),
};

export const metricsSpec: CommandSpec = {
  area: 'metrics',
  defaultVerb: 'show',
  positionalVerb: 'show',
  subcommands: { log: logCmd, show: showCmd },
};
