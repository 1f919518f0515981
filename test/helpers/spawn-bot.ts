/**
 * The real bot as `npm start` runs it (the esbuild bundle `dist/main.js`, built by the global setup), in a
 * child process on a fresh DATA_DIR with the embedded PostgreSQL server. Slack, WeCom and database
 * variables of the test's own environment are left out, so the bot starts the way it does on a
 * newcomer's machine: the local console and nothing else.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Variables that would connect a platform or another database, or tell the child it is a test worker. */
const INHERITED_OUT =
  /^(SLACK_|WECOM_|MOPS_|CONSOLE|DATABASE_URL$|TEST_DATABASE_URL$|DATA_DIR$|PORT$|VITEST)/;
const CONSOLE_LINE = /^Console: open (http:\/\/\S+?)\/? /;

/** One JSON log line the bot printed. */
export interface BotLogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface SpawnedBot {
  /** The address from the "Console: open …" log line, without the trailing slash (http://localhost:PORT). */
  url: string;
  /** The same server by IP, for the test's own HTTP calls (no name lookup). */
  ip: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Every JSON line printed so far. */
  logs(): BotLogLine[];
  /** Resolves with the first log line that matches, waiting up to `ms`. */
  waitForLog(pred: (line: BotLogLine) => boolean, ms?: number): Promise<BotLogLine>;
  /** SIGTERM (a clean stop), SIGKILL after 5 s, then the data dir is removed unless `keepData`. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  /** kill -9: no clean-up runs in the bot (its database server is left running, as after a crash). */
  kill(): Promise<void>;
}

/** A fresh DATA_DIR; as root the embedded server runs as `postgres`, which must be able to enter it. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mops-data-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** Remove a DATA_DIR, stopping a database server left running in it (after kill -9) first. */
export function removeDataDir(dir: string) {
  spawnSync('sh', [
    '-c',
    `test -f "$1/pg/postmaster.pid" && kill -INT "$(head -1 "$1/pg/postmaster.pid")"`,
    'sh',
    dir,
  ]);
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('sh', ['-c', 'test -f "$1/pg/postmaster.pid"', 'sh', dir]);
    if (r.status !== 0) break;
    spawnSync('sleep', ['0.1']);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Run the bundled CLI (`npm run mops -- …`) with the same cleaned environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/cli.js', ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? 1, out })));
}

function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !INHERITED_OUT.test(k)) env[k] = v;
  return Object.assign(env, extra);
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Start the bot with `env` on top of the cleaned environment; resolves once /healthz answers and the console address is printed. */
export async function spawnBot(
  opts: {
    env?: Record<string, string>;
    startMs?: number;
    dataDir?: string;
    /** Wait for the console's address line (default true; a bot with Slack or WeCom has no console). */
    console?: boolean;
  } = {},
): Promise<SpawnedBot> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const port = await freePort();
  const env = cleanEnv({ DATA_DIR: dataDir, PORT: String(port), ...opts.env });

  // `npm start` builds, then runs `node dist/main.js`; running node directly keeps npm out from between the
  // test and the bot, so the signals below reach the bot itself.
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process dies first, the bot must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);

  const lines: BotLogLine[] = [];
  let output = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    partial += chunk;
    let i = partial.indexOf('\n');
    while (i >= 0) {
      const raw = partial.slice(0, i);
      partial = partial.slice(i + 1);
      try {
        lines.push(JSON.parse(raw) as BotLogLine);
      } catch {
        // Not a log line (a stray print); kept in `output` for failure messages.
      }
      i = partial.indexOf('\n');
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });

  const stop = async (o: { keepData?: boolean } = {}) => {
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitExit(child, 60_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 5000);
      }
    }
    process.removeListener('exit', orphanGuard);
    if (!o.keepData) removeDataDir(dataDir);
  };
  const kill = async () => {
    child.kill('SIGKILL');
    await waitExit(child, 5000);
    process.removeListener('exit', orphanGuard);
  };

  const waitForLog = async (pred: (line: BotLogLine) => boolean, ms = 10_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = lines.find(pred);
      if (hit) return hit;
      if (exited(child) || Date.now() > end)
        throw new Error(`no matching log line from the bot (exit ${child.exitCode}); it printed:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  try {
    const ip = `http://127.0.0.1:${port}`;
    const end = Date.now() + (opts.startMs ?? 90_000);
    for (;;) {
      if (exited(child))
        throw new Error(`the bot exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
      if (Date.now() > end)
        throw new Error(`the bot did not answer /healthz in time; it printed:\n${output}`);
      const ok = await fetch(`${ip}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (opts.console === false)
      return { url: ip, ip, port, dataDir, pid: child.pid!, logs: () => [...lines], waitForLog, stop, kill };
    const line = await waitForLog((l) => CONSOLE_LINE.test(l.msg), 5000);
    const url = CONSOLE_LINE.exec(line.msg)![1]!;
    return { url, ip, port, dataDir, pid: child.pid!, logs: () => [...lines], waitForLog, stop, kill };
  } catch (e) {
    await stop();
    throw e;
  }
}
