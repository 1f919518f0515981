import type { Db } from '../db/client';
import { abTestsOpenOrClosedSince } from '../db/queries/abtests';
import { pulledAsOf, sourcesOn } from '../db/queries/connectors';
import { listContentPlans, postCounts } from '../db/queries/content';
import {
  approvalActivity,
  campaignResults,
  dailyKpiSums,
  feedbackCounts,
  incidentCounts,
  liveCampaigns,
  rangeKpiSums,
  slaHits,
  topFeedback,
} from '../db/queries/digests';
import { slaCounts } from '../db/queries/sla';
import { surveySums } from '../db/queries/survey';
import { buildDailyCard } from '../jobs/daily-digest';
import { buildWeeklyCard } from '../jobs/weekly-digest';
import { BASELINE_WEEKS } from '../src/domain/baselines';
import { budgetUsage } from '../src/domain/budget';
import { addDays, localDate } from '../src/domain/dates';
import { reportedWeek } from '../src/domain/digests';
import { getSettings } from '../src/domain/settings';
import { daysInMonth, monthStandings, prevMonth } from '../src/domain/targets';
import {
  type BenchDriver,
  bareQuery,
  benchDeps,
  explainAnalyze,
  fmt,
  loadNote,
  mdTable,
  onDrivers,
  type ScratchDb,
  CHANNEL_SUMS as SUMS,
  type Timing,
  timeInterleaved,
} from './lib';
import { BENCH_NOW, seedYear, TZ, type YearCounts } from './seed';

const ITERATIONS = Number(process.env.BENCH_DIGEST_ITERATIONS ?? 300);
const WARMUP = 20;
const DAY_MS = 86_400_000;

/** Paired sums over named day ranges, per channel and in total: the figures both digests report. */
const RANGE_SUMS = (ranges: string) => `
  select p.key as period, case when grouping(m.channel) = 1 then null else m.channel end as channel, ${SUMS}
  from (values ${ranges}) as p(key, d0, d1)
  join channel_metrics m on m.date between p.d0 and p.d1
  group by grouping sets ((p.key, m.channel), (p.key))`;

const BUDGET = (month: string) => `
  select category, sum(plan_fen) as plan, sum(spend_fen) as spend from (
    select category, plan_fen, 0::bigint as spend_fen from budget_plans where month = ${month}
    union all
    select category, 0::bigint, amount_fen from spend_entries where month = ${month}
  ) u group by rollup (category)`;

const CAMPAIGN_SPEND = `left join lateral (
    select sum(amount_fen) as spend from spend_entries e where e.campaign_id = c.id) s on true`;

/**
 * Everything the daily digest shows, in one statement: the day / the day before / a week before, every
 * channel-day of the 8 weeks before (the history each figure is judged against), live campaigns with their
 * spend, open and overdue SLA items per clock, the month's budget usage, the month's targets with the
 * month-to-date and same-days-last-month actuals, and which sources filled the day.
 * $1 day, $2 day before, $3 week before, $4 history start, $5 today, $6 now, $7 month, $8 month start,
 * $9–$10 the same days of the month before.
 */
