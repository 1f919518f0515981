import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { deliveryPacing, type OutboxRow, outbox } from '../schema';

export interface EnqueueInput {
  platform: string;
  destination: string;
  kind?: string;
  payload: OutboxRow['payload'];
  /** Same key twice → one row. Jobs use `job:period:destination`. */
  dedupeKey?: string;
  now: Date;
}

/** Insert an outbound message in the caller's transaction; a repeated dedupeKey is a no-op. */
export async function enqueueOutbox(tx: DbOrTx, m: EnqueueInput): Promise<number | undefined> {
  const rows = await tx
    .insert(outbox)
    .values({
      platform: m.platform,
      destination: m.destination,
      kind: m.kind ?? 'message',
      payload: m.payload,
      dedupeKey: m.dedupeKey ?? null,
      createdAt: m.now,
      // Due at once: a job run for a simulated future moment (run-job --at, the console's moved clock)
      // must not wait for that wall-clock time, and a pinned past "now" stays due for its dispatcher.
      nextAttemptAt: new Date(Math.min(m.now.getTime(), Date.now())),
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows[0]?.id;
}

/**
 * Claim due rows: only the oldest pending row of each destination (so a retry never lets a later
 * message overtake it), locked with SKIP LOCKED so replicas share work, then leased by pushing
 * next_attempt_at forward so a crashed sender's row comes back after the lease. A claim is not an
 * attempt: only a failed send counts (markOutboxFailed).
 */
export async function claimOutbox(
  db: Db,
  opts: {
    now: Date;
    limit: number;
    leaseMs: number;
    platforms?: string[];
    intervalMs?: Record<string, number>;
  },
): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const platformFilter = opts.platforms?.length
      ? sql`and o.platform in (${sql.join(
          opts.platforms.map((p) => sql`${p}`),
          sql`, `,
        )})`
      : sql``;
    const now = sql`${opts.now.toISOString()}::timestamptz`;
    const picked = await tx.execute<{ id: string | number }>(sql`
      select o.id from outbox o
      left join delivery_pacing p on p.platform = o.platform and p.destination = o.destination
      where o.status = 'pending' and o.next_attempt_at <= ${now}
        and (p.next_at is null or p.next_at <= ${now})
        ${platformFilter}
        and o.id = (select min(h.id) from outbox h
                    where h.status = 'pending' and h.platform = o.platform and h.destination = o.destination)
      order by o.id
      limit ${opts.limit}
      for update of o skip locked`);
    const ids = rowsOf<{ id: string | number }>(picked).map((r) => Number(r.id));
    if (ids.length === 0) return [];
    const claimed = await tx
      .update(outbox)
      .set({ nextAttemptAt: new Date(opts.now.getTime() + opts.leaseMs) })
      .where(inArray(outbox.id, ids))
      .returning()
      .then((rows) => rows.sort((a, b) => a.id - b.id));
    // Reserve each destination's next slot in the same transaction, so every replica honours the
    // per-channel pace (Slack ~1/s per channel, WeCom robot 20/min).
    for (const r of claimed) {
      const gap = opts.intervalMs?.[r.platform] ?? 0;
      if (gap > 0) await pace(tx, r.platform, r.destination, new Date(opts.now.getTime() + gap));
    }
    return claimed;
  });
}

/** Hold a destination until `until` (its pace, or a 429's Retry-After). Never moves the hold earlier. */
export async function pace(db: DbOrTx, platform: string, destination: string, until: Date): Promise<void> {
  await db
    .insert(deliveryPacing)
    .values({ platform, destination, nextAt: until })
    .onConflictDoUpdate({
      target: [deliveryPacing.platform, deliveryPacing.destination],
      set: { nextAt: sql`greatest(${deliveryPacing.nextAt}, excluded.next_at)` },
    });
}

