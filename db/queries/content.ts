import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type ContentPlan, type ContentPost, contentPlans, contentPosts } from '../schema';
import type { RawSum } from './metrics';
import { rowsOf } from './outbox';

export async function listContentPlans(db: DbOrTx): Promise<ContentPlan[]> {
  return db.select().from(contentPlans).orderBy(asc(contentPlans.channel));
}

/** One channel's plan, locked until the transaction ends (the audit's "before" stays true). */
export async function contentPlanForUpdate(tx: DbOrTx, channel: string): Promise<ContentPlan | undefined> {
  const [row] = await tx.select().from(contentPlans).where(eq(contentPlans.channel, channel)).for('update');
  return row;
}

export async function upsertContentPlan(tx: DbOrTx, plan: typeof contentPlans.$inferInsert): Promise<void> {
  await tx
    .insert(contentPlans)
    .values(plan)
    .onConflictDoUpdate({
      target: contentPlans.channel,
      set: {
        perWeek: plan.perWeek ?? null,
        perDay: plan.perDay ?? null,
        workdays: plan.workdays,
        owner: plan.owner,
        updatedAt: plan.updatedAt,
        updatedBy: plan.updatedBy,
      },
    });
}

/** Insert a published piece; undefined when its approval was already marked published (unique key). */
export async function insertContentPost(
  tx: DbOrTx,
  row: typeof contentPosts.$inferInsert,
): Promise<ContentPost | undefined> {
  const [created] = await tx.insert(contentPosts).values(row).onConflictDoNothing().returning();
  return created;
}

export async function postForApproval(db: DbOrTx, approvalId: number): Promise<ContentPost | undefined> {
  const [row] = await db.select().from(contentPosts).where(eq(contentPosts.approvalId, approvalId));
  return row;
}

/** Pieces published per channel over local days [from, to] (one grouped count). */
export async function postCounts(db: DbOrTx, from: string, to: string): Promise<Map<string, number>> {
  const p = contentPosts;
  const res = await db.execute(sql`
    select ${p.channel} as channel, count(*) as n from ${p}
    where ${p.publishedOn} between ${from}::date and ${to}::date
    group by ${p.channel}`);
  return new Map(rowsOf<{ channel: string; n: RawSum }>(res).map((r) => [r.channel, Number(r.n)]));
}
