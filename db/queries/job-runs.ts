import { and, eq, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type JobRun, jobRuns } from '../schema';

/**
 * Claim (job, period) before any side effect. The unique key makes the first claimer win across
 * replicas; a failed run, or a 'running' claim older than `staleMs` (its process died), can be taken over.
 */
export async function claimJobRun(
  db: DbOrTx,
  c: { job: string; periodKey: string; by: string; now: Date; late: boolean; staleMs: number },
): Promise<JobRun | undefined> {
  const staleBefore = new Date(c.now.getTime() - c.staleMs);
  const rows = await db
    .insert(jobRuns)
    .values({
      job: c.job,
      periodKey: c.periodKey,
      status: 'running',
      claimedBy: c.by,
      claimedAt: c.now,
      late: c.late,
    })
    .onConflictDoUpdate({
      target: [jobRuns.job, jobRuns.periodKey],
      set: { status: 'running', claimedBy: c.by, claimedAt: c.now, late: c.late, error: null },
      setWhere: or(
        eq(jobRuns.status, 'failed'),
        and(eq(jobRuns.status, 'running'), lt(jobRuns.claimedAt, staleBefore)),
      ),
    })
    .returning();
  return rows[0];
}

/** Mark the claim done; only the holder (by id and claimer) can finish it. */
export async function finishJobRun(
  db: DbOrTx,
  id: number,
  by: string,
  now: Date,
  summary: unknown,
): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({ status: 'done', finishedAt: now, summary })
    .where(and(eq(jobRuns.id, id), eq(jobRuns.claimedBy, by), eq(jobRuns.status, 'running')))
    .returning({ id: jobRuns.id });
  return rows.length === 1;
}

/** Mark the claim failed so the next tick (or run-job) may take it again. */
export async function failJobRun(
  db: DbOrTx,
  id: number,
  by: string,
  now: Date,
  error: string,
): Promise<void> {
  await db
    .update(jobRuns)
    .set({ status: 'failed', finishedAt: now, error })
    .where(and(eq(jobRuns.id, id), eq(jobRuns.claimedBy, by)));
}

export async function jobRunFor(db: DbOrTx, job: string, periodKey: string): Promise<JobRun | undefined> {
  const [row] = await db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.periodKey, periodKey)));
  return row;
}

/** Forget finished claims so the period can run again (console only: after loading demo data). */
export async function releaseJobRuns(
  db: DbOrTx,
  claims: { job: string; periodKey: string }[],
): Promise<void> {
  for (const c of claims) {
    await db.delete(jobRuns).where(and(eq(jobRuns.job, c.job), eq(jobRuns.periodKey, c.periodKey)));
  }
}
