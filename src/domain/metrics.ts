/**
 * Channel metrics: one row of raw daily figures per (date, channel), logged from chat, a CSV file or the
 * ingestion API through the same validation and the same upsert. KPIs are ratios of SQL sums, never
 * averages of ratios (PRODUCT.md "KPI formulas").
 */
import type { Db, DbOrTx } from '../../db/client';
import type { AuditInput } from '../../db/queries/audit';
import {
  insertMetricAudits,
  type KpiSumRow,
  kpiSums,
  type MetricColumn,
  metricsForUpdate,
  type RawSum,
  sumOrNull,
  upsertMetricRows,
} from '../../db/queries/metrics';
import type { ChannelMetric, NewChannelMetric } from '../../db/schema';
import { must, recordOf } from '../util/narrow';
import { CHANNELS, type Channel, parseChannel } from './channels';
import { addDays, checkDateArg } from './dates';
import { DomainError } from './errors';
import {
  BASIS_KPIS,
  type BasisKpi,
  bounceRate,
  cac,
  change,
  ctr,
  type KpiBasis,
  type Num,
  narrowerBasis,
  ppChange,
  ratio,
  roi,
} from './kpi';
import { parseAmount, parseCount } from './money';
import { defineVocabulary } from './vocabulary';

/** Figure names as typed in `/metrics log`, CSV headers and API fields. */
/** The figures logged per day and channel, in the order forms and cards list them, with their names. */
export const METRIC_FIELD = defineVocabulary({
  uv: { 'zh-CN': 'UV', en: 'UV' },
  pv: { 'zh-CN': 'PV', en: 'PV' },
  bounces: { 'zh-CN': '跳出', en: 'Bounces' },
  sessions: { 'zh-CN': '会话', en: 'Sessions' },
  impressions: { 'zh-CN': '曝光', en: 'Impressions' },
  clicks: { 'zh-CN': '点击', en: 'Clicks' },
  orders: { 'zh-CN': '订单', en: 'Orders' },
  buyers: { 'zh-CN': '买家', en: 'Buyers' },
  gmv: { 'zh-CN': 'GMV', en: 'GMV' },
  spend: { 'zh-CN': '花费', en: 'Spend' },
  new_users: { 'zh-CN': '新客', en: 'New users' },
  followers: { 'zh-CN': '粉丝', en: 'Followers' },
  active_users: { 'zh-CN': '活跃用户', en: 'Active users' },
  retained_d7: { 'zh-CN': '7日留存用户', en: 'Retained at day 7' },
  cohort_d7: { 'zh-CN': '7日前新客（留存基数）', en: 'Cohort of 7 days before' },
  repeat_buyers: { 'zh-CN': '复购买家', en: 'Repeat buyers' },
});
export const METRIC_FIELDS = METRIC_FIELD.codes;
export type MetricField = (typeof METRIC_FIELDS)[number];

/** Money figures are typed in yuan (`5万`, `¥5000`, `12.50`) and stored as integer fen; the rest are counts. */
export const MONEY_FIELDS: ReadonlySet<MetricField> = new Set<MetricField>(['gmv', 'spend']);

/** The channel_metrics column of each figure. */
export const COLUMN: Record<MetricField, MetricColumn> = {
  uv: 'uv',
  pv: 'pv',
  bounces: 'bounces',
  sessions: 'sessions',
  impressions: 'impressions',
  clicks: 'clicks',
  orders: 'orders',
  buyers: 'buyers',
  gmv: 'gmvFen',
  spend: 'spendFen',
  new_users: 'newUsers',
  followers: 'followers',
  active_users: 'activeUsers',
  retained_d7: 'retainedD7',
  cohort_d7: 'cohortD7',
  repeat_buyers: 'repeatBuyers',
};

/** Given figures of one row: counts, and money in fen. */
export type MetricValues = Partial<Record<MetricField, number>>;

