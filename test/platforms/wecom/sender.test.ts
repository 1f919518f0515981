import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueOutbox } from '../../../db/queries/outbox';
import { outbox } from '../../../db/schema';
import type { Card } from '../../../src/chat/card';
import { encodeCard } from '../../../src/chat/card-codec';
import { Dispatcher } from '../../../src/delivery/dispatcher';
import { WecomApi } from '../../../src/platforms/wecom/api';
import { RobotClient } from '../../../src/platforms/wecom/robot';
import {
  cardRef,
  taskIdFor,
  WECOM_APP_PLATFORM,
  WECOM_ROBOT_PLATFORM,
  wecomAppSender,
  wecomRobotSender,
} from '../../../src/platforms/wecom/sender';
import { createTestDb, driverName } from '../../helpers/db';
import { FakeClock, testDeps } from '../../helpers/deps';

const BASE = 'https://wecom.test';
const ROBOT_KEY = 'robot-key-0f1e2d3c';
const SECRET = 'app-secret-value';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
// One clock for the file, only ever moving forward: delivery pacing is kept in the database.
const clock = new FakeClock(new Date('2026-11-26T02:00:00Z'));

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  h = await createTestDb();
});
afterAll(async () => {
  await h?.close();
  nock.enableNetConnect();
});
beforeEach(() => {
  // Past every pace and retry-after a previous test left on its destination.
  clock.advance(10 * 60_000);
  deps = testDeps(h, { clock });
});
afterEach(() => {
  nock.cleanAll();
  const logs = deps.memlog.lines.join('\n');
  expect(logs).not.toContain(ROBOT_KEY);
  expect(logs).not.toContain(SECRET);
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Serves the robot webhook, recording each body and the fake-clock time it arrived. */
function robotServer(reply: (n: number) => object = () => ({ errcode: 0, errmsg: 'ok' })) {
  const got: { body: Record<string, unknown>; at: number }[] = [];
  nock(BASE)
    .post('/cgi-bin/webhook/send')
    .query({ key: ROBOT_KEY })
    .reply(200, (_uri, body) => {
      got.push({ body: body as Record<string, unknown>, at: clock.now().getTime() });
      return reply(got.length);
    })
    .persist();
  return got;
}

/** Serves gettoken (token ACCESS-1) for the rest of the test. */
function tokenServer() {
  nock(BASE)
    .get('/cgi-bin/gettoken')
    .query(true)
    .reply(200, { errcode: 0, access_token: 'ACCESS-1', expires_in: 7200 })
    .persist();
}

/** Serves gettoken and message/send, recording each sent message. */
function appServer(reply: (body: Record<string, unknown>) => object = () => ({})) {
  const sent: Record<string, unknown>[] = [];
  nock(BASE)
    .get('/cgi-bin/gettoken')
    .query(true)
    .reply(200, { errcode: 0, access_token: 'ACCESS-1', expires_in: 7200 })
    .persist();
  nock(BASE)
    .post('/cgi-bin/message/send')
    .query({ access_token: 'ACCESS-1' })
    .reply(200, (_uri, body) => {
      const b = body as Record<string, unknown>;
      sent.push(b);
      return { errcode: 0, errmsg: 'ok', msgid: `msg-${sent.length}`, ...reply(b) };
    })
    .persist();
  return sent;
}

const robotSender = () =>
  wecomRobotSender(new RobotClient({ key: ROBOT_KEY, apiBase: BASE }), deps.log, { clock });
const appApi = () =>
  new WecomApi({
    corpId: 'ww-corp',
    secret: SECRET,
    agentId: '1000002',
    apiBase: BASE,
    sleep: async () => {},
  });

let seq = 0;
async function enqueue(platform: string, destination: string, card: Card, dedupeKey?: string) {
  const id = await enqueueOutbox(h.db, {
    platform,
    destination,
    payload: { card: encodeCard(card) },
    dedupeKey: dedupeKey ?? `test:${++seq}`,
    now: clock.now(),
  });
  return id!;
}

async function rowOf(id: number) {
  const [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
  return row!;
}

/** Ticks the dispatcher, moving the fake clock, until `done` holds. */
async function pump(dispatcher: Dispatcher, done: () => Promise<boolean> | boolean, stepMs = 500) {
  for (let i = 0; i < 5000; i++) {
    if (await done()) return;
    await dispatcher.tick();
    clock.advance(stepMs);
  }
  throw new Error('dispatcher never finished');
}

describe(`WeCom group robot sender on ${driverName}`, () => {
  it('45 robot messages → all delivered, paced over at least 2 minutes, never more than 20 in a minute', async () => {
    const got = robotServer();
    const dispatcher = new Dispatcher(deps, { [WECOM_ROBOT_PLATFORM]: robotSender() });
    const ids: number[] = [];
    for (let i = 1; i <= 45; i++) {
      ids.push(await enqueue(WECOM_ROBOT_PLATFORM, 'digest', { title: `预算提醒 ${i}`, text: `第 ${i} 条` }));
    }
    const start = clock.now().getTime();
    await pump(dispatcher, () => got.length >= 45, 1000);

    expect(got).toHaveLength(45);
    const titles = got.map((g) => (g.body.markdown as { content: string }).content.split('\n')[0]);
    expect(titles).toEqual(ids.map((_, i) => `**预算提醒 ${i + 1}**`));
    expect(got.at(-1)!.at - start).toBeGreaterThanOrEqual(120_000);
    for (let i = 0; i + 20 < got.length; i++) {
      expect(got[i + 20]!.at - got[i]!.at).toBeGreaterThanOrEqual(60_000);
    }
    for (const id of ids) expect((await rowOf(id)).status).toBe('sent');
  });

  it('a digest with a chart → markdown with <@userid> mentions, then the chart as an image message', async () => {
    const got = robotServer();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const id = await enqueue(WECOM_ROBOT_PLATFORM, 'digest', {
      title: '日报 11-26',
      fields: [{ label: '消耗', value: '¥12,345.00' }],
      image: { png, alt: '近 7 天消耗趋势' },
      mentions: [
        { platform: 'wecom', userId: 'zhangsan' },
        { platform: 'slack', userId: 'U123' },
      ],
      buttons: [{ text: '查看', action: 'cmd:budget show' }],
    });
    await pump(new Dispatcher(deps, { [WECOM_ROBOT_PLATFORM]: robotSender() }), () => got.length >= 2);

    expect(got.map((g) => g.body.msgtype)).toEqual(['markdown', 'image']);
    const md = (got[0]!.body.markdown as { content: string }).content;
    expect(md).toContain('消耗：¥12,345.00');
    expect(md).toContain('<@zhangsan>');
    expect(md).not.toContain('U123');
    // A robot post cannot be clicked, so no button labels pretend otherwise.
    expect(md).not.toContain('查看');
    expect(got[1]!.body.image).toMatchObject({ base64: Buffer.from(png).toString('base64') });
    expect((await rowOf(id)).status).toBe('sent');
  });

  it('a digest over 4096 bytes → several markdown messages, each within the limit, nothing lost', async () => {
    const got = robotServer();
    const lines = Array.from({ length: 200 }, (_, i) => `渠道 ${i}：花费 ¥${i * 100}.00，ROI 3.${i % 10}`);
    await enqueue(WECOM_ROBOT_PLATFORM, 'digest', { title: '周报', sections: [{ lines }] });
    const dispatcher = new Dispatcher(deps, { [WECOM_ROBOT_PLATFORM]: robotSender() });
    await pump(dispatcher, async () =>
      (await h.db.select().from(outbox)).every((r) => r.status !== 'pending'),
    );

    const contents = got.map((g) => (g.body.markdown as { content: string }).content);
    expect(contents.length).toBeGreaterThan(1);
    for (const c of contents) expect(bytes(c)).toBeLessThanOrEqual(4096);
    for (const line of lines) expect(contents.join('\n')).toContain(line);
  });

  it('45009 on the second part → retried later, the first part is not posted twice', async () => {
    const got = robotServer((n) =>
      n === 2 ? { errcode: 45009, errmsg: 'api freq out of limit' } : { errcode: 0, errmsg: 'ok' },
    );
    const lines = Array.from({ length: 200 }, (_, i) => `第 ${i} 行 ${'字'.repeat(10)}`);
    const id = await enqueue(WECOM_ROBOT_PLATFORM, 'alerts', { title: '告警', sections: [{ lines }] });
    const dispatcher = new Dispatcher(deps, { [WECOM_ROBOT_PLATFORM]: robotSender() });
    await dispatcher.tick();
    const afterFail = await rowOf(id);
    expect(afterFail.status).toBe('pending');
    expect(afterFail.lastError).toContain('45009');
    // Rate limited: the retry waits a minute, not the short default backoff.
    expect(afterFail.nextAttemptAt.getTime() - clock.now().getTime()).toBe(60_000);

    await pump(dispatcher, async () => (await rowOf(id)).status === 'sent');
    const contents = got.map((g) => (g.body.markdown as { content: string }).content);
    // Part 2 was tried twice (the 45009 and its retry); part 1 went out once.
    expect(contents.filter((c) => c === contents[0])).toHaveLength(1);
    expect(contents[1]).toBe(contents[2]);
    expect(contents.slice(2).join('\n')).toContain('第 199 行');
  });

  it('93000 (robot removed) → the row is dead at once with a log saying how to fix it', async () => {
    robotServer(() => ({ errcode: 93000, errmsg: `invalid webhook url, key=${ROBOT_KEY}` }));
    const id = await enqueue(WECOM_ROBOT_PLATFORM, 'digest', { title: '日报' });
    await new Dispatcher(deps, { [WECOM_ROBOT_PLATFORM]: robotSender() }).tick();

    const row = await rowOf(id);
    expect(row.status).toBe('dead');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('93000');
    expect(row.lastError).not.toContain(ROBOT_KEY);
    const dead = deps.memlog.entries().find((e) => e.msg === 'outbox message is dead');
    expect(dead).toMatchObject({ level: 'error' });
    expect(String(dead!.error)).toContain('WECOM_ROBOT_KEY');
  });
});

describe(`WeCom app sender on ${driverName}`, () => {
  it('a card without buttons → one markdown app message to every userid of the destination', async () => {
    const sent = appServer();
    const id = await enqueue(WECOM_APP_PLATFORM, 'zhangsan|lisi', {
      title: '反馈 FB-3 · 高',
      text: '包装破损',
      fields: [{ label: '来源', value: '企业微信' }],
      tone: 'warning',
    });
    await new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) }).tick();

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ touser: 'zhangsan|lisi', msgtype: 'markdown', agentid: 1000002 });
    expect((sent[0]!.markdown as { content: string }).content).toContain('来源：企业微信');
    const row = await rowOf(id);
    expect(row.status).toBe('sent');
    expect(row.platformRef).toBe('msg-1');
  });

  it('an approval card with buttons → a button_interaction template card keyed by the actions, task_id from the row', async () => {
    const sent = appServer((b) => (b.msgtype === 'template_card' ? { response_code: 'rc-from-send' } : {}));
    const id = await enqueue(
      WECOM_APP_PLATFORM,
      'lisi|wangwu',
      {
        title: '内容审批 APR-12',
        text: '小红书 618 种草笔记',
        fields: [{ label: '申请人', value: '张三' }],
        buttons: [
          { text: '批准', action: 'approval:APR-12:approve', style: 'primary' },
          { text: '拒绝', action: 'approval:APR-12:reject', style: 'danger' },
        ],
      },
      'approval.requested:APR-12',
    );
    await new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) }).tick();

    expect(sent).toHaveLength(1);
    const card = sent[0]!.template_card as {
      card_type: string;
      task_id: string;
      button_list: { key: string }[];
    };
    expect(sent[0]!.msgtype).toBe('template_card');
    expect(card.card_type).toBe('button_interaction');
    expect(card.button_list.map((b) => b.key)).toEqual(['approval:APR-12:approve', 'approval:APR-12:reject']);
    const row = await rowOf(id);
    expect(card.task_id).toBe(taskIdFor(row));
    expect(card.task_id).toMatch(/^approval_requested_APR-12-[0-9a-f]{8}-[0-9a-z]+$/);
    // The send's response_code is kept so a decision made elsewhere can update this card once.
    expect(row.platformRef).toBe(cardRef(card.task_id, 'rc-from-send'));
  });

  it('a long list with a "more" button → markdown within 2048 bytes per message, then a card with the button', async () => {
    const sent = appServer();
    const lines = Array.from(
      { length: 40 },
      (_, i) => `FB-${i + 1} · 待处理 · 高 · 物流\n快递三天没到，客户很着急`,
    );
    await enqueue(WECOM_APP_PLATFORM, 'zhangsan', {
      title: '待处理反馈',
      sections: lines.map((l) => ({ lines: l.split('\n') })),
      context: ['第 1/3 页 · 共 45 条'],
      buttons: [{ text: '更多', action: 'cmd:feedback list page=2' }],
    });
    await new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) }).tick();

    expect(sent.length).toBeGreaterThan(2);
    const body = sent.slice(0, -1);
    for (const m of body) {
      expect(m.msgtype).toBe('markdown');
      expect(bytes((m.markdown as { content: string }).content)).toBeLessThanOrEqual(2048);
    }
    expect(body.map((m) => (m.markdown as { content: string }).content).join('\n')).toContain('FB-40');
    const last = sent.at(-1)!;
    expect(last.msgtype).toBe('template_card');
    expect(last.template_card).toMatchObject({
      main_title: { title: '待处理反馈' },
      button_list: [{ key: 'cmd:feedback list page=2' }],
    });
  });

  it('an update row → the posted template card is rewritten for everyone with the send’s response_code', async () => {
    const sent = appServer((b) => (b.msgtype === 'template_card' ? { response_code: 'rc-send' } : {}));
    const updates: Record<string, unknown>[] = [];
    nock(BASE)
      .post('/cgi-bin/message/update_template_card')
      .query(true)
      .reply(200, (_u, b) => {
        updates.push(b as Record<string, unknown>);
        return { errcode: 0, errmsg: 'ok' };
      });
    const pending: Card = {
      title: '内容审批 APR-7',
      text: '待审批',
      buttons: [{ text: '批准', action: 'approval:APR-7:approve' }],
    };
    const id = await enqueue(WECOM_APP_PLATFORM, 'lisi', pending, 'approval.card:APR-7');
    const dispatcher = new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) });
    await dispatcher.tick();
    const original = await rowOf(id);
    expect(sent).toHaveLength(1);

    clock.advance(5_000);
    // Queued before the original was known to be sent: no ref in the payload, so it is looked up.
    await enqueueOutbox(h.db, {
      platform: WECOM_APP_PLATFORM,
      destination: 'lisi',
      kind: 'update',
      payload: {
        card: encodeCard({ title: '内容审批 APR-7', text: 'approved at 11-26 10:05.' }),
        updateOf: id,
      },
      dedupeKey: 'approval.update:APR-7:wecom:approved',
      now: clock.now(),
    });
    const withLookup = new Dispatcher(deps, {
      [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log, {
        lookupRef: async (outboxId) => (await rowOf(outboxId)).platformRef ?? undefined,
      }),
    });
    await withLookup.tick();

    expect(sent).toHaveLength(1);
    expect(updates).toEqual([
      expect.objectContaining({
        atall: 1,
        response_code: 'rc-send',
        template_card: expect.objectContaining({
          task_id: taskIdFor(original),
          replace_text: 'approved at 11-26 10:05.',
        }),
      }),
    ]);
  });

  it('an update WeCom refuses (response_code already used) → the new state is posted as a message instead', async () => {
    const sent = appServer();
    nock(BASE)
      .post('/cgi-bin/message/update_template_card')
      .query(true)
      .reply(200, { errcode: 40204, errmsg: 'invalid response_code' });
    const id = await enqueueOutbox(h.db, {
      platform: WECOM_APP_PLATFORM,
      destination: 'lisi',
      kind: 'update',
      payload: {
        card: encodeCard({ title: 'APR-8 已批准', text: '于 11-26 10:05 批准。' }),
        ref: 'tc:task-8:rc-old',
      },
      dedupeKey: 'approval.update:APR-8:wecom:approved',
      now: clock.now(),
    });
    await new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) }).tick();
    expect((await rowOf(id!)).status).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      touser: 'lisi',
      text: { content: 'APR-8 已批准\n于 11-26 10:05 批准。' },
    });
  });

  it('every recipient unknown to WeCom → dead, not retried forever', async () => {
    appServer(() => ({ invaliduser: 'ghost' }));
    const id = await enqueue(WECOM_APP_PLATFORM, 'ghost', { title: 'hi' });
    await new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) }).tick();
    const row = await rowOf(id);
    expect(row.status).toBe('dead');
    expect(row.lastError).toContain('no valid WeCom recipient');
  });

  it('WeCom busy (-1) after the client’s own backoff → retried by the outbox, then sent', async () => {
    let calls = 0;
    tokenServer();
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .reply(200, () =>
        ++calls <= 4 ? { errcode: -1, errmsg: 'system busy' } : { errcode: 0, msgid: 'ok-1' },
      )
      .persist();
    const id = await enqueue(WECOM_APP_PLATFORM, 'zhangsan', { title: 'hi' });
    const dispatcher = new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) });
    await dispatcher.tick();
    expect((await rowOf(id)).status).toBe('pending');
    await pump(dispatcher, async () => (await rowOf(id)).status === 'sent');
    expect((await rowOf(id)).platformRef).toBe('ok-1');
  });

  it('frequency limits (45009, 45033) for 30 minutes with maxAttempts 2 → still sent, never dead', async () => {
    let calls = 0;
    const start = clock.now().getTime();
    tokenServer();
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .reply(200, () =>
        clock.now().getTime() - start < 30 * 60_000
          ? { errcode: ++calls % 2 ? 45009 : 45033, errmsg: 'api freq out of limit' }
          : { errcode: 0, msgid: 'ok-freq' },
      )
      .persist();
    const id = await enqueue(WECOM_APP_PLATFORM, 'zhangsan', { title: 'alert' });
    const dispatcher = new Dispatcher(
      deps,
      { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) },
      { maxAttempts: 2 },
    );
    await pump(dispatcher, async () => (await rowOf(id)).status !== 'pending', 30_000);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', platformRef: 'ok-freq' });
  });

  it.each([
    [60011, 'no privilege'],
    [81013, 'every recipient'],
    [40001, 'WECOM_SECRET'],
  ])(
    'WeCom errcode %i is permanent: dead at the first try, the error says what to fix (%s)',
    async (errcode, fix) => {
      tokenServer();
      nock(BASE)
        .post('/cgi-bin/message/send')
        .query(true)
        .reply(200, { errcode, errmsg: 'refused' })
        .persist();
      const id = await enqueue(WECOM_APP_PLATFORM, 'zhangsan', { title: 'hi' });
      await new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) }).tick();
      const row = await rowOf(id);
      expect(row).toMatchObject({ status: 'dead', attempts: 1 });
      expect(row.lastError).toContain(fix);
    },
  );
});

