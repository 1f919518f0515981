import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DASH } from '../../src/domain/kpi';
import { formatCount, formatMoney, parseAmount, parseCount } from '../../src/domain/money';

const MAX = Number.MAX_SAFE_INTEGER;

describe('parseAmount', () => {
  it.each([
    ['50000', 5_000_000],
    ['50,000', 5_000_000],
    ['50，000', 5_000_000], // full-width comma
    ['1,234,567.89', 123_456_789],
    ['5万', 5_000_000],
    ['1.5万', 1_500_000],
    ['1.23456万', 1_234_560],
    ['2千', 200_000],
    ['3百万', 300_000_000],
    ['1.2千万', 1_200_000_000],
    ['1亿', 10_000_000_000],
    ['2.5亿元', 25_000_000_000],
    ['1.2w', 1_200_000],
    ['3.5W', 3_500_000],
    ['12k', 1_200_000],
    ['1.5m', 150_000_000],
    ['¥5000', 500_000],
    ['￥5,000.50', 500_050],
    ['¥ 5,000.5', 500_050],
    ['RMB 5000', 500_000],
    ['rmb5000', 500_000],
    ['CNY 5000', 500_000],
    ['人民币5000元', 500_000],
    ['5000元', 500_000],
    ['5000 元', 500_000],
    ['300块', 30_000],
    ['¥5万', 5_000_000],
    ['５０００', 500_000], // full-width digits
    ['１．５万', 1_500_000],
    ['\u30005000\u3000', 500_000], // ideographic spaces
    ['0.01', 1],
    ['0', 0],
    ['5.000', 500], // trailing zeros carry no precision
    ['-0', 0],
    ['90071992547409.91', MAX],
  ])('%s → %d fen', (input, fen) => {
    expect(parseAmount(input)).toEqual({ ok: true, fen });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['5,00', 'not_a_number'], // ambiguous grouping
    ['50,0000', 'not_a_number'],
    ['1e5', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['5.', 'not_a_number'],
    ['.5', 'not_a_number'],
    ['5 000', 'not_a_number'],
    ['5万5千', 'not_a_number'],
    ['$5000', 'not_a_number'], // another currency is not silently read as yuan
    ['Infinity', 'not_a_number'],
    ['NaN', 'not_a_number'],
    ['--5', 'not_a_number'],
    ['١٢٣', 'not_a_number'], // Arabic-Indic digits
    ['-5', 'negative'],
    ['−5', 'negative'], // U+2212 minus sign
    ['－５', 'negative'], // full-width
    ['-¥5', 'negative'],
    ['¥-5,000', 'negative'],
    ['5.001', 'too_many_decimals'],
    ['0.005', 'too_many_decimals'],
    ['1.2345678万', 'too_many_decimals'],
    ['90071992547409.92', 'too_large'],
    ['99999999999亿', 'too_large'],
  ])('%j → %s', (input, reason) => {
    expect(parseAmount(input)).toEqual({ ok: false, reason });
  });
});

describe('parseCount', () => {
  it.each([
    ['12万', 120_000],
    ['1.2w', 12_000],
    ['3,000', 3_000],
    ['12.5k', 12_500],
    ['１２万', 120_000],
    ['1亿', 100_000_000],
    ['0', 0],
  ])('%s → %d', (input, value) => {
    expect(parseCount(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['1.5', 'not_integer'],
    ['1.23456w', 'not_integer'],
    ['¥5000', 'not_a_number'], // counts are not money
    ['-3', 'negative'],
    ['lots', 'not_a_number'],
    ['9999999999999999', 'too_large'],
  ])('%j → %s', (input, reason) => {
    expect(parseCount(input)).toEqual({ ok: false, reason });
  });
});

describe('formatMoney', () => {
  it('non-compact is exact with two decimals in both locales', () => {
    expect(formatMoney(1_200_000, 'zh-CN')).toBe('¥12,000.00');
    expect(formatMoney(1_200_000, 'en')).toBe('¥12,000.00');
    expect(formatMoney(500_050, 'zh-CN')).toBe('¥5,000.50');
    expect(formatMoney(1, 'en')).toBe('¥0.01');
    expect(formatMoney(0, 'en')).toBe('¥0.00');
    expect(formatMoney(-550, 'zh-CN')).toBe('-¥5.50');
    expect(formatMoney(MAX, 'en')).toBe('¥90,071,992,547,409.91');
    expect(formatMoney(123_456_789_012_345_678n, 'en')).toBe('¥1,234,567,890,123,456.78');
    expect(formatMoney(1_200_000, 'en', { symbol: 'US$' })).toBe('US$12,000.00');
  });

  it('rounds derived fractional fen for display and shows — for missing values', () => {
    expect(formatMoney(12_345.6, 'en')).toBe('¥123.46');
    expect(formatMoney(null, 'en')).toBe(DASH);
    expect(formatMoney(undefined, 'zh-CN', { compact: true })).toBe(DASH);
    expect(formatMoney(Number.NaN, 'en')).toBe(DASH);
    expect(formatMoney(Number.POSITIVE_INFINITY, 'en')).toBe(DASH);
  });

  it('zh-CN compact uses 万 and 亿', () => {
    const c = (fen: number) => formatMoney(fen, 'zh-CN', { compact: true });
    expect(c(1_200_000)).toBe('¥1.2万');
    expect(c(1_000_000)).toBe('¥1万');
    expect(c(35_000_000_000)).toBe('¥3.5亿');
    expect(c(123_456_789_012)).toBe('¥12.3亿');
    expect(c(999_999_900)).toBe('¥1,000万');
    expect(c(9_999_960_000)).toBe('¥1亿'); // rolls over instead of "10000万"
    expect(c(500_000)).toBe('¥5,000');
    expect(c(500_050)).toBe('¥5,000.50');
    expect(c(50)).toBe('¥0.50');
    expect(c(-1_200_000)).toBe('-¥1.2万');
  });

  it('en compact shows whole yuan below a million, then M and B', () => {
    const c = (fen: number) => formatMoney(fen, 'en', { compact: true });
    // English shows whole yuan until the millions, as the digests' spec reads (¥12,000).
    expect(c(1_200_000)).toBe('¥12,000');
    expect(c(1_234_567)).toBe('¥12,346');
    expect(c(123_456_789)).toBe('¥1.2M');
    expect(c(350_000_000)).toBe('¥3.5M');
    expect(c(123_456_789_012)).toBe('¥1.2B');
    expect(c(99_996_000)).toBe('¥999,960');
    expect(c(99_999_996_000)).toBe('¥1B'); // 999,999,960 yuan rolls over instead of "1,000M"
    expect(c(99_900)).toBe('¥999');
    expect(c(99_950)).toBe('¥999.50');
  });

  it('compact with significant digits keeps enough of the amount to check a percentage against it', () => {
    const c = (fen: number, l: 'en' | 'zh-CN') => formatMoney(fen, l, { compact: true, significant: 3 });
    // ¥2.24M of ¥2.8M is 80%; ¥2.2M would read as 79%.
    expect(c(224_000_000, 'en')).toBe('¥2.24M');
    expect(c(280_000_000, 'en')).toBe('¥2.8M');
    expect(c(996_000_000, 'en')).toBe('¥9.96M');
    expect(c(1_234_567_890, 'en')).toBe('¥12.3M');
    expect(c(99_999_996_000, 'en')).toBe('¥1B');
    // zh-CN 万 already has three digits from ¥100万; below that one decimal stays the least.
    expect(c(2_240_000_000, 'zh-CN')).toBe('¥2,240万');
    expect(c(11_111_112, 'zh-CN')).toBe('¥11.1万');
    expect(c(8_000_000, 'zh-CN')).toBe('¥8万');
    expect(c(11_500_000_000, 'zh-CN')).toBe('¥1.15亿');
    expect(c(12_345, 'en')).toBe('¥123.45');
  });
});

describe('formatCount', () => {
  it('plain and compact', () => {
    expect(formatCount(123_456, 'en')).toBe('123,456');
    expect(formatCount(123_456, 'zh-CN', { compact: true })).toBe('12.3万');
    expect(formatCount(123_456, 'en', { compact: true })).toBe('123.5K');
    expect(formatCount(999, 'en', { compact: true })).toBe('999');
    expect(formatCount(9_999, 'zh-CN', { compact: true })).toBe('9,999');
    expect(formatCount(null, 'en')).toBe(DASH);
  });
});

describe('properties', () => {
  const fen = fc.integer({ min: 0, max: MAX });
  const locale = fc.constantFrom('zh-CN' as const, 'en' as const);

  it('non-compact formatMoney round-trips through parseAmount', () => {
    fc.assert(
      fc.property(fen, locale, (f, l) => {
        expect(parseAmount(formatMoney(f, l))).toEqual({ ok: true, fen: f });
      }),
      { numRuns: 1000 },
    );
  });

  // Amounts as people type them: optional grouping, cents, units, currency marks and full-width digits.
  const typed = fc
    .record({
      whole: fc.bigInt({ min: 0n, max: 10n ** 10n }),
      cents: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
      unit: fc.constantFrom(['', 0], ['万', 4], ['w', 4], ['亿', 8], ['千', 3], ['k', 3]),
      grouped: fc.boolean(),
      prefix: fc.constantFrom('', '¥', '￥', 'RMB ', '人民币'),
      suffix: fc.constantFrom('', '元', ' 元'),
      fullWidth: fc.boolean(),
    })
    .map(({ whole, cents, unit: [unit, exp], grouped, prefix, suffix, fullWidth }) => {
      const intText = grouped ? whole.toLocaleString('en-US') : whole.toString();
      const fracText = cents === undefined ? '' : `.${String(cents).padStart(2, '0')}`;
      let number = intText + fracText;
      if (fullWidth)
        number = number.replace(/[0-9.,]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
      const expected = (whole * 100n + BigInt(cents ?? 0)) * 10n ** BigInt(exp as number);
      return { text: `${prefix}${number}${unit}${suffix}`, expected };
    });

  it('typed amounts parse exactly, and their formatted form parses back to the same fen', () => {
    fc.assert(
      fc.property(typed, locale, ({ text, expected }, l) => {
        const r = parseAmount(text);
        if (expected > BigInt(MAX)) {
          expect(r).toEqual({ ok: false, reason: 'too_large' });
          return;
        }
        expect(r).toEqual({ ok: true, fen: Number(expected) });
        if (r.ok) expect(parseAmount(formatMoney(r.fen, l))).toEqual(r);
      }),
      { numRuns: 1000 },
    );
  });

  const hostile = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.stringMatching(/^[-−0-9０-９,，.．¥￥万亿千百wWkKmM元块 RMBCNY]{0,20}$/),
    fc.constantFrom(
      '__proto__',
      'constructor',
      '\u0000',
      '9'.repeat(400),
      '1,'.repeat(200),
      '¥'.repeat(1000),
    ),
  );

  it('hostile strings never throw and only ever yield a safe, non-negative integer', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const a = parseAmount(s);
        if (a.ok) {
          expect(Number.isSafeInteger(a.fen)).toBe(true);
          expect(a.fen).toBeGreaterThanOrEqual(0);
        } else {
          expect(['empty', 'not_a_number', 'negative', 'too_many_decimals', 'too_large']).toContain(a.reason);
        }
        const c = parseCount(s);
        if (c.ok) expect(Number.isSafeInteger(c.value) && c.value >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('compact formatting never throws and always starts with the sign and symbol', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX, max: MAX }), locale, (f, l) => {
        expect(formatMoney(f, l, { compact: true })).toMatch(/^-?¥[0-9,]+(\.\d{1,2})?(万|亿|K|M|B)?$/);
      }),
    );
  });
});
