/**
 * KPI formulas (PRODUCT.md "KPI formulas"). Inputs are SUMS of raw counts over the period; money is
 * integer fen. Ratios are computed from the sums, never averaged. Every function returns null for a zero
 * or missing base, which is displayed as DASH — never 0 or ∞.
 *
 * Rates are fractions (0.031 = 3.1%); changes in rates are percentage points (pp).
 */

type Lang = 'zh-CN' | 'en';

/** A summed input: missing (null/undefined) when nobody logged it. */
export type Num = number | null | undefined;

/** Shown for a KPI with a zero or missing base. */
export const DASH = '—';

function present(x: Num): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** A computed value, or null if it overflowed: ∞ must never reach a card. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** num ÷ den, or null when either is missing or the base is zero. */
export function ratio(num: Num, den: Num): number | null {
  if (!present(num) || !present(den) || den === 0) return null;
  return finite(num / den);
}

/** CTR = clicks ÷ impressions. */
export function ctr(clicks: Num, impressions: Num): number | null {
  return ratio(clicks, impressions);
}

/** CVR = conversions ÷ clicks (ad platforms) or ÷ visitors/UV (store platforms); the key of `base` ({ clicks } or { visitors }) is the label. */
export function cvr(conversions: Num, base: { clicks: Num } | { visitors: Num }): number | null {
  return ratio(conversions, 'clicks' in base ? base.clicks : base.visitors);
}

/** AOV/客单价 in fen = GMV ÷ buyers, or ÷ orders; the key of `base` is the label. */
export function aov(gmvFen: Num, base: { buyers: Num } | { orders: Num }): number | null {
  return ratio(gmvFen, 'buyers' in base ? base.buyers : base.orders);
}

/** ROI as Chinese ad platforms use it = GMV ÷ spend (3 means "3:1"). */
export function roi(gmvFen: Num, spendFen: Num): number | null {
  return ratio(gmvFen, spendFen);
}

/** CAC in fen = acquisition spend ÷ new customers. */
export function cac(spendFen: Num, newCustomers: Num): number | null {
  return ratio(spendFen, newCustomers);
}

/** Bounce rate = bounces ÷ sessions. */
export function bounceRate(bounces: Num, sessions: Num): number | null {
  return ratio(bounces, sessions);
}

/** 7-day retention = retained_d7 ÷ cohort_d7 (users who joined 7 days before and came back). */
export function retentionD7(retained: Num, cohort: Num): number | null {
  return ratio(retained, cohort);
}

/** Repurchase rate (复购率) = repeat_buyers ÷ buyers. */
export function repurchaseRate(repeatBuyers: Num, buyers: Num): number | null {
  return ratio(repeatBuyers, buyers);
}

/** Satisfaction (1–5) = Σscores ÷ Σresponses: weighted by responses, never a mean of daily means. */
export function satisfaction(scoreSum: Num, responses: Num): number | null {
  return ratio(scoreSum, responses);
}

/** Complaint rate (投诉率) = complaints ÷ orders. */
export function complaintRate(complaints: Num, orders: Num): number | null {
  return ratio(complaints, orders);
}

/** Invalid-spend share (无效支出占比) = spend marked invalid ÷ all spend. */
export function invalidShare(invalidFen: Num, totalFen: Num): number | null {
  return ratio(invalidFen, totalFen);
}

/**
 * 环比/同比 = (current − previous) ÷ previous, null on a zero or missing base. Divides by |previous| so the
 * sign always follows the movement (only matters for a negative base, which counts and money never are).
 */
export function change(current: Num, previous: Num): number | null {
  if (!present(current) || !present(previous) || previous === 0) return null;
  return finite((current - previous) / Math.abs(previous));
}

/** Change of a rate in percentage points: 3.1% → 2.6% is −0.5 pp. Null when either rate is missing. */
export function ppChange(rateNow: Num, ratePrev: Num): number | null {
  if (!present(rateNow) || !present(ratePrev)) return null;
  return finite((rateNow - ratePrev) * 100);
}

/**
 * Target attainment = actual ÷ target; for lower-is-better metrics (CAC) target ÷ actual, so beating a
 * CAC target of ¥50 with ¥40 is 125%. Null on a zero or missing base.
 */
