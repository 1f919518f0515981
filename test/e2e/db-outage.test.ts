/**
 * A database outage leaves nobody in silence: PostgreSQL stops for 20 s while a command arrives every
 * 0.5 s. Every command is either processed and answered, or its ack says it was not saved; /healthz names
 * the database meanwhile; once the database is back the same bot process works, without a restart.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { waitFor } from '../helpers/e2e';
import { slashForm, startFakeSlack } from '../helpers/fake-slack';
import { createPrivatePg, type PrivatePg, privatePgAvailable } from '../helpers/private-pg';
import { SIGNING_SECRET, slackSignature } from '../helpers/slack';
import { type SpawnedBot, spawnBot } from '../helpers/spawn-bot';

const OUTAGE_MS = 20_000;
const EVERY_MS = 500;

describe.skipIf(!privatePgAvailable)('database outage under traffic', () => {
  let pg: PrivatePg;
  let bot: SpawnedBot;
  let fake: Awaited<ReturnType<typeof startFakeSlack>>;

  beforeAll(async () => {
    pg = await createPrivatePg();
    const h = await openDb({ databaseUrl: pg.url, maxConnections: 2 });
    await migrate(h);
    await h.close();
    fake = await startFakeSlack();
    bot = await spawnBot({
      console: false,
      startMs: 90_000,
      env: {
        DATABASE_URL: pg.url,
        SLACK_BOT_TOKEN: 'xoxb-outage',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${fake.url}/api/`,
        LOG_LEVEL: 'warn',
        LOCALE: 'en',
      },
    });
  }, 180_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await pg?.destroy();
  });

  it('PostgreSQL stopped for 20 s under a command every 0.5 s: every command processed or told "not saved"; none silent', async () => {
    const sent: { id: string; ack: string; status: number; phase: string }[] = [];
    let phase = 'before';
    const fire = async (i: number) => {
      const at = phase;
      const body = slashForm(
        fake.url,
        `o${i}`,
        '/feedback',
        `new source=wecom category=product severity=low text=outage-${i}`,
      );
      const res = await fetch(`${bot.ip}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(body) },
        body,
      });
      sent.push({ id: `o${i}`, ack: await res.text(), status: res.status, phase: at });
    };
    const traffic: Promise<void>[] = [];
    let i = 0;
    const run = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        traffic.push(fire(i++));
        await new Promise((r) => setTimeout(r, EVERY_MS));
      }
    };
    await run(3_000);
    await pg.stop();
    phase = 'outage';
    const outageStart = Date.now();
    await run(3_000);
    const h = await fetch(`${bot.ip}/healthz`);
    const health = { status: h.status, body: await h.text() };
    await run(OUTAGE_MS - (Date.now() - outageStart));
    await pg.start();
    phase = 'after';
    await run(8_000);
    await Promise.all(traffic);
    // Once the traffic is over, a new command is taken at once: the same process, no restart.
    await fire(i++);

    expect(health.status).toBe(503);
    expect(health.body).toContain('database');
    expect(sent.every((s) => s.status === 200)).toBe(true);
    const told = sent.filter((s) => s.ack.includes('cannot reach its database'));
    const accepted = sent.filter((s) => !told.includes(s));
    const summary = ['before', 'outage', 'after'].map(
      (p) =>
        `${p}: ${sent.filter((s) => s.phase === p).length} sent, ${told.filter((s) => s.phase === p).length} told`,
    );
    // The outage was seen (most commands during it are told), and after it commands are taken again.
    expect(told.filter((s) => s.phase === 'outage').length, summary.join('; ')).toBeGreaterThan(20);
    expect(accepted.filter((s) => s.phase === 'after').length, summary.join('; ')).toBeGreaterThan(0);
    expect(accepted.at(-1)?.id, summary.join('; ')).toBe(sent.at(-1)?.id);

    // Every accepted command is answered once the database is back, without a restart.
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      await waitFor(() => (accepted.every((s) => fake.replies.has(s.id)) ? true : undefined), {
        ms: 150_000,
        every: 200,
      }).catch(async (e) => {
        // Say what is missing: the unanswered commands, their inbox and outbox rows, the bot's complaints.
        const missing = accepted.filter((s) => !fake.replies.has(s.id)).map((s) => `${s.id} (${s.phase})`);
        const inbox = await sql`select status, attempts, last_error, count(*)::int as n from inbox
          group by 1, 2, 3 order by 1`;
        const outbox = await sql`select status, attempts, last_error, count(*)::int as n from outbox
          group by 1, 2, 3 order by 1`;
        const complaints = bot
          .logs()
          .filter((l) => l.level !== 'info')
          .slice(-15)
          .map((l) => JSON.stringify(l).slice(0, 300));
        throw new Error(
          `${(e as Error).message}: unanswered ${missing.join(', ')}; ${summary.join('; ')}\n` +
            `inbox ${JSON.stringify(inbox)}\noutbox ${JSON.stringify(outbox)}\n${complaints.join('\n')}`,
        );
      });
      const rows = await sql<{ text: string; n: number }[]>`
        select text, count(*)::int as n from feedbacks where text like 'outage-%' group by text`;
      const made = new Map(rows.map((r) => [r.text, r.n]));
      for (const s of accepted) expect(made.get(`outage-${s.id.slice(1)}`)).toBe(1);
      for (const s of told) expect(made.has(`outage-${s.id.slice(1)}`)).toBe(false);
    } finally {
      await sql.end();
    }
    expect((await fetch(`${bot.ip}/healthz`)).status).toBe(200);
    console.info(
      `database outage: ${sent.length} commands (${summary.join('; ')}), ${told.length} told "not saved", ${accepted.length} processed and answered, 0 silent`,
    );
  }, 300_000);
});