export interface MetricRow {
  date: string;
  channel: Channel;
  values: MetricValues;
}

export type RowIssueReason =
  | 'missing'
  | 'unknown_field'
  | 'bad_type'
  | 'bad_date'
  | 'no_such_date'
  | 'future_date'
  | 'unknown_channel'
  | 'not_a_number'
  | 'negative'
  | 'not_integer'
  | 'too_many_decimals'
  | 'too_large'
  | 'no_figures'
  | 'duplicate'
  | 'more_than';

/** One problem with one field of one row; `field` is '' when the row as a whole is wrong. */
export interface RowIssue {
  field: string;
  reason: RowIssueReason;
  /** The offending value as given (cut short), for the message. */
  value?: string;
  /** For `more_than`: the figure it cannot exceed, and that figure's value. */
  than?: { field: MetricField; value: string };
}

/** Figures that can never exceed another of the same row: a click needs an impression, an order a click… */
export const AT_MOST: readonly (readonly [MetricField, MetricField])[] = [
  ['clicks', 'impressions'],
  ['orders', 'clicks'],
  ['buyers', 'orders'],
  // A part is never larger than its whole: retained users of their 7-day cohort, repeat buyers of buyers.
  ['retained_d7', 'cohort_d7'],
  ['repeat_buyers', 'buyers'],
];

/** `clicks > impressions`, `orders > clicks`, `buyers > orders` in one row's figures (given or stored). */
export function impossibleFigures(
  values: Partial<Record<MetricField, number | null>>,
): (RowIssue & Required<Pick<RowIssue, 'value' | 'than'>>)[] {
  const out: (RowIssue & Required<Pick<RowIssue, 'value' | 'than'>>)[] = [];
  for (const [field, max] of AT_MOST) {
    const v = values[field];
    const m = values[max];
    if (typeof v === 'number' && typeof m === 'number' && v > m) {
      out.push({ field, reason: 'more_than', value: String(v), than: { field: max, value: String(m) } });
    }
  }
  return out;
}

/** A new figure that replaces a logged one by more than this factor (up or down) asks for confirmation. */
export const BIG_CHANGE_FACTOR = 10;

export interface BigChange {
  field: MetricField;
  before: number;
  after: number;
}

/** Given figures that would replace a logged non-zero figure by more than 10× either way. */
export function bigChanges(
  before: Record<MetricField, number | null> | null,
  values: MetricValues,
): BigChange[] {
  if (!before) return [];
  return METRIC_FIELDS.flatMap((field) => {
    const b = before[field];
    const a = values[field];
    if (b === null || b <= 0 || a === undefined || a === b) return [];
    return a > b * BIG_CHANGE_FACTOR || a * BIG_CHANGE_FACTOR < b ? [{ field, before: b, after: a }] : [];
  });
}

export type RowCheck = { ok: true; row: MetricRow } | { ok: false; issues: RowIssue[] };

const KNOWN_KEYS: ReadonlySet<string> = new Set(['date', 'channel', ...METRIC_FIELDS]);

