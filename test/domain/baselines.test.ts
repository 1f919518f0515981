import fc from 'fast-check';
import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  baselineFor,
  DAILY_RULES,
  judge,
  leaveOneOutMedians,
  type Point,
  WEEKLY_RULES,
} from '../../src/domain/baselines';

/** `weeks` weeks of days (slot = weekday 0–6), value from `f(week, weekday)`. */
function weeks(n: number, f: (week: number, slot: number) => number | null, events?: number): Point[] {
  const out: Point[] = [];
  for (let w = 0; w < n; w++)
    for (let s = 0; s < 7; s++) out.push({ slot: s, value: f(w, s), ...(events ? { events } : {}) });
  return out;
}

// A weekday habit (Monday low, weekend high) with a ±5% wobble that repeats every 4 weeks.
const HABIT = [1.2, 0.8, 0.9, 0.95, 1, 1.05, 1.25];
const WOBBLE = [1, 1.05, 0.95, 1.02];
const habitual = (level: number) => (w: number, s: number) => level * HABIT[s]! * WOBBLE[(w + s) % 4]!;

describe('baselineFor', () => {
  it('is the median of the same weekday, with a scale from every day’s leave-one-out residual', () => {
    const b = baselineFor(weeks(8, habitual(1000)), 1, DAILY_RULES)!;
    // Mondays: 800 × {1, 1.05, 0.95, 1.02} twice → median of 800, 816, 816, 840, 760, … = 808.
    expect(b.median).toBeCloseTo(808, 6);
    expect(b.points).toBe(8);
    // The wobble is ±5%, so an ordinary day sits a few percent from its weekday's median.
    expect(b.sigma).toBeGreaterThan(0.02);
    expect(b.sigma).toBeLessThan(0.06);
    expect(b.floored).toBe(false);
  });

  it('needs 3 of the weekday and 14 usable days; non-positive days do not count', () => {
    expect(baselineFor(weeks(2, habitual(1000)), 1, DAILY_RULES)).toBeNull();
    expect(baselineFor(weeks(3, habitual(1000)), 1, DAILY_RULES)?.points).toBe(3);
    // Three weeks, but Mondays were never logged (zero): no Monday baseline; Tuesday still has one.
    const noMondays = weeks(3, (w, s) => (s === 1 ? 0 : habitual(1000)(w, s)));
    expect(baselineFor(noMondays, 1, DAILY_RULES)).toBeNull();
    expect(baselineFor(noMondays, 2, DAILY_RULES)).not.toBeNull();
  });

  it('ignores a campaign day in the history (the median and MAD are robust)', () => {
    const plain = baselineFor(weeks(8, habitual(1000)), 3, DAILY_RULES)!;
    const spiked = baselineFor(
      weeks(8, (w, s) => habitual(1000)(w, s) * (w === 6 && s === 3 ? 3 : 1)),
      3,
      DAILY_RULES,
    )!;
    expect(spiked.median / plain.median).toBeCloseTo(1, 1);
    expect(spiked.sigma / plain.sigma).toBeLessThan(1.3);
  });

  it('a small channel’s scale is at least its Poisson noise: 1/√50 widened for a median of 8', () => {
    // A perfectly flat history of 50 orders a day has no spread of its own.
    const b = baselineFor(
      weeks(8, () => 50, 50),
      2,
      DAILY_RULES,
    )!;
    expect(b.floored).toBe(true);
    expect(b.sigma).toBeCloseTo(Math.sqrt((1 / 50) * (1 + Math.PI / 16)), 9);
  });

  it('a flat figure without a count (a fixed spend) gets the 2% minimum scale', () => {
    expect(
      baselineFor(
        weeks(8, () => 600_000),
        0,
        DAILY_RULES,
      )!.sigma,
    ).toBe(0.02);
  });
});

