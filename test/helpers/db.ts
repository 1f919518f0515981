import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Db, type DbHandle, openDb } from '../../db/client';
import { auditLog } from '../../db/schema';
import { withDb } from './global-setup';

export const driverName = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

let counter = 0;

/**
 * A fresh, migrated database for one test file: PGlite from the migrated snapshot, or on
 * PostgreSQL (TEST_DATABASE_URL) a clone of the migrated template database.
 */
export async function createTestDb(): Promise<DbHandle & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const snap = readFileSync(inject('pgliteSnapshot'));
    return openDb({ inMemory: true, loadDataDir: new Blob([snap]) });
  }
  const name = `mops_t_${process.pid}_${Date.now()}_${counter++}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const dbUrl = withDb(url, name);
  const h = await openDb({ databaseUrl: dbUrl, maxConnections: 5 });
  return {
    ...h,
    url: dbUrl,
    close: async () => {
      await h.close();
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** The audit rows about one item (by its code) in the order written; PostgreSQL has no order unless asked. */
export function auditOf(db: Db, entityId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);
}
