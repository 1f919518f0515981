import { type AnyColumn, asc, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { auditLog, type ChannelMetric, channelMetrics, type NewChannelMetric } from '../schema';
import type { AuditInput } from './audit';
import { rowsOf } from './outbox';

/** The raw figure columns of channel_metrics (everything but the key and bookkeeping). */
export const METRIC_COLUMNS = [
  'uv',
  'pv',
  'bounces',
  'sessions',
  'impressions',
  'clicks',
  'orders',
  'buyers',
  'gmvFen',
  'spendFen',
  'newUsers',
  'followers',
  'activeUsers',
  'retainedD7',
  'cohortD7',
  'repeatBuyers',
] as const;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];

/** `(date, channel)` pairs for an `in (…)` list. */
export const keyPairs = (keys: { date: string; channel: string }[]) =>
  sql.join(
    keys.map((k) => sql`(${k.date}::date, ${k.channel}::text)`),
    sql`, `,
  );

/** Existing rows for (date, channel) keys, locked until the transaction ends so the audit's "before" is true. */
export async function metricsForUpdate(
  tx: DbOrTx,
  keys: { date: string; channel: string }[],
): Promise<ChannelMetric[]> {
  if (keys.length === 0) return [];
  return tx
    .select()
    .from(channelMetrics)
    .where(sql`(${channelMetrics.date}, ${channelMetrics.channel}) in (${keyPairs(keys)})`)
    .orderBy(asc(channelMetrics.id))
    .for('update');
}

/**
 * Insert or update rows by (date, channel) in one statement. A null figure means "not given": it never
 * overwrites a stored value, so logging again changes only the fields that were given.
 */
export async function upsertMetricRows(tx: DbOrTx, rows: NewChannelMetric[]): Promise<void> {
  if (rows.length === 0) return;
  const keep = (col: MetricColumn) => {
    const name = channelMetrics[col].name;
    return sql`coalesce(excluded.${sql.identifier(name)}, ${channelMetrics[col]})`;
  };
  await tx
    .insert(channelMetrics)
    .values(rows)
    .onConflictDoUpdate({
      target: [channelMetrics.date, channelMetrics.channel],
      set: {
        ...Object.fromEntries(METRIC_COLUMNS.map((c) => [c, keep(c)])),
        sources: sql`excluded.sources`,
        updatedAt: sql`excluded.updated_at`,
        updatedBy: sql`excluded.updated_by`,
      },
    });
}

/** Many audit rows in one statement (a CSV import can change thousands of rows in one transaction). */
export async function insertMetricAudits(tx: DbOrTx, entries: AuditInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insert(auditLog)
    .values(entries.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null })));
}

/** Sums as both drivers return them: numeric sums come back as strings, nulls as null. */
export type RawSum = string | number | null;

/** A sum as a number; null when nothing was summed (no rows, or only nulls). */
export const sumOrNull = (v: RawSum | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

export interface KpiSumRow {
  date: string;
  /** null on the per-date total row (GROUPING SETS). */
  channel: string | null;
  uv: RawSum;
  pv: RawSum;
  bounces: RawSum;
  sessions: RawSum;
  impressions: RawSum;
  clicks: RawSum;
  orders: RawSum;
  buyers: RawSum;
  gmv: RawSum;
  spend: RawSum;
  new_users: RawSum;
  followers: RawSum;
  active_users: RawSum;
  retained_d7: RawSum;
  cohort_d7: RawSum;
  repeat_buyers: RawSum;
  /** Paired sums: each side only over rows where the other side was logged, so totals never mix bases. */
  ctr_n: RawSum;
  ctr_d: RawSum;
  cvr_n: RawSum;
  cvr_d: RawSum;
  aov_n: RawSum;
  aov_d: RawSum;
  roi_n: RawSum;
  roi_d: RawSum;
  cac_n: RawSum;
  cac_d: RawSum;
  br_n: RawSum;
  br_d: RawSum;
  ret_n: RawSum;
  ret_d: RawSum;
  rep_n: RawSum;
  rep_d: RawSum;
}

const m = channelMetrics;
const paired = (num: AnyColumn, den: AnyColumn, name: string) =>
  sql`sum(${num}) filter (where ${den} is not null) as ${sql.identifier(`${name}_n`)},
      sum(${den}) filter (where ${num} is not null) as ${sql.identifier(`${name}_d`)}`;

/**
 * The select list of every KPI aggregate: raw sums, plus each ratio's numerator and denominator summed
 * only over rows that logged both, so a channel without impressions never inflates CTR. The /metrics card
 * and the digests share it so their figures agree.
 */
export const METRIC_SUMS = sql`
      sum(${m.uv}) as uv, sum(${m.pv}) as pv, sum(${m.bounces}) as bounces, sum(${m.sessions}) as sessions,
      sum(${m.impressions}) as impressions, sum(${m.clicks}) as clicks, sum(${m.orders}) as orders,
      sum(${m.buyers}) as buyers, sum(${m.gmvFen}) as gmv, sum(${m.spendFen}) as spend,
      sum(${m.newUsers}) as new_users, sum(${m.followers}) as followers,
      sum(${m.activeUsers}) as active_users, sum(${m.retainedD7}) as retained_d7,
      sum(${m.cohortD7}) as cohort_d7, sum(${m.repeatBuyers}) as repeat_buyers,
      ${paired(m.clicks, m.impressions, 'ctr')},
      ${paired(m.orders, m.clicks, 'cvr')},
      ${paired(m.gmvFen, m.buyers, 'aov')},
      ${paired(m.gmvFen, m.spendFen, 'roi')},
      ${paired(m.spendFen, m.newUsers, 'cac')},
      ${paired(m.bounces, m.sessions, 'br')},
      ${paired(m.retainedD7, m.cohortD7, 'ret')},
      ${paired(m.repeatBuyers, m.buyers, 'rep')}`;

/**
 * One aggregate query for the KPI card: sums per (date, channel) and per date over all channels, for the
 * given dates (the day, the previous day and the same weekday a week before). Uses the (date, channel) index.
 */
export async function kpiSums(db: DbOrTx, dates: string[]): Promise<KpiSumRow[]> {
  const res = await db.execute(sql`
    select ${m.date}::text as date, ${m.channel} as channel, ${METRIC_SUMS}
    from ${m}
    where ${m.date} in (${sql.join(
      dates.map((d) => sql`${d}::date`),
      sql`, `,
    )})
    group by grouping sets ((${m.date}, ${m.channel}), (${m.date}))`);
  return rowsOf<KpiSumRow>(res);
}
