/**
 * Monthly targets (manual 2.1: 将整体目标拆解为可执行的月度任务) and how the month is pacing against them.
 *
 * Values are integers, as stored: gmv in fen, new_users a count, uv_growth in basis points (20% = 2000),
 * roi in hundredths (3:1 = 300).
 *
 * - **Split.** A year or a quarter's gmv and new_users are split across its months in proportion to last
 *   year's GMV of the same months, when every one of those months has GMV logged; otherwise equally, and the
 *   reply names the months that had none. The split is exact in integers: each month gets
 *   ⌊total × weight ÷ Σweights⌋ and the fen (or users) left over go one each to the months with the largest
 *   remainders (earlier month first on a tie), so the months always add up to the total.
 *   uv_growth and roi are rates, not sums: every month of the period gets the value itself.
 * - **Overrides.** A target set for one month (`/target set 2027-11 gmv=900万`) is marked overridden. It
 *   changes no other month. When its year or quarter is split again, an overridden month keeps its value
 *   and the rest of the total is split over the other months (`overrides=reset` splits over all of them).
 * - **Pacing** counts calendar days, not working days: online GMV and sign-ups come in at weekends and on
 *   public holidays too (often more: 国庆, 双11), so a working-day clock would stand still while sales run
 *   and call a holiday week "ahead". Time gone = days counted ÷ days in the month.
 */
import type { DbOrTx } from '../../db/client';
import { insertAudit } from '../../db/queries/audit';
import {
  monthlyGmv,
  type TargetActualRow,
  targetsAndActuals,
  targetsForMonths,
  upsertTargets,
} from '../../db/queries/targets';
import type { NewTarget, Target } from '../../db/schema';
import { must } from '../util/narrow';
import type { VerbCtx } from './context';
import { addDays, checkMonthArg } from './dates';
import { DomainError } from './errors';
import { parseAmount, parseCount } from './money';
import { mayPlan } from './settings';

export type { Target };

export const TARGET_METRICS = ['gmv', 'new_users', 'uv_growth', 'roi'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** gmv and new_users add up over days, so a period's total is split across its months. */
export const isSummed = (m: TargetMetric): m is 'gmv' | 'new_users' => m === 'gmv' || m === 'new_users';

/** How a month's value came about: weighted by last year's GMV, an equal share, typed for the month, a rate. */
export type Weighting = 'last_year' | 'equal' | 'fixed' | 'same';

export const isTargetMetric = (s: string): s is TargetMetric =>
  (TARGET_METRICS as readonly string[]).includes(s);

// ---------------------------------------------------------------------------------------------------------
// Periods

export interface Period {
  kind: 'year' | 'quarter' | 'month';
  /** `2027`, `2027-Q1` or `2027-03`: stored as the plan key of the months it sets. */
  key: string;
  year: number;
  /** The months it covers, 'YYYY-MM', in order. */
  months: [string, ...string[]];
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthsOf = (year: number, from: number, to: number): [string, ...string[]] => [
  `${year}-${pad2(from)}`,
  ...Array.from({ length: to - from }, (_, i) => `${year}-${pad2(from + i + 1)}`),
];

/** Days in a month 'YYYY-MM'. */
export function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** The month before 'YYYY-MM'. */
export function prevMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

/** The same month a year earlier. */
const lastYearOf = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;

/**
 * A period typed in chat: a year `2027`, a quarter `2027-Q1` (`2027Q1`, `2027 q1`, `2027年Q1`,
 * `2027年第1季度`) or a month (`2027-03`, `2027/3`, `202703`, `2027年3月`, and `3月` in `defaultYear`).
 * Null when it is none of these.
 */
export function parsePeriod(input: string, defaultYear?: number): Period | null {
  const s = String(input ?? '')
    .slice(0, 64)
    .normalize('NFKC')
    .trim();
  const inRange = (y: number) => y >= 1970 && y <= 2199;
  const year = /^(\d{4})年?$/.exec(s);
  if (year) {
    const y = Number(year[1]);
    return inRange(y) ? { kind: 'year', key: String(y), year: y, months: monthsOf(y, 1, 12) } : null;
  }
  const quarter = /^(\d{4})\s*(?:[-/.]|年)?\s*(?:q|第)\s*([1-4])\s*(?:季度?)?$/i.exec(s);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = Number(quarter[2]);
    if (!inRange(y)) return null;
    return { kind: 'quarter', key: `${y}-Q${q}`, year: y, months: monthsOf(y, q * 3 - 2, q * 3) };
  }
  const m = checkMonthArg(s, defaultYear);
  if (!m.ok) return null;
  return { kind: 'month', key: m.month, year: Number(m.month.slice(0, 4)), months: [m.month] };
}

// ---------------------------------------------------------------------------------------------------------
// Values as typed

export type TargetValueError =
  | 'empty'
  | 'not_a_number'
  | 'negative'
  | 'not_positive'
  | 'not_integer'
  | 'too_many_decimals'
  | 'too_large'
  | 'out_of_range';

export type TargetValueResult = { ok: true; value: number } | { ok: false; reason: TargetValueError };

/** A decimal with at most two fraction digits, scaled by 100 (`12.5` → 1250); a sign is allowed. */
function hundredths(s: string): TargetValueResult {
  const m = /^([+\-−]?)\s*(\d{1,7})(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, reason: s === '' ? 'empty' : 'not_a_number' };
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > 2) return { ok: false, reason: 'too_many_decimals' };
  const v = Number(m[2]) * 100 + Number(frac.padEnd(2, '0'));
  return { ok: true, value: m[1] === '' || m[1] === '+' ? v : -v };
}

