import { dispatchCommand } from '../handlers/index';
import type { Actor, Place } from '../src/chat/command';
import { addDays } from '../src/domain/dates';
import { kpiReport } from '../src/domain/metrics';
import {
  type BenchDriver,
  bareQuery,
  benchDeps,
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

interface DriverResult {
  counts: YearCounts;
  /** dispatchCommand → handler → kpiReport → card. */
  handler: Timing;
  /** kpiReport alone: the domain call and its drizzle query, no parsing or card. */
  domain: Timing;
  /** The bare statement sent as drizzle's db.execute sends SQL (postgres.js unprepared). */
  unprepared: Timing;
  /** The bare statement as a prepared statement on the driver: the baseline. */
  bare: Timing;
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
  const t = await timeInterleaved(
    {
      handler: (i) => dispatchCommand(deps, { text: `metrics date=${dayOf(i)}`, actor, place }),
      domain: (i) => kpiReport(h.db, dayOf(i)),
      unprepared: (i) => unprepared(BARE_KPI_SQL, params(i)),
      bare: (i) => q(BARE_KPI_SQL, params(i)),
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
    line(`${label}: **bare SQL** (same aggregate, driver directly)`, r.bare),
  ]);
  const ratios = results.map(
    ({ label, result: r }) =>
      `${label}: p99 ratio **${fmt(r.handler.p99 / r.bare.p99)}×**, p50 ratio ${fmt(r.handler.p50 / r.bare.p50)}×`,
  );
  return [
    `### /metrics over one year (${ITERATIONS} calls each, interleaved, after ${WARMUP} warm-up)`,
    '',
    `Data: ${c.metricRows} channel-metric rows (${DAYS} days × ${c.channels} channels — every channel code the ` +
      `product knows; the issue's "15 channels" would need codes it rejects), ${c.spendEntries.toLocaleString('en')} spend entries, ` +
      `${c.campaigns} campaigns, ${c.feedback.toLocaleString('en')} feedback items. Each call asks for a different day ` +
      '(walking back through the year); the reply is the full KPI card for that day, the day before and a week before.',
    '',
    mdTable(['path', 'p50 ms', 'p99 ms', 'mean ms', 'max ms'], rows),
    '',
    `Ratio handler/bare SQL (target p99 ≤ 1.5×): ${ratios.join('; ')}.`,
    '',
    load,
  ].join('\n');
}
