import dayjs from 'dayjs';
import isoWeek from 'dayjs/plugin/isoWeek.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkDateArg,
  checkMonthArg,
  dayOfWeek,
  daysBetween,
  endOfLocalDay,
  isDateStr,
  isoWeekKey,
  isoWeekKeyOfDate,
  isoWeekStart,
  localDate,
  monthKey,
  parseDateArg,
  parseMonthArg,
  startOfLocalDay,
} from '../../src/domain/dates';

dayjs.extend(isoWeek);

const SH = 'Asia/Shanghai';

describe('time-zone helpers', () => {
  it('localDate takes the calendar day in the zone, not the server', () => {
    const t = new Date('2026-11-25T16:30:00Z'); // 00:30 on Nov 26 in Shanghai
    expect(localDate(t, SH)).toBe('2026-11-26');
    expect(localDate(t, 'UTC')).toBe('2026-11-25');
    expect(localDate(t, 'America/New_York')).toBe('2026-11-25');
  });

  it('startOfLocalDay / endOfLocalDay bound the local day', () => {
    expect(startOfLocalDay('2026-11-26', SH).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(endOfLocalDay('2026-11-26', SH).toISOString()).toBe('2026-11-26T15:59:59.999Z');
    expect(endOfLocalDay('2026-12-31', 'UTC').toISOString()).toBe('2026-12-31T23:59:59.999Z');
  });

  it('handles a 23-hour DST day', () => {
    // US DST starts 2026-03-08: midnight is EST (-5), the next midnight EDT (-4).
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T03:59:59.999Z');
  });

  it('monthKey and isoWeekKey use the zone', () => {
    const t = new Date('2026-10-31T16:30:00Z'); // Nov 1 in Shanghai
    expect(monthKey(t, SH)).toBe('2026-11');
    expect(monthKey(t, 'UTC')).toBe('2026-10');
    expect(isoWeekKey(new Date('2026-11-26T04:00:00Z'), SH)).toBe('2026-W48');
    // Sunday 23:30 UTC is already Monday in Shanghai: a new ISO week.
    expect(isoWeekKey(new Date('2026-11-29T23:30:00Z'), 'UTC')).toBe('2026-W48');
    expect(isoWeekKey(new Date('2026-11-29T23:30:00Z'), SH)).toBe('2026-W49');
  });

  it('throws on a malformed date string (programming error, not user input)', () => {
    expect(() => startOfLocalDay('2026-2-3', SH)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('date arithmetic', () => {
  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-26', 0)).toBe('2026-11-26');
  });

  it('isDateStr accepts only real dates', () => {
    expect(isDateStr('2028-02-29')).toBe(true);
    expect(isDateStr('2026-02-29')).toBe(false);
    expect(isDateStr('2026-13-01')).toBe(false);
    expect(isDateStr('2026-1-01')).toBe(false);
  });

  it('dayOfWeek and isoWeekStart', () => {
    expect(dayOfWeek('2026-11-26')).toBe(4); // Thursday
    expect(dayOfWeek('2026-11-29')).toBe(0);
    expect(isoWeekStart('2026-11-29')).toBe('2026-11-23');
    expect(isoWeekStart('2026-11-23')).toBe('2026-11-23');
  });

  it('ISO week keys at year boundaries', () => {
    expect(isoWeekKeyOfDate('2026-11-26')).toBe('2026-W48');
    expect(isoWeekKeyOfDate('2026-12-31')).toBe('2026-W53');
    expect(isoWeekKeyOfDate('2027-01-01')).toBe('2026-W53');
    expect(isoWeekKeyOfDate('2027-01-04')).toBe('2027-W01');
    expect(isoWeekKeyOfDate('2025-12-29')).toBe('2026-W01');
    expect(isoWeekKeyOfDate('2021-01-03')).toBe('2020-W53');
  });

  const day = fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2150-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('property: addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const e = addDays(d, n);
        expect(isDateStr(e)).toBe(true);
        expect(daysBetween(d, e)).toBe(n);
        expect(addDays(e, -n)).toBe(d);
      }),
    );
  });

  it('property: isoWeekKeyOfDate agrees with dayjs isoWeek', () => {
    fc.assert(
      fc.property(day, (d) => {
        const j = dayjs(d);
        const expected = `${j.isoWeekYear()}-W${String(j.isoWeek()).padStart(2, '0')}`;
        expect(isoWeekKeyOfDate(d)).toBe(expected);
      }),
    );
  });
});