/** Highest uv_growth target: +1000%; lowest: just above −100% (a month cannot lose more than all its UV). */
const UV_GROWTH_MAX_BP = 100_000;
/** Highest ROI target: 1000:1. */
const ROI_MAX = 100_000;

/**
 * Parses a target as typed: gmv like every amount (`6000万`, `¥60,000,000`), new_users like every count
 * (`10万`), uv_growth a percentage (`20%`, `12.5%`; a bare number is read as percent), roi a ratio (`3`,
 * `3.5`, `3:1`). Never throws.
 */
export function parseTargetValue(metric: TargetMetric, raw: string): TargetValueResult {
  if (metric === 'gmv' || metric === 'new_users') {
    const r = metric === 'gmv' ? parseAmount(raw) : parseCount(raw);
    if (!r.ok) return r;
    const value = 'fen' in r ? r.fen : r.value;
    return value > 0 ? { ok: true, value } : { ok: false, reason: 'not_positive' };
  }
  const s = String(raw ?? '')
    .slice(0, 64)
    .normalize('NFKC')
    .trim();
  if (metric === 'uv_growth') {
    const r = hundredths(s.replace(/\s*%$/, ''));
    if (!r.ok) return r;
    return r.value > -10_000 && r.value <= UV_GROWTH_MAX_BP ? r : { ok: false, reason: 'out_of_range' };
  }
  const r = hundredths(s.replace(/\s*:\s*1$/, ''));
  if (!r.ok) return r;
  if (r.value < 0) return { ok: false, reason: 'negative' };
  if (r.value === 0) return { ok: false, reason: 'not_positive' };
  return r.value <= ROI_MAX ? r : { ok: false, reason: 'out_of_range' };
}

// ---------------------------------------------------------------------------------------------------------
// The split

/**
 * Splits `total` (a whole number ≥ 0) into integer parts proportional to `weights` (whole numbers ≥ 0, not
 * all zero) by the largest-remainder method: the parts always add up to `total` exactly. Exact in BigInt,
 * so fen totals and GMV weights of any size never drift. Ties go to the earlier part.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be ≥ 0');
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (sum === 0n) throw new RangeError('weights must not all be zero');
  const t = BigInt(total);
  const parts = weights.map((w) => {
    const x = t * BigInt(w);
    return { q: x / sum, r: x % sum };
  });
  let left = t - parts.reduce((a, p) => a + p.q, 0n);
  const order = parts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (b.p.r > a.p.r ? 1 : b.p.r < a.p.r ? -1 : a.i - b.i));
  for (const { p } of order) {
    if (left === 0n) break;
    p.q += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p.q));
}

/** One month of a plan as written: its value, how it was reached, and its weight when weighted. */
export interface PlannedMonth {
  month: string;
  metric: TargetMetric;
  value: number;
  weighting: Weighting;
  /** Set for the month itself; kept when its year or quarter is split again. */
  overridden: boolean;
  /** True for an overridden month the split left as it was. */
  kept: boolean;
  /** Last year's GMV of the same month (fen), when the split was weighted by it. */
  weight?: number;
}

