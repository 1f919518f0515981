/**
 * Mainland-China working days: public holidays plus 调休 make-up workdays on weekends.
 *
 * Data comes from `chinese-days` for the years it ships (it silently reports later years as plain
 * weekdays/weekends, so coverage is detected per year) and from admin overrides
 * (`/mops settings holiday|workday add`), which win over the package. A year with neither falls back to
 * Mon–Fri and warns once, naming the year, so someone adds the official arrangement when it is published.
 */
import chineseDays from 'chinese-days';
import { addDays, dayOfWeek, endOfLocalDay, isDateStr, localDate } from './dates';

export type YearCoverage = 'package' | 'admin' | 'fallback';

export interface WorkCalendarOptions {
  /** Extra days off ('YYYY-MM-DD'): company days off, or holidays of a year the package lacks. */
  holidays?: readonly string[];
  /** Extra working days ('YYYY-MM-DD'): 调休 make-up days the package lacks. */
  workdays?: readonly string[];
  /** Where warnings go (uncovered year, ignored override); silent when omitted. */
  warn?: (msg: string) => void;
}

// Default span for coveredYears(); chinese-days 1.5.7 ships 2004–2026.
const PROBE_FROM = 2000;
const PROBE_TO = 2100;

const packageYears = new Map<number, boolean>();

/**
 * chinese-days mixes UTC parsing and local-time reading for 'YYYY-MM-DD' strings: on a server west of UTC,
 * getHolidaysInRange('2026-01-01', …) starts at 2025-12-31. A Date at local noon reads back as the intended
 * day in any process time zone, so the package only ever sees those.
 */
function localNoon(dateStr: string): Date {
  const [y, m, d] = dateStr.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12);
}

/** Whether chinese-days has any holiday data for the year (probed once per year, then cached). */
function packageCovers(year: number): boolean {
  let covered = packageYears.get(year);
  if (covered === undefined) {
    const from = new Date(year, 0, 1, 12);
    const to = new Date(year, 11, 31, 12);
    // Weekday holidays only: a year the package does not know still has weekends.
    covered = chineseDays.getHolidaysInRange(from, to, false).length > 0;
    packageYears.set(year, covered);
  }
  return covered;
}

function yearOf(dateStr: string): number {
  return Number(dateStr.slice(0, 4));
}

function assertDate(dateStr: string): void {
  if (!isDateStr(dateStr)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(dateStr)}`);
}

/** Mainland-China working-day calendar with admin overrides and a warned Mon–Fri fallback. */
export class WorkCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly adminYears = new Set<number>();
  private readonly warn: (msg: string) => void;
  private readonly warnedYears: Set<number>;

  /** Builds the calendar; `warnedYears` is internal, shared by withOverrides() to warn once per year. */
  constructor(opts: WorkCalendarOptions = {}, warnedYears: Set<number> = new Set()) {
    this.warn = opts.warn ?? (() => {});
    this.warnedYears = warnedYears;
    // Bad stored overrides are skipped with a warning rather than thrown: the calendar is built at start-up
    // and one typo must not stop the bot.
    for (const d of opts.holidays ?? []) {
      if (!isDateStr(d)) this.warn(`Ignoring holiday override ${JSON.stringify(d)}: not a YYYY-MM-DD date`);
      else this.holidays.add(d);
    }
    for (const d of opts.workdays ?? []) {
      if (!isDateStr(d)) this.warn(`Ignoring workday override ${JSON.stringify(d)}: not a YYYY-MM-DD date`);
      else if (this.holidays.has(d)) this.warn(`${d} is both a holiday and a workday override: holiday wins`);
      else this.workdays.add(d);
    }
    for (const d of [...this.holidays, ...this.workdays]) this.adminYears.add(yearOf(d));
  }

  /**
   * A calendar with new overrides that shares this one's warn function and "already warned" years, so
   * rebuilding after a settings change does not repeat the fallback warning.
   */
  withOverrides(overrides: Pick<WorkCalendarOptions, 'holidays' | 'workdays'>): WorkCalendar {
    return new WorkCalendar({ ...overrides, warn: this.warn }, this.warnedYears);
  }

  /** Where a year's working days come from: the package, admin overrides, or the Mon–Fri fallback. */
  yearCoverage(year: number): YearCoverage {
    if (packageCovers(year)) return 'package';
    if (this.adminYears.has(year)) return 'admin';
    return 'fallback';
  }

  /** Years with real holiday data in [from, to], ascending, with their source (for /mops settings). */
  coveredYears(from = PROBE_FROM, to = PROBE_TO): Array<{ year: number; coverage: 'package' | 'admin' }> {
    const out: Array<{ year: number; coverage: 'package' | 'admin' }> = [];
    for (let year = from; year <= to; year++) {
      const coverage = this.yearCoverage(year);
      if (coverage !== 'fallback') out.push({ year, coverage });
    }
    return out;
  }

  /** Whether a local date ('YYYY-MM-DD') is a working day; throws RangeError on a malformed date. */
  isWorkingDay(dateStr: string): boolean {
    assertDate(dateStr);
    if (this.holidays.has(dateStr)) return false;
    if (this.workdays.has(dateStr)) return true;
    const year = yearOf(dateStr);
    if (packageCovers(year)) return chineseDays.isWorkday(localNoon(dateStr));
    if (!this.adminYears.has(year) && !this.warnedYears.has(year)) {
      this.warnedYears.add(year);
      this.warn(
        `No holiday data for ${year}: using Mon–Fri; add holidays with /mops settings holiday add YYYY-MM-DD ` +
          'and make-up workdays with /mops settings workday add YYYY-MM-DD',
      );
    }
    const dow = dayOfWeek(dateStr);
    return dow >= 1 && dow <= 5;
  }

  /**
   * The n-th working day strictly after a local date; for n = 0, the date itself if it is a working day,
   * else the next working day. Throws RangeError for a negative or fractional n.
   */
  nthWorkingDayAfter(dateStr: string, n: number): string {
    assertDate(dateStr);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    let day = dateStr;
    if (n === 0) {
      while (!this.isWorkingDay(day)) day = addDays(day, 1);
      return day;
    }
    // Terminates: overrides and package data are finite, and past them every Mon–Fri is a working day.
    for (let left = n; left > 0; ) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) left--;
    }
    return day;
  }

  /**
   * Deadline `n` working days after an instant: the END (23:59:59.999 local time in `tz`) of the n-th
   * working day after the local date of `start`. The start day never counts, even when it is a working
   * day and the event happened early, so "3 working days after the campaign ends on Friday" is Wednesday
   * night. n = 0 gives the end of the start day if it is a working day, else of the next working day.
   */
  addWorkingDays(start: Date, n: number, tz: string): Date {
    return endOfLocalDay(this.nthWorkingDayAfter(localDate(start, tz), n), tz);
  }

  /**
   * Working days d with from < d ≤ to (so nthWorkingDayAfter(from, n) is n working days after from);
   * negative when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    assertDate(from);
    assertDate(to);
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) count++;
    }
    return count;
  }
}
