import { and, count, desc, eq, gt, gte, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type Campaign, campaigns, type NewCampaign, spendEntries } from '../schema';
import { one } from './one';

export async function insertCampaign(tx: DbOrTx, row: NewCampaign): Promise<Campaign> {
  return one(await tx.insert(campaigns).values(row).returning(), 'insertCampaign');
}

export async function campaignByCode(db: DbOrTx, code: string): Promise<Campaign | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.code, code));
  return row;
}

/** Row locked for the rest of the transaction, so concurrent end/retro serialise. */
export async function campaignForUpdate(tx: DbOrTx, code: string): Promise<Campaign | undefined> {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.code, code)).for('update');
  return row;
}

export async function updateCampaign(tx: DbOrTx, id: number, patch: Partial<NewCampaign>): Promise<Campaign> {
  return one(await tx.update(campaigns).set(patch).where(eq(campaigns.id, id)).returning(), 'updateCampaign');
}

const DATE_DRIVEN: Campaign['status'][] = ['planned', 'live'];

/**
 * Rows whose status, as the dates say on local day `today`, is `status`. planned/live rows follow the
 * dates even before the status job has persisted a transition; ended/reviewed are stored facts.
 */
function effectiveStatusIs(status: Campaign['status'], today: string): SQL | undefined {
  const dateDriven = inArray(campaigns.status, DATE_DRIVEN);
  switch (status) {
    case 'planned':
      return and(dateDriven, gt(campaigns.startDate, today));
    case 'live':
      return and(dateDriven, lte(campaigns.startDate, today), gte(campaigns.endDate, today));
    case 'ended':
      return or(eq(campaigns.status, 'ended'), and(dateDriven, lt(campaigns.endDate, today)));
    default:
      return eq(campaigns.status, status);
  }
}

export async function listCampaignRows(
  db: DbOrTx,
  opts: { status?: Campaign['status']; today: string; offset: number; limit: number },
): Promise<{ rows: Campaign[]; total: number }> {
  const where = opts.status ? effectiveStatusIs(opts.status, opts.today) : undefined;
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(campaigns)
      .where(where)
      .orderBy(desc(campaigns.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(campaigns).where(where),
  ]);
  return { rows, total: Number(totals?.n ?? 0) };
}

/** planned/live rows whose stored status lags the dates on local day `today`, locked for the update. */
export async function campaignsDueForTransition(tx: DbOrTx, today: string): Promise<Campaign[]> {
  return tx
    .select()
    .from(campaigns)
    .where(
      or(
        and(eq(campaigns.status, 'planned'), lte(campaigns.startDate, today)),
        and(eq(campaigns.status, 'live'), lt(campaigns.endDate, today)),
      ),
    )
    .orderBy(campaigns.id)
    .for('update', { skipLocked: true });
}

/** Everything spent against a campaign so far, in fen (0 when nothing is logged). */
export async function campaignSpendFen(db: DbOrTx, campaignId: number): Promise<number> {
  const [r] = await db
    .select({ total: sql<string | null>`sum(${spendEntries.amountFen})` })
    .from(spendEntries)
    .where(eq(spendEntries.campaignId, campaignId));
  return Number(r?.total ?? 0);
}