describe('parseDateArg / checkDateArg', () => {
  it.each([
    ['2026-11-26', '2026-11-26'],
    ['2026/11/26', '2026-11-26'],
    ['2026.11.26', '2026-11-26'],
    ['20261126', '2026-11-26'],
    ['2026-1-5', '2026-01-05'],
    ['2026年11月26日', '2026-11-26'],
    ['2026年11月26号', '2026-11-26'],
    ['２０２６－１１－２６', '2026-11-26'],
    ['  2026-11-26  ', '2026-11-26'],
  ])('accepts %s', (input, expected) => {
    expect(parseDateArg(input)).toBe(expected);
    expect(checkDateArg(input)).toEqual({ ok: true, date: expected });
  });

  it('fills in the given year for month-day forms', () => {
    expect(parseDateArg('11-26', 2026)).toBe('2026-11-26');
    expect(parseDateArg('11/26', 2027)).toBe('2027-11-26');
    expect(parseDateArg('11月26日', 2026)).toBe('2026-11-26');
    expect(parseDateArg('2-29', 2028)).toBe('2028-02-29');
    expect(checkDateArg('2-29', 2026)).toEqual({ ok: false, reason: 'no_such_date' });
    // Without a year it uses the current one; only check that it is a real date.
    expect(parseDateArg('01-15')).toMatch(/^\d{4}-01-15$/);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['2026-02-30', 'no_such_date'],
    ['2026-02-29', 'no_such_date'],
    ['2026-13-01', 'no_such_date'],
    ['2026-00-10', 'no_such_date'],
    ['20260230', 'no_such_date'],
    ['1026-11-26', 'out_of_range'],
    ['2026-11/26', 'bad_format'],
    ['tomorrow', 'bad_format'],
    ['2026-11-26T10:00', 'bad_format'],
    ['2026-11-26; DROP TABLE', 'bad_format'],
    [`2026-11-26${' '.repeat(100)}x`, 'bad_format'],
  ])('refuses %j with %s', (input, reason) => {
    expect(checkDateArg(input, 2026)).toEqual({ ok: false, reason });
    expect(parseDateArg(input, 2026)).toBeNull();
  });

  it('property: never throws, and what it accepts is a real date', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9年月日/.-]{0,12}$/)),
        (s) => {
          const r = checkDateArg(s, 2026);
          if (r.ok) expect(isDateStr(r.date)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseMonthArg / checkMonthArg', () => {
  it.each([
    ['2026-11', '2026-11'],
    ['2026/11', '2026-11'],
    ['2026-1', '2026-01'],
    ['202611', '2026-11'],
    ['2026年11月', '2026-11'],
    ['２０２６年１１月', '2026-11'],
  ])('accepts %s', (input, expected) => {
    expect(parseMonthArg(input)).toBe(expected);
  });

  it('fills in the year for 11月', () => {
    expect(parseMonthArg('11月', 2026)).toBe('2026-11');
  });

  it.each([
    ['', 'empty'],
    ['2026-13', 'no_such_month'],
    ['202600', 'no_such_month'],
    ['0月', 'no_such_month'],
    ['1900-01', 'out_of_range'],
    ['Nov 2026', 'bad_format'],
    ['2026-11-26', 'bad_format'],
  ])('refuses %j with %s', (input, reason) => {
    expect(checkMonthArg(input, 2026)).toEqual({ ok: false, reason });
  });

  it('property: never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (s) => {
        const r = checkMonthArg(s, 2026);
        if (r.ok) expect(r.month).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
      }),
    );
  });
});
