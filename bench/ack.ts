import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeSlack, fmt, load, rssMb, SECRET, sign, startProcess, stop, waitForHttp } from './lib';

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
  await waitForHttp(`http://127.0.0.1:${port}${healthPath}`);
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
  return { ...r, rssStart, rssAfter };
}

/** Slash-command ack latency: mopsbot vs a bare Bolt app, same machine, same load, PGlite and PostgreSQL. */
export async function benchAck(): Promise<string> {
  const fake = await fakeSlack();
  const base = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${fake.url}/api/`,
    LOG_LEVEL: 'warn',
  };
  const dir = mkdtempSync(join(tmpdir(), 'mops-bench-'));
  const bare = await run('bench/bare-bolt.ts', base, 3901, fake.url, '/slack/events');
  const ours = await run('src/main.ts', { ...base, DATA_DIR: join(dir, 'data') }, 3902, fake.url, '/healthz');
  const pg = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let oursPg: Awaited<ReturnType<typeof run>> | undefined;
  try {
    oursPg = await run('src/main.ts', { ...base, DATABASE_URL: pg }, 3903, fake.url, '/healthz');
  } catch (e) {
    console.error('PostgreSQL run skipped:', (e as Error).message);
  }
  // Baseline again after ours, so drift in the machine's load shows; the better one is used for ratios.
  const bare2 = await run('bench/bare-bolt.ts', base, 3904, fake.url, '/slack/events');
  rmSync(dir, { recursive: true, force: true });
  fake.server.close();
  const best = bare2.p99 < bare.p99 ? bare2 : bare;
  const row = (name: string, r: typeof bare) =>
    `| ${name} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.rps, 0)} | ${r.errors} | ${r.rssStart} | ${r.rssAfter} |`;
  return [
    `### Slash-command ack latency (${TOTAL} signed \`/feedback list\`, ${CONCURRENCY} concurrent)`,
    '',
    '| server | p50 ms | p99 ms | req/s | errors | RSS after start MB | RSS after load MB |',
    '|---|---|---|---|---|---|---|',
    row('bare Bolt (baseline, ack only), before', bare),
    row('bare Bolt (baseline, ack only), after', bare2),
    row('mopsbot on PGlite', ours),
    ...(oursPg ? [row('mopsbot on PostgreSQL', oursPg)] : []),
    '',
    `Ratio p99 mopsbot/best bare: **${fmt(ours.p99 / best.p99)}×** on PGlite${oursPg ? `, **${fmt(oursPg.p99 / best.p99)}×** on PostgreSQL` : ''} (target ≤ 1.5×).`,
    `Ratio req/s mopsbot/bare: ${fmt(ours.rps / best.rps)} on PGlite${oursPg ? `, ${fmt(oursPg.rps / best.rps)} on PostgreSQL` : ''}.`,
  ].join('\n');
}
