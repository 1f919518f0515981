import { and, count, desc, eq, gte, or } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type AbTest, abTests, type NewAbTest } from '../schema';
import { one } from './one';

export async function insertAbTest(tx: DbOrTx, row: NewAbTest): Promise<AbTest> {
  return one(await tx.insert(abTests).values(row).returning(), 'insertAbTest');
}

export async function abTestByCode(db: DbOrTx, code: string): Promise<AbTest | undefined> {
  const [row] = await db.select().from(abTests).where(eq(abTests.code, code));
  return row;
}

/** Row locked for the rest of the transaction, so concurrent updates add up and close once. */
export async function abTestForUpdate(tx: DbOrTx, code: string): Promise<AbTest | undefined> {
  const [row] = await tx.select().from(abTests).where(eq(abTests.code, code)).for('update');
  return row;
}

export async function updateAbTest(tx: DbOrTx, id: number, patch: Partial<NewAbTest>): Promise<AbTest> {
  return one(await tx.update(abTests).set(patch).where(eq(abTests.id, id)).returning(), 'updateAbTest');
}

export async function listAbTests(
  db: DbOrTx,
  opts: { status?: AbTest['status']; offset: number; limit: number },
): Promise<{ rows: AbTest[]; total: number }> {
  const where = opts.status ? eq(abTests.status, opts.status) : undefined;
  const [rows, [totals]] = await Promise.all([
    db.select().from(abTests).where(where).orderBy(desc(abTests.id)).limit(opts.limit).offset(opts.offset),
    db.select({ n: count() }).from(abTests).where(where),
  ]);
  return { rows, total: Number(totals?.n ?? 0) };
}

/** Tests still open, plus those closed since `since`: the weekly digest picks the ones with a verdict. */
export async function abTestsOpenOrClosedSince(db: DbOrTx, since: Date, limit: number): Promise<AbTest[]> {
  return db
    .select()
    .from(abTests)
    .where(or(eq(abTests.status, 'open'), and(eq(abTests.status, 'closed'), gte(abTests.closedAt, since))))
    .orderBy(desc(abTests.id))
    .limit(limit);
}
