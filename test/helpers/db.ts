import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Db, type DbHandle, openDb } from '../../db/client';
import { auditLog } from '../../db/schema';
import { withDb } from './global-setup';

/** Which server the suite runs on, for test names: the embedded one, or TEST_DATABASE_URL's. */
export const driverName = process.env.TEST_DATABASE_URL
  ? 'PostgreSQL (TEST_DATABASE_URL)'
  : 'embedded PostgreSQL';

let counter = 0;

/** A fresh, migrated database for one test file: a clone of the run's migrated template database. */
export async function createTestDb(): Promise<DbHandle> {
  const server = inject('pgServer');
  const name = `mops_t_${process.pid}_${Date.now()}_${counter++}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const h = await openDb({ databaseUrl: withDb(server, name), maxConnections: 5 });
  return {
    ...h,
    close: async () => {
      await h.close();
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** The audit rows about one item (by its code) in the order written; PostgreSQL has no order unless asked. */
export function auditOf(db: Db, entityId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);
}
