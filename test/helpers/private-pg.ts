/**
 * A private PostgreSQL server for tests that stop and start the database (an outage): initdb into a temp
 * dir and pg_ctl on its own port, as the postgres user when the tests run as root. Needs the PostgreSQL 15
 * server binaries (Debian's postgresql-15); `available` is false without them.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './spawn-bot';

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export const privatePgAvailable = existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));

export interface PrivatePg {
  url: string;
  port: number;
  /** Start the server (again); resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stop it now (fast shutdown: sessions are ended, as when an operator stops the service). */
  stop(): Promise<void>;
  /** Stop it and remove its files. */
  destroy(): Promise<void>;
}

async function asPostgres(cmd: string, args: string[]) {
  const root = process.getuid?.() === 0;
  return root ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
}

export async function createPrivatePg(): Promise<PrivatePg> {
  const dir = mkdtempSync(join(tmpdir(), 'mops-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await asPostgres(join(BIN, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const pgCtl = (...args: string[]) => asPostgres(join(BIN, 'pg_ctl'), ['-D', data, ...args]);
  const pg: PrivatePg = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgCtl(
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        '-l',
        join(dir, 'log'),
        '-w',
        'start',
      );
    },
    async stop() {
      await pgCtl('-m', 'fast', '-w', 'stop');
    },
    async destroy() {
      await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}
