/**
 * Cadence watch: at 18:00 each day, a channel whose publishing plan is behind (fewer pieces out than due
 * by today) gets one reminder to its owner. Working-days plans skip weekends and holidays (调休 counted).
 */
import { cadenceReminder } from '../src/chat/cards/cadence';
import type { Deps } from '../src/deps';
import { cadenceProgress } from '../src/domain/cadence';
import { localDate } from '../src/domain/dates';
import { calendarFor } from '../src/domain/work-calendar';
import { type JobMessage, type JobResult, ownerDm, type RunOptions, runClaimed } from './runner';

export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'content-cadence', now, opts, async ({ settings }) => {
    const today = localDate(now, deps.config.tz);
    const cal = calendarFor(settings, deps.log);
    const rows = await cadenceProgress(deps.db, today, (d) => cal.isWorkingDay(d));
    const messages: JobMessage[] = rows
      .filter((r) => r.pace.slipping)
      .map((r) => ({
        key: `${r.plan.channel}:${today}`,
        to: ownerDm(deps, r.plan.owner) ?? 'alerts',
        card: cadenceReminder(deps.config.locale, today, r.plan, r.pace),
      }));
    return {
      summary: { plans: rows.length, slipping: messages.map((m) => m.key.split(':')[0]) },
      messages,
    };
  });
}
