/**
 * The embedded PostgreSQL server in DATA_DIR, as a user meets it: the bot started the way `npm start`
 * starts it, the CLI beside it, a crash, a restart, a second process, and the mistakes people make.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EmbeddedDbError, ensureEmbedded } from '../../db/embedded';
import { freePort, removeDataDir, runCli, spawnBot, tempDataDir } from '../helpers/spawn-bot';

const onExternal = !!process.env.TEST_DATABASE_URL;

/** The server named by DATA_DIR's postmaster.pid, if it is running. */
function serverOf(dir: string): { pid: number; port: number } | undefined {
  const file = join(dir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return { pid, port: Number(lines[3]) };
}

/** Look into the bot's database the way an admin with the password file would. */
async function count(dir: string, table: string): Promise<number> {
  const s = serverOf(dir);
  if (!s) throw new Error('no server running');
  const pw = readFileSync(join(dir, 'pg-password'), 'utf8').trim();
  const sql = postgres({
    host: '127.0.0.1',
    port: s.port,
    user: 'mops',
    password: pw,
    database: 'mopsbot',
    max: 1,
  });
  try {
    const [row] = await sql.unsafe(`select count(*)::int as n from ${table}`);
    return (row as unknown as { n: number }).n;
  } finally {
    await sql.end();
  }
}

function csvFile(dir: string): string {
  const file = join(dir, 'figures.csv');
  writeFileSync(
    file,
    'date,channel,clicks,impressions,gmv\n2026-11-24,jd,10,100,500\n2026-11-25,douyin,20,400,900\n',
  );
  return file;
}

describe.skipIf(onExternal)('embedded PostgreSQL lifecycle (npm start on a DATA_DIR)', () => {
  it('first start creates the cluster; the CLI works beside the running bot; kill -9 then restart keeps the data; SIGTERM stops the server', async () => {
    const dir = tempDataDir();
    try {
      const bot1 = await spawnBot({ dataDir: dir });
      expect(
        bot1
          .logs()
          .some((l) => /creating the embedded database in .* \(first start, about 10 s\)/.test(l.msg)),
      ).toBe(true);
      // The password is generated and private.
      expect(statSync(join(dir, 'pg-password')).mode & 0o077).toBe(0);
      const server = serverOf(dir)!;
      expect(server).toBeDefined();

      // The CLI connects to the bot's server instead of refusing, and leaves it running.
      const imported = await runCli(['import-metrics', csvFile(dir)], { DATA_DIR: dir, LOCALE: 'en' });
      expect(imported.code, imported.out).toBe(0);
      const ran = await runCli(['run-job', 'budget-watch'], { DATA_DIR: dir, LOCALE: 'en' });
      expect(ran.code, ran.out).toBe(0);
      expect(serverOf(dir)?.pid).toBe(server.pid);
      expect((await fetch(`${bot1.ip}/healthz`)).status).toBe(200);
      expect(await count(dir, 'channel_metrics')).toBe(2);

      // A crash leaves the server running; the next start adopts it, with the data.
      await bot1.kill();
      expect(serverOf(dir)?.pid).toBe(server.pid);
      const bot2 = await spawnBot({ dataDir: dir });
      expect(await count(dir, 'channel_metrics')).toBe(2);
      await bot2.stop({ keepData: true });
      await expect.poll(() => serverOf(dir), { timeout: 60_000 }).toBeUndefined();

      // A plain restart of a stopped cluster: same data.
      const bot3 = await spawnBot({ dataDir: dir });
      expect(await count(dir, 'channel_metrics')).toBe(2);
      await bot3.stop({ keepData: true });
      await expect.poll(() => serverOf(dir), { timeout: 60_000 }).toBeUndefined();
    } finally {
      removeDataDir(dir);
    }
  }, 240_000);

  it('a second bot on the same DATA_DIR joins the running server; the first stopping leaves it to the second', async () => {
    const dir = tempDataDir();
    try {
      const a = await spawnBot({ dataDir: dir });
      const b = await spawnBot({ dataDir: dir });
      const server = serverOf(dir)!;
      expect((await fetch(`${b.ip}/healthz`)).status).toBe(200);
      await a.stop({ keepData: true });
      // b still uses the server, so a handed it over instead of stopping it.
      expect(serverOf(dir)?.pid).toBe(server.pid);
      expect(await (await fetch(`${b.ip}/healthz`)).json()).toMatchObject({ ok: true, db: 'embedded' });
      await b.stop({ keepData: true });
      await expect.poll(() => serverOf(dir), { timeout: 60_000 }).toBeUndefined();
    } finally {
      removeDataDir(dir);
    }
  }, 240_000);
});

describe.skipIf(onExternal)(
  'embedded PostgreSQL: problems a user can fix get one clear message and nothing is deleted',
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = tempDataDir();
      const s = await ensureEmbedded(dir, { ephemeral: true });
      await s.release();
    }, 120_000);
    afterAll(() => removeDataDir(dir));

    const attempt = async (d: string) => {
      try {
        const s = await ensureEmbedded(d, { ephemeral: true });
        await s.release();
        return undefined;
      } catch (e) {
        return e as Error;
      }
    };

    it('DATA_DIR that is a file → names the path, says what to do', async () => {
      const file = join(dir, 'not-a-dir');
      writeFileSync(file, 'x');
      const e = await attempt(file);
      expect(e).toBeInstanceOf(EmbeddedDbError);
      expect(e!.message).toContain(file);
      expect(e!.message).toMatch(/not writable.*DATA_DIR|DATA_DIR/);
    });

    it('a corrupt postmaster.pid → names the file; the file and the data stay', async () => {
      const pidFile = join(dir, 'pg', 'postmaster.pid');
      writeFileSync(pidFile, 'garbage\n');
      try {
        const e = await attempt(dir);
        expect(e).toBeInstanceOf(EmbeddedDbError);
        expect(e!.message).toContain(pidFile);
        expect(e!.message).toMatch(/delete that one file/);
        expect(readFileSync(pidFile, 'utf8')).toBe('garbage\n');
        expect(existsSync(join(dir, 'pg', 'PG_VERSION'))).toBe(true);
      } finally {
        rmSync(pidFile);
      }
    });

    it('a cluster made by a newer PostgreSQL → says which versions, changes nothing', async () => {
      const copy = tempDataDir();
      try {
        cpSync(dir, copy, { recursive: true });
        writeFileSync(join(copy, 'pg', 'PG_VERSION'), '99\n');
        const e = await attempt(copy);
        expect(e).toBeInstanceOf(EmbeddedDbError);
        expect(e!.message).toMatch(/made by PostgreSQL 99, newer than .*PostgreSQL 17/);
        expect(readFileSync(join(copy, 'pg', 'PG_VERSION'), 'utf8')).toBe('99\n');
        expect(serverOf(copy)).toBeUndefined();
      } finally {
        removeDataDir(copy);
      }
    });

    it('the bot port already taken → one line saying so, exit 4', async () => {
      const port = await freePort();
      const blocker = createServer().listen(port, '0.0.0.0');
      try {
        const r = await runMain({ DATA_DIR: dir, PORT: String(port) });
        expect(r.code).toBe(4);
        expect(r.out).toContain(`Port ${port} is already in use`);
        expect(serverOf(dir)).toBeUndefined();
      } finally {
        blocker.close();
      }
    }, 60_000);
  },
);

/** `node dist/main.js` to its exit, with a clean environment plus `env`. */
function runMain(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (
      v !== undefined &&
      !/^(SLACK_|WECOM_|MOPS_|DATABASE_URL$|TEST_DATABASE_URL$|DATA_DIR$|PORT$|VITEST)/.test(k)
    )
      base[k] = v;
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    }),
  );
}

describe('a database that refuses at start: the cause, host and database, never the password', () => {
  it('connection refused', async () => {
    const port = await freePort();
    const r = await runMain({ DATABASE_URL: `postgres://mops:s3cretpw@127.0.0.1:${port}/shop`, PORT: '0' });
    expect(r.code).toBe(3);
    expect(r.out).toContain(`127.0.0.1:${port}/shop`);
    expect(r.out).toMatch(/connection refused/);
    expect(r.out).not.toContain('s3cretpw');
  }, 60_000);

  it('database does not exist', async () => {
    const u = new URL(inject('pgServer'));
    u.pathname = '/no_such_db_here';
    const r = await runMain({ DATABASE_URL: u.toString(), PORT: '0' });
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/no_such_db_here: the database does not exist/);
    if (u.password) expect(r.out).not.toContain(u.password);
  }, 60_000);
});
