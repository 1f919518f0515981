import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkCalendar } from '../../src/domain/calendar';
import { addDays, endOfLocalDay, localDate } from '../../src/domain/dates';

const SH = 'Asia/Shanghai';

/** Working/non-working flags for consecutive days from `from`, as a compact '1'/'0' string. */
function pattern(cal: WorkCalendar, from: string, days: number): string {
  let out = '';
  for (let i = 0; i < days; i++) out += cal.isWorkingDay(addDays(from, i)) ? '1' : '0';
  return out;
}

describe('WorkCalendar with chinese-days data', () => {
  const cal = new WorkCalendar();

  it('detects package coverage per year at runtime', () => {
    expect(cal.yearCoverage(2026)).toBe('package');
    expect(cal.yearCoverage(2004)).toBe('package');
    expect(cal.yearCoverage(2027)).toBe('fallback');
    expect(cal.yearCoverage(2003)).toBe('fallback');
    const years = cal.coveredYears().map((y) => y.year);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
    expect(cal.coveredYears(2025, 2027)).toEqual([
      { year: 2025, coverage: 'package' },
      { year: 2026, coverage: 'package' },
    ]);
  });

  // Package data for 2026 (matches the State Council notice): Mid-Autumn Sep 25–27, National Day Oct 1–7,
  // make-up workdays Sun Sep 20 and Sat Oct 10. Oct 8 is an ordinary Thursday, not a holiday.
  it('knows the 2026 Mid-Autumn / National Day arrangement', () => {
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday, 调休 make-up day
    expect(cal.isWorkingDay('2026-09-25')).toBe(false); // Friday, Mid-Autumn
    for (let d = 1; d <= 7; d++) expect(cal.isWorkingDay(`2026-10-0${d}`)).toBe(false);
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.isWorkingDay('2026-10-09')).toBe(true);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休 make-up day
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
    // Sep 19 (Sat) … Oct 12 (Mon)
    expect(pattern(cal, '2026-09-19', 24)).toBe('011111000111000000011101');
  });

  it('counts the 调休 Saturday in a National Day deadline', () => {
    // Campaign ends Wed Sep 30: Oct 8, Oct 9, then Sat Oct 10 (make-up day) is the 3rd working day.
    const due = cal.addWorkingDays(new Date('2026-09-30T18:00:00+08:00'), 3, SH);
    expect(due.toISOString()).toBe('2026-10-10T15:59:59.999Z'); // 23:59:59.999 Shanghai
    expect(cal.addWorkingDays(new Date('2026-09-30T18:00:00+08:00'), 1, SH).toISOString()).toBe(
      '2026-10-08T15:59:59.999Z',
    );
    // Mid-Autumn: Thu Sep 24 + 1 skips Fri–Sun.
    expect(cal.nthWorkingDayAfter('2026-09-24', 1)).toBe('2026-09-28');
    // Fri Sep 18 + 1 is the make-up Sunday.
    expect(cal.nthWorkingDayAfter('2026-09-18', 1)).toBe('2026-09-20');
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(cal.workingDaysBetween('2026-10-10', '2026-09-30')).toBe(-3);
  });

  it('uses the local date of the start instant in the given time zone', () => {
    // 17:30Z on Sep 30 is already 01:30 on Oct 1 in Shanghai, a holiday; still Oct 8 as first working day.
    const start = new Date('2026-09-30T17:30:00Z');
    expect(cal.addWorkingDays(start, 1, SH).toISOString()).toBe('2026-10-08T15:59:59.999Z');
    // In UTC that instant is still Sep 30; the deadline is the end of Oct 8 UTC.
    expect(cal.addWorkingDays(start, 1, 'UTC').toISOString()).toBe('2026-10-08T23:59:59.999Z');
  });

  // Package data for 2026 Spring Festival: Feb 15 (Sun) – Feb 23 (Mon) off, make-up Sat Feb 14 and Sat Feb 28.
  it('knows the 2026 Spring Festival arrangement', () => {
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休
    for (let d = 15; d <= 23; d++) expect(cal.isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true); // Saturday, 调休
    expect(cal.isWorkingDay('2026-03-01')).toBe(false);
  });

  it('counts the Spring Festival 调休 Saturdays as working days', () => {
    // Campaign ends Thu Feb 12: Fri 13, Sat 14 (调休), then Tue 24 after the holiday.
    expect(cal.nthWorkingDayAfter('2026-02-12', 3)).toBe('2026-02-24');
    expect(cal.addWorkingDays(new Date('2026-02-12T20:00:00+08:00'), 3, SH).toISOString()).toBe(
      '2026-02-24T15:59:59.999Z',
    );
    // From Tue Feb 24: 25, 26, 27, then Sat Feb 28 (调休) is the 4th.
    expect(cal.nthWorkingDayAfter('2026-02-24', 4)).toBe('2026-02-28');
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
    expect(cal.workingDaysBetween('2026-02-14', '2026-02-14')).toBe(0);
  });

  it('n = 0 is the start day when working, else the next working day', () => {
    expect(cal.nthWorkingDayAfter('2026-02-13', 0)).toBe('2026-02-13');
    expect(cal.nthWorkingDayAfter('2026-02-15', 0)).toBe('2026-02-24');
  });

  it('refuses malformed input', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026/02/01')).toThrow(RangeError);
    expect(() => cal.nthWorkingDayAfter('2026-02-01', -1)).toThrow(RangeError);
    expect(() => cal.nthWorkingDayAfter('2026-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('WorkCalendar does not depend on the server time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  // chinese-days reads 'YYYY-MM-DD' as UTC and formats in local time; west of UTC that is the day before.
  it.each([
    ['America/Los_Angeles', 480],
    ['Pacific/Kiritimati', -840],
    ['UTC', 0],
  ])('same answers with TZ=%s', (tz, offset) => {
    process.env.TZ = tz;
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(offset); // the switch really took effect
    const cal = new WorkCalendar();
    expect(pattern(cal, '2026-02-13', 17)).toBe('11000000000111110');
    expect(pattern(cal, '2026-09-19', 24)).toBe('011111000111000000011101');
    expect(cal.yearCoverage(2026)).toBe('package');
  });
});

describe('WorkCalendar fallback for years without data', () => {
  it('uses Mon–Fri for 2027 and warns once, naming the year', () => {
    const warn = vi.fn();
    const cal = new WorkCalendar({ warn });
    expect(cal.yearCoverage(2027)).toBe('fallback');
    expect(warn).not.toHaveBeenCalled(); // asking about coverage is not a calendar lookup
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // a Friday; no data says otherwise
    expect(cal.isWorkingDay('2027-01-02')).toBe(false);
    expect(pattern(cal, '2027-02-01', 14)).toBe('11111001111100');
    cal.addWorkingDays(new Date('2027-03-01T00:00:00+08:00'), 10, SH);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('2027');
    expect(warn.mock.calls[0]![0]).toContain('/mops settings holiday add');

    cal.isWorkingDay('2028-05-01');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]![0]).toContain('2028');
  });

  it('crossing from 2026 into 2027 warns for 2027 only', () => {
    const warn = vi.fn();
    const cal = new WorkCalendar({ warn });
    // Thu Dec 31 2026 + 3: Fri Jan 1 2027 (fallback: a working day), Mon Jan 4, Tue Jan 5.
    expect(cal.nthWorkingDayAfter('2026-12-30', 3)).toBe('2027-01-04');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/2027/);
  });

  it('a rebuilt calendar (withOverrides) does not warn again for the same year', () => {
    const warn = vi.fn();
    const cal = new WorkCalendar({ warn });
    cal.isWorkingDay('2027-06-01');
    const next = cal.withOverrides({ holidays: ['2026-12-24'] });
    next.isWorkingDay('2027-06-02');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(next.isWorkingDay('2026-12-24')).toBe(false);
  });
});

