import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';

/** A round trip to the database, for /healthz. */
export async function pingDb(db: DbOrTx): Promise<void> {
  await db.execute(sql`select 1`);
}
