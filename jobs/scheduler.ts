import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { periodHasData } from '../db/queries/digests';
import { finishJobRun, jobRunFor } from '../db/queries/job-runs';
import { ensureInstalledAt } from '../db/queries/settings';
import type { JobRun } from '../db/schema';
import type { Deps } from '../src/deps';
import { systemClock } from '../src/deps';
import { startOfLocalDay } from '../src/domain/dates';
import { getSettings } from '../src/domain/settings';
import { JOBS, runJob } from './index';
import { claimJob, INSTANCE_ID } from './runner';
import { cronsFor, fireTimeInPeriod, isJobName, type JobName, periodKeyFor, reportedDays } from './timing';

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
      const [job = ''] = key.slice(0, i).split('#');
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

/**
 * Why a missed digest is not caught up: its slot was before this install (a fresh bot would otherwise post
 * three late digests at once), or the period it reports on has no data at all (it would say "no data").
 */
async function catchUpSkip(
  deps: Deps,
  job: JobName,
  now: Date,
  fire: Date,
  installedAt: Date,
  late: boolean,
): Promise<'before_install' | 'no_data' | undefined> {
  if (fire < installedAt) return 'before_install';
  // Within a minute or two of its slot this is the scheduled run itself (the minute tick may get there
  // before the cron task), which posts even a quiet period.
  if (!late) return undefined;
  const days = reportedDays(job, now, deps.config.tz);
  if (!days) return undefined;
  const start = startOfLocalDay(days.from, deps.config.tz);
  return (await periodHasData(deps.db, { ...days, start, until: now })) ? undefined : 'no_data';
}

/** Start every job on its cron in TZ_NAME (jobs/ is the only place node-cron is imported). */
export async function startScheduler(deps: Deps): Promise<Scheduler> {
  const settings = await getSettings(deps.db, deps.config);
  const claims = new Map<string, JobRun>();
  const coordinator = pgCoordinator(deps, claims);
  const tasks: ScheduledTask[] = [];
  const installedAt = await ensureInstalledAt(deps.db, deps.clock.now());
  // With a moved clock (console time travel) the cron slot is real time; the job must see bot time.
  const timeOf = (slot: Date) => (deps.clock === systemClock ? slot : deps.clock.now());

  const scheduler: Scheduler = {
    async catchUp(now: Date) {
      const s = await getSettings(deps.db, deps.config);
      for (const job of DIGESTS) {
        if (!JOBS[job]) continue;
        const fire = fireTimeInPeriod(job, now, s, deps.config.tz);
        if (!fire || fire > now) continue;
        const periodKey = periodKeyFor(job, now, deps.config.tz);
        if (await jobRunFor(deps.db, job, periodKey)) continue;
        const late = now.getTime() - fire.getTime() > LATE_AFTER_MS;
        const skip = await catchUpSkip(deps, job, now, fire, installedAt, late);
        if (skip) {
          // Claimed as done with the reason, so the period is decided once and the log says it once.
          const claim = await claimJob(deps, job, periodKey, now, true);
          if (claim && (await finishJobRun(deps.db, claim.id, INSTANCE_ID, now, { skipped: skip }))) {
            deps.log.info('catch-up skipped', { job, period_key: periodKey, reason: skip, installedAt });
          }
          continue;
        }
        await runJob(deps, job, now, { late });
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
