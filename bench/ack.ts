import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fakeSlack,
  fmt,
  load,
  SECRET,
  scratchDb,
  sign,
  startProcess,
  stop,
  treeMemory,
  waitForHttp,
} from './lib';

const TOTAL = Number(process.env.BENCH_ACK_TOTAL ?? 2000);
const CONCURRENCY = 50;

function slash(i: number, fake: string) {
  return new URLSearchParams({
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    user_name: 'bench',
    command: '/feedback',
    text: 'list',
    response_url: `${fake}/resp/${i}`,
    trigger_id: `bench.${Date.now()}.${i}`,
  }).toString();
}

async function run(
  entry: string,
  env: Record<string, string>,
  port: number,
  fake: string,
  healthPath: string,
) {
  const child = startProcess(entry, { ...env, PORT: String(port) });
  const rssMb = (pid: number) => treeMemory(pid, env.DATA_DIR).pssMb;
  await waitForHttp(`http://127.0.0.1:${port}${healthPath}`);
  // Start-up work (migrations, catch-up digests with their chart) runs right after the port opens; the
  // benchmark is about steady-state acks, so let it finish first.
  await new Promise((r) => setTimeout(r, 4000));
  const rssStart = rssMb(child.pid!);
  const fire = (i: number) => {
    const body = slash(i, fake);
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
  };
  await load(200, 10, fire); // warm-up
  const r = await load(TOTAL, CONCURRENCY, fire);
  await new Promise((res) => setTimeout(res, 500));
  const rssAfter = rssMb(child.pid!);
  await stop(child);
  // The bot stops its embedded server on exit; let that finish before the next round starts one.
  if (env.DATA_DIR) await new Promise((res) => setTimeout(res, 1500));
  return { ...r, rssStart, rssAfter };
}

const ROUNDS = Number(process.env.BENCH_ACK_ROUNDS ?? 5);
type Run = Awaited<ReturnType<typeof run>>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Slash-command ack latency: mopsbot vs a bare Bolt app, same machine, same load, on the embedded server
 * and on the machine's PostgreSQL.
 * The servers take turns for several rounds and the medians are compared, because one run's p99 on a
 * shared 2-core machine swings by 2× on its own.
 */
export async function benchAck(): Promise<string> {
  const fake = await fakeSlack();
  const base = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${fake.url}/api/`,
    LOG_LEVEL: 'warn',
  };
  const dir = mkdtempSync(join(tmpdir(), 'mops-bench-'));
  chmodSync(dir, 0o755);
  // A scratch database of our own, so nothing else on the server's `test` database shares the run.
  const scratch = await scratchDb('postgres', 'ack');
  const pg = scratch?.url;
  const runs: Record<'bare' | 'embedded' | 'pg', Run[]> = { bare: [], embedded: [], pg: [] };
  let port = 3901;
  for (let r = 0; r < ROUNDS; r++) {
    runs.bare.push(await run('bench/bare-bolt.ts', base, port++, fake.url, '/slack/events'));
    // One DATA_DIR for every round: the first round creates the cluster, the others restart it.
    runs.embedded.push(
      await run('dist/main.js', { ...base, DATA_DIR: join(dir, 'data') }, port++, fake.url, '/healthz'),
    );
    if (pg)
      runs.pg.push(await run('dist/main.js', { ...base, DATABASE_URL: pg }, port++, fake.url, '/healthz'));
  }
  rmSync(dir, { recursive: true, force: true });
  fake.server.close();
  await scratch?.close();
  const summary = (xs: Run[]) => ({
    p50: median(xs.map((x) => x.p50)),
    p99: median(xs.map((x) => x.p99)),
    rps: median(xs.map((x) => x.rps)),
    errors: xs.reduce((n, x) => n + x.errors, 0),
    rssStart: median(xs.map((x) => x.rssStart)),
    rssAfter: median(xs.map((x) => x.rssAfter)),
    p99s: xs.map((x) => fmt(x.p99, 0)).join(' / '),
  });
  const bare = summary(runs.bare);
  const ours = summary(runs.embedded);
  const oursPg = runs.pg.length ? summary(runs.pg) : undefined;
  const row = (name: string, r: ReturnType<typeof summary>) =>
    `| ${name} | ${fmt(r.p50)} | ${fmt(r.p99)} (${r.p99s}) | ${fmt(r.rps, 0)} | ${r.errors} | ${r.rssStart} | ${r.rssAfter} |`;
  return [
    `### Slash-command ack latency (${TOTAL} signed \`/feedback list\`, ${CONCURRENCY} concurrent, median of ${ROUNDS} alternating rounds)`,
    '',
    '| server | p50 ms | p99 ms (each round) | req/s | errors | PSS after start MB | PSS after load MB |',
    '|---|---|---|---|---|---|---|',
    row('bare Bolt (baseline, ack only)', bare),
    row('mopsbot on the embedded server (bot + server processes)', ours),
    ...(oursPg ? [row('mopsbot on PostgreSQL', oursPg)] : []),
    '',
    `Ratio p99 mopsbot/bare: **${fmt(ours.p99 / bare.p99)}×** on the embedded server${oursPg ? `, **${fmt(oursPg.p99 / bare.p99)}×** on PostgreSQL` : ''} (target ≤ 1.5×).`,
    `Ratio req/s mopsbot/bare: ${fmt(ours.rps / bare.rps)} on the embedded server${oursPg ? `, ${fmt(oursPg.rps / bare.rps)} on PostgreSQL` : ''}.`,
    '',
    'The bot runs as `npm start` runs it (the esbuild bundle under node). Memory is PSS (shared pages split between',
    'processes): for the embedded server the sum of the bot and every PostgreSQL process; the footprint suite has',
    'RSS beside it. Each command is written to the inbox table before its ack; the reply is computed after it.',
  ].join('\n');
}
