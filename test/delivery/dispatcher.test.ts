import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimOutbox, enqueueOutbox } from '../../db/queries/outbox';
import { deliveryPacing, outbox } from '../../db/schema';
import { Dispatcher, type Sender } from '../../src/delivery/dispatcher';
import { SendError } from '../../src/delivery/failures';
import { createLogger } from '../../src/log';
import { slackReplySender } from '../../src/platforms/slack/reply-sender';
import { slackSender } from '../../src/platforms/slack/sender';
import { WecomApi } from '../../src/platforms/wecom/api';
import { wecomAppSender } from '../../src/platforms/wecom/sender';
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
  await h.db.delete(deliveryPacing);
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
      .times(8)
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
        if (clock.now().getTime() - T0.getTime() < 3_600_000) throw new SendError('HTTP 503', 'transient');
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

  it.each([
    ['a slack-reply row without whom it answers', 'slack-reply', 'message', { card: { title: 'x' } }, 'user'],
    [
      'a WeCom click without its response code',
      'wecom',
      'click',
      { card: { title: 'x' }, click: { send: 'always' } },
      'click.responseCode',
    ],
    ['a row without its card (an older shape)', 'slack', 'message', JSON.parse('{"text":"hello"}'), 'card'],
  ])(
    '%s goes dead at its first try, logged with its outbox id; the next row still goes out',
    async (_what, platform, kind, payload, field) => {
      const memlog = new MemoryLog();
      const clock = new FakeClock(T0);
      const deps = { ...testDeps(h, { clock }), log: createLogger('info', {}, memlog) };
      const bad = await enqueueOutbox(h.db, { platform, destination: 'D1', kind, payload, now: T0 });
      await enqueueOutbox(h.db, { platform, destination: 'D1', payload: card('next'), now: T0 });
      const sent: string[] = [];
      const recorder: Sender = {
        minIntervalMs: 0,
        async send(_row, c) {
          sent.push(c.title);
          return {};
        },
      };
      const replies = slackReplySender({
        token: 'xoxb-t',
        apiUrl: `${SLACK_API}/api/`,
        locale: 'en',
        log: deps.log,
        clock,
      });
      const clicks = wecomAppSender(
        new WecomApi({ corpId: 'ww', secret: 's', agentId: '1', apiBase: 'https://wecom.test' }),
        deps.log,
      );
      // The real sender reads the malformed row; the well-formed one after it is only recorded.
      const real = { 'slack-reply': replies, wecom: clicks, slack: recorder }[platform];
      if (!real) throw new Error(platform);
      const d = new Dispatcher(deps, {
        [platform]: {
          minIntervalMs: 0,
          send: (row, c) => (row.id === bad ? real.send(row, c) : recorder.send(row, c)),
        },
      });
      await d.tick();
      await d.tick();
      const rows = await h.db.select().from(outbox).orderBy(outbox.id);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual([
        ['dead', 1],
        ['sent', 0],
      ]);
      expect(rows[0]!.lastError).toContain('stored payload is malformed');
      expect(rows[0]!.lastError).toContain(field);
      expect(sent).toEqual(['next']);
      const dead = memlog.entries().find((e) => e.msg === 'outbox message is dead');
      expect(dead).toMatchObject({ level: 'error', outboxId: bad });
    },
  );

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

  /** A fake Slack that answers `failing(msSinceT0)` while it returns one, then posts; records what landed. */
  function fakeSlack(
    clock: FakeClock,
    failing: (at: number) => [number, unknown, Record<string, string>] | undefined,
  ) {
    const delivered: { channel: string; text: string }[] = [];
    nock(SLACK_API)
      .persist()
      .post('/api/chat.postMessage')
      .reply((_u, b) => {
        const f = failing(clock.now().getTime() - T0.getTime());
        if (f) return f;
        const body = apiBody(b);
        delivered.push({ channel: String(body.channel), text: String(body.text) });
        return [200, { ok: true, ts: `${delivered.length}.0` }];
      });
    return delivered;
  }

  async function enqueueBoth(n: number) {
    for (let i = 1; i <= n; i++) {
      await enqueueOutbox(h.db, { platform: 'slack', destination: 'C1', payload: card(`c1-${i}`), now: T0 });
      await enqueueOutbox(h.db, { platform: 'slack', destination: 'C2', payload: card(`c2-${i}`), now: T0 });
    }
  }

  function expectDeliveredInOrder(delivered: { channel: string; text: string }[], n: number) {
    const byChannel = (c: string) => delivered.filter((x) => x.channel === c).map((x) => x.text);
    const want = (c: string) => Array.from({ length: n }, (_, i) => `${c.toLowerCase()}-${i + 1}`);
    expect(byChannel('C1')).toEqual(want('C1'));
    expect(byChannel('C2')).toEqual(want('C2'));
  }

  it.each([
    ['Retry-After 1 for 60 s', 1, 60_000],
    ['Retry-After 30 for 2 min', 30, 120_000],
  ])(
    'a 429 storm (%s): every message delivered once, in order per channel, none dead',
    async (_what, after, ms) => {
      const clock = new FakeClock(T0);
      const deps = testDeps(h, { clock });
      await enqueueBoth(5);
      const delivered = fakeSlack(clock, (at) =>
        at < ms ? [429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(after) }] : undefined,
      );
      const sender = slackSender({
        token: 'xoxb-t',
        apiUrl: `${SLACK_API}/api/`,
        locale: 'en',
        log: deps.log,
      });
      // maxAttempts 3: were a 429 counted, the storm would kill every row many times over.
      const d = new Dispatcher(deps, { slack: sender }, { maxAttempts: 3 });
      await drain([d], clock, 2000);
      expectDeliveredInOrder(delivered, 5);
      const rows = await h.db.select().from(outbox);
      expect(rows.filter((r) => r.status === 'dead')).toEqual([]);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    },
    120_000,
  );

  it('5xx answers and connection resets: every message delivered once, in order, none dead', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    await enqueueBoth(3);
    nock(SLACK_API).post('/api/chat.postMessage').times(3).reply(503, 'upstream down');
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .times(3)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(SLACK_API).post('/api/chat.postMessage').times(2).reply(502, 'bad gateway');
    const delivered = fakeSlack(clock, () => undefined);
    const sender = slackSender({ token: 'xoxb-t', apiUrl: `${SLACK_API}/api/`, locale: 'en', log: deps.log });
    // maxAttempts 2: were these counted, both channels' first messages would be dead.
    const d = new Dispatcher(deps, { slack: sender }, { maxAttempts: 2 });
    await drain([d], clock, 2000);
    expectDeliveredInOrder(delivered, 3);
    expect((await h.db.select().from(outbox)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('a transient failure for more than a day is still retried, at most 10 minutes apart, never dead', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    await enqueueOutbox(h.db, { platform: 'slack', destination: 'C9', payload: card('alert'), now: T0 });
    const tries: number[] = [];
    const sender: Sender = {
      minIntervalMs: 1000,
      async send() {
        tries.push(clock.now().getTime());
        if (clock.now().getTime() - T0.getTime() < 25 * 3_600_000)
          throw new SendError('HTTP 503', 'transient');
        return { ref: '1.0' };
      },
    };
    const d = new Dispatcher(deps, { slack: sender });
    for (let i = 0; i < 3000; i++) {
      await d.tick();
      const [row] = await h.db.select().from(outbox);
      if (row!.status !== 'pending') break;
      clock.set(row!.nextAttemptAt);
    }
    const [row] = await h.db.select().from(outbox);
    expect(row!.status).toBe('sent');
    const gaps = tries.slice(1).map((t, i) => t - tries[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10 * 60_000);
    expect(tries.at(-1)! - tries[0]!).toBeGreaterThanOrEqual(25 * 3_600_000);
  }, 120_000);

  it.each([
    ['slack', 'not_in_channel'],
    ['slack', 'invalid_auth'],
    ['slack', 'account_inactive'],
  ])('a permanent Slack error (%s %s) marks the row dead at the first try', async (_p, code) => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    await enqueueOutbox(h.db, { platform: 'slack', destination: 'CX', payload: card('x'), now: T0 });
    nock(SLACK_API).post('/api/chat.postMessage').reply(200, { ok: false, error: code });
    const d = new Dispatcher(deps, {
      slack: slackSender({ token: 'xoxb-t', apiUrl: `${SLACK_API}/api/`, locale: 'en', log: deps.log }),
    });
    await d.tick();
    const [row] = await h.db.select().from(outbox);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row!.lastError).toContain(code);
    expect(row!.deadAt).toEqual(T0);
  });

  it('an error in neither table is retried with backoff and goes dead after maxAttempts', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    await enqueueOutbox(h.db, { platform: 'slack', destination: 'CY', payload: card('y'), now: T0 });
    nock(SLACK_API).persist().post('/api/chat.postMessage').reply(200, { ok: false, error: 'something_new' });
    const d = new Dispatcher(
      deps,
      {
        slack: slackSender({ token: 'xoxb-t', apiUrl: `${SLACK_API}/api/`, locale: 'en', log: deps.log }),
      },
      { maxAttempts: 4 },
    );
    for (let i = 0; i < 4; i++) {
      const [before] = await h.db.select().from(outbox);
      expect(before!.status).toBe('pending');
      clock.set(before!.nextAttemptAt);
      await d.tick();
    }
    const [row] = await h.db.select().from(outbox);
    expect(row).toMatchObject({ status: 'dead', attempts: 4 });
  });

  it('a sender that crashed holding a row: another dispatcher delivers it within 10 s', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    await enqueueOutbox(h.db, { platform: 'slack', destination: 'CZ', payload: card('z'), now: T0 });
    // What a crashed process leaves behind: the row claimed with the dispatcher's lease, never finished.
    const [held] = await claimOutbox(h.db, { now: T0, limit: 10, leaseMs: 8_000 });
    expect(held).toBeDefined();
    const sent: number[] = [];
    const sender: Sender = {
      minIntervalMs: 1000,
      async send() {
        sent.push(clock.now().getTime() - T0.getTime());
        return {};
      },
    };
    const d = new Dispatcher(deps, { slack: sender });
    for (let t = 0; t <= 10_000 && sent.length === 0; t += 500) {
      clock.set(new Date(T0.getTime() + t));
      await d.tick();
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeLessThanOrEqual(10_000);
    expect(sent[0]).toBeGreaterThan(0);
  });

  it('a slow send keeps its lease: another dispatcher does not post the row a second time', async () => {
    const clock = new FakeClock(T0);
    const deps = testDeps(h, { clock });
    await enqueueOutbox(h.db, { platform: 'slack', destination: 'CS', payload: card('slow'), now: T0 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let posts = 0;
    const slow: Sender = {
      minIntervalMs: 0,
      async send() {
        posts++;
        await gate;
        return {};
      },
    };
    const a = new Dispatcher(deps, { slack: slow }, { leaseMs: 300 });
    const running = a.tick();
    const b = new Dispatcher(deps, { slack: slow }, { leaseMs: 300 });
    for (let i = 0; i < 8; i++) {
      // Real time passes too: the slow sender's lease is renewed by a real-time heartbeat.
      await new Promise((r) => setTimeout(r, 150));
      clock.advance(200);
      expect(await b.tick()).toBe(0);
    }
    release();
    expect(await running).toBe(1);
    expect(posts).toBe(1);
  });
});
