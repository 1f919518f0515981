import { dispatchCommand } from '../handlers/index';
import type { Actor, Place } from '../src/chat/command';
import { BASELINE_WEEKS } from '../src/domain/baselines';
import { addDays } from '../src/domain/dates';
import { kpiReport } from '../src/domain/metrics';
import { metricsView } from '../src/domain/metrics-view';
import {
  type BenchDriver,
  bareQuery,
  benchDeps,
  CHANNEL_SUMS,
  fixedClock,
  fmt,
  loadNote,
  mdTable,
  onDrivers,
  type ScratchDb,
  type Timing,
  timeInterleaved,
} from './lib';
import { BENCH_NOW, LAST_DAY, seedYear, type YearCounts } from './seed';

const ITERATIONS = Number(process.env.BENCH_METRICS_ITERATIONS ?? 1000);
const WARMUP = 50;
const DAYS = 365;

const actor: Actor = { platform: 'slack', userId: 'UBENCH', name: 'bench' };
const place: Place = { platform: 'slack', channel: 'CBENCH' };

/**
 * The same aggregate as the /metrics card, written by hand: per (date, channel) and per date over all
 * channels for the day, the day before and a week before, with each KPI's numerator and denominator
 * summed only over rows where the other side was logged.
 */
const BARE_KPI_SQL = `
  select date::text as date, channel,
    sum(uv) as uv, sum(pv) as pv, sum(bounces) as bounces, sum(sessions) as sessions,
    sum(impressions) as impressions, sum(clicks) as clicks, sum(orders) as orders, sum(buyers) as buyers,
    sum(gmv_fen) as gmv, sum(spend_fen) as spend, sum(new_users) as new_users, sum(followers) as followers,
    sum(clicks) filter (where impressions is not null) as ctr_n,
    sum(impressions) filter (where clicks is not null) as ctr_d,
    sum(orders) filter (where clicks is not null) as cvr_n,
    sum(clicks) filter (where orders is not null) as cvr_d,
    sum(gmv_fen) filter (where buyers is not null) as aov_n,
    sum(buyers) filter (where gmv_fen is not null) as aov_d,
    sum(gmv_fen) filter (where spend_fen is not null) as roi_n,
    sum(spend_fen) filter (where gmv_fen is not null) as roi_d,
    sum(spend_fen) filter (where new_users is not null) as cac_n,
    sum(new_users) filter (where spend_fen is not null) as cac_d,
    sum(bounces) filter (where sessions is not null) as br_n,
    sum(sessions) filter (where bounces is not null) as br_d
  from channel_metrics
  where date in ($1::date, $2::date, $3::date)
  group by grouping sets ((date, channel), (date))`;

/**
 * What the /metrics handler reads since the anomaly verdicts landed, in one round trip: the 3-day aggregate
 * above and every channel-day of the 8 weeks before the day (the history each figure is judged against).
 * $1 the day, $2 the day before, $3 a week before, $4 the history's first day.
 */
const BARE_WITH_HISTORY_SQL = `
  with kpi as (${BARE_KPI_SQL}),
  history as (
    select m.date::text as date, m.channel, ${CHANNEL_SUMS}
    from channel_metrics m where m.date between $4::date and $1::date
    group by grouping sets ((m.date, m.channel), (m.date))
  )
  select (select json_agg(kpi) from kpi) as kpi, (select json_agg(history) from history) as history`;

interface DriverResult {
  counts: YearCounts;
  /** dispatchCommand → handler → kpiReport → card. */
  handler: Timing;
  /** kpiReport alone: the domain call and its drizzle query, no parsing or card. */
  domain: Timing;
  /** The bare statement sent as drizzle's db.execute sends SQL (postgres.js unprepared). */
  unprepared: Timing;
  /** The bare statement as a prepared statement on the driver. */
  bare: Timing;
  /** metricsView: the one domain call the handler makes (report, verdicts over the history, threshold). */
  view: Timing;
  /** The 3-day aggregate and the 8-week history in one prepared statement: the baseline for the handler. */
  bareHistory: Timing;
}

/** The i-th day asked for: walks back through the year, so every call reads different rows. */
const dayOf = (i: number) => addDays(LAST_DAY, -(i % (DAYS - 8)));

