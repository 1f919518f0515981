import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { ensureEmbedded } from '../../db/embedded';
import { migrate } from '../../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL (no database part) the test databases live on. */
    pgServer: string;
    pgTemplate: string;
  }
}

/**
 * One PostgreSQL server for the run — the embedded one in a temp DATA_DIR, or TEST_DATABASE_URL's — and
 * one migrated template database on it that each test file clones.
 */
export default async function setup(project: TestProject) {
  // Tests that spawn the bot run the bundle `npm start` runs; build it once (dist/ is not tracked).
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  let dir: string | undefined;
  let release: (() => Promise<void>) | undefined;
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    dir = mkdtempSync(join(tmpdir(), 'mops-testpg-'));
    // As root the server runs as `postgres`, which must be able to enter the temp dir.
    chmodSync(dir, 0o755);
    const server = await ensureEmbedded(dir, { ephemeral: true });
    url = server.url;
    release = server.release;
  }
  const template = `mops_tpl_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  await admin.end();
  await migrate({ url: withDb(url, template) });
  project.provide('pgServer', url);
  project.provide('pgTemplate', template);

  return async () => {
    const a = postgres(url, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${template}`);
    await a.end();
    await release?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
