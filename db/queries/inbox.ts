import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { type InboxRow, inbox } from '../schema';
import { rowsOf } from './outbox';

/**
 * Delete finished inbox rows received before `before`, in batches so no statement holds many locks; the
 * event keys go with them, so a platform retry older than that would be taken as new (none retries a week on).
 */
export async function pruneInbox(db: DbOrTx, before: Date, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await db.execute(sql`
      with doomed as (
        select id from inbox
        where received_at < ${before.toISOString()}::timestamptz and status <> 'pending'
        limit ${batch}
      )
      delete from inbox i using doomed d where i.id = d.id
      returning i.id`);
    const n = rowsOf(res).length;
    total += n;
    if (n < batch) return total;
  }
}

export interface NewInboxEvent {
  platform: string;
  kind: string;
  /** The platform's delivery identity: a retry of the same event has the same key. */
  eventKey: string;
  payload: unknown;
  now: Date;
  /** Held by the writer until then (it processes the row itself); otherwise due at once. */
  leasedUntil?: Date;
  /** Wall-clock time after which the write must not take effect (the ack will have said "not saved"). */
  deadline?: Date;
}

/**
 * Write an inbound event before it is acknowledged. `duplicate` when its key was already written (a platform
 * retry of something already accepted); `refused` when the write reached the server after its deadline.
 */
export async function insertInboxEvent(
  db: DbOrTx,
  e: NewInboxEvent,
): Promise<{ id: number; status: 'pending' | 'refused' } | 'duplicate'> {
  const rows = await db
    .insert(inbox)
    .values({
      platform: e.platform,
      kind: e.kind,
      eventKey: e.eventKey,
      payload: e.payload,
      receivedAt: e.now,
      nextAttemptAt: e.leasedUntil ?? e.now,
      // A write that reaches the server after its deadline (the driver held it back while the database was
      // away) lands refused and is never processed: its ack has already said "not saved".
      ...(e.deadline
        ? {
            status: sql`case when clock_timestamp() > ${e.deadline.toISOString()}::timestamptz then 'refused' else 'pending' end`,
          }
        : {}),
    })
    .onConflictDoNothing()
    .returning({ id: inbox.id, status: inbox.status });
  const row = rows[0];
  if (!row) return 'duplicate';
  return { id: row.id, status: row.status === 'pending' ? 'pending' : 'refused' };
}

/**
 * Claim due pending rows, oldest first, with SKIP LOCKED so replicas share them, pushing each one's due
 * time out by the lease: if this process dies before locking the row for its work, it comes back then.
 */
export async function claimInbox(
  db: Db,
  opts: { now: Date; limit: number; leaseMs: number; kinds: string[] },
): Promise<InboxRow[]> {
  if (opts.kinds.length === 0) return [];
  return db.transaction(async (tx) => {
    const now = sql`${opts.now.toISOString()}::timestamptz`;
    const picked = await tx.execute<{ id: string | number }>(sql`
      select id from inbox
      where status = 'pending' and next_attempt_at <= ${now}
        and kind in (${sql.join(
          opts.kinds.map((k) => sql`${k}`),
          sql`, `,
        )})
      order by next_attempt_at, id
      limit ${opts.limit}
      for update skip locked`);
    const ids = rowsOf<{ id: string | number }>(picked).map((r) => Number(r.id));
    if (ids.length === 0) return [];
    return tx
      .update(inbox)
      .set({ nextAttemptAt: new Date(opts.now.getTime() + opts.leaseMs) })
      .where(inArray(inbox.id, ids))
      .returning();
  });
}

/**
 * Lock one pending row for the caller's transaction; undefined when it is done, failed, or being worked
 * on by another transaction right now. The lock, and the done mark in the same transaction, make the
 * work happen once per event.
 */
export async function lockPendingInboxRow(tx: DbOrTx, id: number): Promise<InboxRow | undefined> {
  const [row] = await tx
    .select()
    .from(inbox)
    .where(and(eq(inbox.id, id), eq(inbox.status, 'pending')))
    .for('update', { skipLocked: true });
  return row;
}

export async function markInboxDone(tx: DbOrTx, id: number, at: Date): Promise<void> {
  await tx
    .update(inbox)
    .set({ status: 'done', processedAt: at, lastError: null })
    .where(and(eq(inbox.id, id), eq(inbox.status, 'pending')));
}

/** Count a failed attempt: try again at `retryAt`, or mark the row failed for good. */
export async function markInboxRetry(
  db: DbOrTx,
  id: number,
  next: { retryAt: Date; error: string } | { failed: true; error: string; now: Date },
): Promise<void> {
  await db
    .update(inbox)
    .set(
      'failed' in next
        ? {
            status: 'failed',
            lastError: next.error,
            processedAt: next.now,
            attempts: sql`${inbox.attempts} + 1`,
          }
        : { lastError: next.error, nextAttemptAt: next.retryAt, attempts: sql`${inbox.attempts} + 1` },
    )
    .where(and(eq(inbox.id, id), eq(inbox.status, 'pending')));
}

/** Pending inbox rows (the backlog), for /healthz and the benchmarks. */
export async function inboxBacklog(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inbox)
    .where(eq(inbox.status, 'pending'));
  return Number(row?.n ?? 0);
}

/** Withdraw an event whose ack already said "not saved" (its write finished too late). */
export async function refuseInboxEvent(db: DbOrTx, id: number, at: Date): Promise<void> {
  await db
    .update(inbox)
    .set({ status: 'refused', processedAt: at, lastError: 'written after the ack said not saved' })
    .where(and(eq(inbox.id, id), eq(inbox.status, 'pending')));
}