export type SplitChoice = 'auto' | 'last_year' | 'equal';

export interface PlanInput {
  period: Period;
  values: Partial<Record<TargetMetric, number>>;
  /** Current rows of the period's months (any metric). */
  existing: readonly Target[];
  /** Last year's GMV (fen) by month 'YYYY-MM' of last year; months without GMV left out. */
  lastYearGmv: ReadonlyMap<string, number>;
  split: SplitChoice;
  /** Split over every month, overridden ones included. */
  resetOverrides: boolean;
}

/** How one summed metric's total was split. */
export interface SplitInfo {
  weighting: 'last_year' | 'equal';
  /** Last year's months (of the months split) with no GMV logged: why an automatic split is equal. */
  missing: string[];
  /** The total less what overridden months keep, and how many months shared it. */
  rest: number;
  shared: number;
}

export interface PlanResult {
  months: PlannedMonth[];
  /** Per summed metric of a year or quarter: how its total was split. */
  splits: Partial<Record<'gmv' | 'new_users', SplitInfo>>;
}

/** The problem with a plan, naming the argument: a DomainError the handler shows with the usage line. */
function planError(key: string, params: Record<string, string | number>): DomainError {
  return new DomainError('invalid_input', `err.target.${key}`, params);
}

/**
 * The months a `set` writes (pure). Throws a DomainError naming the argument when the plan cannot be made:
 * `split=last_year` without last year's GMV for every month, or overridden months that already take more
 * than the total.
 */
export function planTargets(input: PlanInput): PlanResult {
  const { period, values } = input;
  const given = TARGET_METRICS.flatMap((m) => {
    const v = values[m];
    return v === undefined ? [] : [[m, v] as const];
  });
  const out: PlannedMonth[] = [];
  const splits: PlanResult['splits'] = {};
  if (period.kind === 'month') {
    for (const [metric, value] of given) {
      const month = period.months[0];
      out.push({ month, metric, value, weighting: 'fixed', overridden: true, kept: false });
    }
    return { months: out, splits };
  }
  for (const [metric, total] of given) {
    const overridden = new Map(
      input.resetOverrides
        ? []
        : input.existing
            .filter((r) => r.metric === metric && r.overridden && period.months.includes(r.month))
            .map((r) => [r.month, r.value] as const),
    );
    for (const [month, value] of overridden) {
      out.push({ month, metric, value, weighting: 'fixed', overridden: true, kept: true });
    }
    const free = period.months.filter((m) => !overridden.has(m));
    if (!isSummed(metric)) {
      for (const month of free) {
        out.push({ month, metric, value: total, weighting: 'same', overridden: false, kept: false });
      }
      continue;
    }
    const rest = total - [...overridden.values()].reduce((a, v) => a + v, 0);
    if (free.length === 0) {
      if (rest !== 0) throw planError('all_overridden', { field: metric, period: period.key });
      continue;
    }
    if (rest < 0) {
      throw planError('overrides_exceed', { field: metric, months: [...overridden.keys()].join(', ') });
    }
    const weights = free.map((m) => input.lastYearGmv.get(lastYearOf(m)) ?? 0);
    const missing = free.filter((_, i) => weights[i] === 0).map(lastYearOf);
    const useLastYear = input.split !== 'equal' && missing.length === 0;
    if (input.split === 'last_year' && !useLastYear) {
      throw planError('no_last_year', { field: 'split', year: period.year - 1, months: missing.join(', ') });
    }
    const weighting = useLastYear ? 'last_year' : 'equal';
    splits[metric] = {
      weighting,
      missing: input.split === 'equal' ? [] : missing,
      rest,
      shared: free.length,
    };
    const parts = largestRemainder(rest, useLastYear ? weights : free.map(() => 1));
    free.forEach((month, i) => {
      out.push({
        month,
        metric,
        value: must(parts[i], 'largestRemainder gives a part per weight'),
        weighting,
        overridden: false,
        kept: false,
        ...(useLastYear ? { weight: weights[i] } : {}),
      });
    });
  }
  const rank = (m: TargetMetric) => TARGET_METRICS.indexOf(m);
  out.sort((a, b) => a.month.localeCompare(b.month) || rank(a.metric) - rank(b.metric));
  return { months: out, splits };
}

