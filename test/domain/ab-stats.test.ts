import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareArms, normalCdf, samplePerArm, Z_80, Z_975 } from '../../src/domain/ab-stats';

describe('A/B statistics: known answers', () => {
  it('A 50/1000 vs B 80/1000 → p ≈ 0.0065, B wins, lift +60%', () => {
    const r = compareArms({ visitors: 1000, conversions: 50 }, { visitors: 1000, conversions: 80 });
    expect(r.p).toBeCloseTo(0.0065, 4);
    expect(r.verdict).toBe('b_wins');
    expect(r.lift).toBeCloseTo(0.6, 10);
    // Unpooled 95% CI of the difference: 0.03 ± 1.96·√(0.05·0.95/1000 + 0.08·0.92/1000)
    expect(r.ciLow).toBeCloseTo(0.0084, 4);
    expect(r.ciHigh).toBeCloseTo(0.0516, 4);
  });

  it('A 50/1000 vs B 55/1000 → p ≈ 0.62, no verdict, about 31,000 per arm for 80% power', () => {
    const r = compareArms({ visitors: 1000, conversions: 50 }, { visitors: 1000, conversions: 55 });
    expect(r.p).toBeCloseTo(0.616, 2);
    expect(r.verdict).toBe('no_verdict');
    expect(r.neededPerArm).toBeGreaterThan(30_500);
    expect(r.neededPerArm).toBeLessThan(31_500);
  });

  it('the z constants are the 97.5% and 80% quantiles of the normal CDF', () => {
    expect(normalCdf(Z_975)).toBeCloseTo(0.975, 6);
    expect(normalCdf(Z_80)).toBeCloseTo(0.8, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 6);
  });

  it('A winning shows as a_wins', () => {
    const r = compareArms({ visitors: 2000, conversions: 200 }, { visitors: 2000, conversions: 140 });
    expect(r.verdict).toBe('a_wins');
    expect(r.p).toBeLessThan(0.05);
  });

  it('too few expected conversions → no verdict even with a large gap', () => {
    const r = compareArms({ visitors: 40, conversions: 0 }, { visitors: 40, conversions: 6 });
    expect(r.verdict).toBe('too_small');
    expect(r.minExpected).toBeLessThan(5);
  });

  it('equal rates need no sample (nothing to detect)', () => {
    expect(samplePerArm(0.05, 0.05)).toBeNull();
  });
});

const arm = fc
  .integer({ min: 1, max: 1_000_000 })
  .chain((visitors) =>
    fc.record({ visitors: fc.constant(visitors), conversions: fc.integer({ min: 0, max: visitors }) }),
  );

describe('A/B statistics: properties', () => {
  it('p is in [0, 1] and the CI contains the observed difference', () => {
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const r = compareArms(a, b);
        expect(r.p).toBeGreaterThanOrEqual(0);
        expect(r.p).toBeLessThanOrEqual(1);
        expect(r.ciLow).toBeLessThanOrEqual(r.diff);
        expect(r.ciHigh).toBeGreaterThanOrEqual(r.diff);
      }),
    );
  });

  it('swapping A and B gives the same p, the negated difference and the mirrored verdict', () => {
    const mirror = { a_wins: 'b_wins', b_wins: 'a_wins', no_verdict: 'no_verdict', too_small: 'too_small' };
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const ab = compareArms(a, b);
        const ba = compareArms(b, a);
        expect(ba.p).toBeCloseTo(ab.p, 12);
        expect(ba.diff).toBeCloseTo(-ab.diff, 12);
        expect(ba.ciLow).toBeCloseTo(-ab.ciHigh, 12);
        expect(ba.verdict).toBe(mirror[ab.verdict]);
        expect(ba.neededPerArm).toBe(ab.neededPerArm);
      }),
    );
  });
});
