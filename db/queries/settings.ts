import type { DbOrTx } from '../client';
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
