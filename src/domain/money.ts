/**
 * Money and counts as people type them in chat: `50,000`, `5万`, `¥5000`, `１．５万`, `RMB 5000`.
 *
 * Money is integer fen (1 yuan = 100 fen) held in a JS number, exact up to Number.MAX_SAFE_INTEGER
 * (~90 trillion yuan). Parsing works on the digit string with BigInt scaling, never parseFloat, so
 * `0.1 + 0.2`-style drift cannot enter stored amounts.
 */

import { must } from '../util/narrow';
import { DASH } from './kpi';

type Lang = 'zh-CN' | 'en';

export type AmountError = 'empty' | 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large';
export type AmountResult = { ok: true; fen: number } | { ok: false; reason: AmountError };

export type CountError = 'empty' | 'not_a_number' | 'negative' | 'not_integer' | 'too_large';
export type CountResult = { ok: true; value: number } | { ok: false; reason: CountError };

// Longer than any sane amount; bounds the regex work a hostile message can cause.
const MAX_INPUT_LENGTH = 64;

// Longest suffix first so 千万 is not read as 千 + junk. `w` is the common chat shorthand for 万.
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['千万', 7],
  ['百万', 6],
  ['亿', 8],
  ['万', 4],
  ['千', 3],
  ['百', 2],
  ['w', 4],
  ['k', 3],
  ['m', 6],
];

const CURRENCY_PREFIX = /^(?:¥|rmb|cny|人民币)\s*/i;
const CURRENCY_SUFFIX = /\s*(?:元|块|rmb|cny)$/i;
// Either plain digits or correctly grouped thousands (1,234,567); `50,00` is ambiguous and refused.
const NUMBER = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

interface Decimal {
  negative: boolean;
  /** All significant digits, integer and fraction, without the point. */
  digits: bigint;
  /** Power of ten to apply to `digits` (negative = fraction digits). */
  exponent: number;
}

type DecimalResult = { ok: true; value: Decimal } | { ok: false; reason: 'empty' | 'not_a_number' };

/** Normalizes full-width digits, punctuation and ￥ (NFKC) and trims whitespace, including U+3000. */
function normalize(input: string): string {
  return input.normalize('NFKC').trim();
}

function parseDecimal(text: string, allowCurrency: boolean): DecimalResult {
  // Refuse very long input before normalizing, so a pasted novel costs nothing.
  if (text.length > MAX_INPUT_LENGTH * 4) return { ok: false, reason: 'not_a_number' };
  let s = normalize(text);
  if (s === '') return { ok: false, reason: 'empty' };
  if (s.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'not_a_number' };

  // A sign may come before or after the currency marker: `-¥5` and `¥-5` both mean minus five.
  let negative = false;
  const takeSign = () => {
    if (s.startsWith('-') || s.startsWith('−')) {
      if (negative) return false;
      negative = true;
      s = s.slice(1).trimStart();
    }
    return true;
  };
  if (!takeSign()) return { ok: false, reason: 'not_a_number' };
  if (allowCurrency) {
    s = s.replace(CURRENCY_PREFIX, '');
    if (!takeSign()) return { ok: false, reason: 'not_a_number' };
    s = s.replace(CURRENCY_SUFFIX, '');
  }

  let exponent = 0;
  const lower = s.toLowerCase();
  for (const [suffix, exp] of UNITS) {
    if (lower.endsWith(suffix)) {
      exponent = exp;
      s = s.slice(0, s.length - suffix.length).trimEnd();
      break;
    }
  }

  const m = NUMBER.exec(s);
  if (!m) return { ok: false, reason: 'not_a_number' };
  const intPart = must(m[1], 'NUMBER captures the whole part').replaceAll(',', '');
  // Trailing fraction zeros carry no value: `5.000` is exactly 5.00.
  const fracPart = (m[2] ?? '').replace(/0+$/, '');
  return {
    ok: true,
    value: { negative, digits: BigInt(intPart + fracPart), exponent: exponent - fracPart.length },
  };
}

/** Scales a decimal by 10^shift and returns it as an exact integer, or null when a fraction remains. */
function toInteger(d: Decimal, shift: number): bigint | null {
  const exp = d.exponent + shift;
  if (exp >= 0) return d.digits * 10n ** BigInt(exp);
  const div = 10n ** BigInt(-exp);
  return d.digits % div === 0n ? d.digits / div : null;
}

/** Parses a money amount typed in chat into exact integer fen; never throws. */
export function parseAmount(input: string): AmountResult {
  const parsed = parseDecimal(String(input ?? ''), true);
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  const fen = toInteger(d, 2);
  if (fen === null) return { ok: false, reason: 'too_many_decimals' };
  if (d.negative && fen !== 0n) return { ok: false, reason: 'negative' };
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'too_large' };
  return { ok: true, fen: Number(fen) };
}

