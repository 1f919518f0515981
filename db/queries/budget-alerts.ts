import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { budgetPlans, spendEntries } from '../schema';

/** The largest spend lines of a month's category, for the overrun escalation. */
export async function topSpendLines(db: DbOrTx, month: string, category: string, limit = 5) {
  return db
    .select({
      spentOn: spendEntries.spentOn,
      amountFen: spendEntries.amountFen,
      channel: spendEntries.channel,
      note: spendEntries.note,
      createdBy: spendEntries.createdBy,
    })
    .from(spendEntries)
    .where(and(eq(spendEntries.month, month), eq(spendEntries.category, category)))
    .orderBy(desc(spendEntries.amountFen), desc(spendEntries.id))
    .limit(limit);
}

/** Who set the month's plan for a category: the budget owner to mention. */
export async function budgetOwner(db: DbOrTx, month: string, category: string): Promise<string | undefined> {
  const [row] = await db
    .select({ by: budgetPlans.updatedBy })
    .from(budgetPlans)
    .where(and(eq(budgetPlans.month, month), eq(budgetPlans.category, category)));
  return row?.by;
}
