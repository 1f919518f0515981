/**
 * Which figures of which channels are unusual for that channel: each figure's history from the channel-metric
 * sums (db/queries/digests.ts), judged by src/domain/baselines.ts. The daily and weekly digests' loaders and
 * /metrics share it, so a figure is flagged by one rule everywhere.
 */

import type { DbOrTx } from '../../db/client';
import { dailyKpiSums, type RangeSumRow, rangeKpiSums } from '../../db/queries/digests';
import { sumOrNull } from '../../db/queries/metrics';
import {
  BASELINE_WEEKS,
  type BaselineRules,
  DAILY_RULES,
  judge,
  type Point,
  type Verdict,
  WEEKLY_RULES,
} from './baselines';
import { addDays, dayOfWeek } from './dates';
import { PERIOD_METRICS, type PeriodMetric } from './figures';
import { KPI_NAMES, type KpiName, kpisOf } from './metrics';

/** The figures judged: the weekly and monthly reports' figures (the daily ten among them) and /metrics' KPIs. */
export const JUDGED: readonly (PeriodMetric | KpiName)[] = [...new Set([...PERIOD_METRICS, ...KPI_NAMES])];
export type Judged = (typeof JUDGED)[number];

/** Verdicts per channel code ('total' for all channels together) and figure. */
export type Verdicts = ReadonlyMap<string, Partial<Record<Judged, Verdict>>>;

const JUDGED_SET: ReadonlySet<string> = new Set(JUDGED);
const isJudged = (key: string): key is Judged => JUDGED_SET.has(key);

/** The verdict on one figure of one channel ('total' for all channels); undefined for a figure not judged. */
export function verdictFor(v: Verdicts, channel: string, key: string): Verdict | undefined {
  return isJudged(key) ? v.get(channel)?.[key] : undefined;
}

type Row = Omit<RangeSumRow, 'period' | 'channel'>;
type Figure = { value: number | null; events: number | null };

/**
 * Each figure by the same formulas as the cards (kpisOf), with the count of independent events behind it
 * for the Poisson floor: orders behind GMV, ROI and CVR, buyers behind AOV, clicks behind CTR, visitors
 * behind UV and PV (pages per visitor are habit, not chance), none behind spend (a decision, not a draw).
 */
function figures(r: Row): Record<Judged, Figure> {
  const kpis = kpisOf(r);
  const orders = sumOrNull(r.orders);
  return {
    gmv: { value: sumOrNull(r.gmv), events: orders },
    spend: { value: sumOrNull(r.spend), events: null },
    orders: { value: orders, events: orders },
    uv: { value: sumOrNull(r.uv), events: sumOrNull(r.uv) },
    pv: { value: sumOrNull(r.pv), events: sumOrNull(r.uv) },
    clicks: { value: sumOrNull(r.clicks), events: sumOrNull(r.clicks) },
    newUsers: { value: sumOrNull(r.new_users), events: sumOrNull(r.new_users) },
    roi: { value: kpis.roi, events: orders },
    cvr: { value: kpis.cvr, events: orders },
    aov: { value: kpis.aov, events: sumOrNull(r.aov_d) },
    ctr: { value: kpis.ctr, events: sumOrNull(r.ctr_n) },
    cac: { value: kpis.cac, events: sumOrNull(r.new_users) },
    bounceRate: { value: kpis.bounceRate, events: sumOrNull(r.br_n) },
  };
}

/**
 * Verdicts for `current` from rows of periods up to and including it (`period` sorts by time): every channel
 * with a row in `current`, and the total. `prev` is the period the fallback compares with.
 */
export function verdictsOf(
  rows: readonly RangeSumRow[],
  opts: {
    current: string;
    prev: string;
    slot: (period: string) => number;
    threshold: number;
    rules: BaselineRules;
  },
): Verdicts {
  const byKey = new Map<string, Map<string, Row>>();
  for (const r of rows) {
    const key = r.channel ?? 'total';
    const periods = byKey.get(key) ?? new Map<string, Row>();
    periods.set(r.period, r);
    byKey.set(key, periods);
  }
  const out = new Map<string, Partial<Record<Judged, Verdict>>>();
  // Each period's slot and each row's figures are worked out once, not once per figure judged.
  const slots = new Map<string, number>();
  const slotOf = (p: string) => {
    let s = slots.get(p);
    if (s === undefined) {
      s = opts.slot(p);
      slots.set(p, s);
    }
    return s;
  };
  const slot = slotOf(opts.current);
  for (const [key, periods] of byKey) {
    const today = periods.get(opts.current);
    if (!today) continue;
    const before = [...periods]
      .filter(([p]) => p < opts.current)
      .map(([p, r]) => ({ slot: slotOf(p), figures: figures(r) }));
    const now = figures(today);
    const prev = periods.get(opts.prev);
    const prevFigures = prev ? figures(prev) : undefined;
    const verdicts: Partial<Record<Judged, Verdict>> = {};
    for (const k of JUDGED) {
      const history: Point[] = before.map((b) => ({ slot: b.slot, ...b.figures[k] }));
      const v = judge({
        value: now[k].value,
        slot,
        history,
        prev: prevFigures ? prevFigures[k].value : null,
        threshold: opts.threshold,
        rules: opts.rules,
      });
      if (v) verdicts[k] = v;
    }
    out.set(key, verdicts);
  }
  return out;
}

/** Verdicts for local day `date` against the 8 weeks before it (weekday-aware). */
export async function dailyVerdicts(db: DbOrTx, date: string, threshold: number): Promise<Verdicts> {
  const rows = await dailyKpiSums(db, addDays(date, -7 * BASELINE_WEEKS), date);
  return verdictsOf(rows, {
    current: date,
    prev: addDays(date, -1),
    slot: dayOfWeek,
    threshold,
    rules: DAILY_RULES,
  });
}

/** Verdicts for the week starting on Monday `from` against the 8 weeks before it. */
export async function weeklyVerdicts(db: DbOrTx, from: string, threshold: number): Promise<Verdicts> {
  const ranges = Array.from({ length: BASELINE_WEEKS + 1 }, (_, i) => {
    const start = addDays(from, -7 * i);
    return { key: start, from: start, to: addDays(start, 6) };
  });
  const rows = await rangeKpiSums(db, ranges);
  return verdictsOf(rows, {
    current: from,
    prev: addDays(from, -7),
    slot: () => 0,
    threshold,
    rules: WEEKLY_RULES,
  });
}
