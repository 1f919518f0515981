import { z } from 'zod';
import type { Card, FormSpec, Section } from '../src/chat/card';
import { actorKey, type CommandSpec, type Subcommand } from '../src/chat/command';
import { type Invalid, invalid, parseArgs, withDomainErrors } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCommon } from '../src/chat/messages/common';
import { basisLines, describeIssue, tMetrics } from '../src/chat/messages/metrics';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { addDays, checkDateArg, dayOfWeek, localDate } from '../src/domain/dates';
import { formatChange, formatPct, formatPp, formatRoi } from '../src/domain/kpi';
import {
  BIG_CHANGE_FACTOR,
  type ChannelKpis,
  KPI_NAMES,
  type KpiLine,
  type KpiName,
  type KpiReport,
  kpiReport,
  logMetrics,
  METRIC_FIELD,
  METRIC_FIELDS,
  type MetricField,
  MONEY_FIELDS,
  validateMetricRow,
} from '../src/domain/metrics';
import { formatCount, formatMoney } from '../src/domain/money';
import { Confirm } from './args';
import { amountField, countField } from './shared';

const USAGE = {
  log: '/metrics log date= channel= [uv= pv= bounces= sessions= impressions= clicks= orders= buyers= gmv= spend= new_users= followers= active_users= retained_d7= cohort_d7= repeat_buyers=]',
  show: '/metrics [date=]',
};

/** Channel sections on the card before the rest fold into one "others" section (a phone screen's worth). */
const MAX_CHANNEL_SECTIONS = 9;

const LogArgs = z.strictObject({
  date: z.string(),
  channel: z.string(),
  ...Object.fromEntries(METRIC_FIELDS.map((f) => [f, z.string().optional()])),
  /** Replace a logged figure by more than 10× without asking again. */
  confirm: Confirm.optional(),
});

/** The typed command again with confirm=yes, for the "Replace" button. */
function confirmedLine(args: Record<string, string>): string {
  const pairs = Object.entries(args)
    .filter(([k]) => k !== 'confirm')
    .map(([k, v]) => `${k}="${v.replace(/"/g, '')}"`);
  return `metrics log ${pairs.join(' ')} confirm=yes`;
}
const ShowArgs = z.strictObject({ date: z.string().optional() });

const cut = (v: string) => (v.length > 40 ? `${v.slice(0, 39)}…` : v);

/** How many times apart two figures are, `248` or `12.5`; the larger divided by the smaller. */
function formatFactor(a: number, b: number): string {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  return lo === 0 ? `>${BIG_CHANGE_FACTOR}` : String(Number((hi / lo).toFixed(hi / lo >= 100 ? 0 : 1)));
}

function figure(locale: Locale, field: MetricField, v: number | null): string {
  return MONEY_FIELDS.has(field) ? formatMoney(v, locale) : formatCount(v, locale);
}

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