const shown = (v: unknown) => {
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

/** A raw value as text, or undefined when not given (missing, null or blank). */
function given(v: unknown): string | undefined | { bad: true } {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : { bad: true };
  if (typeof v !== 'string') return { bad: true };
  return v.trim() === '' ? undefined : v;
}

/**
 * Validate one row of figures from chat args, a CSV record or a JSON object: date (not after `today`),
 * channel (code or Chinese name), and at least one figure. Every problem is reported, not just the first.
 */
export function validateMetricRow(raw: Record<string, unknown>, opts: { today: string }): RowCheck {
  const issues: RowIssue[] = [];
  for (const k of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(k)) issues.push({ field: k, reason: 'unknown_field' });
  }

  let date: string | undefined;
  const d = given(raw.date);
  if (d === undefined) issues.push({ field: 'date', reason: 'missing' });
  else if (typeof d !== 'string') issues.push({ field: 'date', reason: 'bad_type', value: shown(raw.date) });
  else {
    const r = checkDateArg(d, Number(opts.today.slice(0, 4)));
    if (!r.ok) {
      const reason =
        r.reason === 'no_such_date' ? 'no_such_date' : r.reason === 'empty' ? 'missing' : 'bad_date';
      issues.push({ field: 'date', reason, value: shown(d) });
    } else if (r.date > opts.today) issues.push({ field: 'date', reason: 'future_date', value: r.date });
    else date = r.date;
  }

  let channel: Channel | undefined;
  const c = given(raw.channel);
  if (c === undefined) issues.push({ field: 'channel', reason: 'missing' });
  else if (typeof c !== 'string')
    issues.push({ field: 'channel', reason: 'bad_type', value: shown(raw.channel) });
  else {
    channel = parseChannel(c);
    if (!channel) issues.push({ field: 'channel', reason: 'unknown_channel', value: shown(c) });
  }

  const values: MetricValues = {};
  for (const f of METRIC_FIELDS) {
    const v = given(raw[f]);
    if (v === undefined) continue;
    if (typeof v !== 'string') {
      issues.push({ field: f, reason: 'bad_type', value: shown(raw[f]) });
      continue;
    }
    if (MONEY_FIELDS.has(f)) {
      const r = parseAmount(v);
      if (r.ok) values[f] = r.fen;
      else issues.push({ field: f, reason: r.reason === 'empty' ? 'missing' : r.reason, value: shown(v) });
    } else {
      const r = parseCount(v);
      if (r.ok) values[f] = r.value;
      else issues.push({ field: f, reason: r.reason === 'empty' ? 'missing' : r.reason, value: shown(v) });
    }
  }
  const anyFigureGiven = METRIC_FIELDS.some((f) => given(raw[f]) !== undefined);
  if (!anyFigureGiven) issues.push({ field: '', reason: 'no_figures' });
  issues.push(...impossibleFigures(values));

  if (issues.length > 0 || !date || !channel) return { ok: false, issues };
  return { ok: true, row: { date, channel, values } };
}

/** The key that makes a metrics row unique. */
export const metricKey = (r: { date: string; channel: string }) => `${r.date}:${r.channel}`;

/**
 * Stored figures of a row (channel_metrics, or a source's row in source_metrics: the same columns), by field
 * name (money in fen); null where nothing was logged.
 */
export function figuresOf(
  row: Pick<ChannelMetric, MetricColumn> | undefined,
): Record<MetricField, number | null> | null {
  if (!row) return null;
  return recordOf(METRIC_FIELDS, (f) => row[COLUMN[f]] ?? null);
}

export type RowOutcome = 'created' | 'updated' | 'unchanged';

export interface RowResult {
  date: string;
  channel: Channel;
  outcome: RowOutcome;
  /** Fields whose stored value changed. */
  changed: MetricField[];
  before: Record<MetricField, number | null> | null;
  after: Record<MetricField, number | null>;
}

export interface UpsertSummary {
  created: number;
  updated: number;
  unchanged: number;
  results: RowResult[];
}

// 14 parameters per row: well under PostgreSQL's 65,535 bind parameters per statement.
const CHUNK = 1000;

/**
 * Insert or update validated rows by (date, channel) in one transaction: only given figures change, every
 * created or changed row gets an audit row with before/after, and a re-sent identical row changes nothing.
 * Duplicate keys in one batch are refused (which one would win is not obvious).
 */