const BARE_DAILY = `
  with sums as (${RANGE_SUMS(`('day', $1::date, $1::date), ('prev', $2::date, $2::date), ('week', $3::date, $3::date)`)}),
  history as (
    select m.date as period, case when grouping(m.channel) = 1 then null else m.channel end as channel, ${SUMS}
    from channel_metrics m where m.date between $4::date and $1::date
    group by grouping sets ((m.date, m.channel), (m.date))
  ),
  live as (
    select c.code, c.name, c.start_date, c.end_date, c.budget_fen, coalesce(s.spend, 0) as spend,
           count(*) over () as total
    from campaigns c ${CAMPAIGN_SPEND}
    where c.status not in ('ended', 'reviewed') and c.start_date <= $5::date and c.end_date >= $5::date
    order by c.end_date, c.id limit 8
  ),
  sla as (
    select 'feedback' as kind, count(*) as open, count(*) filter (where due_at < $6::timestamptz) as overdue
      from feedbacks where status = 'open'
    union all
    select 'incident_response', count(*), count(*) filter (where response_due_at < $6::timestamptz)
      from incidents where status = 'open'
    union all
    select 'incident_report', count(*), count(*) filter (where report_due_at < $6::timestamptz)
      from incidents where status = 'closed'
    union all
    select 'retro', count(*), count(*) filter (where retro_due_at < $6::timestamptz)
      from campaigns where status = 'ended'
  ),
  budget as (${BUDGET('$7')}),
  month as (
    select p.key, sum(m.gmv_fen) as gmv, sum(m.new_users) as new_users,
      sum(m.uv) filter (where m.channel = 'website') as website_uv,
      sum(m.gmv_fen) filter (where m.spend_fen is not null) as roi_gmv,
      sum(m.spend_fen) filter (where m.gmv_fen is not null) as roi_spend
    from (values ('month', $8::date, $1::date), ('prev', $9::date, $10::date)) as p(key, d0, d1)
    join channel_metrics m on m.date between p.d0 and p.d1 group by p.key
  ),
  sources as (
    select m.channel, m.sources, num_nonnulls(m.uv, m.pv, m.bounces, m.sessions, m.impressions, m.clicks,
      m.orders, m.buyers, m.gmv_fen, m.spend_fen, m.new_users, m.followers, m.active_users, m.retained_d7,
      m.cohort_d7, m.repeat_buyers) as figures
    from channel_metrics m where m.date = $1::date
  ),
  pulled as (
    select source, max(finished_at) as as_of from connector_runs
    where ok and $1::date between from_date and to_date group by source
  )
  select (select json_agg(sums) from sums) as sums, (select json_agg(history) from history) as history,
         (select json_agg(live) from live) as live, (select json_agg(sla) from sla) as sla,
         (select json_agg(budget) from budget) as budget, (select json_agg(month) from month) as month,
         (select json_agg(t) from targets t where t.month = $7) as targets,
         (select json_agg(sources) from sources) as sources, (select json_agg(pulled) from pulled) as pulled`;

/**
 * Everything the weekly digest shows, in one statement: the week and the week before, the 8 weeks before
 * it per channel (the history each figure is judged against), campaign results, content activity, feedback
 * by category (this week and last) with the top items, incidents, deadline hit rates, the month's budget
 * usage, the survey, the publishing plans with the week's posts, and the A/B tests open or closed since.
 * $1–$2 the week, $3–$4 the week before, $5 week start, $6 week end, $7 previous week start,
 * $8 hit-rate end (week end or now), $9 month.
 */
