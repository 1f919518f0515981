import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/domain/calendar';
import {
  largestRemainder,
  paceOf,
  parsePeriod,
  parseTargetValue,
  planTargets,
  type Target,
} from '../../src/domain/targets';

describe('periods as typed', () => {
  it('reads a year, a quarter and a month in the ways people write them', () => {
    expect(parsePeriod('2027')).toMatchObject({ kind: 'year', key: '2027' });
    expect(parsePeriod('2027')?.months).toHaveLength(12);
    for (const q of ['2027-Q1', '2027q1', '2027 Q1', '2027年Q1', '2027年第1季度', '２０２７－Ｑ１']) {
      expect(parsePeriod(q), q).toEqual({
        kind: 'quarter',
        key: '2027-Q1',
        year: 2027,
        months: ['2027-01', '2027-02', '2027-03'],
      });
    }
    expect(parsePeriod('2027-Q4')?.months).toEqual(['2027-10', '2027-11', '2027-12']);
    for (const m of ['2027-03', '2027/3', '202703', '2027年3月']) {
      expect(parsePeriod(m), m).toEqual({ kind: 'month', key: '2027-03', year: 2027, months: ['2027-03'] });
    }
    expect(parsePeriod('3月', 2027)?.key).toBe('2027-03');
    for (const bad of ['2027-Q5', '2027-13', '27', 'next year', '', '1900'])
      expect(parsePeriod(bad), bad).toBeNull();
  });
});

describe('target values as typed', () => {
  it('gmv like every amount, new_users like every count, uv_growth a percent, roi a ratio', () => {
    expect(parseTargetValue('gmv', '6000万')).toEqual({ ok: true, value: 6_000_000_000 });
    expect(parseTargetValue('gmv', '¥60,000,000')).toEqual({ ok: true, value: 6_000_000_000 });
    expect(parseTargetValue('new_users', '10万')).toEqual({ ok: true, value: 100_000 });
    expect(parseTargetValue('uv_growth', '20%')).toEqual({ ok: true, value: 2000 });
    expect(parseTargetValue('uv_growth', '12.5')).toEqual({ ok: true, value: 1250 });
    expect(parseTargetValue('uv_growth', '-5%')).toEqual({ ok: true, value: -500 });
    expect(parseTargetValue('roi', '3')).toEqual({ ok: true, value: 300 });
    expect(parseTargetValue('roi', '3.5:1')).toEqual({ ok: true, value: 350 });
    expect(parseTargetValue('roi', '３：１')).toEqual({ ok: true, value: 300 });
  });

  it('refuses what is not a target, with the reason', () => {
    expect(parseTargetValue('gmv', '0')).toEqual({ ok: false, reason: 'not_positive' });
    expect(parseTargetValue('gmv', 'lots')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parseTargetValue('gmv', '-5万')).toEqual({ ok: false, reason: 'negative' });
    expect(parseTargetValue('new_users', '1.5')).toEqual({ ok: false, reason: 'not_integer' });
    expect(parseTargetValue('uv_growth', '12.345%')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseTargetValue('uv_growth', '-100%')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseTargetValue('roi', '0')).toEqual({ ok: false, reason: 'not_positive' });
    expect(parseTargetValue('roi', '2000')).toEqual({ ok: false, reason: 'out_of_range' });
  });
});

