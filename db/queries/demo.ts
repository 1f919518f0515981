import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { approvals, campaigns, channelMetrics, feedbacks, settings } from '../schema';
import { rowsOf } from './outbox';

/** The settings key that records when the demo data set was loaded (not an admin setting). */
export const DEMO_MARKER_KEY = 'demoLoadedAt';

/** When the demo data was loaded into this database, or undefined when it never was. */
export async function demoLoadedAt(db: DbOrTx): Promise<string | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, DEMO_MARKER_KEY));
  return typeof row?.value === 'string' ? row.value : undefined;
}

/** True when any metrics, campaign, feedback or approval row exists: the database is in real use. */
export async function hasBusinessData(db: DbOrTx): Promise<boolean> {
  const res = await db.execute(sql`select (
      exists (select 1 from ${channelMetrics}) or exists (select 1 from ${campaigns})
      or exists (select 1 from ${feedbacks}) or exists (select 1 from ${approvals})) as used`);
  return rowsOf<{ used: boolean }>(res)[0]?.used === true;
}
