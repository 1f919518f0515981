import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../db/client';
import { migrate } from '../../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
  }
}

/**
 * Migrate once: a PGlite data dir snapshot that every test database starts from, and on PostgreSQL
 * (TEST_DATABASE_URL) a template database that each test file clones.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'mops-snap-'));
  const h = await openDb({ inMemory: true });
  await migrate(h);
  const client = (h.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
  const blob = await client.dumpDataDir('gzip');
  const file = join(dir, 'snapshot.tar.gz');
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  await h.close();
  project.provide('pgliteSnapshot', file);

  const url = process.env.TEST_DATABASE_URL;
  let template = '';
  if (url) {
    template = `mops_tpl_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    await admin.end();
    const th = await openDb({ databaseUrl: withDb(url, template), maxConnections: 2 });
    await migrate(th);
    await th.close();
  }
  project.provide('pgTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && template) {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${template}`);
      await admin.end();
    }
  };
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