// ---------------------------------------------------------------------------------------------------------
// The verb

export interface SetTargetsInput {
  period: Period;
  values: Partial<Record<TargetMetric, number>>;
  split?: SplitChoice;
  resetOverrides?: boolean;
  /** The caller's local date 'YYYY-MM-DD': months before its month are a backfill. */
  today: string;
}

export interface SetTargetsResult extends PlanResult {
  period: Period;
  /** Rows of the period before the change. */
  before: Target[];
  /** Months of the period already over: setting them is a backfill. */
  backfill: string[];
  /** For a month set on its own: the year's sum of each metric set, after the change. */
  yearTotals: Partial<Record<TargetMetric, { sum: number; months: number }>>;
}

/**
 * Set a period's targets (admins, when admins are configured): split, write every month in one
 * transaction, audited with before and after. Nothing is written when the plan cannot be made.
 */
export async function setTargets(ctx: VerbCtx, input: SetTargetsInput): Promise<SetTargetsResult> {
  const metrics = TARGET_METRICS.filter((m) => input.values[m] !== undefined);
  if (metrics.length === 0) throw new DomainError('invalid_input', 'err.target.no_values');
  if (!mayPlan(ctx.settings, ctx.actor)) throw new DomainError('forbidden', 'err.target.admins_only');
  const { period } = input;
  return ctx.db.transaction(async (tx) => {
    const before = await targetsForMonths(tx, period.months, true);
    const needWeights = period.kind !== 'month' && metrics.some(isSummed) && input.split !== 'equal';
    const lastYearGmv = needWeights
      ? await monthlyGmv(
          tx,
          `${period.year - 1}${period.months[0].slice(4)}-01`,
          lastDayOf(lastYearOf(period.months.at(-1) ?? period.months[0])),
        )
      : new Map<string, number>();
    const plan = planTargets({
      period,
      values: input.values,
      existing: before,
      lastYearGmv,
      split: input.split ?? 'auto',
      resetOverrides: input.resetOverrides ?? false,
    });
    const rows: NewTarget[] = plan.months
      .filter((m) => !m.kept)
      .map((m) => ({
        month: m.month,
        metric: m.metric,
        value: m.value,
        planKey: period.key,
        weighting: m.weighting,
        overridden: m.overridden,
        updatedAt: ctx.now,
        updatedBy: ctx.actor,
      }));
    await upsertTargets(tx, rows);
    const changed = new Set(rows.map((r) => `${r.month}:${r.metric}`));
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'target.set',
      entity: 'target',
      entityId: period.key,
      before: before.filter((r) => changed.has(`${r.month}:${r.metric}`)).map(auditRow),
      after: rows.map((r) => auditRow(r as Target)),
    });
    const yearTotals: SetTargetsResult['yearTotals'] = {};
    if (period.kind === 'month') {
      const year = await targetsForMonths(tx, monthsOf(period.year, 1, 12));
      for (const metric of metrics.filter(isSummed)) {
        const rs = year.filter((r) => r.metric === metric);
        yearTotals[metric] = { sum: rs.reduce((a, r) => a + r.value, 0), months: rs.length };
      }
    }
    const thisMonth = input.today.slice(0, 7);
    return {
      ...plan,
      period,
      before,
      backfill: period.months.filter((m) => m < thisMonth),
      yearTotals,
    };
  });
}

const auditRow = (
  r: Pick<Target, 'month' | 'metric' | 'value' | 'planKey' | 'weighting' | 'overridden'>,
) => ({
  month: r.month,
  metric: r.metric,
  value: r.value,
  planKey: r.planKey,
  weighting: r.weighting,
  overridden: r.overridden,
});

function lastDayOf(month: string): string {
  return `${month}-${pad2(daysInMonth(month))}`;
}

// ---------------------------------------------------------------------------------------------------------
// Attainment and pacing

