/**
 * `/metrics` cards: the day's KPI card (the total, what is unusual for each channel's own history, the top
 * channels by GMV) and the replies to `/metrics log` (logged, updated, unchanged, or "replace?"). Pure
 * functions of the domain's figures and the locale.
 */
import type { Verdicts } from '../../domain/anomalies';
import { verdictFor } from '../../domain/anomalies';
import type { Verdict } from '../../domain/baselines';
import { type Channel, channelLabel } from '../../domain/channels';
import { dayOfWeek } from '../../domain/dates';
import { formatChange, formatPct, formatPp, formatRoi } from '../../domain/kpi';
import {
  BIG_CHANGE_FACTOR,
  type BigChange,
  type ChannelKpis,
  KPI_NAMES,
  type KpiLine,
  type KpiName,
  type KpiReport,
  METRIC_FIELD,
  METRIC_FIELDS,
  type MetricField,
  type MetricValues,
  MONEY_FIELDS,
  RATE_KPIS,
  type RowResult,
} from '../../domain/metrics';
import { formatCount, formatMoney } from '../../domain/money';
import type { Card, Section } from '../card';
import type { Locale } from '../i18n';
import { tAnomalies } from '../messages/anomalies';
import { basisLines, tMetrics } from '../messages/metrics';
import { anomalyLine, flagMark } from './anomalies';

/** Channel sections on the card before the rest fold into one "others" section (a phone screen's worth). */
const MAX_CHANNEL_SECTIONS = 9;

/** The typed command again with confirm=yes, for the "Replace" button. */
function confirmedLine(args: Record<string, string>): string {
  const pairs = Object.entries(args)
    .filter(([k]) => k !== 'confirm')
    .map(([k, v]) => `${k}="${v.replace(/"/g, '')}"`);
  return `metrics log ${pairs.join(' ')} confirm=yes`;
}

/** How many times apart two figures are, `248` or `12.5`; the larger divided by the smaller. */
function formatFactor(a: number, b: number): string {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  return lo === 0 ? `>${BIG_CHANGE_FACTOR}` : String(Number((hi / lo).toFixed(hi / lo >= 100 ? 0 : 1)));
}

function figure(locale: Locale, field: MetricField, v: number | null): string {
  return MONEY_FIELDS.has(field) ? formatMoney(v, locale) : formatCount(v, locale);
}

/** What `/metrics log` answers: the row as logged, or the figures it would replace by more than 10×. */
type MetricsLogged = RowResult | { outcome: 'confirm'; date: string; channel: Channel; changes: BigChange[] };

/** "Replace?": each figure that jumps more than 10×, and a button that logs the same figures with confirm=yes. */
function confirmCard(
  locale: Locale,
  res: MetricsLogged & { outcome: 'confirm' },
  args: Record<string, string>,
): Card {
  const names = { channel: channelLabel(res.channel, locale), date: res.date };
  return {
    title: tMetrics(locale, 'log.confirm_title', names),
    text: [
      ...res.changes.map((c) =>
        tMetrics(locale, 'log.jump', {
          field: METRIC_FIELD.label(c.field, locale),
          before: figure(locale, c.field, c.before),
          after: figure(locale, c.field, c.after),
          factor: formatFactor(c.before, c.after),
        }),
      ),
      tMetrics(locale, 'log.confirm_text'),
    ].join('\n'),
    tone: 'warning',
    buttons: [
      {
        text: tMetrics(locale, 'log.confirm_button'),
        action: `cmd:${confirmedLine(args)}`,
        style: 'primary',
      },
    ],
  };
}

/** The row's lines: each change before → after, each figure of a new row, or "nothing changed". */
function loggedLines(locale: Locale, res: RowResult, values: MetricValues): string[] {
  if (res.outcome === 'updated') {
    return res.changed.map((f) =>
      tMetrics(locale, 'log.change', {
        field: METRIC_FIELD.label(f, locale),
        before: figure(locale, f, res.before?.[f] ?? null),
        after: figure(locale, f, res.after[f]),
      }),
    );
  }
  if (res.outcome === 'created') {
    return METRIC_FIELDS.filter((f) => values[f] !== undefined).map(
      (f) => `${METRIC_FIELD.label(f, locale)} ${figure(locale, f, res.after[f])}`,
    );
  }
  return [tMetrics(locale, 'log.unchanged_text')];
}

/**
 * `/metrics log`: the figures logged (`values`, as typed and checked) and what changed; or, when one would
 * replace a logged figure by more than 10×, "Replace?" with a button that re-runs the typed `args`.
 */
export function metricsLogCard(
  locale: Locale,
  res: MetricsLogged,
  typed: { values: MetricValues; args: Record<string, string> },
): Card {
  if (res.outcome === 'confirm') return confirmCard(locale, res, typed.args);
  return {
    title: tMetrics(locale, `log.${res.outcome}`, {
      channel: channelLabel(res.channel, locale),
      date: res.date,
    }),
    text: loggedLines(locale, res, typed.values).join('\n'),
    tone: res.outcome === 'unchanged' ? 'info' : 'success',
    context: res.outcome === 'updated' ? [tMetrics(locale, 'log.audited')] : undefined,
  };
}

function changeText(locale: Locale, line: KpiLine, which: 'vsPrevDay' | 'vsWeekAgo'): string {
  return line.unit === 'pp' ? formatPp(line[which], locale) : formatChange(line[which], locale).text;
}

/** A rate (RATE_KPIS) as a percentage, ROI as n:1, the rest (AOV, CAC) as money. */
function kpiValue(locale: Locale, k: KpiName, v: number | null): string {
  if (RATE_KPIS.has(k)) return formatPct(v, locale);
  return k === 'roi' ? formatRoi(v) : formatMoney(v, locale);
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
