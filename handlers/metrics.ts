import { z } from 'zod';
import type { Card, FormSpec, Section } from '../src/chat/card';
import { anomalyLine, flagMark } from '../src/chat/cards/anomalies';
import { actorKey, type CommandSpec, type Subcommand } from '../src/chat/command';
import { type Invalid, invalid, parseArgs, withDomainErrors } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tAnomalies } from '../src/chat/messages/anomalies';
import { tCommon } from '../src/chat/messages/common';
import { basisLines, describeIssue, tMetrics } from '../src/chat/messages/metrics';
import { dailyVerdicts, type Verdicts, verdictFor } from '../src/domain/anomalies';
import type { Verdict } from '../src/domain/baselines';
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
import { getSettings } from '../src/domain/settings';
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

function moneyLine(locale: Locale, label: string, line: KpiLine, verdict: Verdict | undefined): string {
  return tMetrics(locale, 'kpi.line', {
    label,
    value: formatMoney(line.value, locale, { compact: true }) + flagMark(verdict),
    d: changeText(locale, line, 'vsPrevDay'),
    w: changeText(locale, line, 'vsWeekAgo'),
  });
}

/** The figures /metrics judges against the channel's history, with their label, line and formatter. */
function judgedFigures(locale: Locale, c: ChannelKpis) {
  const money = (x: number) => formatMoney(x, locale, { compact: true });
  return [
    { key: 'gmv' as const, label: METRIC_FIELD.label('gmv', locale), line: c.gmv, fmt: money },
    { key: 'spend' as const, label: METRIC_FIELD.label('spend', locale), line: c.spend, fmt: money },
    ...KPI_NAMES.map((k) => ({
      key: k,
      label: tMetrics(locale, `kpi.${k}`),
      line: c.kpis[k],
      fmt: (x: number) => kpiValue(locale, k, x),
    })),
  ];
}

/** The day's figures unusual for each channel's own history, in words: total first, then by GMV. */
function unusualLines(locale: Locale, r: KpiReport, verdicts: Verdicts): string[] {
  return [r.total, ...r.channels].flatMap((c) =>
    judgedFigures(locale, c).flatMap(({ key, label, line, fmt }) => {
      const verdict = verdictFor(verdicts, c.channel, key);
      if (!verdict?.flag) return [];
      return [
        anomalyLine(locale, {
          channel: c.channel === 'total' ? tMetrics(locale, 'card.total') : channelLabel(c.channel, locale),
          metric: label,
          verdict,
          fmt,
          change: changeText(locale, line, 'vsPrevDay'),
          period: { day: r.date },
        }),
      ];
    }),
  );
}

/** One section per channel: GMV and spend headline, key counts, then each KPI with its two changes. */
function channelSection(locale: Locale, c: ChannelKpis, verdicts: Verdicts): Section {
  const isTotal = c.channel === 'total';
  const mark = (key: string) => verdictFor(verdicts, c.channel, key);
  const kpiLines = KPI_NAMES.filter((k) => isTotal || c.kpis[k].value !== null).map((k) =>
    tMetrics(locale, 'kpi.line', {
      label: tMetrics(locale, `kpi.${k}`),
      value: kpiValue(locale, k, c.kpis[k].value) + flagMark(mark(k)),
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
        ? [moneyLine(locale, METRIC_FIELD.label('gmv', locale), c.gmv, mark('gmv'))]
        : []),
      ...(isTotal || c.spend.value !== null
        ? [moneyLine(locale, METRIC_FIELD.label('spend', locale), c.spend, mark('spend'))]
        : []),
      ...(counts.length > 0 ? [counts.join(' · ')] : []),
      ...kpiLines,
      ...basisLines(locale, c.bases),
    ],
  };
}

/**
 * The KPI card for a day: the total first, the figures unusual for their channel's own history in words,
 * then the top channels by GMV, the rest folded into "others".
 */
export function kpiCard(
  locale: Locale,
  r: KpiReport,
  judged: { verdicts: Verdicts; anomalyZ: number },
): Card {
  const title = tMetrics(locale, 'card.title', {
    date: r.date,
    weekday: tMetrics(locale, `weekday.${dayOfWeek(r.date)}` as 'weekday.0'),
  });
  const context = [tMetrics(locale, 'card.legend', { prev: r.prevDate, week: r.weekAgoDate })];
  if (r.channels.length === 0)
    return { title, text: tMetrics(locale, 'card.empty', { date: r.date }), context };
  context.push(tAnomalies(locale, 'legend.day', { z: judged.anomalyZ }));
  const top = r.channels.slice(0, MAX_CHANNEL_SECTIONS);
  const rest = r.channels.slice(MAX_CHANNEL_SECTIONS);
  const unusual = unusualLines(locale, r, judged.verdicts);
  const sections = [
    channelSection(locale, r.total, judged.verdicts),
    ...(unusual.length > 0 ? [{ heading: tAnomalies(locale, 'heading'), lines: unusual }] : []),
    ...top.map((c) => channelSection(locale, c, judged.verdicts)),
  ];
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
      const settings = await getSettings(ctx.deps.db, ctx.deps.config);
      const [report, verdicts] = await Promise.all([
        kpiReport(ctx.deps.db, date.date),
        dailyVerdicts(ctx.deps.db, date.date, settings.anomalyZ),
      ]);
      return {
        visibility: 'ephemeral',
        card: kpiCard(ctx.locale, report, { verdicts, anomalyZ: settings.anomalyZ }),
      };
    }),
};

export const metricsSpec: CommandSpec = {
  area: 'metrics',
  defaultVerb: 'show',
  positionalVerb: 'show',
  subcommands: { log: logCmd, show: showCmd },
};
