import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  type BudgetPlan,
  budgetPlans,
  campaigns,
  type NewSpendEntry,
  type SpendEntry,
  spendEntries,
} from '../schema';
import { one } from './one';
import { rowsOf } from './outbox';

/** A month's plan rows, locked so two concurrent `set`s of the same month serialise (audit before/after). */
export async function budgetPlansForUpdate(tx: DbOrTx, month: string): Promise<BudgetPlan[]> {
  return tx
    .select()
    .from(budgetPlans)
    .where(eq(budgetPlans.month, month))
    .orderBy(budgetPlans.category)
    .for('update');
}

/** Insert or replace the plan of one (month, category). */
export async function upsertBudgetPlan(
  tx: DbOrTx,
  p: { month: string; category: string; planFen: number; at: Date; by: string },
): Promise<BudgetPlan> {
  return one(
    await tx
      .insert(budgetPlans)
      .values({ month: p.month, category: p.category, planFen: p.planFen, updatedAt: p.at, updatedBy: p.by })
      .onConflictDoUpdate({
        target: [budgetPlans.month, budgetPlans.category],
        set: { planFen: p.planFen, updatedAt: p.at, updatedBy: p.by },
      })
      .returning(),
    'upsertBudgetPlan',
  );
}

export async function insertSpendEntry(tx: DbOrTx, row: NewSpendEntry): Promise<SpendEntry> {
  return one(await tx.insert(spendEntries).values(row).returning(), 'insertSpendEntry');
}

/** The campaign a spend entry links to, by its code (`CMP-3`). */
export async function campaignByCode(
  db: DbOrTx,
  code: string,
): Promise<{ id: number; code: string; name: string; budgetFen: number } | undefined> {
  const [row] = await db
    .select({ id: campaigns.id, code: campaigns.code, name: campaigns.name, budgetFen: campaigns.budgetFen })
    .from(campaigns)
    .where(eq(campaigns.code, code));
  return row;
}

export interface UsageSumRow {
  /** null on the ROLLUP row: the month's total over all categories. */
  category: string | null;
  planFen: number;
  spendFen: number;
}

/**
 * Plan and spend per category for a month, plus the total (ROLLUP), summed in SQL. Plans and spend are
 * unioned so a category with spend but no plan (or a plan but no spend) still gets a row.
 */
export async function budgetUsageSums(db: DbOrTx, month: string): Promise<UsageSumRow[]> {
  const res = await db.execute<{
    category: string | null;
    plan_fen: string | number;
    spend_fen: string | number;
  }>(sql`
    select category, coalesce(sum(plan_fen), 0) as plan_fen, coalesce(sum(spend_fen), 0) as spend_fen
    from (
      select ${budgetPlans.category} as category, ${budgetPlans.planFen} as plan_fen, 0::bigint as spend_fen
        from ${budgetPlans} where ${budgetPlans.month} = ${month}
      union all
      select ${spendEntries.category}, 0::bigint, ${spendEntries.amountFen}
        from ${spendEntries} where ${spendEntries.month} = ${month}
    ) u
    group by rollup (category)`);
  return rowsOf<{ category: string | null; plan_fen: string | number; spend_fen: string | number }>(res).map(
    (r) => ({ category: r.category, planFen: Number(r.plan_fen), spendFen: Number(r.spend_fen) }),
  );
}

/** Total spend linked to one campaign, in fen (SQL SUM). */
export async function campaignSpendSum(db: DbOrTx, campaignId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<string | number | null>`sum(${spendEntries.amountFen})` })
    .from(spendEntries)
    .where(eq(spendEntries.campaignId, campaignId));
  return Number(row?.total ?? 0);
}

export async function spendById(db: DbOrTx, id: number): Promise<SpendEntry | undefined> {
  const [row] = await db.select().from(spendEntries).where(eq(spendEntries.id, id));
  return row;
}

/** Compare-and-set: marks the entry invalid only if it is not already; undefined when it was. */
export async function markSpendInvalid(
  tx: DbOrTx,
  id: number,
  v: { reason: string; at: Date; by: string },
): Promise<SpendEntry | undefined> {
  const [row] = await tx
    .update(spendEntries)
    .set({ invalid: true, invalidReason: v.reason, invalidAt: v.at, invalidBy: v.by })
    .where(and(eq(spendEntries.id, id), eq(spendEntries.invalid, false)))
    .returning();
  return row;
}
