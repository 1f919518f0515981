/**
 * Nothing acknowledged is lost to a crash: a child bot acks N signed commands, is killed with SIGKILL right
 * after, and a fresh start on the same database processes every one of them once and answers each.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/e2e';
import { slashForm, startFakeSlack } from '../helpers/fake-slack';
import { createPrivatePg, type PrivatePg, privatePgAvailable } from '../helpers/private-pg';
import { SIGNING_SECRET, slackSignature } from '../helpers/slack';
import { type SpawnedBot, spawnBot } from '../helpers/spawn-bot';

const N = 100;

describe.skipIf(!privatePgAvailable)('crash recovery (kill -9 of a child bot)', () => {
  let pg: PrivatePg;
  let fake: Awaited<ReturnType<typeof startFakeSlack>>;
  const bots: SpawnedBot[] = [];

  beforeAll(async () => {
    pg = await createPrivatePg();
    fake = await startFakeSlack();
  }, 120_000);
  afterAll(async () => {
    for (const b of bots) await b.stop();
    await fake?.close();
    await pg?.destroy();
  });

  const env = () => ({
    DATABASE_URL: pg.url,
    SLACK_BOT_TOKEN: 'xoxb-crash',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${fake.url}/api/`,
    LOG_LEVEL: 'warn',
  });

  it(`${N} acked commands, then SIGKILL, then a restart: every one processed once and answered`, async () => {
    const first = await spawnBot({ env: env(), console: false, startMs: 90_000 });
    bots.push(first);
    const acks = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const body = slashForm(
          fake.url,
          String(i),
          '/feedback',
          `new source=wecom category=product severity=low text=crash-${i}`,
        );
        const res = await fetch(`${first.ip}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(body) },
          body,
        });
        return { status: res.status, text: await res.text() };
      }),
    );
    await first.kill();
    expect(acks.every((a) => a.status === 200 && a.text === '')).toBe(true);
    const answeredBeforeCrash = fake.replies.size;

    const second = await spawnBot({ env: env(), console: false, startMs: 90_000 });
    bots.push(second);
    await waitFor(() => (fake.replies.size === N ? true : undefined), { ms: 90_000, every: 200 });

    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ text: string; n: number }[]>`
        select text, count(*)::int as n from feedbacks where text like 'crash-%' group by text`;
      expect(rows).toHaveLength(N);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      const [inbox] = await sql<{ pending: number }[]>`
        select count(*) filter (where status = 'pending')::int as pending from inbox`;
      expect(inbox!.pending).toBe(0);
    } finally {
      await sql.end();
    }
    expect([...fake.replies.keys()].sort()).toEqual(Array.from({ length: N }, (_, i) => String(i)).sort());
    console.info(
      `crash recovery: ${answeredBeforeCrash}/${N} answered before the kill, all ${N} after the restart`,
    );
  }, 240_000);
});
