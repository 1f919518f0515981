import { eq, sql } from 'drizzle-orm';
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

/**
 * When the bot first used this database: written once, at the first scheduler start, as the earliest of
 * `now`, the first audited action and the first job run (so an upgraded install keeps its history).
 */
export async function ensureInstalledAt(db: DbOrTx, now: Date): Promise<Date> {
  const at = sql`${now.toISOString()}::timestamptz`;
  await db.execute(sql`
    insert into settings (key, value, updated_at, updated_by)
    select 'installed_at',
      to_jsonb(least(${at}, (select min(at) from audit_log), (select min(claimed_at) from job_runs))),
      ${at}, 'system'
    on conflict (key) do nothing`);
  const [row] = await db.select().from(settings).where(eq(settings.key, 'installed_at'));
  const d = new Date(String(row?.value ?? ''));
  return Number.isNaN(d.getTime()) ? now : d;
}
