/**
 * What the three digests share: KPIs from SQL sums, change formatting with arrows and the ±20% flag, the
 * budget section and the late-run note. Cards are built from sections of short lines (one figure per line)
 * so they read on a phone, never as wide tables.
 */
import type { RangeSumRow } from '../db/queries/digests';
import type { RawSum } from '../db/queries/metrics';
import { renderTrendChart } from '../src/charts/trend-chart';
import type { Card, CardImage, Section } from '../src/chat/card';
import { fmtTime } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { budgetCategoryLabel } from '../src/chat/messages/budget';
import { tDigests } from '../src/chat/messages/digests';
import { tJobs } from '../src/chat/messages/jobs';
import type { Deps } from '../src/deps';
import { BUDGET_CATEGORIES, type BudgetUsage, type UsageLine } from '../src/domain/budget';
import { channelLabel } from '../src/domain/channels';
import {
  type BasisKpi,
  CHANGE_FLAG_THRESHOLD,
  change,
  DASH,
  formatChange,
  formatPct,
  formatPp,
  formatRoi,
  type KpiBasis,
  ppChange,
  repurchaseRate,
  retentionD7,
} from '../src/domain/kpi';
import { kpisOf, narrowerBases } from '../src/domain/metrics';
import { formatCount, formatMoney } from '../src/domain/money';
import type { Settings } from '../src/domain/settings';
import { fireTimeInPeriod, type JobName } from './timing';

/** Options shared by the digest builders: the job passes `late`; `/mops digest` passes the caller's locale. */
export interface DigestOptions {
  /** Defaults to LOCALE. */
  locale?: Locale;
  /** Adds the "posted late" context line. */
  late?: boolean;
  /** Render the trend chart (daily only); the preview skips it to answer fast. Default true. */
  chart?: boolean;
}

/** A built digest card and the summary stored on the job run (`job_runs.summary`) for the operator. */
export interface DigestBuild {
  card: Card;
  summary: Record<string, unknown>;
}

/** The shape of buildDailyCard / buildWeeklyCard / buildMonthlyCard, shared by the jobs and the preview. */
export type DigestBuilder = (
  deps: Deps,
  now: Date,
  settings: Settings,
  opts?: DigestOptions,
) => Promise<DigestBuild>;

/** The figures a digest reports for one channel (or all channels) over one period; null = no data. */
export interface Figures {
  uv: number | null;
  pv: number | null;
  orders: number | null;
  gmv: number | null;
  spend: number | null;
  newUsers: number | null;
  clicks: number | null;
  /** GMV ÷ buyers, in fen. */
  aov: number | null;
  /** Total GMV ÷ total spend. */
  roi: number | null;
  ctr: number | null;
  /** Total orders ÷ total clicks. */
  cvr: number | null;
  /** Total spend ÷ total new users, in fen. */
  cac: number | null;
  /** Σ daily active users (a sum of days: divide by the days logged for a daily average). */
  activeUsers: number | null;
  /** retained_d7 ÷ cohort_d7. */
  retention: number | null;
  /** repeat_buyers ÷ buyers. */
  repurchase: number | null;
}
export type MetricKey = keyof Figures;

/** The ten figures of the daily report, in reading order; clicks are printed so CVR can be checked. */
export const DIGEST_METRICS: readonly MetricKey[] = [
  'gmv',
  'spend',
  'roi',
  'orders',
  'aov',
  'uv',
  'pv',
  'clicks',
  'ctr',
  'cvr',
];

/** The weekly and monthly reports' figures: the daily ten plus new users and CAC (spend ÷ new users). */
export const PERIOD_METRICS: readonly MetricKey[] = [...DIGEST_METRICS, 'newUsers', 'cac'];
const RATES: ReadonlySet<MetricKey> = new Set<MetricKey>(['ctr', 'cvr', 'retention', 'repurchase']);