export async function upsertMetrics(
  ctx: { db: Db; now: Date; actor: string },
  rows: MetricRow[],
  opts: {
    onProgress?: (done: number, total: number) => void;
    /** Also refuse a row whose given figures are impossible beside its stored ones (chat: one row). */
    checkStored?: boolean;
  } = {},
): Promise<UpsertSummary> {
  const seen = new Set<string>();
  for (const r of rows) {
    const k = metricKey(r);
    if (seen.has(k)) throw new DomainError('invalid_input', 'err.metrics.duplicate_row', { key: k });
    seen.add(k);
  }
  return ctx.db.transaction(async (tx) => {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0, results: [] };
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const existing = new Map((await metricsForUpdate(tx, chunk)).map((r) => [metricKey(r), r]));
      const writes: NewChannelMetric[] = [];
      const audits: AuditInput[] = [];
      for (const r of chunk) {
        const prev = existing.get(metricKey(r));
        const before = figuresOf(prev);
        const after = { ...(before ?? emptyFigures()) };
        const changed: MetricField[] = [];
        for (const f of METRIC_FIELDS) {
          const v = r.values[f];
          if (v === undefined || after[f] === v) continue;
          after[f] = v;
          changed.push(f);
        }
        // Stored figures count too: clicks=2000 on a day that logged 1,000 impressions is refused.
        const impossible = opts.checkStored ? impossibleFigures(after)[0] : undefined;
        if (impossible) {
          throw new DomainError('invalid_input', 'err.metrics.impossible', {
            key: metricKey(r),
            field: impossible.field,
            value: impossible.value,
            other: impossible.than.field,
            otherValue: impossible.than.value,
          });
        }
        const outcome: RowOutcome = !prev ? 'created' : changed.length > 0 ? 'updated' : 'unchanged';
        summary[outcome]++;
        summary.results.push({ date: r.date, channel: r.channel, outcome, changed, before, after });
        if (outcome === 'unchanged' && !Object.keys(r.values).some((f) => prev?.sources[f])) continue;
        // A hand-logged figure replaces a pulled one: it is no longer attributed to the connector.
        writes.push({ ...toInsert(r, ctx), sources: handLogged(prev?.sources, r.values) });
        if (outcome === 'unchanged') continue;
        audits.push({
          at: ctx.now,
          actor: ctx.actor,
          action: outcome === 'created' ? 'metrics.create' : 'metrics.update',
          entity: 'metrics',
          entityId: metricKey(r),
          before,
          after,
        });
      }
      await upsertMetricRows(tx, writes);
      await insertMetricAudits(tx, audits);
      opts.onProgress?.(Math.min(i + CHUNK, rows.length), rows.length);
    }
    return summary;
  });
}

/** The provenance map after hand-logging `values`: those fields are no longer a connector's. */
function handLogged(
  sources: Record<string, string> | undefined,
  values: MetricValues,
): Record<string, string> {
  return Object.fromEntries(Object.entries(sources ?? {}).filter(([f]) => !(f in values)));
}

export function emptyFigures(): Record<MetricField, number | null> {
  return recordOf(METRIC_FIELDS, (): number | null => null);
}

export function toInsert(r: MetricRow, ctx: { now: Date; actor: string }): NewChannelMetric {
  const row: NewChannelMetric = {
    date: r.date,
    channel: r.channel,
    updatedAt: ctx.now,
    updatedBy: ctx.actor,
  };
  for (const f of METRIC_FIELDS) row[COLUMN[f]] = r.values[f] ?? null;
  return row;
}

/** Log one day of one channel's figures (`/metrics log`); logging again updates only the given fields. */
export async function logMetrics(
  ctx: { db: Db; now: Date; actor: string },
  row: MetricRow,
  opts: { confirmed?: boolean } = {},
): Promise<RowResult | { outcome: 'confirm'; date: string; channel: Channel; changes: BigChange[] }> {
  if (!opts.confirmed) {
    // A read outside the write: the confirmation is advice, and the upsert below re-reads under a lock.
    const [prev] = await metricsForUpdate(ctx.db, [row]);
    const changes = bigChanges(figuresOf(prev), row.values);
    if (changes.length > 0) return { outcome: 'confirm', date: row.date, channel: row.channel, changes };
  }
  const { results } = await upsertMetrics(ctx, [row], { checkStored: true });
  return must(results[0], 'upsertMetrics answers each row');
}

