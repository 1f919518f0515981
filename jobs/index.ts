import { releaseJobRuns } from '../db/queries/job-runs';
import type { Deps } from '../src/deps';
import { run as budgetWatch } from './budget-watch';
import { run as contentCadence } from './content-cadence';
import { run as runDaily } from './daily-digest';
import { run as deliveryReport } from './delivery-report';
import { run as inboxPrune } from './inbox-prune';
import { run as metricsPull } from './metrics-pull';
import { run as runMonthly } from './monthly-report';
import type { JobResult, RunOptions } from './runner';
import { isJobName, JOB_NAMES, type JobName, periodKeyFor } from './schedule';
import { run as slaSweep } from './sla-sweep';
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
