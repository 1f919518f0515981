import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type EmbeddedOptions, type EmbeddedServer, ensureEmbedded } from './embedded';

export { EmbeddedDbError } from './embedded';

import * as schema from './schema';

/** The query surface handlers and queries use. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query surface as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  /** Where the data lives: the embedded server in DATA_DIR, or DATABASE_URL. */
  kind: 'embedded' | 'external';
  /** Connection URL (migrations open their own single connection). Contains a password: never log it. */
  url: string;
  /** Connections in use and idle, for the metrics endpoint. */
  pool(): { max: number };
  close(): Promise<void>;
}

const MAX_PREPARED_PARAMS = 64;

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  maxConnections?: number;
  /** Progress lines for the first start of the embedded server. */
  say?: (line: string) => void;
  /** Embedded only: a throwaway cluster (tests, benchmarks) runs without fsync. */
  ephemeral?: EmbeddedOptions['ephemeral'];
}

/** postgres.js to DATABASE_URL, or to the embedded server in DATA_DIR (started, joined or adopted). */
export async function openDb(opts: OpenOptions): Promise<DbHandle> {
  let server: EmbeddedServer | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    server = await ensureEmbedded(opts.dataDir ?? './data', { say: opts.say, ephemeral: opts.ephemeral });
    url = server.url;
  }
  const max = opts.maxConnections ?? 10;
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // The embedded server hands itself to another live mopsbot process when its owner exits; the pid in
    // application_name is how it finds one.
    connection: { application_name: `mopsbot:${process.pid}` },
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
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: server ? 'embedded' : 'external',
    url,
    pool: () => ({ max }),
    close: async () => {
      await client.end({ timeout: 5 });
      await server?.release();
    },
  };
}

/** host:port/database of a URL, for messages: never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Why the database refused, in a person's words, with host and database but never the password. */
export function explainDbError(err: unknown, url: string | undefined): string | undefined {
  // drizzle wraps driver errors as "Failed query: …" with the driver's error as the cause.
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    const { code, message } = e as { code?: string; message?: string };
    const where = url ? describeUrl(url) : 'the database';
    switch (code) {
      case 'ECONNREFUSED':
        return `Cannot reach PostgreSQL at ${where}: connection refused. Is the server running, and is DATABASE_URL's host and port right?`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `Cannot reach PostgreSQL at ${where}: the host name does not resolve.`;
      case 'ETIMEDOUT':
      case 'CONNECT_TIMEOUT':
        return `Cannot reach PostgreSQL at ${where}: the connection timed out.`;
      case '3D000':
        return `PostgreSQL at ${where}: the database does not exist. Create it (createdb) or fix DATABASE_URL.`;
      case '28P01':
      case '28000':
        return `PostgreSQL at ${where}: authentication failed for the user in DATABASE_URL. Check the user name and password.`;
      case '42501':
        return `PostgreSQL at ${where}: permission denied (${message}). The user in DATABASE_URL needs to create tables in its database.`;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