const BARE_WEEKLY = `
  with sums as (${RANGE_SUMS(`('cur', $1::date, $2::date), ('prev', $3::date, $4::date)`)}),
  weeks as (
    select ($1::date - 7 * i) as key, ($1::date - 7 * i) as d0, ($1::date - 7 * i + 6) as d1
    from generate_series(0, ${BASELINE_WEEKS}) as g(i)
  ),
  history as (
    select p.key as period, case when grouping(m.channel) = 1 then null else m.channel end as channel, ${SUMS}
    from weeks p join channel_metrics m on m.date between p.d0 and p.d1
    group by grouping sets ((p.key, m.channel), (p.key))
  ),
  survey as (select sum(responses) as responses, sum(score_sum) as score_sum from survey_results
    where date between $1::date and $2::date),
  posts as (select channel, count(*) as n from content_posts where published_on between $1::date and $2::date
    group by channel),
  ab as (select * from ab_tests where status = 'open' or (status = 'closed' and closed_at >= $5::timestamptz)
    order by id desc limit 200),
  camp as (
    select c.code, c.name, c.status, c.end_date, c.ended_at, c.retro_due_at, c.retro_roi, c.retro_gmv_fen,
           c.target_gmv_fen, c.target_roi, coalesce(s.spend, 0) as spend, count(*) over () as total
    from campaigns c ${CAMPAIGN_SPEND}
    where (c.retro_at >= $5::timestamptz and c.retro_at < $6::timestamptz)
       or (c.ended_at >= $5::timestamptz and c.ended_at < $6::timestamptz)
       or (c.ended_at is null and c.status in ('planned', 'live') and c.end_date between $1::date and $2::date)
    order by (c.status = 'reviewed') desc, coalesce(c.retro_at, c.ended_at) desc nulls last, c.id
    limit 6
  ),
  fb as (
    select category, count(*) filter (where created_at >= $5::timestamptz) as cur,
           count(*) filter (where created_at < $5::timestamptz) as prev,
           count(*) filter (where created_at >= $5::timestamptz and severity = 'high') as high
    from feedbacks where created_at >= $7::timestamptz and created_at < $6::timestamptz
    group by rollup (category)
  ),
  top as (
    select code, category, severity, status, text from feedbacks
    where created_at >= $5::timestamptz and created_at < $6::timestamptz
    order by case severity when 'high' then 0 when 'medium' then 1 else 2 end, created_at desc, id desc
    limit 5
  ),
  inc as (
    select count(*) filter (where created_at >= $5::timestamptz and created_at < $6::timestamptz) as opened,
           count(*) filter (where created_at >= $5::timestamptz and created_at < $6::timestamptz
                            and severity in ('high', 'critical')) as serious,
           count(*) filter (where closed_at >= $5::timestamptz and closed_at < $6::timestamptz) as closed,
           count(*) filter (where status in ('open', 'responded')) as still_open
    from incidents
    where (created_at >= $5::timestamptz and created_at < $6::timestamptz)
       or (closed_at >= $5::timestamptz and closed_at < $6::timestamptz) or status in ('open', 'responded')
  ),
  hits as (
    select 'feedback' as kind, count(*) as due, count(*) filter (where acked_at <= due_at) as met
      from feedbacks where due_at >= $5::timestamptz and due_at < $8::timestamptz
    union all
    select 'incident_response', count(*), count(*) filter (where least(responded_at, closed_at) <= response_due_at)
      from incidents where response_due_at >= $5::timestamptz and response_due_at < $8::timestamptz
    union all
    select 'incident_report', count(*), count(*) filter (where reported_at <= report_due_at)
      from incidents where report_due_at >= $5::timestamptz and report_due_at < $8::timestamptz
    union all
    select 'retro', count(*), count(*) filter (where retro_at <= retro_due_at)
      from campaigns where retro_due_at >= $5::timestamptz and retro_due_at < $8::timestamptz
  ),
  appr as (
    select count(*) filter (where kind = 'content' and created_at >= $5::timestamptz and created_at < $6::timestamptz) as submitted,
           count(*) filter (where kind = 'content' and status = 'approved'
                            and decided_at >= $5::timestamptz and decided_at < $6::timestamptz) as approved,
           count(*) filter (where kind = 'content' and status in ('rejected', 'changes_requested')
                            and decided_at >= $5::timestamptz and decided_at < $6::timestamptz) as returned,
           count(*) filter (where kind = 'kol_deal' and result is not null) as kol_results
    from approvals
    where (created_at >= $5::timestamptz and created_at < $6::timestamptz)
       or (decided_at >= $5::timestamptz and decided_at < $6::timestamptz) or (kind = 'kol_deal' and result is not null)
  ),
  budget as (${BUDGET('$9')})
  select (select json_agg(sums) from sums) as sums, (select json_agg(camp) from camp) as campaigns,
         (select json_agg(fb) from fb) as feedback, (select json_agg(top) from top) as top,
         (select row_to_json(inc) from inc) as incidents, (select json_agg(hits) from hits) as hits,
         (select row_to_json(appr) from appr) as approvals, (select json_agg(budget) from budget) as budget,
         (select json_agg(history) from history) as history, (select row_to_json(survey) from survey) as survey,
         (select json_agg(p order by p.channel) from content_plans p) as plans,
         (select json_agg(posts) from posts) as posts, (select json_agg(ab) from ab) as ab`;

function dailyParams(now: Date): unknown[] {
  const today = localDate(now, TZ);
  const date = addDays(today, -1);
  const month = date.slice(0, 7);
  // The month before over the same days (as monthStandings reads it).
  const pm = prevMonth(month);
  const prevTo = `${pm}-${String(Math.min(Number(date.slice(8, 10)), daysInMonth(pm))).padStart(2, '0')}`;
  return [
    date,
    addDays(date, -1),
    addDays(date, -7),
    addDays(date, -7 * BASELINE_WEEKS),
    today,
    now.toISOString(),
    month,
    `${month}-01`,
    `${pm}-01`,
    prevTo,
  ];
}