/** The targets set for one month ('YYYY-MM'), by metric. */
export async function targetsOfMonth(
  db: DbOrTx,
  month: string,
): Promise<Partial<Record<TargetMetric, Target>>> {
  const out: Partial<Record<TargetMetric, Target>> = {};
  for (const r of await targetsForMonths(db, [month])) if (isTargetMetric(r.metric)) out[r.metric] = r;
  return out;
}

/** One month's targets and what was achieved in it up to `asOf`. */
export interface MonthStanding {
  month: string;
  /** Days of the month counted (calendar days up to `asOf`): 0 before it starts, `days` once it is over. */
  day: number;
  days: number;
  /** The last day counted, 'YYYY-MM-DD' (undefined before the month starts). */
  through?: string;
  targets: Partial<Record<TargetMetric, Target>>;
  /** Sums over the counted days; undefined when no metric row was logged in them. */
  actual?: TargetActualRow;
  /** Website UV of the month before over the comparable days (the whole month once this one is over). */
  prevUv: { uv: number | null; from: string; to: string } | null;
}

/**
 * Each month's targets and figures up to `asOf` (the last complete day, 'YYYY-MM-DD'), in one query: the
 * targets, and the figures of every month and of its comparison range.
 */
export async function monthStandings(db: DbOrTx, months: string[], asOf: string): Promise<MonthStanding[]> {
  const ranges: { key: string; from: string; to: string }[] = [];
  const spans = months.map((month) => {
    const days = daysInMonth(month);
    const first = `${month}-01`;
    const day = asOf < first ? 0 : asOf.slice(0, 7) > month ? days : Number(asOf.slice(8, 10));
    if (day === 0) return { month, days, day, prev: null };
    const through = `${month}-${pad2(day)}`;
    ranges.push({ key: month, from: first, to: through });
    // The month before over the same days (1..day), or all of it once this month is over.
    const pm = prevMonth(month);
    const prevTo = day === days ? lastDayOf(pm) : `${pm}-${pad2(Math.min(day, daysInMonth(pm)))}`;
    ranges.push({ key: `prev:${month}`, from: `${pm}-01`, to: prevTo });
    return { month, days, day, through, prev: { from: `${pm}-01`, to: prevTo } };
  });
  const { targets: rows, actuals } = await targetsAndActuals(db, months, ranges);
  const byKey = new Map(actuals.map((a) => [a.key, a]));
  return spans.map((s) => {
    const targets: MonthStanding['targets'] = {};
    for (const r of rows) if (r.month === s.month && isTargetMetric(r.metric)) targets[r.metric] = r;
    return {
      month: s.month,
      day: s.day,
      days: s.days,
      through: 'through' in s ? s.through : undefined,
      targets,
      actual: byKey.get(s.month),
      prevUv: s.prev ? { uv: byKey.get(`prev:${s.month}`)?.websiteUv ?? null, ...s.prev } : null,
    };
  });
}

/** How a summed target is pacing: the figures a pacing line prints, each checkable from the others. */
export interface Pace {
  target: number;
  actual: number;
  /** actual ÷ target, as a whole percent (what is printed). */
  donePct: number;
  /** days counted ÷ days in the month, as a whole percent. */
  timePct: number;
  /** donePct − timePct: positive is ahead, negative behind (percentage points of the two printed figures). */
  gapPp: number;
  /** target − actual, or 0 once reached. */
  remaining: number;
  daysLeft: number;
  /** remaining ÷ daysLeft, rounded up (so the last day is not short); null when reached or no days left. */
  perDay: number | null;
  reached: boolean;
}

/** Pacing of a summed target (gmv in fen, new_users) after `day` of `days` calendar days. */
export function paceOf(target: number, actual: number, day: number, days: number): Pace {
  const donePct = Math.round((actual / target) * 100);
  const timePct = Math.round((day / days) * 100);
  const reached = actual >= target;
  const remaining = reached ? 0 : target - actual;
  const daysLeft = days - day;
  return {
    target,
    actual,
    donePct,
    timePct,
    gapPp: donePct - timePct,
    remaining,
    daysLeft,
    perDay: reached || daysLeft === 0 ? null : Math.ceil(remaining / daysLeft),
    reached,
  };
}
