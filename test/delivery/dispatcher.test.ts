import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueOutbox } from '../../db/queries/outbox';
import { outbox } from '../../db/schema';
import { Dispatcher, SendError, type Sender } from '../../src/delivery/dispatcher';
import { createLogger } from '../../src/log';
import { slackSender } from '../../src/platforms/slack/sender';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, MemoryLog, testDeps } from '../helpers/deps';
import { apiBody, SLACK_API } from '../helpers/slack';

let h: Awaited<ReturnType<typeof createTestDb>>;
const T0 = new Date('2026-11-26T02:00:00Z');

beforeAll(async () => {
  nock.disableNetConnect();
  h = await createTestDb();
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await h.close();
});
beforeEach(async () => {
  await h.db.delete(outbox);
  nock.cleanAll();
});

const card = (title: string) => ({ card: { title } });

/** Tick until nothing is pending, advancing the fake clock to the next due moment each time. */
async function drain(dispatchers: Dispatcher[], clock: FakeClock, maxTicks = 500) {
  for (let i = 0; i < maxTicks; i++) {
    await Promise.all(dispatchers.map((d) => d.tick()));
    const pending = (await h.db.select().from(outbox)).filter((r) => r.status === 'pending');
    if (pending.length === 0) return;
    clock.advance(1000);
  }
  throw new Error('outbox did not drain');
}

describe(`outbox dispatcher on ${driverName}`, () => {
  it('Slack down (500s), then 429 with Retry-After, then OK: every message delivered once, in order per channel', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    for (let i = 1; i <= 4; i++) {
      await enqueueOutbox(h.db, { platform: 'slack', destination: 'C1', payload: card(`c1-${i}`), now: T0 });
      await enqueueOutbox(h.db, { platform: 'slack', destination: 'C2', payload: card(`c2-${i}`), now: T0 });
    }
    const delivered: { channel: string; text: string }[] = [];
    nock(SLACK_API).post('/api/chat.postMessage').times(3).reply(500, 'upstream down');
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '7' });
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .times(20)
      .reply(200, (_u, b) => {
        const body = apiBody(b);
        delivered.push({ channel: String(body.channel), text: String(body.text) });
        return { ok: true, ts: `${delivered.length}.0` };
      });
    const sender = slackSender({ token: 'xoxb-t', apiUrl: `${SLACK_API}/api/`, locale: 'en', log: deps.log });
    const d = new Dispatcher(deps, { slack: sender }, { baseBackoffMs: 1000, maxBackoffMs: 4000 });
    await drain([d], clock);
    const byChannel = (c: string) => delivered.filter((x) => x.channel === c).map((x) => x.text);
    expect(byChannel('C1')).toEqual(['c1-1', 'c1-2', 'c1-3', 'c1-4']);
    expect(byChannel('C2')).toEqual(['c2-1', 'c2-2', 'c2-3', 'c2-4']);
    const rows = await h.db.select().from(outbox);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('an hour-long outage loses nothing and posts nothing twice when Slack comes back', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    await enqueueOutbox(h.db, { platform: 'slack', destination: 'C9', payload: card('digest'), now: T0 });
    let ok = 0;
    const sender: Sender = {
      minIntervalMs: 1000,
      async send() {
        if (clock.now().getTime() - T0.getTime() < 3_600_000) throw new SendError('HTTP 503', true);
        ok++;
        return { ref: '1.0' };
      },
    };
    const d = new Dispatcher(deps, { slack: sender });
    for (let i = 0; i < 200 && ok === 0; i++) {
      await d.tick();
      clock.advance(60_000);
    }
    await d.tick();
    expect(ok).toBe(1);
    const [row] = await h.db.select().from(outbox);
    expect(row!.status).toBe('sent');
  });

  it('a permanent error (channel_not_found) marks the row dead with the error kept', async () => {
    const memlog = new MemoryLog();
    const clock = new FakeClock(T0);
    const deps = { ...testDeps(h, { clock }), log: createLogger('info', {}, memlog) };
    await enqueueOutbox(h.db, { platform: 'slack', destination: 'CX', payload: card('x'), now: T0 });
    nock(SLACK_API).post('/api/chat.postMessage').reply(200, { ok: false, error: 'channel_not_found' });
    const d = new Dispatcher(deps, {
      slack: slackSender({ token: 'xoxb-t', apiUrl: `${SLACK_API}/api/`, locale: 'en', log: deps.log }),
    });
    await d.tick();
    const [row] = await h.db.select().from(outbox);
    expect(row!.status).toBe('dead');
    expect(row!.lastError).toContain('channel_not_found');
    expect(memlog.lines.join('\n')).toContain('outbox message is dead');
  });

  it('three dispatchers on one database deliver each message exactly once, at most 1/s per channel', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    for (let i = 0; i < 30; i++) {
      await enqueueOutbox(h.db, {
        platform: 'slack',
        destination: `C${i % 3}`,
        payload: card(`m${i}`),
        now: T0,
      });
    }
    const sent: { title: string; at: number; dest: string }[] = [];
    const sender: Sender = {
      minIntervalMs: 1000,
      async send(row, c) {
        sent.push({ title: c.title, at: clock.now().getTime(), dest: row.destination });
        return {};
      },
    };
    const ds = [1, 2, 3].map(() => new Dispatcher(deps, { slack: sender }));
    await drain(ds, clock);
    expect(sent).toHaveLength(30);
    expect(new Set(sent.map((s) => s.title)).size).toBe(30);
    for (const dest of ['C0', 'C1', 'C2']) {
      const times = sent.filter((s) => s.dest === dest).map((s) => s.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    }
  });
});