function weeklyParams(now: Date): unknown[] {
  const w = reportedWeek(now, TZ);
  const hitsTo = w.end < now ? w.end : now;
  return [
    w.from,
    w.to,
    w.prevFrom,
    w.prevTo,
    w.start.toISOString(),
    w.end.toISOString(),
    w.prevStart.toISOString(),
    hitsTo.toISOString(),
    w.to.slice(0, 7),
  ];
}

interface Part {
  name: string;
  t: Timing;
}

interface DriverResult {
  counts: YearCounts;
  daily: Timing;
  dailyQueries: Timing;
  dailyBare: Timing;
  weekly: Timing;
  weeklyQueries: Timing;
  weeklyBare: Timing;
  /** The daily digest's queries one by one, to see which dominates. */
  dailyParts: Part[];
  /** Per-part server time of the bare statements (EXPLAIN ANALYZE), PostgreSQL only. */
  explain?: { daily: string[]; weekly: string[] };
}

/** The daily builder's SQL calls as it makes them (concurrently), without building the card. */
function dailyQueries(db: Db, now: Date) {
  const today = localDate(now, TZ);
  const date = addDays(today, -1);
  const one = (key: string, d: string) => ({ key, from: d, to: d });
  return Promise.all([
    rangeKpiSums(db, [one('day', date), one('prev', addDays(date, -1)), one('week', addDays(date, -7))]),
    dailyKpiSums(db, addDays(date, -7 * BASELINE_WEEKS), date),
    liveCampaigns(db, today, 8),
    slaCounts(db, now),
    budgetUsage(db, date.slice(0, 7)),
    monthStandings(db, [date.slice(0, 7)], date),
    sourcesOn(db, date),
    pulledAsOf(db, date),
  ]);
}

/** The weekly builder's SQL calls as it makes them (concurrently), without building the card. */
function weeklyQueries(db: Db, now: Date) {
  const w = reportedWeek(now, TZ);
  const span = { from: w.start, to: w.end };
  return Promise.all([
    rangeKpiSums(db, [
      { key: 'cur', from: w.from, to: w.to },
      { key: 'prev', from: w.prevFrom, to: w.prevTo },
    ]),
    rangeKpiSums(
      db,
      Array.from({ length: BASELINE_WEEKS + 1 }, (_, i) => {
        const start = addDays(w.from, -7 * i);
        return { key: start, from: start, to: addDays(start, 6) };
      }),
    ),
    campaignResults(db, { ...span, fromDate: w.from, toDate: w.to }, 6),
    feedbackCounts(db, { prevFrom: w.prevStart, ...span }),
    topFeedback(db, span, 5),
    incidentCounts(db, span),
    slaHits(db, { from: w.start, to: w.end < now ? w.end : now }),
    approvalActivity(db, span),
    budgetUsage(db, w.to.slice(0, 7)),
    surveySums(db, w.from, w.to),
    listContentPlans(db),
    postCounts(db, w.from, w.to),
    abTestsOpenOrClosedSince(db, w.start, 200),
  ]);
}

/**
 * EXPLAIN ANALYZE of a bare statement, condensed to the server time of each part (its InitPlans, in
 * select-list order) and the total.
 */
async function partTimes(h: ScratchDb, text: string, params: unknown[], names: string[]): Promise<string[]> {
  const plan = await explainAnalyze(h, text, params);
  const out: string[] = [];
  let k = 0;
  for (let i = 0; i < plan.length; i++) {
    if (!/^\s*InitPlan \d+/.test(plan[i]!)) continue;
    const m = plan[i + 1]?.match(/actual time=[\d.]+\.\.([\d.]+)/);
    if (m) out.push(`${names[k] ?? `part ${k + 1}`} ${m[1]} ms`);
    k++;
  }
  const exec = plan.find((l) => l.startsWith('Execution Time'));
  return [...out, ...(exec ? [exec.replace('Execution Time:', 'total')] : [])];
}