export function attainment(actual: Num, target: Num, lowerIsBetter = false): number | null {
  return lowerIsBetter ? ratio(target, actual) : ratio(actual, target);
}

/** The KPIs whose headline is a ratio of the printed totals and may also be shown on a narrower base. */
export const BASIS_KPIS = ['roi', 'cvr', 'cac'] as const;
export type BasisKpi = (typeof BASIS_KPIS)[number];

/** A ratio with the numerator and denominator it was computed from, so a card can print all three. */
export interface KpiBasis {
  value: number;
  num: number;
  den: number;
}

/** Sums of the headline inputs and of the same inputs over only the rows that logged both. */
export interface BasisSums {
  total: { num: Num; den: Num };
  paired: { num: Num; den: Num };
}

/**
 * The ratio over only the rows that logged both inputs (paid channels for ROI and CAC, channels with
 * clicks for CVR), or null when that is the same as the headline ratio of the totals or has no base.
 */
export function narrowerBasis(s: BasisSums): KpiBasis | null {
  const { num, den } = s.paired;
  if (!present(num) || !present(den) || den === 0) return null;
  if (num === s.total.num && den === s.total.den) return null;
  const value = finite(num / den);
  return value === null ? null : { value, num, den };
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Fixed-decimal number with the locale's grouping; formatters are cached because digests format many cells. */
function fixed(x: number, digits: number, locale: Lang): string {
  const key = `${locale}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f.format(x);
}

/** A rate as a percentage, `3.1%`; null gives DASH. */
export function formatPct(x: number | null, locale: Lang, digits = 1): string {
  // Checked after scaling: a finite ratio near Number.MAX_VALUE overflows when multiplied by 100.
  if (x === null || !Number.isFinite(x * 100)) return DASH;
  return `${fixed(x * 100, digits, locale)}%`;
}

/**
 * Time progress: the share of a period gone (day `day` of `days`), as a whole percent. The one way every
 * pacing line prints it (the target lines of /target, the home view and the daily digest, and the digest's
 * budget pacing), so the same day reads the same everywhere; whole, like the share of a target done beside it.
 */
export function formatTimeProgress(day: number, days: number, locale: Lang): string {
  return formatPct(days > 0 ? day / days : null, locale, 0);
}

/** A percentage-point change with its sign: en `+1.2 pp`, zh-CN `+1.2个百分点`; null gives DASH. */
export function formatPp(pp: number | null, locale: Lang, digits = 1): string {
  if (pp === null || !Number.isFinite(pp)) return DASH;
  // Round first so -0.04 pp shows as 0.0 pp, not "-0.0 pp".
  const rounded = Number(pp.toFixed(digits));
  const sign = rounded > 0 ? '+' : rounded < 0 ? '-' : '';
  const body = fixed(Math.abs(rounded), digits, locale);
  return locale === 'zh-CN' ? `${sign}${body}个百分点` : `${sign}${body} pp`;
}

/** ROI the way Chinese ad platforms show it: `3.2:1`, `3:1` when whole; null gives DASH. */
export function formatRoi(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return DASH;
  return `${Number(x.toFixed(1))}:1`;
}

export interface FormattedChange {
  /** `↑12.3%`, `↓4.0%`, `→0.0%`, or DASH. */
  text: string;
  arrow: '↑' | '↓' | '→' | '';
}

/**
 * A 环比 change with a direction arrow; null gives DASH with no arrow. Whether a figure is unusual is not a
 * matter of its change: src/domain/baselines.ts judges it against the channel's own history.
 */
export function formatChange(x: number | null, locale: Lang = 'en', digits = 1): FormattedChange {
  if (x === null || !Number.isFinite(x * 100)) return { text: DASH, arrow: '' };
  // The arrow follows what is displayed: a change that rounds to 0.0% is flat.
  const shown = Number((x * 100).toFixed(digits));
  const arrow = shown > 0 ? '↑' : shown < 0 ? '↓' : '→';
  return { text: `${arrow}${fixed(Math.abs(shown), digits, locale)}%`, arrow };
}
