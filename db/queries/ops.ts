import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rowsOf } from './outbox';

/** Undelivered outbox rows per platform: pending (queued or retrying) and dead. */
export async function outboxBacklog(db: DbOrTx) {
  const res = await db.execute(sql`
    select platform, status, count(*)::int as n from outbox
    where status in ('pending', 'dead') group by platform, status`);
  return rowsOf<{ platform: string; status: string; n: number }>(res);
}

/** When each job last finished successfully. */
export async function jobLastSuccess(db: DbOrTx) {
  const res = await db.execute(sql`
    select job, extract(epoch from max(finished_at))::float8 as at from job_runs
    where status = 'done' group by job`);
  return rowsOf<{ job: string; at: number }>(res);
}

/** This process's connections as the server sees them (active, idle, …): what the pool holds in use. */
export async function poolConnections(db: DbOrTx, applicationName: string) {
  const res = await db.execute(sql`
    select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
    where application_name = ${applicationName} group by 1`);
  return rowsOf<{ state: string; n: number }>(res);
}
