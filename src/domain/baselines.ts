/**
 * Baselines: is a figure unusual for this channel? Each figure is compared with the channel's own recent
 * history, weekday by weekday, and flagged only when it is far outside what that history makes ordinary.
 * Pure: no database, no clock (the loaders in digests.ts and metrics.ts bring the history).
 *
 * The method, and why:
 * - Work on the logarithm of the figure. Marketing figures move multiplicatively (a weekday habit is "−20%",
 *   not "−¥3万"), so on a log scale one scale serves a channel's Mondays and Saturdays alike, and a residual
 *   reads as a ratio (log 0.6 ≈ −0.51 is a 40% drop whatever the channel's size).
 * - Level: the median of the same weekday over the last 8 weeks ("the last 6 Tuesdays" when only six are
 *   logged). The same weekday carries the weekly habit without a model; the median ignores a campaign day or
 *   a 双11 peak in the history, which a mean (or an exponential average) would drag the level towards.
 * - Scale: the median absolute deviation (×1.4826, the MAD of a normal sample equals 0.6745σ) of the
 *   leave-one-out residuals of *every* day of those 8 weeks, each day against the median of the other days
 *   of its weekday: up to 56 residuals instead of 8. With one weekday's own 6–8 points the MAD is so noisy
 *   (its relative error is about 45% at n = 6) that the threshold swings from day to day: an earlier attempt
 *   with the same-weekday MAD measured 1.3% false flags but caught only 93.9% of 40% drops on small channels.
 *   Leaving the day out makes the residuals carry the error of the level estimate too, as today's does.
 * - Floor: a small channel's count is Poisson noise as much as habit. A figure made of k independent events
 *   (orders behind GMV and CVR, clicks behind CTR) cannot be steadier than 1/√k on the log scale, so the
 *   scale is at least that for the weekday's median count, widened for the level's own error (π/2n for a
 *   median of n). Eight quiet weeks then cannot make a 50-order channel's ordinary wobble look like a crisis.
 * - Robust z = (log today − log level) ÷ scale; unusual when |z| ≥ the threshold (3 by default, the setting
 *   `anomaly_z`). bench/baselines.ts measures it on synthetic channels against the old ±20% rule.
 * - Too little history (fewer than 3 of the weekday, or fewer than 14 usable days): no baseline; the figure is
 *   judged on its change over the previous period (±20%, the old rule) and the card says so.
 */
import { median, medianAbsoluteDeviation } from 'simple-statistics';

/** Flag at |robust z| ≥ this unless the `anomaly_z` setting says otherwise. */
export const DEFAULT_ANOMALY_Z = 3;
/** How far back a daily baseline looks: 8 weeks of days before the judged one. */
export const BASELINE_WEEKS = 8;
/** With too little history the figure is judged on its previous-period change over this (±20%). */
export const FALLBACK_CHANGE = 0.2;

const MAD_TO_SIGMA = 1.4826;
/**
 * The smallest scale on the log scale (≈ 2%): a perfectly flat history (a fixed daily spend) has no spread
 * at all, and a 1% change against it is not news. At z = 3 a flat figure is flagged from about a 6% move.
 */
const MIN_SIGMA = 0.02;

/** One period of history: the figure and the count of independent events behind it (for the noise floor). */
export interface Point {
  /** Which slot of the cycle (0–6 for weekdays; always 0 for weeks). */
  slot: number;
  value: number | null;
  /** Orders behind GMV, AOV, ROI and CVR; clicks behind CTR; visitors behind UV. Absent: no floor. */
  events?: number | null;
}

export interface BaselineRules {
  /** Fewest points of the judged slot for a baseline. */
  minSame: number;
  /** Fewest leave-one-out residuals for the scale. */
  minResiduals: number;
}

/** Daily figures: the same weekday over 8 weeks, at least 3 of them and 14 days in all. */
export const DAILY_RULES: BaselineRules = { minSame: 3, minResiduals: 14 };
/** Weekly figures: the previous 8 weeks, at least 4 of them. */
export const WEEKLY_RULES: BaselineRules = { minSame: 4, minResiduals: 4 };

/** What the history makes ordinary for one slot. */
export interface Baseline {
  /** The median of the slot's history (the figure's own unit). */
  median: number;
  /** How many of the slot's periods it is the median of ("the last 6 Tuesdays"). */
  points: number;
  /** The robust scale on the log scale (≈ the relative spread of an ordinary period). */
  sigma: number;
  /** Whether the Poisson floor, not the history's own spread, set the scale. */
  floored: boolean;
}

