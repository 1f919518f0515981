/**
 * What the default costs a user: time from `npm start` to a healthy bot (first start with initdb, and a
 * restart), and the memory of the whole process tree (bot + embedded PostgreSQL) after start and after a
 * burst of 2,000 commands has been worked off; beside it the bot alone on DATABASE_URL (the machine's
 * PostgreSQL), measured the same way in the same run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeSlack, fmt, load, mdTable, SECRET, scratchDb, sign, treeMemory, waitForHttp } from './lib';

const BURST = Number(process.env.BENCH_FOOTPRINT_BURST ?? 2000);
const CONCURRENCY = 50;

function startNpm(env: Record<string, string>): ChildProcess {
  // Its own process group, so one signal reaches npm, the shell and the bot.
  return spawn('npm', ['start', '--silent'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
}

async function stopGroup(child: ChildProcess) {
  const done = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
  // The bot stops its server after npm has exited; wait for that too.
  await new Promise((r) => setTimeout(r, 1500));
}

async function timeToHealthy(
  env: Record<string, string>,
  port: number,
): Promise<{ s: number; child: ChildProcess }> {
  const t0 = performance.now();
  const child = startNpm({ ...env, PORT: String(port) });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 120_000);
  return { s: (performance.now() - t0) / 1000, child };
}

function feedback(i: number, fake: string) {
  return new URLSearchParams({
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    user_name: 'bench',
    command: '/feedback',
    text: `new source=community category=product severity=low text="bench burst item ${i}"`,
    response_url: `${fake}/resp/${i}`,
    trigger_id: `fp.${Date.now()}.${i}`,
  }).toString();
}

/** The bundle under `node`, as `npm start` runs it after building; returns memory after start and after the burst. */
async function burst(env: Record<string, string>, port: number, dataDir: string | undefined) {
  let replies = 0;
  const fake = await fakeSlack((path) => {
    if (path.startsWith('/resp/')) replies++;
    return undefined;
  });
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${fake.url}/api/`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 120_000);
  // Catch-up digests and other start-up work run right after the port opens.
  await new Promise((r) => setTimeout(r, 5000));
  const afterStart = treeMemory(child.pid!, dataDir);
  const t0 = performance.now();
  const fire = (i: number) => {
    const body = feedback(i, fake.url);
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
  };
  const r = await load(BURST, CONCURRENCY, fire);
  let peak = treeMemory(child.pid!, dataDir);
  const end = Date.now() + 10 * 60_000;
  while (replies < BURST && Date.now() < end) {
    await new Promise((res) => setTimeout(res, 250));
    const m = treeMemory(child.pid!, dataDir);
    if (m.rssMb > peak.rssMb) peak = m;
  }
  const workedOffS = (performance.now() - t0) / 1000;
  await new Promise((res) => setTimeout(res, 3000));
  const afterBurst = treeMemory(child.pid!, dataDir);
  const done = new Promise((res) => child.once('exit', res));
  child.kill('SIGTERM');
  await Promise.race([done, new Promise((res) => setTimeout(res, 15_000))]);
  fake.server.close();
  return { afterStart, peak, afterBurst, replies, workedOffS, errors: r.errors };
}

export async function benchFootprint(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mops-fp-'));
  chmodSync(dir, 0o755);
  const dataDir = join(dir, 'data');
  let port = 3951;
  const fresh = await timeToHealthy({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, port++);
  await stopGroup(fresh.child);
  const restarts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await timeToHealthy({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, port++);
    restarts.push(r.s);
    await stopGroup(r.child);
  }
  const embedded = await burst({ DATA_DIR: dataDir }, port++, dataDir);
  const scratch = await scratchDb('postgres', 'footprint');
  const external = scratch ? await burst({ DATABASE_URL: scratch.url }, port++, undefined) : undefined;
  await scratch?.close();
  rmSync(dir, { recursive: true, force: true });

  const row = (name: string, b: Awaited<ReturnType<typeof burst>>) => [
    name,
    `${b.afterStart.rssMb} / ${b.afterStart.pssMb}`,
    `${b.peak.rssMb} / ${b.peak.pssMb}`,
    `${b.afterBurst.rssMb} / ${b.afterBurst.pssMb}`,
    `${b.replies} in ${fmt(b.workedOffS, 1)} s`,
    b.errors,
  ];
  const restart = [...restarts].sort((a, b) => a - b)[1]!;
  return [
    `### Start time and memory of the default (embedded PostgreSQL) vs the bot on DATABASE_URL (${BURST} signed \`/feedback new\`, ${CONCURRENCY} concurrent)`,
    '',
    mdTable(
      ['measure', 'seconds', 'target'],
      [
        [
          '`npm start` on a fresh DATA_DIR → /healthz 200 (esbuild bundle + initdb + migrations)',
          fmt(fresh.s, 1),
          '≤ 20',
        ],
        [
          `\`npm start\` again (restart, median of ${restarts.length}: ${restarts.map((s) => fmt(s, 1)).join(' / ')})`,
          fmt(restart, 1),
          '≤ 5',
        ],
      ],
    ),
    '',
    mdTable(
      [
        'process tree',
        'after start MB (RSS / PSS)',
        'peak in burst',
        'after burst worked off',
        'replies',
        'errors',
      ],
      [
        row(`bot + embedded server (${embedded.afterStart.processes} processes)`, embedded),
        ...(external ? [row('bot alone on DATABASE_URL', external)] : []),
      ],
    ),
    '',
    'RSS counts PostgreSQL’s shared buffers once per backend that touched them; PSS splits shared pages between the',
    'processes, so the PSS sum is what the tree really holds. Targets: whole tree ≤ 300 MB after start and after the',
    'burst; the bot alone on DATABASE_URL ≤ 200 MB.',
  ].join('\n');
}
