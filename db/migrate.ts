import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { DbHandle } from './client';

/** db/migrations beside this file, or, when this file is bundled into dist/, beside dist/. */
function migrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'migrations');
  return existsSync(beside) ? beside : join(here, '..', 'db', 'migrations');
}
export const MIGRATIONS_DIR = migrationsDir();

// Any constant works; it only has to be the same in every replica.
const MIGRATION_LOCK_KEY = 4_242_001;

/** Apply committed drizzle-kit migrations. An advisory lock serialises replicas starting together. */
export async function migrate(handle: Pick<DbHandle, 'url'>): Promise<void> {
  // A session-level advisory lock must stay on one connection, so migrations get their own client.
  const client = postgres(handle.url, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await migratePostgres(db, { migrationsFolder: MIGRATIONS_DIR });
    await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  } finally {
    await client.end({ timeout: 5 });
  }
}
