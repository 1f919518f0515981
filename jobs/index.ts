import { releaseJobRuns } from '../db/queries/job-runs';
import type { Deps } from '../src/deps';
import { addDays, localDate, startOfLocalDay } from '../src/domain/dates';
import { getSettings } from '../src/domain/settings';
import { run as budgetWatch } from './budget-watch';
import { run as contentCadence } from './content-cadence';
import { run as runDaily } from './daily-digest';
import { run as deliveryReport } from './delivery-report';
import { run as inboxPrune } from './inbox-prune';
import { run as metricsPull } from './metrics-pull';
import { run as runMonthly } from './monthly-report';
import type { JobResult, RunOptions } from './runner';
import { run as slaSweep } from './sla-sweep';
import { fireTimeInPeriod, isJobName, JOB_NAMES, type JobName, periodKeyFor } from './timing';
import { run as runWeekly } from './weekly-digest';

export type JobRunner = (deps: Deps, now: Date, opts?: RunOptions) => Promise<JobResult>;

/** Every scheduled job by name; run-job, the scheduler, catch-up and the console all go through here. */
export const JOBS: Partial<Record<JobName, JobRunner>> = {
  'daily-digest': runDaily,
  'weekly-digest': runWeekly,
  'monthly-report': runMonthly,
  'sla-sweep': slaSweep,
  'budget-watch': budgetWatch,
  'content-cadence': contentCadence,
  'delivery-report': deliveryReport,
  'inbox-prune': inboxPrune,
  'metrics-pull': metricsPull,
};

/** Run one job as the scheduler would at `now`, through the same exactly-once claim. */
export async function runJob(deps: Deps, name: string, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  if (!isJobName(name)) throw new Error(`Unknown job "${name}". Jobs: ${JOB_NAMES.join(', ')}`);
  const job = JOBS[name];
  if (!job) throw new Error(`Job "${name}" is not available in this build`);
  return job(deps, now, opts);
}

/**
 * Console only: after demo data is loaded, the current period's digests may run again, so a digest
 * posted at start-up on an empty database does not use up the day.
 */
export async function releaseCurrentDigests(deps: Deps, now: Date): Promise<void> {
  const jobs: JobName[] = ['daily-digest', 'weekly-digest', 'monthly-report'];
  await releaseJobRuns(
    deps.db,
    jobs.map((job) => ({ job, periodKey: periodKeyFor(job, now, deps.config.tz) })),
  );
}

const HOUR = 3_600_000;

/**
 * Console time travel: run what the scheduler would have run while the clock moved from `from` to `to`:
 * each digest whose slot falls in (from, to], at its slot, then the budget watch and the SLA sweep once at
 * `to` (their ladders and bands are claimed per step, so one pass at the end takes every step now due).
 */
export async function runDueBetween(deps: Deps, from: Date, to: Date): Promise<JobResult[]> {
  const tz = deps.config.tz;
  const settings = await getSettings(deps.db, deps.config);
  const due: { job: JobName; at: Date }[] = [];
  const last = localDate(to, tz);
  for (const job of ['daily-digest', 'weekly-digest', 'monthly-report'] as const) {
    const seen = new Set<number>();
    // Bounded by the console's largest jump; a day at a time, asking each day's period for its slot.
    for (let d = localDate(from, tz), n = 0; d <= last && n < 400; d = addDays(d, 1), n++) {
      const fire = fireTimeInPeriod(
        job,
        new Date(startOfLocalDay(d, tz).getTime() + 12 * HOUR),
        settings,
        tz,
      );
      if (!fire || fire <= from || fire > to || seen.has(fire.getTime())) continue;
      seen.add(fire.getTime());
      due.push({ job, at: fire });
    }
  }
  due.sort((a, b) => a.at.getTime() - b.at.getTime());
  const results: JobResult[] = [];
  for (const d of due) results.push(await runJob(deps, d.job, d.at));
  results.push(await runJob(deps, 'budget-watch', to));
  results.push(await runJob(deps, 'sla-sweep', to));
  return results;
}
