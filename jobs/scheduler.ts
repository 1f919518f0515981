import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { jobRunFor } from '../db/queries/job-runs';
import type { JobRun } from '../db/schema';
import type { Deps } from '../src/deps';
import { systemClock } from '../src/deps';
import { getSettings } from '../src/domain/settings';
import { JOBS, runJob } from './index';
import { claimJob } from './runner';
import { cronsFor, fireTimeInPeriod, isJobName, type JobName, periodKeyFor } from './schedule';

/** A catch-up run more than this after its slot is marked late. */
const LATE_AFTER_MS = 2 * 60_000;
const DIGESTS: JobName[] = ['daily-digest', 'weekly-digest', 'monthly-report'];

export interface Scheduler {
  stop(): Promise<void>;
  /** Post any digest of the current period whose time has passed but which no replica has claimed. */
  catchUp(now: Date): Promise<void>;
}

/**
 * node-cron's coordination hook backed by the job_runs claim: `shouldRun('job:slotISO')` claims
 * (job, period) in PostgreSQL, so exactly one replica is elected per fire, and the elected task runs
 * with that claim. run-job and catch-up take the same claim through runJob.
 */
export function pgCoordinator(deps: Deps, claims: Map<string, JobRun>): RunCoordinator {
  return {
    async shouldRun(key: string) {
      const i = key.indexOf(':');
      // A job's second cron is named `job#1` (metrics-pull's 08:30 run).
      const job = key.slice(0, i).split('#')[0]!;
      const slot = new Date(key.slice(i + 1));
      if (!isJobName(job) || Number.isNaN(slot.getTime())) return false;
      const claim = await claimJob(deps, job, periodKeyFor(job, slot, deps.config.tz), slot, false);
      if (claim) claims.set(key, claim);
      return !!claim;
    },
    onComplete(key: string) {
      claims.delete(key);
    },
  };
}

/** Start every job on its cron in TZ_NAME (jobs/ is the only place node-cron is imported). */
export async function startScheduler(deps: Deps): Promise<Scheduler> {
  const settings = await getSettings(deps.db, deps.config);
  const claims = new Map<string, JobRun>();
  const coordinator = pgCoordinator(deps, claims);
  const tasks: ScheduledTask[] = [];
  // With a moved clock (console time travel) the cron slot is real time; the job must see bot time.
  const timeOf = (slot: Date) => (deps.clock === systemClock ? slot : deps.clock.now());

  const scheduler: Scheduler = {
    async catchUp(now: Date) {
      const s = await getSettings(deps.db, deps.config);
      for (const job of DIGESTS) {
        if (!JOBS[job]) continue;
        const fire = fireTimeInPeriod(job, now, s, deps.config.tz);
        if (!fire || fire > now) continue;
        if (await jobRunFor(deps.db, job, periodKeyFor(job, now, deps.config.tz))) continue;
        await runJob(deps, job, now, { late: now.getTime() - fire.getTime() > LATE_AFTER_MS });
      }
    },
    async stop() {
      for (const t of tasks) await t.stop();
    },
  };

  for (const job of Object.keys(JOBS) as JobName[]) {
    for (const [n, expr] of cronsFor(job, settings).entries()) {
      const name = n === 0 ? job : `${job}#${n}`;
      const task = cron.schedule(
        expr,
        async (ctx) => {
          const key = `${name}:${ctx.date.toISOString()}`;
          const claim = claims.get(key);
          try {
            await runJob(deps, job, claim ? ctx.date : timeOf(ctx.date), { claim });
            // The minute tick also re-checks digests, so one missed by a blocked event loop still goes out.
            if (job === 'sla-sweep') await scheduler.catchUp(timeOf(ctx.date));
          } catch (e) {
            deps.log.error('scheduled job crashed', { job, err: e });
          }
        },
        {
          name,
          timezone: deps.config.tz,
          noOverlap: true,
          distributed: deps.clock === systemClock,
          runCoordinator: coordinator,
          suppressMissedWarning: true,
        },
      );
      tasks.push(task);
    }
  }
  await scheduler.catchUp(deps.clock.now()).catch((e) => deps.log.error('catch-up failed', { err: e }));
  deps.log.info('scheduler started', { tz: deps.config.tz, jobs: Object.keys(JOBS) });
  return scheduler;
}
