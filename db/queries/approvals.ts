import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type Approval, type ApprovalVote, approvals, approvalVotes, type NewApproval } from '../schema';
import { one } from './one';

export async function insertApproval(tx: DbOrTx, row: NewApproval): Promise<Approval> {
  return one(await tx.insert(approvals).values(row).returning(), 'insertApproval');
}

export async function approvalByCode(db: DbOrTx, code: string): Promise<Approval | undefined> {
  const [row] = await db.select().from(approvals).where(eq(approvals.code, code));
  return row;
}

/** Row locked for the rest of the transaction: decisions on one approval run one after another. */
export async function approvalForUpdate(tx: DbOrTx, code: string): Promise<Approval | undefined> {
  const [row] = await tx.select().from(approvals).where(eq(approvals.code, code)).for('update');
  return row;
}

export async function updateApproval(tx: DbOrTx, id: number, patch: Partial<NewApproval>): Promise<Approval> {
  return one(await tx.update(approvals).set(patch).where(eq(approvals.id, id)).returning(), 'updateApproval');
}

/** The compare-and-set that closes an approval: undefined when it was no longer pending. */
export async function closeIfPending(
  tx: DbOrTx,
  id: number,
  patch: Pick<NewApproval, 'status' | 'decidedAt' | 'decidedBy' | 'decisionReason'>,
): Promise<Approval | undefined> {
  const [row] = await tx
    .update(approvals)
    .set(patch)
    .where(and(eq(approvals.id, id), eq(approvals.status, 'pending')))
    .returning();
  return row;
}

/** One vote per (approval, approver): undefined when this approver already voted. */
export async function insertVote(
  tx: DbOrTx,
  vote: { approvalId: number; approver: string; decision: string; reason: string | null; at: Date },
): Promise<ApprovalVote | undefined> {
  const [row] = await tx.insert(approvalVotes).values(vote).onConflictDoNothing().returning();
  return row;
}

export async function votesFor(db: DbOrTx, approvalId: number): Promise<ApprovalVote[]> {
  return db
    .select()
    .from(approvalVotes)
    .where(eq(approvalVotes.approvalId, approvalId))
    .orderBy(asc(approvalVotes.id));
}

export async function listApprovalRows(
  db: DbOrTx,
  opts: { kind: Approval['kind']; status?: Approval['status']; offset: number; limit: number },
): Promise<{ rows: Approval[]; total: number }> {
  const where = opts.status
    ? and(eq(approvals.kind, opts.kind), eq(approvals.status, opts.status))
    : eq(approvals.kind, opts.kind);
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(approvals)
      .where(where)
      .orderBy(desc(approvals.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(approvals).where(where),
  ]);
  return { rows, total: Number(totals?.n ?? 0) };
}
