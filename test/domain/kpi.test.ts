import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aov,
  attainment,
  bounceRate,
  cac,
  change,
  ctr,
  cvr,
  DASH,
  formatChange,
  formatPct,
  formatPp,
  formatRoi,
  ppChange,
  ratio,
  roi,
} from '../../src/domain/kpi';

describe('KPI formulas', () => {
  it('compute from sums', () => {
    expect(ctr(31, 1000)).toBeCloseTo(0.031);
    expect(cvr(5, { clicks: 200 })).toBeCloseTo(0.025);
    expect(cvr(5, { visitors: 1000 })).toBeCloseTo(0.005);
    expect(aov(1_500_000, { buyers: 100 })).toBe(15_000); // ¥15,000 GMV / 100 buyers = ¥150
    expect(aov(1_500_000, { orders: 120 })).toBe(12_500);
    expect(roi(3_200_000, 1_000_000)).toBeCloseTo(3.2);
    expect(cac(500_000, 125)).toBe(4_000); // ¥5,000 / 125 = ¥40
    expect(bounceRate(45, 100)).toBeCloseTo(0.45);
  });

  it('never averages ratios: two days summed differ from the mean of daily CTRs', () => {
    const days = [
      { clicks: 10, impressions: 100 },
      { clicks: 1, impressions: 1000 },
    ];
    const sum = ctr(
      days.reduce((a, d) => a + d.clicks, 0),
      days.reduce((a, d) => a + d.impressions, 0),
    );
    expect(sum).toBeCloseTo(11 / 1100);
    expect(sum).not.toBeCloseTo((0.1 + 0.001) / 2);
  });

  it('zero or missing base gives null (shown as —), never 0 or ∞', () => {
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(5, null)).toBeNull();
    expect(ratio(undefined, 5)).toBeNull();
    expect(ratio(Number.NaN, 5)).toBeNull();
    expect(ratio(5, Number.POSITIVE_INFINITY)).toBeNull();
    expect(ratio(0, 5)).toBe(0); // a zero numerator is a real 0%
    expect(ctr(10, 0)).toBeNull();
    expect(cvr(3, { clicks: 0 })).toBeNull();
    expect(cvr(3, { visitors: undefined })).toBeNull();
    expect(aov(100, { buyers: 0 })).toBeNull();
    expect(roi(1000, 0)).toBeNull();
    expect(cac(1000, 0)).toBeNull();
    expect(bounceRate(0, 0)).toBeNull();
    expect(formatPct(ctr(10, 0), 'en')).toBe(DASH);
    expect(formatRoi(roi(1000, 0))).toBe(DASH);
  });
});

describe('changes', () => {
  it('环比 = (this − prev) ÷ prev', () => {
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(80, 100)).toBeCloseTo(-0.2);
    expect(change(100, 100)).toBe(0);
    expect(change(0, 100)).toBe(-1);
  });

  it('zero or missing previous gives null', () => {
    expect(change(100, 0)).toBeNull();
    expect(change(0, 0)).toBeNull();
    expect(change(100, null)).toBeNull();
    expect(change(undefined, 100)).toBeNull();
  });

  it('a change in a rate is in percentage points, not percent', () => {
    const now = ctr(26, 1000); // 2.6%
    const prev = ctr(31, 1000); // 3.1%
    expect(ppChange(now, prev)).toBeCloseTo(-0.5);
    expect(formatPp(ppChange(now, prev), 'en')).toBe('-0.5 pp');
    expect(formatPp(ppChange(prev, now), 'zh-CN')).toBe('+0.5个百分点');
    expect(formatPp(ppChange(0.031, 0.031), 'en')).toBe('0.0 pp');
    expect(ppChange(now, ctr(5, 0))).toBeNull();
    expect(formatPp(null, 'en')).toBe(DASH);
  });

  it('attainment, including lower-is-better', () => {
    expect(attainment(1_100, 1_000)).toBeCloseTo(1.1);
    expect(attainment(4_000, 5_000, true)).toBeCloseTo(1.25); // CAC ¥40 vs target ¥50
    expect(attainment(100, 0)).toBeNull();
    expect(attainment(0, 5_000, true)).toBeNull();
    expect(attainment(null, 5_000)).toBeNull();
  });
});

describe('formatting', () => {
  it('formatPct', () => {
    expect(formatPct(0.031, 'zh-CN')).toBe('3.1%');
    expect(formatPct(0.03125, 'en', 2)).toBe('3.13%');
    expect(formatPct(1.1, 'en', 0)).toBe('110%');
    expect(formatPct(12.345, 'en')).toBe('1,234.5%');
    expect(formatPct(0, 'en')).toBe('0.0%');
    expect(formatPct(null, 'en')).toBe(DASH);
    expect(formatPct(1e307, 'en')).toBe(DASH); // overflows when scaled to percent
    expect(formatChange(1e307).text).toBe(DASH);
  });

  it('formatRoi shows "n:1"', () => {
    expect(formatRoi(3.2)).toBe('3.2:1');
    expect(formatRoi(3)).toBe('3:1');
    expect(formatRoi(3.04)).toBe('3:1');
    expect(formatRoi(0.456)).toBe('0.5:1');
    expect(formatRoi(null)).toBe(DASH);
  });

  it('formatChange arrows', () => {
    expect(formatChange(0.123)).toEqual({ text: '↑12.3%', arrow: '↑' });
    expect(formatChange(-0.04)).toEqual({ text: '↓4.0%', arrow: '↓' });
    expect(formatChange(0)).toEqual({ text: '→0.0%', arrow: '→' });
    expect(formatChange(0.0004)).toEqual({ text: '→0.0%', arrow: '→' });
    expect(formatChange(-0.35)).toEqual({ text: '↓35.0%', arrow: '↓' });
    expect(formatChange(12.5, 'zh-CN').text).toBe('↑1,250.0%');
    expect(formatChange(null)).toEqual({ text: DASH, arrow: '' });
    expect(formatChange(change(5, 0))).toEqual({ text: DASH, arrow: '' });
  });

  it('property: results are finite or null, and formatters never print NaN or Infinity', () => {
    const n = fc.oneof(fc.double(), fc.constant(null));
    fc.assert(
      fc.property(n, n, (a, b) => {
        for (const v of [ratio(a, b), change(a, b), ppChange(a, b)]) {
          if (v !== null) expect(Number.isFinite(v)).toBe(true);
        }
        for (const text of [
          formatPct(ratio(a, b), 'en'),
          formatPp(ppChange(a, b), 'zh-CN'),
          formatRoi(roi(a, b)),
          formatChange(change(a, b)).text,
        ]) {
          expect(text).not.toMatch(/NaN|Infinity|∞/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