async function runOn(h: ScratchDb): Promise<DriverResult> {
  const counts = await seedYear(h, { days: DAYS });
  const deps = benchDeps(h, {}, fixedClock(BENCH_NOW));
  const q = bareQuery(h);

  // The handler must answer with the real card, not an error or usage reply.
  const probe = await dispatchCommand(deps, { text: `metrics date=${LAST_DAY}`, actor, place });
  if (!probe.card.sections || probe.card.sections.length < 2 || probe.card.tone === 'danger') {
    throw new Error(`/metrics did not produce a KPI card: ${JSON.stringify(probe.card).slice(0, 300)}`);
  }
  const rows = await q(BARE_KPI_SQL, [LAST_DAY, addDays(LAST_DAY, -1), addDays(LAST_DAY, -7)]);
  if (rows.length !== 3 * (counts.channels + 1)) throw new Error(`bare query gave ${rows.length} rows`);

  const unprepared = bareQuery(h, { prepare: false });
  const params = (i: number) => {
    const d = dayOf(i);
    return [d, addDays(d, -1), addDays(d, -7)];
  };
  const withHistory = (i: number) => [...params(i), addDays(dayOf(i), -7 * BASELINE_WEEKS)];
  const t = await timeInterleaved(
    {
      handler: (i) => dispatchCommand(deps, { text: `metrics date=${dayOf(i)}`, actor, place }),
      domain: (i) => kpiReport(h.db, dayOf(i)),
      unprepared: (i) => unprepared(BARE_KPI_SQL, params(i)),
      bare: (i) => q(BARE_KPI_SQL, params(i)),
      view: (i) => metricsView(deps, dayOf(i)),
      bareHistory: (i) => q(BARE_WITH_HISTORY_SQL, withHistory(i)),
    },
    { iterations: ITERATIONS, warmup: WARMUP },
  );
  return { counts, ...t };
}

/** `/metrics` over a year of data: the real handler path against the bare SQL aggregate. */
export async function benchMetrics(): Promise<string> {
  const load = loadNote();
  const drivers: BenchDriver[] = ['postgres', 'embedded'];
  const results = await onDrivers(drivers, 'metrics', (h) => runOn(h));
  if (results.length === 0) return '### /metrics\n\nNo database available.';
  const c = results[0]!.result.counts;
  const line = (name: string, t: Timing) => [name, fmt(t.p50), fmt(t.p99), fmt(t.mean), fmt(t.max)];
  const rows = results.flatMap(({ label, result: r }) => [
    line(`${label}: \`/metrics date=…\` through dispatchCommand`, r.handler),
    line(`${label}: kpiReport() alone (domain + drizzle query)`, r.domain),
    line(`${label}: bare SQL, unprepared (as db.execute sends it)`, r.unprepared),
    line(`${label}: bare SQL (the 3-day aggregate alone, driver directly)`, r.bare),
    line(`${label}: metricsView() alone (report + verdicts over 8 weeks)`, r.view),
    line(`${label}: **bare SQL** (3-day aggregate + 8-week history, one statement)`, r.bareHistory),
  ]);
  const ratios = results.map(
    ({ label, result: r }) =>
      `${label}: p99 ratio **${fmt(r.handler.p99 / r.bareHistory.p99)}×**, p50 ratio ${fmt(r.handler.p50 / r.bareHistory.p50)}× ` +
      `(against the 3-day aggregate alone, which no longer is all the handler reads: p99 ${fmt(r.handler.p99 / r.bare.p99)}×)`,
  );
  const split = results.map(
    ({ label, result: r }) =>
      `${label}: ${fmt(r.handler.p50)} ms = ${fmt(r.view.p50)} ms metricsView (of which the report ${fmt(r.domain.p50)} ms) ` +
      `+ ${fmt(Math.max(0, r.handler.p50 - r.view.p50))} ms parsing, settings and the card`,
  );
  return [
    `### /metrics over one year (${ITERATIONS} calls each, interleaved, after ${WARMUP} warm-up)`,
    '',
    `Data: ${c.metricRows} channel-metric rows (${DAYS} days × ${c.channels} channels — every channel code the ` +
      `product knows; the issue's "15 channels" would need codes it rejects), ${c.spendEntries.toLocaleString('en')} spend entries, ` +
      `${c.campaigns} campaigns, ${c.feedback.toLocaleString('en')} feedback items. Each call asks for a different day ` +
      '(walking back through the year); the reply is the full KPI card for that day, the day before and a week before, ' +
      'with each figure judged against the same weekday of the 8 weeks before.',
    '',
    mdTable(['path', 'p50 ms', 'p99 ms', 'mean ms', 'max ms'], rows),
    '',
    `Ratio handler/bare SQL (target p99 ≤ 1.5×): ${ratios.join('; ')}.`,
    '',
    `Where the time goes (p50): ${split.join('; ')}. What metricsView adds beyond reading is the robust ` +
      'statistics of every figure of every channel (medians and MADs over 8 weeks, src/domain/baselines.ts).',
    '',
    load,
  ].join('\n');
}