// ---------------------------------------------------------------------------------------------------------
// KPI card

export const KPI_NAMES = ['ctr', 'cvr', 'aov', 'roi', 'cac', 'bounceRate'] as const;
export type KpiName = (typeof KPI_NAMES)[number];
/** KPIs that are rates: their changes are shown in percentage points. */
export const RATE_KPIS: ReadonlySet<KpiName> = new Set<KpiName>(['ctr', 'cvr', 'bounceRate']);

/** Summed figures of one channel (or all channels) on one day; null where nothing was logged. */
export interface DaySums {
  uv: number | null;
  pv: number | null;
  sessions: number | null;
  bounces: number | null;
  impressions: number | null;
  clicks: number | null;
  orders: number | null;
  buyers: number | null;
  gmv: number | null;
  spend: number | null;
  newUsers: number | null;
  followers: number | null;
  activeUsers: number | null;
  retainedD7: number | null;
  cohortD7: number | null;
  repeatBuyers: number | null;
}

export interface KpiLine {
  value: number | null;
  /** 环比: vs the previous day; percentage points for rates, a fraction for the rest. */
  vsPrevDay: number | null;
  /** vs the same weekday a week before, in the same unit. */
  vsWeekAgo: number | null;
  unit: 'pp' | 'pct';
}

export interface ChannelKpis {
  /** A channel code, or 'total' for all channels together. */
  channel: Channel | 'total';
  sums: DaySums;
  kpis: Record<KpiName, KpiLine>;
  gmv: KpiLine;
  spend: KpiLine;
  /** False when no row exists for this channel on the day itself (only on a comparison day). */
  hasDay: boolean;
  /** ROI, CVR and CAC over only the rows that logged both inputs, where that differs from the headline. */
  bases: Partial<Record<BasisKpi, KpiBasis>>;
}

export interface KpiReport {
  date: string;
  prevDate: string;
  weekAgoDate: string;
  total: ChannelKpis;
  /** Channels with figures on the day, by GMV (highest first), then spend, then list order. */
  channels: ChannelKpis[];
}

function sumsOf(r: KpiSumRow | undefined): DaySums {
  return {
    uv: sumOrNull(r?.uv),
    pv: sumOrNull(r?.pv),
    sessions: sumOrNull(r?.sessions),
    bounces: sumOrNull(r?.bounces),
    impressions: sumOrNull(r?.impressions),
    clicks: sumOrNull(r?.clicks),
    orders: sumOrNull(r?.orders),
    buyers: sumOrNull(r?.buyers),
    gmv: sumOrNull(r?.gmv),
    spend: sumOrNull(r?.spend),
    newUsers: sumOrNull(r?.new_users),
    followers: sumOrNull(r?.followers),
    activeUsers: sumOrNull(r?.active_users),
    retainedD7: sumOrNull(r?.retained_d7),
    cohortD7: sumOrNull(r?.cohort_d7),
    repeatBuyers: sumOrNull(r?.repeat_buyers),
  };
}

/** The sums a row-shaped aggregate (KpiSumRow or a digest's range row) holds, by column name. */
type SumsRow = Partial<Record<keyof KpiSumRow, RawSum>>;

/**
 * KPIs of one sums row. ROI, CVR and CAC are ratios of the printed totals (total GMV ÷ total spend), so a
 * reader can check them with a calculator; CTR, AOV and bounce rate, whose inputs the card does not print,
 * pair only rows where both inputs were logged.
 */
export function kpisOf(r: SumsRow | undefined): Record<KpiName, number | null> {
  const n = (k: keyof KpiSumRow) => sumOrNull(r?.[k]);
  return {
    ctr: ctr(n('ctr_n'), n('ctr_d')),
    // CVR is labelled "orders ÷ clicks" on the card: ad-platform conversions per click.
    cvr: ratio(n('orders'), n('clicks')),
    // AOV (客单价) is labelled "GMV ÷ buyers": per customer, not per order.
    aov: ratio(n('aov_n'), n('aov_d')),
    roi: roi(n('gmv'), n('spend')),
    cac: cac(n('spend'), n('new_users')),
    bounceRate: bounceRate(n('br_n'), n('br_d')),
  };
}

