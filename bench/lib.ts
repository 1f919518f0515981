import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type DbHandle, openDb } from '../db/client';
import { ensureEmbedded } from '../db/embedded';
import { migrate } from '../db/migrate';
import { loadConfig } from '../src/config';
import { type Clock, type Deps, systemClock } from '../src/deps';
import { createLogger } from '../src/log';
import { errorMessage } from '../src/util/errors';

export const SECRET = 'bench-signing-secret';

/** What the fake Slack saw: accepted posts per channel (arrival times) and the 429s it answered. */
export interface FakeSlackStats {
  posts: number;
  rateLimited: number;
  /** Arrival times (performance.now() ms) of accepted chat.postMessage calls, per channel. */
  byChannel: Map<string, number[]>;
}

/** A field of a Web API call, whether sent as a form (the Web API client's default) or as JSON. */
export function slackField(body: string, name: string): string | undefined {
  if (body.startsWith('{')) {
    try {
      const v = (JSON.parse(body) as Record<string, unknown>)[name];
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return new URLSearchParams(body).get(name) ?? undefined;
}

/**
 * A local stand-in for Slack: auth.test, chat.postMessage and response_url answer 200 at once, except
 * that, like Slack, chat.postMessage allows about one message per second per channel: a second post to
 * a channel within `perChannelMs` of the last accepted one gets 429 with `Retry-After: 1`.
 */
export async function fakeSlack(
  onRequest?: (
    path: string,
    body: string,
  ) => { status?: number; headers?: Record<string, string>; body?: unknown } | undefined,
  opts: { perChannelMs?: number } = {},
): Promise<{ url: string; server: Server; count: () => number; stats: FakeSlackStats }> {
  const perChannelMs = opts.perChannelMs ?? 1000;
  const stats: FakeSlackStats = { posts: 0, rateLimited: 0, byChannel: new Map() };
  let n = 0;
  const limited = (path: string, body: string): boolean => {
    if (perChannelMs <= 0 || !path.endsWith('/chat.postMessage')) return false;
    const channel = slackField(body, 'channel') ?? '?';
    const at = performance.now();
    const seen = stats.byChannel.get(channel) ?? [];
    const last = seen[seen.length - 1];
    if (last !== undefined && at - last < perChannelMs) {
      stats.rateLimited++;
      return true;
    }
    seen.push(at);
    stats.byChannel.set(channel, seen);
    stats.posts++;
    return false;
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      n++;
      const path = req.url ?? '';
      if (limited(path, body)) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const custom = onRequest?.(path, body);
      const status = custom?.status ?? 200;
      res.writeHead(status, { 'content-type': 'application/json', ...(custom?.headers ?? {}) });
      res.end(
        JSON.stringify(
          custom?.body ?? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', ts: `${Date.now() / 1000}` },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    count: () => n,
    stats,
  };
}

export function sign(body: string, ts = Math.floor(Date.now() / 1000)) {
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

/**
 * Start an entry in its own single node process, so /proc shows its real RSS: a built `.js` (the bot's
 * bundle, as `npm start` runs it) directly, a `.ts` through tsx's loader.
 */
export function startProcess(entry: string, env: Record<string, string>): ChildProcess {
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(`[${entry}] ${d}`));
  return child;
}

export async function waitForHttp(url: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Memory {
  rssMb: number;
  /** Proportional set size: shared pages (PostgreSQL's shared buffers) split between the processes. */
  pssMb: number;
  processes: number;
}

function procKb(pid: number, file: string, field: string): number {
  try {
    const m = readFileSync(`/proc/${pid}/${file}`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The bot process, plus the embedded server's postmaster and its backends when DATA_DIR has one. */
export function treeMemory(botPid: number, dataDir?: string): Memory {
  const pids = [botPid];
  const pidFile = dataDir ? join(dataDir, 'pg', 'postmaster.pid') : '';
  if (dataDir && existsSync(pidFile)) {
    const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    pids.push(postmaster, ...childrenOf(postmaster));
  }
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    rss += procKb(pid, 'status', 'VmRSS');
    pss += procKb(pid, 'smaps_rollup', 'Pss');
  }
  return { rssMb: Math.round(rss / 1024), pssMb: Math.round(pss / 1024), processes: pids.length };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Fire `total` requests with `concurrency` in flight; latency is request → response headers. */
export async function load(
  total: number,
  concurrency: number,
  make: (i: number) => Promise<Response>,
): Promise<LoadResult> {
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const s = performance.now();
      try {
        const r = await make(i);
        await r.arrayBuffer();
        if (r.status !== 200) errors++;
      } catch {
        errors++;
      }
      lat.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), rps: total / secs, errors };
}

export const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '—');

// ---------------------------------------------------------------------------------------------------------
// Database benchmarks: scratch databases, bare driver queries, interleaved timing, aligned tables.

export type BenchDriver = 'postgres' | 'embedded';

/** The PostgreSQL server the benchmarks create their scratch databases on (never written to itself). */
export const BENCH_PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ScratchDb extends DbHandle {
  /** Human name for tables: "PostgreSQL 15.x" / "embedded PostgreSQL 17.x". */
  label: string;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The embedded server in a temp DATA_DIR, started as `npm start` starts it (with durable settings). */
async function embeddedServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mops-benchpg-'));
  chmodSync(dir, 0o755);
  const server = await ensureEmbedded(dir);
  return {
    url: server.url,
    stop: async () => {
      await server.release();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh, migrated database of our own, `mops_bench_<pid>_<suite>`: on the machine's PostgreSQL server
 * (BENCH_DATABASE_URL), or on an embedded server in a temp DATA_DIR. Dropped on close. Returns undefined
 * when the PostgreSQL server cannot be reached.
 */
export async function scratchDb(driver: BenchDriver, suite: string): Promise<ScratchDb | undefined> {
  const embedded = driver === 'embedded' ? await embeddedServer() : undefined;
  const serverUrl = embedded?.url ?? BENCH_PG_URL;
  const name = `mops_bench_${process.pid}_${suite}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } catch (e) {
    console.error(`PostgreSQL scratch database skipped: ${errorMessage(e)}`);
    await admin.end({ timeout: 1 }).catch(() => {});
    await embedded?.stop();
    return undefined;
  }
  const [v] = await admin<{ v: string }[]>`select current_setting('server_version') as v`;
  await admin.end({ timeout: 5 });
  const h = await openDb({ databaseUrl: withDatabase(serverUrl, name), maxConnections: 10 });
  const drop = async () => {
    const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end({ timeout: 5 });
    await embedded?.stop();
  };
  try {
    await migrate(h);
  } catch (e) {
    await h.close();
    await drop();
    throw e;
  }
  return {
    ...h,
    label: `${embedded ? 'embedded ' : ''}PostgreSQL ${v?.v.split(' ')[0] ?? ''}`.trim(),
    close: async () => {
      await h.close();
      await drop();
    },
  };
}

/** Run `body` on each available driver's scratch database, closing (and dropping) it afterwards. */
export async function onDrivers<T>(
  drivers: BenchDriver[],
  suite: string,
  body: (db: ScratchDb, driver: BenchDriver) => Promise<T>,
): Promise<{ driver: BenchDriver; label: string; result: T }[]> {
  const out: { driver: BenchDriver; label: string; result: T }[] = [];
  for (const driver of drivers) {
    const db = await scratchDb(driver, suite);
    if (!db) continue;
    try {
      out.push({ driver, label: db.label, result: await body(db, driver) });
    } finally {
      await db.close();
    }
  }
  return out;
}

/**
 * A query straight on the driver (a postgres.js prepared statement), bypassing drizzle: the "bare SQL"
 * baseline. `text` uses $1, $2 … placeholders.
 */
export function bareQuery(
  h: DbHandle,
  opts: { prepare?: boolean } = {},
): <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]> {
  // biome-ignore lint/suspicious/noExplicitAny: drizzle exposes the driver's own client as $client.
  const client = (h.db as any).$client;
  // prepare: false is how drizzle's db.execute sends raw SQL (an extra describe round trip per call).
  const prepare = opts.prepare ?? true;
  return async <T>(text: string, params: unknown[] = []) =>
    (await client.unsafe(text, params, { prepare })) as T[];
}

/** Dependencies for in-process benchmarks: a fixed (or real) clock; warnings and errors (LOG_LEVEL) on stderr. */
export function benchDeps(h: DbHandle, env: Record<string, string> = {}, clock?: Clock): Deps {
  const config = loadConfig({ LOCALE: 'en', TZ_NAME: 'Asia/Shanghai', LOG_LEVEL: 'warn', ...env });
  return {
    db: h.db,
    config,
    log: createLogger(config.logLevel, { bench: true }, process.stderr),
    clock: clock ?? systemClock,
  };
}

/** A clock pinned at one instant (jobs take `now` explicitly; handlers read the clock). */
export function fixedClock(at: Date | string): Clock & { set(t: Date | string): void } {
  let t = new Date(at);
  return {
    now: () => new Date(t),
    set: (v) => {
      t = new Date(v);
    },
  };
}

export interface Timing {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarize(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    max: s[s.length - 1] ?? Number.NaN,
  };
}

/**
 * Time several variants of the same work one after another, iteration by iteration (the order alternates),
 * so drift in the machine's load hits all of them alike. `i` lets a variant vary its input.
 */
export async function timeInterleaved<K extends string>(
  variants: Record<K, (i: number) => Promise<unknown>>,
  opts: { iterations: number; warmup: number },
): Promise<Record<K, Timing>> {
  const keys = Object.keys(variants) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = -opts.warmup; i < opts.iterations; i++) {
    const order = i % 2 === 0 ? keys : [...keys].reverse();
    for (const k of order) {
      const t0 = performance.now();
      await variants[k](Math.abs(i));
      const ms = performance.now() - t0;
      if (i >= 0) samples[k].push(ms);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, summarize(samples[k])])) as Record<K, Timing>;
}

/** A Markdown table with padded columns, so RESULTS.md reads well as plain text too. */
export function mdTable(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, c) => Math.max(3, ...cells.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) =>
    `| ${r.map((v, c) => v + ' '.repeat(width[c]! - [...v].length)).join(' | ')} |`;
  return [line(head), `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** EXPLAIN ANALYZE of one statement, for the report when a figure misses its target. */
export async function explainAnalyze(h: DbHandle, text: string, params: unknown[] = []): Promise<string[]> {
  const q = bareQuery(h);
  const rows = await q<Record<string, string>>(`explain (analyze, buffers off, timing on) ${text}`, params);
  return rows.map((r) => Object.values(r)[0]!);
}

/** The machine's load when a suite starts: other work on the same cores widens the tails (p99, max). */
export function loadNote(): string {
  return `Load average when this suite started: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`;
}

/**
 * Every sum the product reads per channel-day group (db/queries/metrics METRIC_SUMS, written by hand for the
 * bare baselines): the plain sums and the paired numerators/denominators. Columns of `channel_metrics m`.
 */
export const CHANNEL_SUMS = `
    sum(m.uv) as uv, sum(m.pv) as pv, sum(m.bounces) as bounces, sum(m.sessions) as sessions,
    sum(m.impressions) as impressions, sum(m.clicks) as clicks, sum(m.orders) as orders,
    sum(m.buyers) as buyers, sum(m.gmv_fen) as gmv, sum(m.spend_fen) as spend,
    sum(m.new_users) as new_users, sum(m.followers) as followers, sum(m.active_users) as active_users,
    sum(m.retained_d7) as retained_d7, sum(m.cohort_d7) as cohort_d7, sum(m.repeat_buyers) as repeat_buyers,
    ${[
      ['clicks', 'impressions', 'ctr'],
      ['orders', 'clicks', 'cvr'],
      ['gmv_fen', 'buyers', 'aov'],
      ['gmv_fen', 'spend_fen', 'roi'],
      ['spend_fen', 'new_users', 'cac'],
      ['bounces', 'sessions', 'br'],
      ['retained_d7', 'cohort_d7', 'ret'],
      ['repeat_buyers', 'buyers', 'rep'],
    ]
      .map(
        ([n, d, k]) =>
          `sum(m.${n}) filter (where m.${d} is not null) as ${k}_n, sum(m.${d}) filter (where m.${n} is not null) as ${k}_d`,
      )
      .join(',\n    ')}`;
