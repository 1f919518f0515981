/**
 * Calendar dates and time zones. A "date string" is a local calendar day 'YYYY-MM-DD' with no time zone;
 * instants are `Date`. Converting between the two always names the zone, because the server's own zone
 * (often UTC) is not the team's (Asia/Shanghai by default).
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Dates outside this span are almost certainly typos (20226-…, 1026-…) for a marketing log.
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;

/** Day of the month count for a 1-based month, using proleptic Gregorian rules. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function ymd(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Splits a date string into numbers, or throws RangeError: callers pass dates they already validated. */
function split(dateStr: string): [number, number, number] {
  if (!isDateStr(dateStr)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(dateStr)}`);
  const [y, m, d] = dateStr.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** True for a well-formed 'YYYY-MM-DD' that exists on the calendar (no 2026-02-30). */
export function isDateStr(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

// One formatter per zone: building an Intl formatter is the expensive part, and every command and job
// asks for "today" at least once (dayjs.tz rebuilt it on each call, about 0.3 ms).
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a time zone, as 'YYYY-MM-DD'. */
export function localDate(d: Date, tz: string): string {
  let f = dayFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(tz, f);
  }
  // en-CA formats as YYYY-MM-DD; formatToParts keeps it independent of that locale detail.
  const parts = f.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The instant a local calendar day starts in a time zone (handles DST and non-midnight day starts). */
export function startOfLocalDay(dateStr: string, tz: string): Date {
  split(dateStr);
  return dayjs.tz(`${dateStr} 00:00:00`, tz).toDate();
}

/** The last millisecond (23:59:59.999 local) of a local calendar day, i.e. next day's start minus 1 ms. */
export function endOfLocalDay(dateStr: string, tz: string): Date {
  return new Date(startOfLocalDay(addDays(dateStr, 1), tz).getTime() - 1);
}

/** Adds n calendar days (n may be negative) to a date string. */
export function addDays(dateStr: string, n: number): string {
  const [y, m, d] = split(dateStr);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = split(a);
  const [by, bm, bd] = split(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / DAY_MS);
}

/** Day of the week of a date string: 0 = Sunday … 6 = Saturday (as Date#getDay). */
export function dayOfWeek(dateStr: string): number {
  const [y, m, d] = split(dateStr);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The month of an instant in a time zone, as 'YYYY-MM'. */
export function monthKey(d: Date, tz: string): string {
  return localDate(d, tz).slice(0, 7);
}

/** ISO-8601 week key of a date string, e.g. '2026-W48'; the week-year can differ from the calendar year. */
export function isoWeekKeyOfDate(dateStr: string): string {
  const [y, m, d] = split(dateStr);
  const day = Date.UTC(y, m - 1, d);
  const mondayBased = (new Date(day).getUTCDay() + 6) % 7;
  // The ISO week belongs to the year that holds its Thursday.
  const thursday = day + (3 - mondayBased) * DAY_MS;
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
  return `${pad(weekYear, 4)}-W${pad(week)}`;
}

/** ISO-8601 week key of an instant in a time zone, e.g. '2026-W48'. */
export function isoWeekKey(d: Date, tz: string): string {
  return isoWeekKeyOfDate(localDate(d, tz));
}

/** Monday of the ISO week that holds a date string. */
export function isoWeekStart(dateStr: string): string {
  return addDays(dateStr, -((dayOfWeek(dateStr) + 6) % 7));
}

export type DateArgError = 'empty' | 'bad_format' | 'no_such_date' | 'out_of_range';
export type DateArgResult = { ok: true; date: string } | { ok: false; reason: DateArgError };

export type MonthArgError = 'empty' | 'bad_format' | 'no_such_month' | 'out_of_range';
export type MonthArgResult = { ok: true; month: string } | { ok: false; reason: MonthArgError };

const FULL_DATE_FORMS: RegExp[] = [
  // 2026-11-26, 2026/11/26, 2026.11.26 (one separator throughout)
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/,
  // 20261126
  /^(\d{4})()(\d{2})(\d{2})$/,
  // 2026年11月26日
  /^(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?$/,
];
const SHORT_DATE_FORMS: RegExp[] = [/^(\d{1,2})([-/.])(\d{1,2})$/, /^(\d{1,2})(月)(\d{1,2})[日号]?$/];

/** NFKC (full-width digits and separators) and trim; null for input too long to be a date at all. */
function normalizeArg(input: string): string | null {
  const s = String(input ?? '');
  return s.length > 64 ? null : s.normalize('NFKC').trim();
}

/** Current year in Asia/Shanghai, used only when the caller gives no default year for '11-26'. */
function currentYear(): number {
  return Number(dayjs().tz('Asia/Shanghai').format('YYYY'));
}

function checkParts(year: number, month: number, day: number): DateArgResult {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: 'out_of_range' };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: 'no_such_date' };
  }
  return { ok: true, date: ymd(year, month, day) };
}

/**
 * Parses a date typed in chat (2026-11-26, 2026/11/26, 20261126, 2026年11月26日, full-width digits, and
 * 11-26 / 11月26日 in `defaultYear`, which defaults to the current year in Asia/Shanghai) with a reason on
 * failure; dates that do not exist (2026-02-30) are refused. Never throws.
 */
export function checkDateArg(input: string, defaultYear?: number): DateArgResult {
  const s = normalizeArg(input);
  if (s === null) return { ok: false, reason: 'bad_format' };
  if (s === '') return { ok: false, reason: 'empty' };
  for (const re of FULL_DATE_FORMS) {
    const m = re.exec(s);
    if (m) return checkParts(Number(m[1]), Number(m[3]), Number(m[4]));
  }
  for (const re of SHORT_DATE_FORMS) {
    const m = re.exec(s);
    if (m) return checkParts(defaultYear ?? currentYear(), Number(m[1]), Number(m[3]));
  }
  return { ok: false, reason: 'bad_format' };
}

/** Like checkDateArg, returning just the 'YYYY-MM-DD' or null. */
export function parseDateArg(input: string, defaultYear?: number): string | null {
  const r = checkDateArg(input, defaultYear);
  return r.ok ? r.date : null;
}

/**
 * Parses a month typed in chat (2026-11, 2026/11, 202611, 2026年11月, and 11月 in `defaultYear`) with a
 * reason on failure. Never throws.
 */
export function checkMonthArg(input: string, defaultYear?: number): MonthArgResult {
  const s = normalizeArg(input);
  if (s === null) return { ok: false, reason: 'bad_format' };
  if (s === '') return { ok: false, reason: 'empty' };
  let year: number;
  let month: number;
  const full = /^(\d{4})(?:[-/.](\d{1,2})|(\d{2})|年(\d{1,2})月?)$/.exec(s);
  const short = /^(\d{1,2})月$/.exec(s);
  if (full) {
    year = Number(full[1]);
    month = Number(full[2] ?? full[3] ?? full[4]);
  } else if (short) {
    year = defaultYear ?? currentYear();
    month = Number(short[1]);
  } else {
    return { ok: false, reason: 'bad_format' };
  }
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: 'out_of_range' };
  if (month < 1 || month > 12) return { ok: false, reason: 'no_such_month' };
  return { ok: true, month: `${pad(year, 4)}-${pad(month)}` };
}

/** Like checkMonthArg, returning just the 'YYYY-MM' or null. */
export function parseMonthArg(input: string, defaultYear?: number): string | null {
  const r = checkMonthArg(input, defaultYear);
  return r.ok ? r.month : null;
}