/** Parses a whole-number count (followers, views) such as `12万`, `1.2w`, `3,000`; never throws. */
export function parseCount(input: string): CountResult {
  const parsed = parseDecimal(String(input ?? ''), false);
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  const value = toInteger(d, 0);
  if (value === null) return { ok: false, reason: 'not_integer' };
  if (d.negative && value !== 0n) return { ok: false, reason: 'negative' };
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'too_large' };
  return { ok: true, value: Number(value) };
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

interface CompactUnit {
  size: bigint;
  suffix: string;
}

// zh-CN groups by 10^4 (万, 亿); en by 10^3 (K, M, B). Ascending.
const ZH_UNITS: readonly [CompactUnit, CompactUnit] = [
  { size: 10_000n, suffix: '万' },
  { size: 100_000_000n, suffix: '亿' },
];
const EN_UNITS: readonly [CompactUnit, CompactUnit, CompactUnit] = [
  { size: 1_000n, suffix: 'K' },
  { size: 1_000_000n, suffix: 'M' },
  { size: 1_000_000_000n, suffix: 'B' },
];

/**
 * Compact form of a non-negative integer with one decimal, rounded half up using integer maths; with
 * `significant`, as many more decimals as it takes to show that many significant digits (`¥2.24M`, not
 * `¥2.2M`), for lines whose percentages must check against the amounts printed beside them.
 */
function compactInteger(abs: bigint, locale: Lang, significant = 0): string {
  const units = locale === 'zh-CN' ? ZH_UNITS : EN_UNITS;
  if (abs < units[0].size) return group(abs.toString());
  let chosen: CompactUnit = units[0];
  let tenths = 0n;
  for (const [i, u] of units.entries()) {
    chosen = u;
    tenths = (abs * 10n + u.size / 2n) / u.size;
    const next = units[i + 1];
    // Roll over so 99,999,600 shows as 1亿 rather than 10000万 (and 999,960 as 1M, not 1000K).
    if (!next || tenths * u.size < next.size * 10n) break;
  }
  const decimals = Math.max(1, significant - (abs / chosen.size).toString().length);
  const scale = 10n ** BigInt(decimals);
  const scaled = (abs * scale + chosen.size / 2n) / chosen.size;
  const whole = group((scaled / scale).toString());
  const frac = (scaled % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return (frac === '' ? whole : `${whole}.${frac}`) + chosen.suffix;
}

export interface MoneyFormatOptions {
  /** Rounded, unit-suffixed form for digests and cards. */
  compact?: boolean;
  /** With compact: show at least this many significant digits (one decimal at the least). */
  significant?: number;
  /** Currency symbol; defaults to ¥ (the settings may choose another currency to display). */
  symbol?: string;
}

/** Normalizes a number or bigint to a bigint, or null when missing or not finite (shown as —). */
function toBig(n: number | bigint | null | undefined): bigint | null {
  if (typeof n === 'bigint') return n;
  if (typeof n !== 'number' || !Number.isFinite(n)) return null;
  // Derived values such as AOV can carry fractional fen; display rounds them, storage never does.
  return BigInt(Math.round(n));
}

/**
 * Formats integer fen as money. Non-compact is exact in both locales (`¥12,000.00`, `-¥5.50`), so it
 * round-trips through parseAmount and table columns line up. Compact is for digests and rounds to one
 * decimal: zh-CN `¥1.2万` / `¥3.5亿`, en `¥12K` / `¥3.5M` / `¥1.2B`; below the first unit it shows whole
 * yuan (`¥5,000`) or keeps the fen when there are any (`¥0.50`), so small sums never read as ¥0 or ¥1.
 * Missing or non-finite input gives —.
 */
export function formatMoney(
  fen: number | bigint | null | undefined,
  locale: Lang,
  opts: MoneyFormatOptions = {},
): string {
  const value = toBig(fen);
  if (value === null) return DASH;
  const symbol = opts.symbol ?? '¥';
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  if (!opts.compact) return `${sign}${symbol}${group(yuan.toString())}.${cents}`;
  // zh-CN compacts from 万; English readers expect whole yuan (¥12,000) until the millions (¥1.2M).
  const firstUnit = locale === 'zh-CN' ? ZH_UNITS[0].size : EN_UNITS[1].size;
  if (yuan >= firstUnit) {
    return `${sign}${symbol}${compactInteger((abs + 50n) / 100n, locale, opts.significant)}`;
  }
  if (locale === 'en' && yuan >= 1_000n) return `${sign}${symbol}${group(((abs + 50n) / 100n).toString())}`;
  return `${sign}${symbol}${group(yuan.toString())}${cents === '00' ? '' : `.${cents}`}`;
}

/** Formats a count: `12,345`, or compact zh-CN `1.2万` / en `12.3K`; missing gives —. */
export function formatCount(
  n: number | bigint | null | undefined,
  locale: Lang,
  opts: Pick<MoneyFormatOptions, 'compact'> = {},
): string {
  const value = toBig(n);
  if (value === null) return DASH;
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return sign + (opts.compact ? compactInteger(abs, locale) : group(abs.toString()));
}