describe('the split', () => {
  it('always adds up to the total exactly, each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc
          .array(fc.integer({ min: 0, max: 10 ** 13 }), { minLength: 1, maxLength: 12 })
          .filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = largestRemainder(total, weights);
          expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(total));
          const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
          parts.forEach((p, i) => {
            const floor = (BigInt(total) * BigInt(weights[i]!)) / sum;
            expect(BigInt(p) - floor === 0n || BigInt(p) - floor === 1n).toBe(true);
            if (weights[i] === 0) expect(p).toBe(0);
          });
        },
      ),
    );
  });

  it('gives the leftover fen to the largest remainders, earlier months first on a tie', () => {
    // 100 fen over three equal months: 34, 33, 33.
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 6000万 by 12 equal months is exact.
    expect(largestRemainder(6_000_000_000, Array(12).fill(1))).toEqual(Array(12).fill(500_000_000));
    // 10 over weights 1:2:3 → 1.67, 3.33, 5 → 2, 3, 5.
    expect(largestRemainder(10, [1, 2, 3])).toEqual([2, 3, 5]);
  });

  const q1 = parsePeriod('2027-Q1')!;
  const lastYear = new Map([
    ['2026-01', 200],
    ['2026-02', 100],
    ['2026-03', 100],
  ]);
  const row = (month: string, metric: string, value: number, overridden: boolean): Target => ({
    id: 0,
    month,
    metric,
    value,
    planKey: overridden ? month : '2027',
    weighting: overridden ? 'fixed' : 'equal',
    overridden,
    updatedAt: new Date(),
    updatedBy: 'slack:U1',
  });

  it('weights by the same months of last year when every one of them has GMV', () => {
    const plan = planTargets({
      period: q1,
      values: { gmv: 1_000_001, roi: 300 },
      existing: [],
      lastYearGmv: lastYear,
      split: 'auto',
      resetOverrides: false,
    });
    const gmv = plan.months.filter((m) => m.metric === 'gmv');
    expect(gmv.map((m) => m.value)).toEqual([500_001, 250_000, 250_000]);
    expect(gmv.map((m) => m.weight)).toEqual([200, 100, 100]);
    expect(plan.splits.gmv).toEqual({ weighting: 'last_year', missing: [], rest: 1_000_001, shared: 3 });
    expect(plan.months.filter((m) => m.metric === 'roi').map((m) => [m.value, m.weighting])).toEqual([
      [300, 'same'],
      [300, 'same'],
      [300, 'same'],
    ]);
  });

  it('splits equally and says which of last year’s months had no GMV', () => {
    const plan = planTargets({
      period: q1,
      values: { new_users: 100 },
      existing: [],
      lastYearGmv: new Map([['2026-01', 500]]),
      split: 'auto',
      resetOverrides: false,
    });
    expect(plan.months.map((m) => m.value)).toEqual([34, 33, 33]);
    expect(plan.splits.new_users).toMatchObject({ weighting: 'equal', missing: ['2026-02', '2026-03'] });
    expect(() =>
      planTargets({
        period: q1,
        values: { gmv: 100 },
        existing: [],
        lastYearGmv: new Map(),
        split: 'last_year',
        resetOverrides: false,
      }),
    ).toThrow(/err.target.no_last_year/);
  });

  it('keeps a month set on its own and splits the rest of the total over the others', () => {
    const existing = [row('2027-02', 'gmv', 700_000, true), row('2027-01', 'gmv', 1, false)];
    const plan = planTargets({
      period: q1,
      values: { gmv: 1_000_000 },
      existing,
      lastYearGmv: lastYear,
      split: 'auto',
      resetOverrides: false,
    });
    expect(plan.months.map((m) => [m.month, m.value, m.kept])).toEqual([
      ['2027-01', 200_000, false],
      ['2027-02', 700_000, true],
      ['2027-03', 100_000, false],
    ]);
    expect(plan.splits.gmv).toMatchObject({ rest: 300_000, shared: 2 });
    const reset = planTargets({
      period: q1,
      values: { gmv: 1_000_000 },
      existing,
      lastYearGmv: lastYear,
      split: 'auto',
      resetOverrides: true,
    });
    expect(reset.months.map((m) => m.value)).toEqual([500_000, 250_000, 250_000]);
    expect(() =>
      planTargets({
        period: q1,
        values: { gmv: 600_000 },
        existing,
        lastYearGmv: lastYear,
        split: 'auto',
        resetOverrides: false,
      }),
    ).toThrow(/err.target.overrides_exceed/);
  });
});

describe('pacing (calendar days)', () => {
  it('on the first day of a month: 1 of 30 days gone, the rest spread over 29 days', () => {
    const p = paceOf(500_000_000, 10_000_000, 1, 30);
    expect(p).toMatchObject({ donePct: 2, timePct: 3, gapPp: -1, daysLeft: 29, reached: false });
    // (¥500万 − ¥10万) ÷ 29 days, rounded up to the fen.
    expect(p.perDay).toBe(Math.ceil((500_000_000 - 10_000_000) / 29));
  });

  it('on the last day of a month: all days gone, nothing per day, reached or missed', () => {
    expect(paceOf(500_000_000, 480_000_000, 31, 31)).toMatchObject({
      donePct: 96,
      timePct: 100,
      gapPp: -4,
      remaining: 20_000_000,
      daysLeft: 0,
      perDay: null,
      reached: false,
    });
    expect(paceOf(500_000_000, 510_000_000, 31, 31)).toMatchObject({
      reached: true,
      remaining: 0,
      perDay: null,
    });
  });

  it('the issue’s example: 43% done at half-time is 7 points behind', () => {
    const p = paceOf(500_000_000, 215_000_000, 15, 30);
    expect(p).toMatchObject({ donePct: 43, timePct: 50, gapPp: -7, daysLeft: 15 });
    expect(p.perDay).toBe(19_000_000);
  });

  it('a holiday month keeps its clock running: 国庆 days count like any other day', () => {
    // October 2026: 1–7 are the National Day holiday on the working-day calendar.
    const cal = new WorkCalendar();
    expect(cal.isWorkingDay('2026-10-05')).toBe(false);
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
    // Yet by the 7th, 7 of 31 calendar days are gone (23%): sales made during the holiday are counted
    // against a clock that moved, not against a working-day clock that would still read 0%.
    const p = paceOf(310_000_000, 100_000_000, 7, 31);
    expect(p).toMatchObject({ donePct: 32, timePct: 23, gapPp: 9, daysLeft: 24 });
    expect(p.perDay).toBe(Math.ceil(210_000_000 / 24));
  });
});