const n = (v: RawSum | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** KPIs of one sums row, by the same formulas as /metrics (domain/metrics.ts kpisOf), never averaged ratios. */
export function figuresOf(r: RangeSumRow | undefined): Figures {
  const k = kpisOf(r);
  return {
    uv: n(r?.uv),
    pv: n(r?.pv),
    orders: n(r?.orders),
    gmv: n(r?.gmv),
    spend: n(r?.spend),
    newUsers: n(r?.new_users),
    clicks: n(r?.clicks),
    aov: k.aov,
    roi: k.roi,
    ctr: k.ctr,
    cvr: k.cvr,
    cac: k.cac,
    activeUsers: n(r?.active_users),
    retention: retentionD7(n(r?.ret_n), n(r?.ret_d)),
    repurchase: repurchaseRate(n(r?.rep_n), n(r?.rep_d)),
  };
}

export interface PeriodFigures {
  /** Absent when nothing at all was logged in the period. */
  total?: Figures;
  /** The total's ROI, CVR and CAC over only the rows that logged both inputs, where that differs. */
  bases: Partial<Record<BasisKpi, KpiBasis>>;
  channels: Map<string, Figures>;
}

/** Splits rangeKpiSums rows by period key into the total and the per-channel figures. */
export function byPeriod(rows: RangeSumRow[]): Map<string, PeriodFigures> {
  const out = new Map<string, PeriodFigures>();
  for (const r of rows) {
    const p = out.get(r.period) ?? { channels: new Map<string, Figures>(), bases: {} };
    if (r.channel === null) {
      p.total = figuresOf(r);
      p.bases = narrowerBases(r);
    } else p.channels.set(r.channel, figuresOf(r));
    out.set(r.period, p);
  }
  return out;
}

/** A figure for display: money compact (¥1.2万 / ¥12K), counts compact, ROI as 3.2:1, rates as %. */
export function fmtValue(locale: Locale, key: MetricKey, v: number | null): string {
  switch (key) {
    case 'gmv':
    case 'spend':
    case 'aov':
    case 'cac':
      return formatMoney(v, locale, { compact: true });
    case 'roi':
      return formatRoi(v);
    case 'ctr':
    case 'cvr':
    case 'retention':
    case 'repurchase':
      return formatPct(v, locale);
    default:
      return formatCount(v, locale, { compact: true });
  }
}

export interface ChangeText {
  /** With ⚠️ appended when flagged. */
  text: string;
  /** Without the mark, for lists that are all flagged anyway. */
  plain: string;
  /** |relative change| above ±20%. */
  flag: boolean;
}

/**
 * A change with its arrow: relative for amounts and counts (↑12.3%), percentage points for rates
 * (↓0.4 pp). Rates are flagged on their relative change, so 2.0% → 2.6% (+0.6 pp, +30%) is flagged too.
 */
export function fmtChange(
  locale: Locale,
  key: MetricKey,
  cur: number | null,
  prev: number | null,
): ChangeText {
  const rel = change(cur, prev);
  if (!RATES.has(key)) {
    const c = formatChange(rel, locale);
    return { text: c.flag ? `${c.text}⚠️` : c.text, plain: c.text, flag: c.flag };
  }
  const pp = ppChange(cur, prev);
  if (pp === null) return { text: DASH, plain: DASH, flag: false };
  const rounded = Number(pp.toFixed(1));
  const arrow = rounded > 0 ? '↑' : rounded < 0 ? '↓' : '→';
  const flag = rel !== null && Math.abs(rel) > CHANGE_FLAG_THRESHOLD;
  const text = `${arrow}${formatPp(Math.abs(rounded), locale).replace(/^\+/, '')}`;
  return { text: flag ? `${text}⚠️` : text, plain: text, flag };
}

/** One figure with two comparisons (daily: d/d and w/w). */
export function lineTwo(
  locale: Locale,
  key: MetricKey,
  cur: Figures,
  a: Figures | undefined,
  b: Figures | undefined,
): string {
  return tDigests(locale, 'line.two', {
    label: tDigests(locale, `m.${key}`),
    value: fmtValue(locale, key, cur[key]),
    a: fmtChange(locale, key, cur[key], a?.[key] ?? null).text,
    b: fmtChange(locale, key, cur[key], b?.[key] ?? null).text,
  });
}

/** One figure with one comparison (weekly w/w, monthly m/m). */
export function lineOne(locale: Locale, key: MetricKey, cur: Figures, prev: Figures | undefined): string {
  return tDigests(locale, 'line.one', {
    label: tDigests(locale, `m.${key}`),
    value: fmtValue(locale, key, cur[key]),
    a: fmtChange(locale, key, cur[key], prev?.[key] ?? null).text,
  });
}

export const channelName = (locale: Locale, channel: string) =>
  channel === 'total' ? tDigests(locale, 'total') : channelLabel(channel, locale);

/** Channels with figures, by GMV (highest first), then spend, then code: a stable order for every digest. */
export function channelsByGmv(p: PeriodFigures | undefined): [string, Figures][] {
  return [...(p?.channels ?? new Map<string, Figures>())].sort(
    ([ca, a], [cb, b]) =>
      (b.gmv ?? -1) - (a.gmv ?? -1) || (b.spend ?? -1) - (a.spend ?? -1) || ca.localeCompare(cb),
  );
}

/** English lines start with a capital even when they start with a lower-case label (`feedback …`). */
export function sentence(locale: Locale, text: string): string {
  return locale === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** "…and n more" when a list was cut. */
export function moreLine(locale: Locale, shown: number, total: number): string[] {
  return total > shown ? [tDigests(locale, 'more', { n: total - shown })] : [];
}

/** Cuts user text (names, feedback) so one item stays on one phone line or two. */
export function cut(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : one;
}

function bandMark(locale: Locale, line: UsageLine): string {
  return line.band === 'ok' ? '' : tDigests(locale, `band.${line.band}`);
}

function paceMark(locale: Locale, line: UsageLine, elapsed: number): string {
  if (line.rate === null) return '';
  // ±10 percentage points of the elapsed share counts as on pace: spend is rarely logged daily.
  if (line.rate > elapsed + 0.1) return tDigests(locale, 'pace.ahead');
  if (line.rate < elapsed - 0.1) return tDigests(locale, 'pace.behind');
  return tDigests(locale, 'pace.on');
}

/**
 * Budget usage per category and in total for a month; with `pacing` (the daily digest) each line also
 * says whether spend runs ahead of the share of the month that has passed.
 */
export function budgetSection(
  locale: Locale,
  usage: BudgetUsage,
  pacing?: { day: number; days: number },
): Section {
  const month = usage.month;
  const heading = pacing
    ? tDigests(locale, 'pacing.heading', { month })
    : tDigests(locale, 'budget.heading', { month });
  const spent = usage.total.spendFen > 0;
  if (!usage.planned && !spent) return { heading, lines: [tDigests(locale, 'budget.none', { month })] };
  const elapsed = pacing ? pacing.day / pacing.days : 0;
  const line = (cat: string, l: UsageLine) =>
    l.planFen > 0
      ? tDigests(locale, 'budget.line', {
          cat,
          spend: formatMoney(l.spendFen, locale, { compact: true }),
          plan: formatMoney(l.planFen, locale, { compact: true }),
          rate: formatPct(l.rate, locale),
          mark: bandMark(locale, l) + (pacing ? paceMark(locale, l, elapsed) : ''),
        })
      : tDigests(locale, 'budget.unplanned', {
          cat,
          spend: formatMoney(l.spendFen, locale, { compact: true }),
        });
  const lines: string[] = [];
  if (pacing) {
    lines.push(
      tDigests(locale, 'pacing.elapsed', {
        elapsed: formatPct(elapsed, locale),
        day: pacing.day,
        days: pacing.days,
      }),
    );
  }
  for (const c of BUDGET_CATEGORIES) {
    const l = usage.categories[c];
    if (l.planFen > 0 || l.spendFen > 0) lines.push(line(budgetCategoryLabel(locale, c), l));
  }
  lines.push(line(tDigests(locale, 'budget.total'), usage.total));
  return { heading, lines };
}

/** The context line of a digest posted after its scheduled time (catch-up after downtime). */
export function lateLine(deps: Deps, job: JobName, now: Date, settings: Settings, locale: Locale): string {
  const tz = deps.config.tz;
  const at = fireTimeInPeriod(job, now, settings, tz) ?? now;
  return tJobs(locale, 'late', { at: fmtTime(at, tz, now) });
}

/** The digests' chart size (800×400). */
export const CHART_SIZE = { width: 800, height: 400 } as const;

/** A GMV/spend line chart of the days `from`..`to`; a rendering failure drops the image, never the digest. */
export async function trendChart(
  deps: Deps,
  locale: Locale,
  job: string,
  series: { date: string; gmvFen: number | null; spendFen: number | null }[],
  span: { from: string; to: string; title: string },
): Promise<CardImage | undefined> {
  if (series.length === 0) return undefined;
  try {
    const png = await renderTrendChart({
      points: series.map((d) => ({
        date: d.date,
        // A day with GMV but no spend logged draws only the GMV point (non-finite values are skipped).
        gmvFen: d.gmvFen ?? Number.NaN,
        spendFen: d.spendFen ?? Number.NaN,
      })),
      title: span.title,
      ...CHART_SIZE,
      labels: {
        gmv: tDigests(locale, 'm.gmv'),
        spend: tDigests(locale, 'm.spend'),
        noData: tDigests(locale, 'chart.no_data'),
      },
    });
    return { png, alt: tDigests(locale, 'chart.alt', { from: span.from, to: span.to }), title: span.title };
  } catch (err) {
    deps.log.warn('digest chart failed; posting the text alone', { job, err });
    return undefined;
  }
}
