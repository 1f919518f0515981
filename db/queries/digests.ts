/**
 * SQL aggregates for the daily, weekly and monthly digests. Every figure is a SUM/COUNT computed by the
 * database; callers only divide sums (KPI formulas) and sort a handful of channel rows.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { channelMetrics } from '../schema';
import { type KpiSumRow, METRIC_SUMS, type RawSum } from './metrics';
import { rowsOf } from './outbox';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const num = (v: RawSum | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/** A named span of local calendar days, both ends inclusive ('YYYY-MM-DD'). */
export interface DayRange {
  key: string;
  from: string;
  to: string;
}

/** `(values (key, from, to), …) as p(key, d0, d1)`: the ranges as a table to join metric rows on. */
export const rangesTable = (ranges: DayRange[]) =>
  sql`(values ${sql.join(
    ranges.map((r) => sql`(${r.key}::text, ${r.from}::date, ${r.to}::date)`),
    sql`, `,
  )}) as p(key, d0, d1)`;

/** Sums of one channel (or of all channels when `channel` is null) over one named range. */
export type RangeSumRow = Omit<KpiSumRow, 'date'> & { period: string };

/**
 * Channel-metric sums per (range, channel) and per range over all channels, for several ranges in one
 * query (the day / the day before / a week before; this week / last week; this month / last month). The
 * paired sums match db/queries/metrics.ts so KPIs never mix rows where only one side was logged.
 */
export async function rangeKpiSums(db: DbOrTx, ranges: DayRange[]): Promise<RangeSumRow[]> {
  if (ranges.length === 0) return [];
  const m = channelMetrics;
  const res = await db.execute(sql`
    select p.key as period,
      case when grouping(${m.channel}) = 1 then null else ${m.channel} end as channel, ${METRIC_SUMS}
    from ${rangesTable(ranges)}
    join ${m} on ${m.date} between p.d0 and p.d1
    group by grouping sets ((p.key, ${m.channel}), (p.key))`);
  return rowsOf<RangeSumRow>(res);
}

/**
 * Channel-metric sums per (day, channel) and per day over all channels, for every day in [from, to]: the
 * history a baseline is drawn from (src/domain/anomalies.ts). `period` is the day ('YYYY-MM-DD'); days with
 * no row at all are left out.
 */
export async function dailyKpiSums(db: DbOrTx, from: string, to: string): Promise<RangeSumRow[]> {
  const m = channelMetrics;
  const res = await db.execute(sql`
    select ${m.date}::text as period,
      case when grouping(${m.channel}) = 1 then null else ${m.channel} end as channel, ${METRIC_SUMS}
    from ${m}
    where ${m.date} between ${from}::date and ${to}::date
    group by grouping sets ((${m.date}, ${m.channel}), (${m.date}))`);
  return rowsOf<RangeSumRow>(res);
}

export interface DayTotals {
  date: string;
  gmvFen: number | null;
  spendFen: number | null;
}

/** GMV and spend per day over all channels (days with no row at all are left out), oldest first. */
export async function dailyTotals(db: DbOrTx, from: string, to: string): Promise<DayTotals[]> {
  const m = channelMetrics;
  const res = await db.execute(sql`
    select ${m.date}::text as date, sum(${m.gmvFen}) as gmv, sum(${m.spendFen}) as spend
    from ${m}
    where ${m.date} between ${from}::date and ${to}::date
    group by ${m.date}
    order by ${m.date}`);
  return rowsOf<{ date: string; gmv: RawSum; spend: RawSum }>(res).map((r) => ({
    date: r.date,
    gmvFen: r.gmv === null ? null : Number(r.gmv),
    spendFen: r.spend === null ? null : Number(r.spend),
  }));
}

export interface LiveCampaignRow {
  code: string;
  name: string;
  startDate: string;
  endDate: string;
  budgetFen: number;
  spendFen: number;
}

/**
 * Campaigns running on local day `today` (by their dates, unless ended early), soonest-ending first, with
 * the spend logged against each; `total` counts all of them when more than `limit` run.
 */
