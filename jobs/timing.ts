import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { METRICS_PULL } from '../src/domain/connectors';
import { isoWeekKey, isoWeekStart, localDate, monthKey } from '../src/domain/dates';
import type { Settings } from '../src/domain/settings';

dayjs.extend(utc);
dayjs.extend(timezone);

export const JOB_NAMES = [
  'daily-digest',
  'weekly-digest',
  'monthly-report',
  'sla-sweep',
  'budget-watch',
  'content-cadence',
  'delivery-report',
  'inbox-prune',
  'metrics-pull',
] as const;
export type JobName = (typeof JOB_NAMES)[number];
export const isJobName = (s: string): s is JobName => (JOB_NAMES as readonly string[]).includes(s);

const DOW: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

function hm(s: string): { h: number; m: number } {
  const m = s.trim().match(/(\d{1,2}):(\d{2})$/);
  if (!m) return { h: 9, m: 0 };
  return { h: Math.min(23, Number(m[1])), m: Math.min(59, Number(m[2])) };
}

/** The cron expression node-cron runs for a job, from the settings' times. */
export function cronFor(job: JobName, s: Settings): string {
  switch (job) {
    case 'daily-digest': {
      const { h, m } = hm(s.dailyAt);
      return `${m} ${h} * * *`;
    }
    case 'weekly-digest': {
      const { h, m } = hm(s.weeklyAt);
      const day = DOW[s.weeklyAt.trim().slice(0, 3).toUpperCase()] ?? 1;
      return `${m} ${h} * * ${day}`;
    }
    case 'monthly-report': {
      const { h, m } = hm(s.monthlyAt);
      const d = Number(s.monthlyAt.trim().split(/\s+/)[0]);
      return `${m} ${h} ${Number.isInteger(d) && d >= 1 && d <= 28 ? d : 1} * *`;
    }
    case 'sla-sweep':
      return '* * * * *';
    case 'budget-watch':
      return '0 * * * *';
    case 'content-cadence':
      return '0 18 * * *';
    case 'delivery-report':
      return '5 * * * *';
    case 'inbox-prune':
      return '35 * * * *';
    case 'metrics-pull':
      return `${METRICS_PULL.hourlyMinute} * * * *`;
  }
}

/** The final pull of yesterday's figures, before the 09:00 digest. */
const METRICS_FINAL_AT = METRICS_PULL.finalAt;

/** Every cron a job runs on: metrics-pull has the hourly :15 pull and the 08:30 final pull. */
export function cronsFor(job: JobName, s: Settings): string[] {
  const crons = [cronFor(job, s)];
  if (job === 'metrics-pull') crons.push(`${METRICS_FINAL_AT.m} ${METRICS_FINAL_AT.h} * * *`);
  return crons;
}

/** The period a run at `at` belongs to: the claim key that makes each period run once. */
export function periodKeyFor(job: JobName, at: Date, tz: string): string {
  switch (job) {
    case 'daily-digest':
      return localDate(at, tz);
    case 'weekly-digest':
      return isoWeekKey(at, tz);
    case 'monthly-report':
      return monthKey(at, tz);
    case 'sla-sweep':
      return dayjs(at).tz(tz).format('YYYY-MM-DDTHH:mm');
    case 'budget-watch':
    case 'delivery-report':
    case 'inbox-prune':
      return dayjs(at).tz(tz).format('YYYY-MM-DDTHH');
    case 'content-cadence':
      return localDate(at, tz);
    case 'metrics-pull': {
      const t = dayjs(at).tz(tz);
      return t.hour() === METRICS_FINAL_AT.h && t.minute() === METRICS_FINAL_AT.m
        ? `${t.format('YYYY-MM-DD')}/final`
        : t.format('YYYY-MM-DDTHH');
    }
  }
}

const at = (date: string, time: { h: number; m: number }, tz: string) =>
  dayjs.tz(`${date} ${String(time.h).padStart(2, '0')}:${String(time.m).padStart(2, '0')}`, tz).toDate();

/**
 * The scheduled time of a digest in the period containing `now`. Catch-up runs a digest only when this
 * moment has passed and the period has no claim — so a stale digest of an earlier period is never posted.
 */
export function fireTimeInPeriod(job: JobName, now: Date, s: Settings, tz: string): Date | undefined {
  const today = localDate(now, tz);
  switch (job) {
    case 'daily-digest':
      return at(today, hm(s.dailyAt), tz);
    case 'weekly-digest': {
      const day = DOW[s.weeklyAt.trim().slice(0, 3).toUpperCase()] ?? 1;
      const monday = isoWeekStart(today);
      const offset = (day + 6) % 7; // ISO weeks start on Monday
      return at(dayjs(monday).add(offset, 'day').format('YYYY-MM-DD'), hm(s.weeklyAt), tz);
    }
    case 'monthly-report': {
      const d = Number(s.monthlyAt.trim().split(/\s+/)[0]);
      const day = Number.isInteger(d) && d >= 1 && d <= 28 ? d : 1;
      return at(`${today.slice(0, 8)}${String(day).padStart(2, '0')}`, hm(s.monthlyAt), tz);
    }
    default:
      return undefined;
  }
}

/** The local days a digest run at `now` reports on: yesterday, last ISO week, or last month. */
export function reportedDays(job: JobName, now: Date, tz: string): { from: string; to: string } | undefined {
  const today = localDate(now, tz);
  switch (job) {
    case 'daily-digest': {
      const d = dayjs(today).subtract(1, 'day').format('YYYY-MM-DD');
      return { from: d, to: d };
    }
    case 'weekly-digest': {
      const monday = dayjs(isoWeekStart(today));
      return {
        from: monday.subtract(7, 'day').format('YYYY-MM-DD'),
        to: monday.subtract(1, 'day').format('YYYY-MM-DD'),
      };
    }
    case 'monthly-report': {
      const first = dayjs(`${today.slice(0, 8)}01`);
      return {
        from: first.subtract(1, 'month').format('YYYY-MM-DD'),
        to: first.subtract(1, 'day').format('YYYY-MM-DD'),
      };
    }
    default:
      return undefined;
  }
}