describe('judge', () => {
  const base = { prev: null, threshold: 3, rules: DAILY_RULES };

  it('a normal Monday dip is not unusual: it is compared with other Mondays, not with Sunday', () => {
    const history = weeks(8, habitual(1000));
    const sunday = history.at(-1)!.value!;
    const monday = 800;
    expect(monday / sunday - 1).toBeLessThan(-0.2); // the old ±20% rule flagged this
    const v = judge({ ...base, value: monday, slot: 1, history, prev: sunday });
    expect(v).toMatchObject({ kind: 'baseline', flag: false });
    expect(v?.kind === 'baseline' && Math.abs(v.z)).toBeLessThan(1);
  });

  it('a 40% drop is unusually low, with its robust z', () => {
    const history = weeks(8, habitual(1000));
    const v = judge({ ...base, value: 808 * 0.6, slot: 1, history });
    if (v?.kind !== 'baseline') throw new Error('expected a baseline verdict');
    expect(v.flag).toBe(true);
    expect(v.z).toBeCloseTo(Math.log(0.6) / v.baseline.sigma, 9);
    expect(v.z).toBeLessThan(-3);
  });

  it('the threshold is a setting: the same figure passes at a looser one', () => {
    const history = weeks(8, habitual(1000));
    const v = judge({ ...base, value: 808 * 0.85, slot: 1, history });
    if (v?.kind !== 'baseline') throw new Error('expected a baseline verdict');
    const z = Math.abs(v.z);
    expect(judge({ ...base, value: 808 * 0.85, slot: 1, history, threshold: z - 0.01 })?.flag).toBe(true);
    expect(judge({ ...base, value: 808 * 0.85, slot: 1, history, threshold: z + 0.01 })?.flag).toBe(false);
  });

  it('a zero is far below, with a finite z', () => {
    const v = judge({ ...base, value: 0, slot: 1, history: weeks(8, habitual(1000)) });
    expect(v?.flag).toBe(true);
    expect(v?.kind === 'baseline' && Number.isFinite(v.z) && v.z < -3).toBe(true);
  });

  it('with too little history it falls back to the previous period: over ±20% is flagged', () => {
    const history = weeks(2, habitual(1000));
    expect(judge({ ...base, value: 700, slot: 1, history, prev: 1000 })).toEqual({
      kind: 'fallback',
      value: 700,
      prev: 1000,
      change: expect.closeTo(-0.3, 9),
      history: 14,
      flag: true,
    });
    expect(judge({ ...base, value: 850, slot: 1, history, prev: 1000 })?.flag).toBe(false);
    // No previous figure: nothing to compare, nothing flagged.
    expect(judge({ ...base, value: 850, slot: 1, history: [], prev: null })).toMatchObject({
      kind: 'fallback',
      change: null,
      history: 0,
      flag: false,
    });
  });

  it('no figure, no verdict', () => {
    expect(judge({ ...base, value: null, slot: 1, history: weeks(8, habitual(1000)) })).toBeNull();
  });

  it('weekly: one slot, at least 4 weeks', () => {
    const w = (values: number[]): Point[] => values.map((value) => ({ slot: 0, value }));
    expect(
      judge({ ...base, rules: WEEKLY_RULES, value: 60, slot: 0, history: w([100, 98, 103]), prev: 103 }),
    ).toMatchObject({ kind: 'fallback', flag: true });
    const v = judge({
      ...base,
      rules: WEEKLY_RULES,
      value: 60,
      slot: 0,
      history: w([100, 98, 103, 101, 97, 102]),
      prev: 102,
    });
    expect(v).toMatchObject({ kind: 'baseline', flag: true, baseline: { median: 100.5, points: 6 } });
  });
});

describe('leaveOneOutMedians', () => {
  it('is the median of the other values, for every value (with ties, odd and even counts)', () => {
    const naive = (xs: number[]) => xs.map((_, i) => median(xs.filter((_, j) => j !== i)));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 60 }), (xs) => {
        expect(leaveOneOutMedians(xs)).toEqual(naive(xs));
      }),
    );
    // Without 9 the others are 1, 5, 100 → 5; without 1 → 9; without 100 → 5; without 5 → 9.
    expect(leaveOneOutMedians([9, 1, 100, 5])).toEqual([5, 9, 5, 9]);
    // Three values leave two: their mean.
    expect(leaveOneOutMedians([2, 4, 10])).toEqual([7, 6, 3]);
  });
});