export async function liveCampaigns(
  db: DbOrTx,
  today: string,
  limit: number,
): Promise<{ rows: LiveCampaignRow[]; total: number }> {
  const res = await db.execute(sql`
    select c.code, c.name, c.start_date::text as start_date, c.end_date::text as end_date, c.budget_fen,
           coalesce(s.spend, 0) as spend, count(*) over () as total
    from campaigns c
    left join lateral (select sum(amount_fen) as spend from spend_entries e where e.campaign_id = c.id) s on true
    where c.status not in ('ended', 'reviewed') and c.start_date <= ${today}::date and c.end_date >= ${today}::date
    order by c.end_date, c.id
    limit ${limit}`);
  const rows = rowsOf<{
    code: string;
    name: string;
    start_date: string;
    end_date: string;
    budget_fen: RawSum;
    spend: RawSum;
    total: RawSum;
  }>(res);
  return {
    total: num(rows[0]?.total),
    rows: rows.map((r) => ({
      code: r.code,
      name: r.name,
      startDate: r.start_date,
      endDate: r.end_date,
      budgetFen: num(r.budget_fen),
      spendFen: num(r.spend),
    })),
  };
}

export interface CampaignResultRow {
  code: string;
  name: string;
  /** 'reviewed' when the retrospective is filed, else 'ended'. */
  outcome: 'reviewed' | 'ended';
  endDate: string;
  endedAt: Date | null;
  retroDueAt: Date | null;
  retroRoi: string | null;
  retroGmvFen: number | null;
  retroNewUsers: number | null;
  targetGmvFen: number | null;
  targetRoi: string | null;
  targetNewUsers: number | null;
  spendFen: number;
}

/**
 * Campaigns that ended (explicitly, or by their end date when the status job has not caught up) or filed
 * their retrospective within [from, to): reviewed ones first, then the most recent.
 */
export async function campaignResults(
  db: DbOrTx,
  span: { from: Date; to: Date; fromDate: string; toDate: string },
  limit: number,
): Promise<{ rows: CampaignResultRow[]; total: number }> {
  const [f, t] = [ts(span.from), ts(span.to)];
  const res = await db.execute(sql`
    select c.code, c.name, c.status, c.end_date::text as end_date, c.ended_at, c.retro_due_at,
           c.retro_roi::text as retro_roi, c.retro_gmv_fen, c.retro_new_users,
           c.target_gmv_fen, c.target_roi::text as target_roi, c.target_new_users,
           coalesce(s.spend, 0) as spend, count(*) over () as total
    from campaigns c
    left join lateral (select sum(amount_fen) as spend from spend_entries e where e.campaign_id = c.id) s on true
    where (c.retro_at >= ${f} and c.retro_at < ${t})
       or (c.ended_at >= ${f} and c.ended_at < ${t})
       or (c.ended_at is null and c.status in ('planned', 'live')
           and c.end_date between ${span.fromDate}::date and ${span.toDate}::date)
    order by (c.status = 'reviewed') desc, coalesce(c.retro_at, c.ended_at) desc nulls last, c.id
    limit ${limit}`);
  const rows = rowsOf<{
    code: string;
    name: string;
    status: string;
    end_date: string;
    ended_at: string | Date | null;
    retro_due_at: string | Date | null;
    retro_roi: string | null;
    retro_gmv_fen: RawSum;
    retro_new_users: RawSum;
    target_gmv_fen: RawSum;
    target_roi: string | null;
    target_new_users: RawSum;
    spend: RawSum;
    total: RawSum;
  }>(res);
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  const opt = (v: RawSum) => (v === null ? null : Number(v));
  return {
    total: num(rows[0]?.total),
    rows: rows.map((r) => ({
      code: r.code,
      name: r.name,
      outcome: r.status === 'reviewed' ? 'reviewed' : 'ended',
      endDate: r.end_date,
      endedAt: date(r.ended_at),
      retroDueAt: date(r.retro_due_at),
      retroRoi: r.retro_roi,
      retroGmvFen: opt(r.retro_gmv_fen),
      retroNewUsers: opt(r.retro_new_users),
      targetGmvFen: opt(r.target_gmv_fen),
      targetRoi: r.target_roi,
      targetNewUsers: opt(r.target_new_users),
      spendFen: num(r.spend),
    })),
  };
}

export interface FeedbackCounts {
  /** Per category, most frequent first; only categories with feedback in either period. */
  categories: { category: string; count: number; prev: number; high: number }[];
  total: number;
  prevTotal: number;
  high: number;
}

/**
 * Feedback logged in [from, to) by category (and high-severity counts), with the same counts for the
 * period before [prevFrom, from) for the change: one ROLLUP query.
 */
