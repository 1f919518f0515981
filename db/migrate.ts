import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { DbHandle } from './client';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant works; it only has to be the same in every replica.
const MIGRATION_LOCK_KEY = 4_242_001;

/** Apply committed drizzle-kit migrations. On PostgreSQL an advisory lock serialises replicas starting together. */
export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the concrete driver type; the instance is one.
    await migratePglite(handle.db as any, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  // A session-level advisory lock must stay on one connection, so migrations get their own client.
  const client = postgres(handle.url!, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await migratePostgres(db, { migrationsFolder: MIGRATIONS_DIR });
    await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  } finally {
    await client.end({ timeout: 5 });
  }
}