async function runOn(h: ScratchDb): Promise<DriverResult> {
  const counts = await seedYear(h);
  const deps = benchDeps(h);
  const settings = await getSettings(deps.db, deps.config);
  const q = bareQuery(h);

  // Every call is a different day (daily) or week (weekly), walking back through the year.
  const dailyNows = Array.from({ length: 300 }, (_, k) => new Date(BENCH_NOW.getTime() - k * DAY_MS));
  const weeklyNows = Array.from({ length: 44 }, (_, k) => new Date(BENCH_NOW.getTime() - 7 * k * DAY_MS));
  const dp = dailyNows.map(dailyParams);
  const wp = weeklyNows.map(weeklyParams);
  const dNow = (i: number) => dailyNows[i % dailyNows.length]!;
  const wNow = (i: number) => weeklyNows[i % weeklyNows.length]!;

  // The builders must produce real digests over the data, not the empty-period card.
  const probe = await buildDailyCard(deps, BENCH_NOW, settings, { chart: false });
  const weekProbe = await buildWeeklyCard(deps, BENCH_NOW, settings, { chart: false });
  if (probe.summary.empty || weekProbe.summary.empty) throw new Error('digest probe found no data');

  const t = await timeInterleaved(
    {
      daily: (i) => buildDailyCard(deps, dNow(i), settings, { chart: false }),
      dailyQueries: (i) => dailyQueries(h.db, dNow(i)),
      dailyBare: (i) => q(BARE_DAILY, dp[i % dp.length]),
      weekly: (i) => buildWeeklyCard(deps, wNow(i), settings, { chart: false }),
      weeklyQueries: (i) => weeklyQueries(h.db, wNow(i)),
      weeklyBare: (i) => q(BARE_WEEKLY, wp[i % wp.length]),
    },
    { iterations: ITERATIONS, warmup: WARMUP },
  );

  // Where the daily digest's time goes: each of its queries alone.
  const day = (i: number) => dp[i % dp.length] as string[];
  const parts = await timeInterleaved(
    {
      rangeKpiSums: (i) =>
        rangeKpiSums(h.db, [
          { key: 'day', from: day(i)[0]!, to: day(i)[0]! },
          { key: 'prev', from: day(i)[1]!, to: day(i)[1]! },
          { key: 'week', from: day(i)[2]!, to: day(i)[2]! },
        ]),
      'dailyKpiSums (8-week history)': (i) => dailyKpiSums(h.db, day(i)[3]!, day(i)[0]!),
      liveCampaigns: (i) => liveCampaigns(h.db, day(i)[4]!, 8),
      'slaCounts (4 queries)': (i) => slaCounts(h.db, dNow(i)),
      budgetUsage: (i) => budgetUsage(h.db, day(i)[6]!),
      monthStandings: (i) => monthStandings(h.db, [day(i)[6]!], day(i)[0]!),
      'sourcesOn + pulledAsOf': (i) =>
        Promise.all([sourcesOn(h.db, day(i)[0]!), pulledAsOf(h.db, day(i)[0]!)]),
    },
    { iterations: Math.min(ITERATIONS, 100), warmup: 10 },
  );
  const dailyParts = Object.entries(parts).map(([name, t]) => ({ name, t: t as Timing }));
  const explain = {
    daily: await partTimes(h, BARE_DAILY, dp[0]!, [
      'sums',
      'history',
      'live',
      'sla',
      'budget',
      'month',
      'targets',
      'sources',
      'pulled',
    ]),
    weekly: await partTimes(h, BARE_WEEKLY, wp[0]!, [
      'sums',
      'campaigns',
      'feedback',
      'top',
      'incidents',
      'hits',
      'approvals',
      'budget',
      'history',
      'survey',
      'plans',
      'posts',
      'ab',
    ]),
  };
  return { counts, ...t, dailyParts, explain };
}

