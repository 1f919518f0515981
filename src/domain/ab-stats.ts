/**
 * A/B statistics for two conversion rates: a two-proportion z-test (pooled standard error), the 95%
 * confidence interval of the difference (unpooled Wald), and the sample per arm for 80% power.
 * Pure functions; the normal CDF comes from simple-statistics' error function (|error| < 1.2e-7).
 */
import { errorFunction } from 'simple-statistics';

/** Significance level of the verdict (two-sided). */
export const ALPHA = 0.05;
/**
 * z quantiles for α/2 = 0.025 and power 0.8. simple-statistics' probit is only good to ~2e-3 (1.957 for
 * 0.975), so the two quantiles this module needs are constants, checked against the CDF in the tests.
 */
export const Z_975 = 1.959963984540054;
export const Z_80 = 0.8416212335729143;
/** Below this many expected conversions (or non-conversions) in an arm the normal approximation is not trusted. */
export const MIN_EXPECTED = 5;
/** After this many updates the reply warns that repeated looks inflate false positives. */
export const PEEKING_WARN_AFTER = 3;

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

export interface Arm {
  visitors: number;
  conversions: number;
}

export type AbVerdict =
  /** p < α and B's rate is higher / lower. */
  | 'b_wins'
  | 'a_wins'
  /** p ≥ α: no difference shown yet. */
  | 'no_verdict'
  /** Expected counts too small for the normal approximation: no p-value is trusted. */
  | 'too_small';

export interface AbResult {
  rateA: number;
  rateB: number;
  /** rateB − rateA. */
  diff: number;
  /** (rateB − rateA) ÷ rateA; null when A converts nothing. */
  lift: number | null;
  /** 95% CI of the difference rateB − rateA (unpooled). */
  ciLow: number;
  ciHigh: number;
  z: number;
  /** Two-sided p of the pooled two-proportion z-test; 1 when both arms convert nothing or everything. */
  p: number;
  verdict: AbVerdict;
  /** Smallest expected count over both arms, conversions and non-conversions (pooled rate). */
  minExpected: number;
  /**
   * Visitors per arm needed to detect the observed difference with 80% power at α = 0.05; null when the
   * rates are equal (no difference to detect).
   */
  neededPerArm: number | null;
}

/** Visitors per arm for a two-sided two-proportion test at α = 0.05 with 80% power (Fleiss, no continuity correction). */
export function samplePerArm(pA: number, pB: number): number | null {
  const d = Math.abs(pB - pA);
  if (d === 0 || !Number.isFinite(d)) return null;
  const pBar = (pA + pB) / 2;
  const a = Z_975 * Math.sqrt(2 * pBar * (1 - pBar));
  const b = Z_80 * Math.sqrt(pA * (1 - pA) + pB * (1 - pB));
  return Math.ceil(((a + b) * (a + b)) / (d * d));
}

/** Compare two arms. Arms must have visitors > 0 and 0 ≤ conversions ≤ visitors (checked by the caller). */
export function compareArms(a: Arm, b: Arm): AbResult {
  const rateA = a.conversions / a.visitors;
  const rateB = b.conversions / b.visitors;
  const diff = rateB - rateA;
  const pooled = (a.conversions + b.conversions) / (a.visitors + b.visitors);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / a.visitors + 1 / b.visitors));
  const z = sePooled > 0 ? diff / sePooled : 0;
  const p = sePooled > 0 ? Math.min(1, Math.max(0, 2 * (1 - normalCdf(Math.abs(z))))) : 1;
  const seDiff = Math.sqrt((rateA * (1 - rateA)) / a.visitors + (rateB * (1 - rateB)) / b.visitors);
  const minExpected = Math.min(
    a.visitors * pooled,
    a.visitors * (1 - pooled),
    b.visitors * pooled,
    b.visitors * (1 - pooled),
  );
  let verdict: AbVerdict;
  if (minExpected < MIN_EXPECTED) verdict = 'too_small';
  else if (p < ALPHA) verdict = diff > 0 ? 'b_wins' : 'a_wins';
  else verdict = 'no_verdict';
  return {
    rateA,
    rateB,
    diff,
    lift: rateA > 0 ? diff / rateA : null,
    ciLow: diff - Z_975 * seDiff,
    ciHigh: diff + Z_975 * seDiff,
    z,
    p,
    verdict,
    minExpected,
    neededPerArm: samplePerArm(rateA, rateB),
  };
}

/** Why an arm's counts cannot be compared, per field; empty when they can. */
export function armProblems(arm: 'a' | 'b', v: number | undefined, c: number | undefined): ArmProblem[] {
  const out: ArmProblem[] = [];
  if (v === undefined) out.push({ field: `${arm}_visitors`, problem: 'missing' });
  else if (v <= 0) out.push({ field: `${arm}_visitors`, problem: 'not_positive' });
  if (c === undefined) out.push({ field: `${arm}_conversions`, problem: 'missing' });
  else if (c < 0) out.push({ field: `${arm}_conversions`, problem: 'negative' });
  if (v !== undefined && c !== undefined && v > 0 && c > v) {
    out.push({ field: `${arm}_conversions`, problem: 'above_visitors' });
  }
  return out;
}

export interface ArmProblem {
  field: 'a_visitors' | 'a_conversions' | 'b_visitors' | 'b_conversions';
  problem: 'missing' | 'not_positive' | 'negative' | 'above_visitors';
}