describe(`WeCom app sender: charts on ${driverName}`, () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const digest: Card = {
    title: '日报 · 11-25',
    text: 'GMV ¥2万',
    fields: [{ label: 'GMV', value: '¥20,000' }],
    image: { png, alt: '近 14 天 GMV 与消耗' },
  };

  it('a digest with a chart to a user → the text, then media/upload of the PNG, then an image message with its media_id', async () => {
    const sent = appServer();
    const uploads: string[] = [];
    nock(BASE)
      .post('/cgi-bin/media/upload')
      .query({ access_token: 'ACCESS-1', type: 'image' })
      .reply(200, (_uri, body) => {
        // nock hands a binary body over as hex
        uploads.push(Buffer.from(String(body), 'hex').toString('latin1'));
        return { errcode: 0, errmsg: 'ok', type: 'image', media_id: 'MEDIA-42', created_at: '1700000000' };
      });
    const dispatcher = new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) });
    const id = await enqueue(WECOM_APP_PLATFORM, 'zhangsan', digest);
    await pump(dispatcher, async () => (await rowOf(id)).status === 'sent');

    expect(sent.map((m) => m.msgtype)).toEqual(['markdown', 'image']);
    expect(sent[1]).toMatchObject({ touser: 'zhangsan', image: { media_id: 'MEDIA-42' } });
    expect(uploads).toHaveLength(1);
    // multipart/form-data with the PNG as the `media` part
    expect(uploads[0]).toContain('name="media"; filename="chart.png"');
    expect(uploads[0]).toContain('Content-Type: image/png');
    expect(uploads[0]).toContain(Buffer.from(png).toString('latin1'));
  });

  it('WeCom refuses the upload (60011, no privilege) → the digest text still goes out once, the row is sent, a warning says why', async () => {
    const sent = appServer();
    nock(BASE)
      .post('/cgi-bin/media/upload')
      .query(true)
      .reply(200, { errcode: 60011, errmsg: 'no privilege' });
    const dispatcher = new Dispatcher(deps, { [WECOM_APP_PLATFORM]: wecomAppSender(appApi(), deps.log) });
    const id = await enqueue(WECOM_APP_PLATFORM, 'zhangsan', digest);
    await pump(dispatcher, async () => (await rowOf(id)).status === 'sent');
    expect(sent.map((m) => m.msgtype)).toEqual(['markdown']);
    expect(deps.memlog.lines.join('\n')).toContain('chart could not be sent to WeCom');
  });
});