/** Daily and weekly digest computation over a year of data, against the bare SQL aggregates. */
export async function benchDigests(): Promise<string> {
  const load = loadNote();
  const drivers: BenchDriver[] = ['postgres', 'embedded'];
  const results = await onDrivers(drivers, 'digests', (h) => runOn(h));
  if (results.length === 0) return '### Digests\n\nNo database available.';
  const c = results[0]!.result.counts;
  const line = (name: string, t: Timing) => [name, fmt(t.p50), fmt(t.p99), fmt(t.mean), fmt(t.max)];
  const rows = results.flatMap(({ label, result: r }) => [
    line(`${label}: buildDailyCard (chart: false)`, r.daily),
    line(`${label}: its SQL calls only (drizzle, concurrent)`, r.dailyQueries),
    line(`${label}: **bare SQL**, daily (one statement)`, r.dailyBare),
    line(`${label}: buildWeeklyCard`, r.weekly),
    line(`${label}: its SQL calls only (drizzle, concurrent)`, r.weeklyQueries),
    line(`${label}: **bare SQL**, weekly (one statement)`, r.weeklyBare),
  ]);
  const ratios = results.map(
    ({ label, result: r }) =>
      `${label}: daily p99 **${fmt(r.daily.p99 / r.dailyBare.p99)}×** (p50 ${fmt(r.daily.p50 / r.dailyBare.p50)}×), ` +
      `weekly p99 **${fmt(r.weekly.p99 / r.weeklyBare.p99)}×** (p50 ${fmt(r.weekly.p50 / r.weeklyBare.p50)}×)`,
  );
  // Two medians of noisy samples can cross: a negative difference means "too small to see here".
  const gap = (a: number, b: number) => (a - b > 0 ? fmt(a - b) : '≈0');
  const split = results.map(
    ({ label, result: r }) =>
      `${label}: daily ${fmt(r.daily.p50)} ms = ${fmt(r.dailyQueries.p50)} ms of SQL calls ` +
      `(vs ${fmt(r.dailyBare.p50)} ms in one statement) + ${gap(r.daily.p50, r.dailyQueries.p50)} ms building the card; ` +
      `weekly ${fmt(r.weekly.p50)} ms = ${fmt(r.weeklyQueries.p50)} ms of SQL calls ` +
      `(vs ${fmt(r.weeklyBare.p50)} ms) + ${gap(r.weekly.p50, r.weeklyQueries.p50)} ms building the card`,
  );
  const partRows = results.flatMap(({ label, result: r }) =>
    r.dailyParts.map((p) => [`${label}: ${p.name}`, fmt(p.t.p50), fmt(p.t.p99)]),
  );
  const explained = results.find((r) => r.result.explain);
  return [
    `### Daily and weekly digests over one year (${ITERATIONS} builds each, interleaved, after ${WARMUP} warm-up)`,
    '',
    `Data: ${c.metricRows} channel-metric rows (365 days × ${c.channels} channels), ${c.campaigns} campaigns, ` +
      `${c.spendEntries.toLocaleString('en')} spend entries, ${c.feedback.toLocaleString('en')} feedback items, ` +
      `${c.incidents} incidents, ${c.approvals} content approvals. Each build is for a different day or week. ` +
      'The builders return the full card (text, sections; no chart image); each bare statement reads the same ' +
      'rows and aggregates in one round trip (JSON per part), including the 8 weeks of channel history the ' +
      'baselines judge each figure against, the targets and the sources; what the builder adds beyond it is ' +
      'the robust statistics (medians, MADs) and the card itself.',
    '',
    mdTable(['path', 'p50 ms', 'p99 ms', 'mean ms', 'max ms'], rows),
    '',
    `Ratio builder/bare SQL (target ≤ 1.5×): ${ratios.join('; ')}.`,
    '',
    `Where the time goes (p50): ${split.join('; ')}.`,
    '',
    "The daily digest's queries timed one at a time (the builder runs them concurrently; `slaCounts` is four " +
      'sequential queries):',
    '',
    mdTable(['query', 'p50 ms', 'p99 ms'], partRows),
    ...(explained
      ? [
          '',
          `Server time per part of the bare statements on ${explained.label} (EXPLAIN ANALYZE, first day/week): ` +
            `daily — ${explained.result.explain!.daily.join(', ')}; weekly — ${explained.result.explain!.weekly.join(', ')}.`,
        ]
      : []),
    '',
    load,
  ].join('\n');
}