/** Both drivers' execute() results, as plain rows. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function markOutboxSent(db: DbOrTx, id: number, at: Date, platformRef?: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: at, platformRef: platformRef ?? null, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')));
}

/** Keep holding rows whose send is still running (the dispatcher's lease heartbeat). */
export async function renewOutboxLease(db: DbOrTx, ids: number[], until: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ nextAttemptAt: until })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending')));
}

/** Count one failed send and schedule the retry, or mark the row dead. */
export async function markOutboxFailed(
  db: DbOrTx,
  id: number,
  error: string,
  next: { retryAt: Date } | { dead: true; at: Date },
): Promise<void> {
  const attempts = sql`${outbox.attempts} + 1`;
  await db
    .update(outbox)
    .set(
      'dead' in next
        ? { status: 'dead', lastError: error, attempts, deadAt: next.at, deadReportedAt: null }
        : { lastError: error, attempts, nextAttemptAt: next.retryAt },
    )
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')));
}

/**
 * Dead rows no delivery report has named yet (oldest first), leaving out the reports' own rows so a dead
 * report never reports itself hour after hour. The job's (job, hour) claim keeps replicas apart.
 */
export async function unreportedDead(tx: DbOrTx, limit: number): Promise<OutboxRow[]> {
  return tx
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'dead'),
        isNull(outbox.deadReportedAt),
        sql`coalesce(${outbox.dedupeKey}, '') not like 'delivery-report:%'`,
      ),
    )
    .orderBy(outbox.id)
    .limit(limit);
}

export async function markDeadReported(tx: DbOrTx, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(outbox).set({ deadReportedAt: at }).where(inArray(outbox.id, ids));
}

export async function outboxByStatus(db: DbOrTx, status: 'pending' | 'sent' | 'dead', limit = 50) {
  return db.select().from(outbox).where(eq(outbox.status, status)).orderBy(outbox.id).limit(limit);
}

/** Put dead rows back in the queue (operator action after fixing the cause). */
export async function requeueDead(db: DbOrTx, now: Date, ids?: number[]): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deadAt: null, deadReportedAt: null })
    .where(ids?.length ? and(eq(outbox.status, 'dead'), inArray(outbox.id, ids)) : eq(outbox.status, 'dead'))
    .returning({ id: outbox.id });
  return rows.length;
}

/** The platform ref (Slack ts, WeCom card ref) of a sent outbox row: senders' lookup for in-place updates. */
export async function sentMessageRef(db: DbOrTx, outboxId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ ref: outbox.platformRef })
    .from(outbox)
    .where(and(eq(outbox.id, outboxId), eq(outbox.status, 'sent')));
  return row?.ref ?? undefined;
}

/** Delivery state of a posted card's outbox row: whether it went out and its Slack ts. */
export async function cardMessage(
  tx: DbOrTx,
  outboxId: number,
): Promise<{ status: string; attempts: number; platformRef: string | null } | undefined> {
  const [row] = await tx
    .select({ status: outbox.status, attempts: outbox.attempts, platformRef: outbox.platformRef })
    .from(outbox)
    .where(eq(outbox.id, outboxId));
  return row;
}

/**
 * Swap the card of a message no sender has touched yet, so it goes out already up to date. A sender
 * that claimed the row bumped `attempts` under a row lock first, so this never changes a card in flight.
 */
export async function replaceUnsentCard(
  tx: DbOrTx,
  outboxId: number,
  payload: OutboxRow['payload'],
): Promise<boolean> {
  const rows = await tx
    .update(outbox)
    .set({ payload })
    .where(and(eq(outbox.id, outboxId), eq(outbox.status, 'pending'), eq(outbox.attempts, 0)))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

/** The message queued under a dedupe key (e.g. `feedback.created:FB-3`, an item's channel card). */
export async function outboxByDedupeKey(
  tx: DbOrTx,
  dedupeKey: string,
): Promise<{ id: number; platform: string; destination: string } | undefined> {
  const [row] = await tx
    .select({ id: outbox.id, platform: outbox.platform, destination: outbox.destination })
    .from(outbox)
    .where(eq(outbox.dedupeKey, dedupeKey));
  return row;
}