describe('WorkCalendar admin overrides', () => {
  it('admin days for an uncovered year make it "admin" and silence the warning', () => {
    const warn = vi.fn();
    const cal = new WorkCalendar({
      holidays: ['2027-01-01', '2027-02-08', '2027-02-09'],
      workdays: ['2027-02-06'],
      warn,
    });
    expect(cal.yearCoverage(2027)).toBe('admin');
    expect(cal.coveredYears(2026, 2028)).toEqual([
      { year: 2026, coverage: 'package' },
      { year: 2027, coverage: 'admin' },
    ]);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.isWorkingDay('2027-02-06')).toBe(true); // Saturday make-up day
    // Fri Feb 5 + 2: Sat Feb 6 (make-up), then Wed Feb 10 after the two days off.
    expect(cal.nthWorkingDayAfter('2027-02-05', 2)).toBe('2027-02-10');
    expect(warn).not.toHaveBeenCalled();
  });

  it('admin overrides win over package data in covered years', () => {
    const cal = new WorkCalendar({ holidays: ['2026-10-08'], workdays: ['2026-10-11', '2026-10-05'] });
    expect(cal.yearCoverage(2026)).toBe('package');
    expect(cal.isWorkingDay('2026-10-08')).toBe(false); // company day off
    expect(cal.isWorkingDay('2026-10-11')).toBe(true); // extra working Sunday
    expect(cal.isWorkingDay('2026-10-05')).toBe(true); // company works on a public holiday
    expect(cal.nthWorkingDayAfter('2026-09-30', 1)).toBe('2026-10-05');
    expect(cal.nthWorkingDayAfter('2026-10-05', 1)).toBe('2026-10-09');
    expect(new WorkCalendar().nthWorkingDayAfter('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('skips invalid overrides with a warning and lets a holiday win a conflict', () => {
    const warn = vi.fn();
    const cal = new WorkCalendar({
      holidays: ['2026-02-30', 'tomorrow', '2026-11-26'],
      workdays: ['2026-11-26'],
      warn,
    });
    expect(warn).toHaveBeenCalledTimes(3);
    expect(cal.isWorkingDay('2026-11-26')).toBe(false);
  });
});

describe('addWorkingDays properties', () => {
  const tzs = ['Asia/Shanghai', 'UTC', 'America/New_York'] as const;
  // 2025–2028 spans package years and the Mon–Fri fallback.
  const instant = fc.date({
    min: new Date('2025-01-01T00:00:00Z'),
    max: new Date('2028-06-30T00:00:00Z'),
    noInvalidDate: true,
  });

  it('lands at the end of a working day, and is monotonic in n', () => {
    const cal = new WorkCalendar({ holidays: ['2027-10-01', '2027-10-04'], workdays: ['2027-09-26'] });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 25 }), fc.constantFrom(...tzs), (start, n, tz) => {
        const due = cal.addWorkingDays(start, n, tz);
        const day = localDate(due, tz);
        expect(cal.isWorkingDay(day)).toBe(true);
        expect(due.getTime()).toBe(endOfLocalDay(day, tz).getTime());
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        const later = cal.addWorkingDays(start, n + 1, tz).getTime();
        // Strict from n = 1; n = 0 and n = 1 coincide when the start day is not a working day.
        if (n > 0) expect(later).toBeGreaterThan(due.getTime());
        else expect(later).toBeGreaterThanOrEqual(due.getTime());
        if (n > 0) expect(cal.workingDaysBetween(localDate(start, tz), day)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});
