import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

/** One query type for both drivers: handlers and queries never know which one runs. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query surface as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  driver: 'postgres' | 'pglite';
  /** PostgreSQL URL when driver is postgres (migrations open their own single connection). */
  url?: string;
  close(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${resolve(dir)} is already open in another mopsbot process (pid ${pid}). ` +
        'PGlite can be opened by one process only: stop that process, or set DATABASE_URL to use PostgreSQL for several processes.',
    );
    this.name = 'DataDirLockedError';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the single-process lock on DATA_DIR; a stale lock from a dead process is taken over. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'mopsbot.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
        throw new DataDirLockedError(dir, pid);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${file}`);
}

const MAX_PREPARED_PARAMS = 64;

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** PGlite only: start from a dumped data dir (tests use a migrated snapshot). */
  loadDataDir?: Blob;
  /** PGlite only: keep the database in memory (tests). */
  inMemory?: boolean;
  maxConnections?: number;
}

/** postgres.js when a URL is given, else PGlite persisted in dataDir (or in memory). */
export async function openDb(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, {
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      // numeric and bigint come back as strings; money columns use mode:'number' on bigint.
    });
    // drizzle sends every query unprepared (a parse and plan on each call). Our SQL texts are a small fixed
    // set with parameters, so postgres.js may prepare them once per connection, as it does for its own
    // queries; bulk inserts, whose text varies with the row count, stay unprepared so the cache stays small.
    const unsafe = client.unsafe.bind(client);
    client.unsafe = ((query: string, params?: unknown[], options?: { prepare?: boolean }) =>
      unsafe(query, params as never, {
        ...options,
        prepare: options?.prepare || (params?.length ?? 0) <= MAX_PREPARED_PARAMS,
      })) as typeof client.unsafe;
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, driver: 'postgres', url: opts.databaseUrl, close: () => client.end({ timeout: 5 }) };
  }
  const unlock = opts.inMemory ? () => {} : lockDataDir(opts.dataDir ?? './data');
  try {
    const client = opts.inMemory
      ? await PGlite.create({ loadDataDir: opts.loadDataDir })
      : await PGlite.create({
          dataDir: join(opts.dataDir ?? './data', 'pglite'),
          loadDataDir: opts.loadDataDir,
        });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      driver: 'pglite',
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