const BASIS_INPUTS: Record<BasisKpi, [keyof KpiSumRow, keyof KpiSumRow]> = {
  roi: ['gmv', 'spend'],
  cvr: ['orders', 'clicks'],
  cac: ['spend', 'new_users'],
};

/**
 * ROI, CVR and CAC over only the rows that logged both inputs (the paid-channel ROI with its own GMV), where
 * that differs from the headline ratio of the totals: shown beside the headline, labelled with its base.
 */
export function narrowerBases(r: SumsRow | undefined): Partial<Record<BasisKpi, KpiBasis>> {
  const n = (k: keyof KpiSumRow) => sumOrNull(r?.[k]);
  const out: Partial<Record<BasisKpi, KpiBasis>> = {};
  for (const k of BASIS_KPIS) {
    const [a, b] = BASIS_INPUTS[k];
    const basis = narrowerBasis({
      total: { num: n(a), den: n(b) },
      paired: { num: n(`${k}_n`), den: n(`${k}_d`) },
    });
    if (basis) out[k] = basis;
  }
  return out;
}

function compare(now: Num, prev: Num, week: Num, unit: 'pp' | 'pct'): KpiLine {
  const diff = unit === 'pp' ? ppChange : change;
  return { value: now ?? null, vsPrevDay: diff(now, prev), vsWeekAgo: diff(now, week), unit };
}

function channelKpis(
  channel: Channel | 'total',
  day: KpiSumRow | undefined,
  prev: KpiSumRow | undefined,
  week: KpiSumRow | undefined,
): ChannelKpis {
  const [k0, k1, k7] = [kpisOf(day), kpisOf(prev), kpisOf(week)];
  const [s0, s1, s7] = [sumsOf(day), sumsOf(prev), sumsOf(week)];
  const kpis = recordOf(KPI_NAMES, (k) => compare(k0[k], k1[k], k7[k], RATE_KPIS.has(k) ? 'pp' : 'pct'));
  return {
    channel,
    sums: s0,
    kpis,
    gmv: compare(s0.gmv, s1.gmv, s7.gmv, 'pct'),
    spend: compare(s0.spend, s1.spend, s7.spend, 'pct'),
    hasDay: day !== undefined,
    bases: narrowerBases(day),
  };
}

/**
 * The /metrics KPI card data for one day: per channel and in total, each KPI with 环比 against the previous
 * day and against the same weekday a week before. One aggregate SQL query; JS only divides the sums.
 */
export async function kpiReport(db: DbOrTx, date: string): Promise<KpiReport> {
  const prevDate = addDays(date, -1);
  const weekAgoDate = addDays(date, -7);
  const rows = await kpiSums(db, [date, prevDate, weekAgoDate]);
  const at = new Map(rows.map((r) => [`${r.date}:${r.channel ?? '*'}`, r]));
  const pick = (d: string, ch: string) => at.get(`${d}:${ch}`);
  const total = channelKpis('total', pick(date, '*'), pick(prevDate, '*'), pick(weekAgoDate, '*'));
  // Ties keep the CHANNELS order (the sort is stable).
  const channels = CHANNELS.filter((c) => pick(date, c) !== undefined)
    .map((c) => channelKpis(c, pick(date, c), pick(prevDate, c), pick(weekAgoDate, c)))
    .sort((a, b) => (b.sums.gmv ?? -1) - (a.sums.gmv ?? -1) || (b.sums.spend ?? -1) - (a.sums.spend ?? -1));
  return { date, prevDate, weekAgoDate, total, channels };
}
