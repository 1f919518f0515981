import { and, count, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type Feedback, feedbacks, type NewFeedback } from '../schema';
import { one } from './one';

export async function insertFeedback(tx: DbOrTx, row: NewFeedback): Promise<Feedback> {
  return one(await tx.insert(feedbacks).values(row).returning(), 'insertFeedback');
}

/** Row locked for the rest of the transaction, so concurrent state changes serialise. */
export async function feedbackForUpdate(tx: DbOrTx, code: string): Promise<Feedback | undefined> {
  const [row] = await tx.select().from(feedbacks).where(eq(feedbacks.code, code)).for('update');
  return row;
}

export async function updateFeedback(tx: DbOrTx, id: number, patch: Partial<NewFeedback>): Promise<Feedback> {
  return one(await tx.update(feedbacks).set(patch).where(eq(feedbacks.id, id)).returning(), 'updateFeedback');
}

export async function listFeedbacks(
  db: DbOrTx,
  opts: { status?: Feedback['status']; offset: number; limit: number },
): Promise<{ rows: Feedback[]; total: number }> {
  const where = opts.status ? eq(feedbacks.status, opts.status) : undefined;
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(feedbacks)
      .where(where)
      .orderBy(desc(feedbacks.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(feedbacks).where(where),
  ]);
  return { rows, total: Number(totals?.n ?? 0) };
}

/** Open feedback whose first-response deadline has passed, for digests and the SLA sweep. */
export async function countOverdueFeedback(db: DbOrTx, now: Date): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(feedbacks)
    .where(and(eq(feedbacks.status, 'open'), lt(feedbacks.dueAt, now)));
  return Number(r?.n ?? 0);
}