export async function feedbackCounts(
  db: DbOrTx,
  span: { prevFrom: Date; from: Date; to: Date },
): Promise<FeedbackCounts> {
  const f = ts(span.from);
  const res = await db.execute(sql`
    select category,
           count(*) filter (where created_at >= ${f}) as cur,
           count(*) filter (where created_at < ${f}) as prev,
           count(*) filter (where created_at >= ${f} and severity = 'high') as high
    from feedbacks
    where created_at >= ${ts(span.prevFrom)} and created_at < ${ts(span.to)}
    group by rollup (category)`);
  const rows = rowsOf<{ category: string | null; cur: RawSum; prev: RawSum; high: RawSum }>(res);
  const total = rows.find((r) => r.category === null);
  return {
    categories: rows
      .filter((r): r is typeof r & { category: string } => r.category !== null)
      .map((r) => ({ category: r.category, count: num(r.cur), prev: num(r.prev), high: num(r.high) }))
      .sort((a, b) => b.count - a.count || b.high - a.high || a.category.localeCompare(b.category)),
    total: num(total?.cur),
    prevTotal: num(total?.prev),
    high: num(total?.high),
  };
}

export interface TopFeedback {
  code: string;
  category: string;
  severity: string;
  status: string;
  text: string;
}

/** The feedback logged in [from, to) most worth the product team's time: most severe first, then newest. */
export async function topFeedback(
  db: DbOrTx,
  span: { from: Date; to: Date },
  limit: number,
): Promise<TopFeedback[]> {
  const res = await db.execute(sql`
    select code, category, severity, status, text
    from feedbacks
    where created_at >= ${ts(span.from)} and created_at < ${ts(span.to)}
    order by case severity when 'high' then 0 when 'medium' then 1 else 2 end, created_at desc, id desc
    limit ${limit}`);
  return rowsOf<TopFeedback>(res);
}

export interface IncidentCounts {
  opened: number;
  /** Opened in the period with severity high or critical. */
  serious: number;
  closed: number;
  /** Not yet closed, as of now (any age). */
  stillOpen: number;
}

/** Incidents opened and closed in [from, to), and how many are still not closed. */
export async function incidentCounts(db: DbOrTx, span: { from: Date; to: Date }): Promise<IncidentCounts> {
  const [f, t] = [ts(span.from), ts(span.to)];
  const res = await db.execute(sql`
    select count(*) filter (where created_at >= ${f} and created_at < ${t}) as opened,
           count(*) filter (where created_at >= ${f} and created_at < ${t}
                            and severity in ('high', 'critical')) as serious,
           count(*) filter (where closed_at >= ${f} and closed_at < ${t}) as closed,
           count(*) filter (where status in ('open', 'responded')) as still_open
    from incidents
    where (created_at >= ${f} and created_at < ${t}) or (closed_at >= ${f} and closed_at < ${t})
       or status in ('open', 'responded')`);
  const r = rowsOf<{ opened: RawSum; serious: RawSum; closed: RawSum; still_open: RawSum }>(res)[0];
  return {
    opened: num(r?.opened),
    serious: num(r?.serious),
    closed: num(r?.closed),
    stillOpen: num(r?.still_open),
  };
}

export type SlaClock = 'feedback' | 'incident_response' | 'incident_report' | 'retro';

/**
 * Deadline hit rate per clock: of the clocks that came due in [from, to), how many were met in time.
 * Feedback counts its first response (ack, or resolve which also acks); an incident's response clock also
 * stops when it is closed without a statement.
 */
export async function slaHits(
  db: DbOrTx,
  span: { from: Date; to: Date },
): Promise<Record<SlaClock, { due: number; met: number }>> {
  const [f, t] = [ts(span.from), ts(span.to)];
  const res = await db.execute(sql`
    select 'feedback' as kind, count(*) as due, count(*) filter (where acked_at <= due_at) as met
      from feedbacks where due_at >= ${f} and due_at < ${t}
    union all
    select 'incident_response', count(*), count(*) filter (where least(responded_at, closed_at) <= response_due_at)
      from incidents where response_due_at >= ${f} and response_due_at < ${t}
    union all
    select 'incident_report', count(*), count(*) filter (where reported_at <= report_due_at)
      from incidents where report_due_at >= ${f} and report_due_at < ${t}
    union all
    select 'retro', count(*), count(*) filter (where retro_at <= retro_due_at)
      from campaigns where retro_due_at >= ${f} and retro_due_at < ${t}`);
  const out = {
    feedback: { due: 0, met: 0 },
    incident_response: { due: 0, met: 0 },
    incident_report: { due: 0, met: 0 },
    retro: { due: 0, met: 0 },
  } as Record<SlaClock, { due: number; met: number }>;
  for (const r of rowsOf<{ kind: SlaClock; due: RawSum; met: RawSum }>(res)) {
    out[r.kind] = { due: num(r.due), met: num(r.met) };
  }
  return out;
}