const usable = (p: Point): p is Point & { value: number } =>
  p.value !== null && Number.isFinite(p.value) && p.value > 0;

/**
 * The median of `xs` without its i-th value, for every i: one sort instead of a median per point (the
 * digests judge some 180 figures a day, each over up to 56 points). Equal to `median(xs without xs[i])`.
 */
export function leaveOneOutMedians(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => (xs[a] ?? 0) - (xs[b] ?? 0));
  const sorted = order.map((i) => xs[i] ?? Number.NaN);
  const rank: number[] = [];
  order.forEach((i, r) => {
    rank[i] = r;
  });
  const m = xs.length - 1;
  // The k-th smallest of the others: the sorted values with the one at rank r taken out.
  const kth = (k: number, r: number) => sorted[k < r ? k : k + 1] ?? Number.NaN;
  return xs.map((_, i) => {
    const r = rank[i] ?? 0;
    return m % 2 === 1 ? kth((m - 1) / 2, r) : (kth(m / 2 - 1, r) + kth(m / 2, r)) / 2;
  });
}

/**
 * The baseline of `slot` from `history` (earlier periods only), or null when there is too little of it.
 * Non-positive values are left out: a logarithm needs a positive figure, and a zero day is almost always a
 * day nobody logged that figure.
 */
export function baselineFor(history: readonly Point[], slot: number, rules: BaselineRules): Baseline | null {
  const bySlot = new Map<number, number[]>();
  for (const p of history) {
    if (!usable(p)) continue;
    const xs = bySlot.get(p.slot) ?? [];
    xs.push(p.value);
    bySlot.set(p.slot, xs);
  }
  const same = bySlot.get(slot) ?? [];
  if (same.length < rules.minSame) return null;
  const residuals: number[] = [];
  for (const xs of bySlot.values()) {
    // A slot needs three points for its leave-one-out medians to mean something (of two, one is "the median").
    if (xs.length < 3) continue;
    leaveOneOutMedians(xs).forEach((m, i) => {
      residuals.push(Math.log((xs[i] ?? Number.NaN) / m));
    });
  }
  if (residuals.length < rules.minResiduals) return null;
  const spread = MAD_TO_SIGMA * medianAbsoluteDeviation(residuals);
  const events = history
    .filter((p) => p.slot === slot && usable(p) && typeof p.events === 'number' && p.events > 0)
    .map((p) => p.events as number);
  const floor = events.length > 0 ? Math.sqrt((1 / median(events)) * (1 + Math.PI / (2 * same.length))) : 0;
  const sigma = Math.max(spread, floor, MIN_SIGMA);
  return { median: median(same), points: same.length, sigma, floored: floor > spread };
}

/** The verdict on one figure. */
export type Verdict =
  | {
      kind: 'baseline';
      value: number;
      baseline: Baseline;
      /** Robust z: (log value − log median) ÷ sigma. */
      z: number;
      flag: boolean;
    }
  | {
      kind: 'fallback';
      value: number;
      /** The previous period's figure (the day before, the week before), or null when not logged. */
      prev: number | null;
      /** value ÷ prev − 1, or null without a base. */
      change: number | null;
      /** Usable periods of history there were. */
      history: number;
      flag: boolean;
    };

export interface JudgeInput {
  value: number | null;
  slot: number;
  history: readonly Point[];
  /** The previous period's figure, for the fallback. */
  prev: number | null;
  /** |robust z| at or above this is unusual. */
  threshold: number;
  rules: BaselineRules;
}

/** The verdict on `value`, or null when there is no figure to judge. */
export function judge(input: JudgeInput): Verdict | null {
  const { value } = input;
  if (value === null || !Number.isFinite(value)) return null;
  const b = baselineFor(input.history, input.slot, input.rules);
  if (!b) {
    const change = input.prev !== null && input.prev > 0 ? value / input.prev - 1 : null;
    return {
      kind: 'fallback',
      value,
      prev: input.prev,
      change,
      history: input.history.filter(usable).length,
      flag: change !== null && Math.abs(change) > FALLBACK_CHANGE,
    };
  }
  // A zero (no orders at all) is judged as a thousandth of the median: far below, with a finite z.
  const z = (Math.log(Math.max(value, b.median / 1000)) - Math.log(b.median)) / b.sigma;
  return { kind: 'baseline', value, baseline: b, z, flag: Math.abs(z) >= input.threshold };
}
