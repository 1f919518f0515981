import { sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../client';
import { settings } from '../schema';

export async function allSettings(db: DbOrTx): Promise<Record<string, unknown>> {
  const rows = await db.select().from(settings);
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function putSetting(
  tx: DbOrTx,
  key: string,
  value: unknown,
  by: string,
  at: Date,
): Promise<void> {
  await tx
    .insert(settings)
    .values({ key, value, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at, updatedBy: by } });
}

/**
 * Serialises changes to one setting until the transaction ends, also when its row does not exist yet:
 * two admins adding to the same list both keep their entry. Two-int advisory keys: (settings, key).
 */
export async function lockSetting(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('settings'), hashtext(${key}))`);
}