export interface ApprovalActivity {
  contentSubmitted: number;
  contentApproved: number;
  /** Rejected or sent back for changes. */
  contentReturned: number;
  /** KOL deals whose published results were recorded in the period. */
  kolResults: number;
  kolGmvFen: number;
  kolFeeFen: number;
}

/** Content approvals submitted/decided in [from, to) and KOL deal results recorded in it. */
export async function approvalActivity(
  db: DbOrTx,
  span: { from: Date; to: Date },
): Promise<ApprovalActivity> {
  const [f, t] = [ts(span.from), ts(span.to)];
  const kolIn = sql`kind = 'kol_deal' and result is not null
    and (result->>'recordedAt')::timestamptz >= ${f} and (result->>'recordedAt')::timestamptz < ${t}`;
  const res = await db.execute(sql`
    select count(*) filter (where kind = 'content' and created_at >= ${f} and created_at < ${t}) as submitted,
           count(*) filter (where kind = 'content' and status = 'approved'
                            and decided_at >= ${f} and decided_at < ${t}) as approved,
           count(*) filter (where kind = 'content' and status in ('rejected', 'changes_requested')
                            and decided_at >= ${f} and decided_at < ${t}) as returned,
           count(*) filter (where ${kolIn}) as kol_results,
           sum((result->>'gmvFen')::bigint) filter (where ${kolIn}) as kol_gmv,
           sum((details->>'feeFen')::bigint) filter (where ${kolIn}) as kol_fee
    from approvals
    where (created_at >= ${f} and created_at < ${t}) or (decided_at >= ${f} and decided_at < ${t})
       or (kind = 'kol_deal' and result is not null)`);
  const r = rowsOf<Record<string, RawSum>>(res)[0];
  return {
    contentSubmitted: num(r?.submitted),
    contentApproved: num(r?.approved),
    contentReturned: num(r?.returned),
    kolResults: num(r?.kol_results),
    kolGmvFen: num(r?.kol_gmv),
    kolFeeFen: num(r?.kol_fee),
  };
}

export interface MonthTargets {
  /** Campaigns ending in the month. */
  campaigns: number;
  /** Sum of target_gmv over those that set one; null when none did. */
  gmvFen: number | null;
  gmvCampaigns: number;
  /** GMV the retrospectives of those campaigns reported (the actual to compare with their targets). */
  campaignGmvFen: number | null;
  newUsers: number | null;
  newUsersCampaigns: number;
}

/**
 * The month's campaign targets: campaigns that END in it (each counts in exactly one month). GMV compares
 * only campaigns with both a target and a filed retrospective, so an unfiled retro is not a miss.
 */
export async function monthTargets(db: DbOrTx, from: string, to: string): Promise<MonthTargets> {
  const res = await db.execute(sql`
    select count(*) as campaigns,
           sum(target_gmv_fen) filter (where retro_gmv_fen is not null) as gmv,
           count(target_gmv_fen) filter (where retro_gmv_fen is not null) as gmv_n,
           sum(retro_gmv_fen) filter (where target_gmv_fen is not null) as actual_gmv,
           sum(target_new_users) as new_users, count(target_new_users) as new_users_n
    from campaigns
    where end_date between ${from}::date and ${to}::date`);
  const r = rowsOf<Record<string, RawSum>>(res)[0];
  return {
    campaigns: num(r?.campaigns),
    gmvFen: r?.gmv === null || r?.gmv === undefined ? null : Number(r.gmv),
    gmvCampaigns: num(r?.gmv_n),
    campaignGmvFen: r?.actual_gmv === null || r?.actual_gmv === undefined ? null : Number(r.actual_gmv),
    newUsers: r?.new_users === null || r?.new_users === undefined ? null : Number(r.new_users),
    newUsersCampaigns: num(r?.new_users_n),
  };
}

/**
 * Whether anything happened that a digest of the local days `from`..`to` could report: a metric row dated
 * in the range, or any audited action (feedback, incidents, campaigns, spend, approvals …) from the range's
 * start until `until`. Catch-up skips a period without either instead of posting an empty digest.
 */
export async function periodHasData(
  db: DbOrTx,
  range: { from: string; to: string; start: Date; until: Date },
): Promise<boolean> {
  const res = await db.execute(sql`
    select (exists (select 1 from channel_metrics where date between ${range.from}::date and ${range.to}::date)
      or exists (select 1 from audit_log where at >= ${ts(range.start)} and at <= ${ts(range.until)})) as any`);
  const row = rowsOf<{ any: boolean | string }>(res)[0];
  return row?.any === true || row?.any === 't';
}