const logCmd: Subcommand = {
  usage: USAGE.log,
  summary: tMetrics.catalogue['log.summary'],
  form: logForm,
  run: (ctx, input) =>
    withDomainErrors(ctx, logCmd, async () => {
      const p = parseArgs(LogArgs, input.args, ctx.locale);
      const extra: Invalid | { ok: true } =
        input.rest.length > 0
          ? {
              ok: false,
              problems: [tCommon(ctx.locale, 'err.extra_words', { words: cut(input.rest.join(' ')) })],
            }
          : { ok: true };
      if (!p.ok || !extra.ok) return invalid(ctx.locale, USAGE.log, p, extra);
      const today = localDate(ctx.now, ctx.deps.config.tz);
      const { confirm, ...figures } = p.data;
      const check = validateMetricRow(figures, { today });
      if (!check.ok) {
        const fieldErrors: Record<string, string> = {};
        const problems = check.issues.map((i) => {
          const msg = describeIssue(ctx.locale, i);
          fieldErrors[i.field || 'date'] ??= msg;
          return msg;
        });
        return invalid(ctx.locale, USAGE.log, { ok: false, problems, fieldErrors });
      }
      const res = await logMetrics({ db: ctx.deps.db, now: ctx.now, actor: actorKey(ctx.actor) }, check.row, {
        confirmed: confirm === 'yes',
      });
      const l = ctx.locale;
      const names = { channel: channelLabel(res.channel, l), date: res.date };
      if (res.outcome === 'confirm') {
        return {
          visibility: 'ephemeral',
          card: {
            title: tMetrics(l, 'log.confirm_title', names),
            text: [
              ...res.changes.map((c) =>
                tMetrics(l, 'log.jump', {
                  field: METRIC_FIELD.label(c.field, l),
                  before: figure(l, c.field, c.before),
                  after: figure(l, c.field, c.after),
                  factor: formatFactor(c.before, c.after),
                }),
              ),
              tMetrics(l, 'log.confirm_text'),
            ].join('\n'),
            tone: 'warning',
            buttons: [
              {
                text: tMetrics(l, 'log.confirm_button'),
                action: `cmd:${confirmedLine(input.args)}`,
                style: 'primary',
              },
            ],
          },
        };
      }
      const given = METRIC_FIELDS.filter((f) => check.row.values[f] !== undefined);
      const lines =
        res.outcome === 'updated'
          ? res.changed.map((f) =>
              tMetrics(l, 'log.change', {
                field: METRIC_FIELD.label(f, l),
                before: figure(l, f, res.before?.[f] ?? null),
                after: figure(l, f, res.after[f]),
              }),
            )
          : res.outcome === 'created'
            ? given.map((f) => `${METRIC_FIELD.label(f, l)} ${figure(l, f, res.after[f])}`)
            : [tMetrics(l, 'log.unchanged_text')];
      return {
        visibility: 'ephemeral',
        card: {
          title: tMetrics(l, `log.${res.outcome}`, names),
          text: lines.join('\n'),
          tone: res.outcome === 'unchanged' ? 'info' : 'success',
          context: res.outcome === 'updated' ? [tMetrics(l, 'log.audited')] : undefined,
        },
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

function changeText(locale: Locale, line: KpiLine, which: 'vsPrevDay' | 'vsWeekAgo'): string {
  return line.unit === 'pp' ? formatPp(line[which], locale) : formatChange(line[which], locale).text;
}

function kpiValue(locale: Locale, k: KpiName, v: number | null): string {
  switch (k) {
    case 'ctr':
    case 'cvr':
    case 'bounceRate':
      return formatPct(v, locale);
    case 'roi':
      return formatRoi(v);
    default:
      return formatMoney(v, locale);
  }
}

function moneyLine(locale: Locale, label: string, line: KpiLine): string {
  return tMetrics(locale, 'kpi.line', {
    label,
    value: formatMoney(line.value, locale, { compact: true }),
    d: changeText(locale, line, 'vsPrevDay'),
    w: changeText(locale, line, 'vsWeekAgo'),
  });
}

/** One section per channel: GMV and spend headline, key counts, then each KPI with its two changes. */
function channelSection(locale: Locale, c: ChannelKpis): Section {
  const isTotal = c.channel === 'total';
  const kpiLines = KPI_NAMES.filter((k) => isTotal || c.kpis[k].value !== null).map((k) =>
    tMetrics(locale, 'kpi.line', {
      label: tMetrics(locale, `kpi.${k}`),
      value: kpiValue(locale, k, c.kpis[k].value),
      d: changeText(locale, c.kpis[k], 'vsPrevDay'),
      w: changeText(locale, c.kpis[k], 'vsWeekAgo'),
    }),
  );
  // A channel shows only what it logged (a website has no ad figures); the total always shows every line.
  // Clicks and new users are printed so CVR (orders ÷ clicks) and CAC (spend ÷ new users) can be checked.
  const counts = (['uv', 'clicks', 'orders', 'new_users'] as const)
    .map((f) => [f, c.sums[f === 'new_users' ? 'newUsers' : f]] as const)
    .filter(([, v]) => isTotal || v !== null)
    .map(([f, v]) => `${METRIC_FIELD.label(f, locale)} ${formatCount(v, locale, { compact: true })}`);
  return {
    heading: isTotal ? tMetrics(locale, 'card.total') : channelLabel(c.channel, locale),
    lines: [
      ...(isTotal || c.gmv.value !== null
        ? [moneyLine(locale, METRIC_FIELD.label('gmv', locale), c.gmv)]
        : []),
      ...(isTotal || c.spend.value !== null
        ? [moneyLine(locale, METRIC_FIELD.label('spend', locale), c.spend)]
        : []),
      ...(counts.length > 0 ? [counts.join(' · ')] : []),
      ...kpiLines,
      ...basisLines(locale, c.bases),
    ],
  };
}

/** The KPI card for a day: the total first, then the top channels by GMV, the rest folded into "others". */
export function kpiCard(locale: Locale, r: KpiReport): Card {
  const title = tMetrics(locale, 'card.title', {
    date: r.date,
    weekday: tMetrics(locale, `weekday.${dayOfWeek(r.date)}` as 'weekday.0'),
  });
  const context = [tMetrics(locale, 'card.legend', { prev: r.prevDate, week: r.weekAgoDate })];
  if (r.channels.length === 0)
    return { title, text: tMetrics(locale, 'card.empty', { date: r.date }), context };
  const top = r.channels.slice(0, MAX_CHANNEL_SECTIONS);
  const rest = r.channels.slice(MAX_CHANNEL_SECTIONS);
  const sections = [channelSection(locale, r.total), ...top.map((c) => channelSection(locale, c))];
  if (rest.length > 0) {
    sections.push({
      heading: tMetrics(locale, 'card.others', { n: rest.length }),
      lines: rest.map((c) =>
        tMetrics(locale, 'card.other_line', {
          channel: channelLabel(c.channel, locale),
          gmv: formatMoney(c.gmv.value, locale, { compact: true }),
          roi: formatRoi(c.kpis.roi.value),
        }),
      ),
    });
  }
  return { title, sections, context };
}

const showCmd: Subcommand = {
  usage: USAGE.show,
  summary: tMetrics.catalogue['show.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, showCmd, async () => {
      const p = parseArgs(ShowArgs, input.args, ctx.locale);
      if (!p.ok) return invalid(ctx.locale, USAGE.show, p);
      const [positional, ...extraWords] = input.rest;
      const raw = p.data.date ?? positional;
      const extra: Invalid | { ok: true } =
        extraWords.length > 0 || (p.data.date !== undefined && positional !== undefined)
          ? {
              ok: false,
              problems: [tCommon(ctx.locale, 'err.extra_words', { words: cut(input.rest.join(' ')) })],
            }
          : { ok: true };
      const today = localDate(ctx.now, ctx.deps.config.tz);
      const date = dateArg(ctx.locale, raw, today);
      if (!date.ok || !extra.ok) return invalid(ctx.locale, USAGE.show, extra, date);
      return { visibility: 'ephemeral', card: kpiCard(ctx.locale, await kpiReport(ctx.deps.db, date.date)) };
    }),
};

export const metricsSpec: CommandSpec = {
  area: 'metrics',
  defaultVerb: 'show',
  positionalVerb: 'show',
  subcommands: { log: logCmd, show: showCmd },
};
