import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertInboxEvent } from '../../db/queries/inbox';
import { approvals, auditLog, feedbacks, inbox, outbox } from '../../db/schema';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { createFeedback } from '../../src/domain/feedback';
import { defaultSettings } from '../../src/domain/settings';
import { createHttpServer } from '../../src/http';
import { InboxWorker } from '../../src/inbox/worker';
import type { PlatformRuntime } from '../../src/platforms/runtime';
import { INBOX_KIND } from '../../src/platforms/wecom/app';
import { decrypt, encrypt, signature } from '../../src/platforms/wecom/crypto';
import { wecomPlatform } from '../../src/platforms/wecom/index';
import { auditOf, createTestDb } from '../helpers/db';
import { FakeClock, MemoryLog, testConfig, testDeps } from '../helpers/deps';
import { allowLocalNetworkOnly, restoreNetwork, waitFor } from '../helpers/e2e';

// The app is configured with Tencent's published sample credentials, so the GET vector works as is.
const TOKEN = 'QDG6eK';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP = 'wx5823bf96d3bd56c7';
const SECRET = 'wecom-app-secret-value';
const ACCESS = 'ACCESS-TOKEN-abc';
const API = 'https://wecom.test';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
let wecom: PlatformRuntime;
let server: Server;
let dispatcher: Dispatcher;
let worker: InboxWorker;
let url: string;
const memlog = new MemoryLog();
const clock = new FakeClock(new Date('2026-11-26T02:00:00Z'));

type Json = Record<string, unknown>;
let sent: Json[] = [];
/** Wall-clock ms the request window compares against; real time unless a test replays a dated sample. */
let wallNow = Date.now();
let updates: Json[] = [];

beforeAll(async () => {
  allowLocalNetworkOnly();
  h = await createTestDb();
  const config = testConfig({
    WECOM_CORP_ID: CORP,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: SECRET,
    WECOM_TOKEN: TOKEN,
    WECOM_AES_KEY: AES_KEY,
    WECOM_API_BASE: API,
    MOPS_APPROVERS: 'lisi,wangwu',
  });
  deps = testDeps(h, { config, clock, log: memlog });
  // What src/app.ts does: the inbox worker does the work, the dispatcher sends what it queued.
  worker = new InboxWorker(deps, { onCommitted: () => dispatcher.poke() });
  const runtime = await wecomPlatform({ deps, inbox: worker, hooks: {} }, { wallClock: () => wallNow });
  if (!runtime) throw new Error('WeCom is configured above');
  wecom = runtime;
  server = createHttpServer(wecom.routes, deps.log);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dispatcher = new Dispatcher(deps, wecom.senders);
  dispatcher.start(20);
  worker.start(20);
});

afterAll(async () => {
  await worker?.stop();
  await dispatcher?.stop();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await h?.close();
  restoreNetwork();
});

beforeEach(() => {
  wallNow = Date.now();
  sent = [];
  updates = [];
  nock(API)
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: SECRET })
    .reply(200, { errcode: 0, errmsg: 'ok', access_token: ACCESS, expires_in: 7200 })
    .persist();
  nock(API)
    .post('/cgi-bin/message/send')
    .query({ access_token: ACCESS })
    .reply(200, (_u, body) => {
      const b = body as Json;
      sent.push(b);
      return {
        errcode: 0,
        errmsg: 'ok',
        msgid: `msg-${sent.length}`,
        ...(b.msgtype === 'template_card' ? { response_code: `rc-send-${sent.length}` } : {}),
      };
    })
    .persist();
  nock(API)
    .post('/cgi-bin/message/update_template_card')
    .query({ access_token: ACCESS })
    .reply(200, (_u, body) => {
      updates.push(body as Json);
      return { errcode: 0, errmsg: 'ok', invaliduser: [] };
    })
    .persist();
});

afterEach(() => {
  nock.cleanAll();
  const logs = memlog.lines.join('\n');
  for (const secret of [SECRET, AES_KEY, ACCESS]) expect(logs).not.toContain(secret);
});

let msgSeq = 7303011234567890000n;
const cdata = (s: string) => `<![CDATA[${s}]]>`;
const createTime = () => String(Math.floor(clock.now().getTime() / 1000));

function textXml(from: string, content: string, msgId = String(++msgSeq)) {
  return (
    `<xml><ToUserName>${cdata(CORP)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${createTime()}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(content)}</Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`
  );
}

function clickXml(from: string, eventKey: string, taskId: string, responseCode: string) {
  return (
    `<xml><ToUserName>${cdata(CORP)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${createTime()}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
    `<Event>${cdata('template_card_event')}</Event><EventKey>${cdata(eventKey)}</EventKey>` +
    `<TaskId>${cdata(taskId)}</TaskId><CardType>${cdata('button_interaction')}</CardType>` +
    `<ResponseCode>${cdata(responseCode)}</ResponseCode><AgentID>1000002</AgentID></xml>`
  );
}

let nonceSeq = 0;

/** Encrypts and signs inner XML the way WeCom does; options forge the parts a test wants wrong. */
function envelope(
  inner: string,
  opts: { corpId?: string; token?: string; tamper?: boolean; skewS?: number } = {},
) {
  let enc = encrypt(AES_KEY, inner, opts.corpId ?? CORP);
  if (opts.tamper) {
    const raw = Buffer.from(enc, 'base64');
    raw[raw.length - 1]! ^= 0x5a;
    enc = raw.toString('base64');
  }
  const timestamp = String(Math.floor(wallNow / 1000) + (opts.skewS ?? 0));
  const nonce = `n${++nonceSeq}`;
  const sig = signature(opts.token ?? TOKEN, timestamp, nonce, enc);
  const body = `<xml><ToUserName>${cdata(CORP)}</ToUserName><AgentID>${cdata('1000002')}</AgentID><Encrypt>${cdata(enc)}</Encrypt></xml>`;
  const query = new URLSearchParams({ msg_signature: sig, timestamp, nonce }).toString();
  return { body, query };
}

async function post(env: { body: string; query: string }) {
  const res = await fetch(`${url}/wecom/callback?${env.query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: env.body,
  });
  return { status: res.status, text: await res.text() };
}

/**
 * Waits until every accepted callback is processed and every WeCom message it queued has gone out, moving
 * the fake clock on so the per-user pace (one app message per 2 s) lets them through.
 */
async function settle() {
  await waitFor(
    async () => {
      const waitingIn = (await h.db.select().from(inbox)).some((r) => r.status === 'pending');
      const waitingOut = (await h.db.select().from(outbox)).some(
        (r) => r.status === 'pending' && r.platform in wecom.senders,
      );
      return waitingIn || waitingOut ? undefined : true;
    },
    { ms: 15_000, every: 30, onRetry: () => clock.advance(1000) },
  );
}

/** Sends one message as `from`, waits for the bot to finish with it, and returns what it sent back. */
async function say(content: string, from = 'zhangsan') {
  const before = sent.length;
  const res = await post(envelope(textXml(from, content)));
  expect(res).toEqual({ status: 200, text: '' });
  await settle();
  return sent.slice(before).filter((m) => m.touser === from);
}

/** What the user reads; the renderer shows backticks full-width (WeCom markdown has no escaping). */
const contentOf = (m: Json) =>
  String(
    (m.markdown as { content?: string } | undefined)?.content ??
      (m.text as { content?: string } | undefined)?.content ??
      JSON.stringify(m.template_card ?? ''),
  ).replace(/｀/g, '`');

const count = async (table: typeof feedbacks | typeof inbox | typeof auditLog) =>
  (await h.db.select().from(table)).length;

describe('WeCom callback end to end over encrypted HTTP', () => {
  it('URL verification with Tencent’s sample → the decrypted echo alone; a forged signature → 403', async () => {
    const q = new URLSearchParams({
      msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
      echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    });
    wallNow = 1409659589 * 1000 + 60_000; // the sample is dated 2014-09-02
    const ok = await fetch(`${url}/wecom/callback?${q}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1616140317555161061');

    q.set('msg_signature', '0'.repeat(40));
    const forged = await fetch(`${url}/wecom/callback?${q}`);
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain('1616140317555161061');
  });

  it('`反馈 new …` typed in WeCom → FB-n created as wecom:zhangsan, the reply sent by message/send', async () => {
    const replies = await say(
      '反馈 new source=wecom category=product severity=high text=包装破损，客户很生气',
    );

    const [fb] = await h.db.select().from(feedbacks);
    expect(fb).toMatchObject({
      reporter: 'wecom:zhangsan',
      severity: 'high',
      text: '包装破损，客户很生气',
      channel: 'zhangsan',
    });
    // The private reply; the channel announcement may already have arrived through the outbox too.
    const reply = replies.filter((m) => contentOf(m).includes(`${fb!.code} logged`));
    expect(reply).toHaveLength(1);
    expect(reply[0]).toMatchObject({ touser: 'zhangsan', agentid: 1000002, msgtype: 'markdown' });
    const audit = await auditOf(h.db, fb!.code);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['feedback.create', 'wecom:zhangsan']]);

    // The announcement goes through the outbox and the WeCom app sender.
    const row = await waitFor(async () => {
      const [r] = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `feedback.created:${fb!.code}`));
      return r?.status === 'sent' ? r : undefined;
    });
    expect(row.platform).toBe('wecom');
    const announced = sent.find((m) => contentOf(m).includes(fb!.code) && m !== reply[0]);
    expect(announced).toMatchObject({ touser: 'zhangsan' });
  });

  it('the same MsgId delivered twice (WeCom retry) → processed once, one reply', async () => {
    const before = await count(feedbacks);
    const env = envelope(
      textXml('zhangsan', '/feedback new source=review category=price severity=low text=太贵'),
    );
    const first = sent.length;
    expect((await post(env)).status).toBe(200);
    expect((await post(env)).status).toBe(200);
    await settle();
    expect(await count(feedbacks)).toBe(before + 1);
    expect(sent.slice(first).filter((m) => contentOf(m).includes('logged'))).toHaveLength(1);
    expect(memlog.lines.some((l) => l.includes('ignored repeated wecom callback'))).toBe(true);
  });

  it.each([
    ['a bad signature', 403, 'bad_signature', { token: 'not-the-token' }],
    ['a wrong corp id', 403, 'wrong_receive_id', { corpId: 'wwSOMEONEELSE' }],
    ['a tampered ciphertext', 400, 'bad_padding', { tamper: true }],
    ['a correctly signed callback dated 302 s ago', 403, 'stale_or_future_timestamp', { skewS: -302 }],
    ['a correctly signed callback dated a day ago', 403, 'stale_or_future_timestamp', { skewS: -86_400 }],
    ['a correctly signed callback dated 302 s ahead', 403, 'stale_or_future_timestamp', { skewS: 302 }],
  ] as const)(
    '%s → %i (%s), logged without secrets, nothing processed',
    async (_what, status, reason, opts) => {
      const counts = [await count(feedbacks), await count(inbox), await count(auditLog)];
      const first = sent.length;
      const res = await post(
        envelope(
          textXml('mallory', 'feedback new source=other category=other severity=high text=forged'),
          opts,
        ),
      );
      expect(res.status).toBe(status);
      await settle();
      expect([await count(feedbacks), await count(inbox), await count(auditLog)]).toEqual(counts);
      expect(sent.length).toBe(first);
      const rejected = memlog.entries().filter((e) => e.msg === 'wecom callback rejected');
      expect(rejected.at(-1)).toMatchObject({ level: 'warn', reason, status });
    },
  );

  it('a callback dated 298 s either side of now is still taken', async () => {
    const before = await count(feedbacks);
    for (const skewS of [-298, 298]) {
      const env = envelope(
        textXml('zhangsan', `/feedback new source=review category=price severity=low text=window${skewS}`),
        { skewS },
      );
      expect((await post(env)).status).toBe(200);
    }
    await settle();
    expect(await count(feedbacks)).toBe(before + 2);
  });

  it('a body that is not a WeCom envelope → 400', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(`${url}/wecom/callback?msg_signature=x&timestamp=${timestamp}&nonce=2`, {
      method: 'POST',
      body: '<html>hi</html>',
    });
    expect(res.status).toBe(400);
  });

  it('a create command with no arguments → usage plus an example that works when sent back', async () => {
    const before = await count(feedbacks);
    const [help] = await say('反馈 新建');
    const text = contentOf(help!);
    expect(text).toContain('Usage: /feedback new source=');
    const example = text.match(/Example: (feedback new [^\n<]*)/)?.[1];
    expect(example).toMatch(/^feedback new source=\w+ category=\w+ severity=\w+ text="[^"]+"$/);
    expect(await count(feedbacks)).toBe(before);

    // The reply, beside the new item's card (which goes to the same chat).
    const created = (await say(example!)).filter((m) => /FB-\d+ logged/.test(contentOf(m)));
    expect(created).toHaveLength(1);
    expect(await count(feedbacks)).toBe(before + 1);
  });

  it('帮助 → says a bare create command replies with its usage (WeCom has no forms), never that it opens one', async () => {
    const replies = await say('帮助');
    const text = replies.map(contentOf).join('\n');
    expect(text).toContain('A create command without arguments replies with its usage and an example.');
    expect(text).not.toMatch(/opens a form/);
  });

  it('bad arguments → the argument named and the usage, nothing written', async () => {
    const before = await count(feedbacks);
    const [reply] = await say('feedback new source=fax category=product severity=high text=hi');
    expect(contentOf(reply!)).toContain('Argument `source` must be one of');
    expect(contentOf(reply!)).toContain('Usage');
    expect(await count(feedbacks)).toBe(before);
  });

  it('a card click (template_card_event) → the action runs as the clicker, the card is updated with its response_code', async () => {
    const [fb] = await h.db.select().from(feedbacks).where(eq(feedbacks.status, 'open')).limit(1);
    clock.advance(10 * 60_000);
    const res = await post(
      envelope(
        clickXml('lisi', `cmd:feedback ack ${fb!.code} note=已联系客户`, 'reply-task-1', 'rc-click-42'),
      ),
    );
    expect(res).toEqual({ status: 200, text: '' });
    await settle();

    const [after] = await h.db.select().from(feedbacks).where(eq(feedbacks.id, fb!.id));
    expect(after).toMatchObject({ status: 'acknowledged', ackedBy: 'wecom:lisi', ackNote: '已联系客户' });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      response_code: 'rc-click-42',
      agentid: 1000002,
      userids: ['lisi'],
      template_card: { card_type: 'button_interaction', task_id: 'reply-task-1' },
    });
    const card = updates[0]!.template_card as { main_title: { title: string }; replace_text: string };
    expect(card.main_title.title).toContain(fb!.code);
    expect(card.replace_text).toBeTruthy();
  });

  it('the same click delivered twice → one update, the response_code used once', async () => {
    const [fb] = await h.db.select().from(feedbacks).where(eq(feedbacks.status, 'open')).limit(1);
    const env = envelope(
      clickXml('lisi', `cmd:feedback resolve ${fb!.code} note=已补发`, 'reply-task-2', 'rc-2'),
    );
    await post(env);
    await post(env);
    await settle();
    expect(updates).toHaveLength(1);
    const audits = await auditOf(h.db, fb!.code);
    expect(audits.filter((a) => a.action === 'feedback.resolve')).toHaveLength(1);
  });

  it('a long list → markdown plus a "more" card; clicking more → the card greyed out and page 2 sent', async () => {
    const ctx = {
      db: h.db,
      now: clock.now(),
      actor: 'wecom:zhangsan',
      settings: defaultSettings(deps.config),
    };
    for (let i = 0; i < 21; i++) {
      await createFeedback(ctx, {
        source: 'community',
        category: 'service',
        severity: 'low',
        text: `客服回复慢 ${i}`,
      });
    }
    const page1 = await say('反馈 列表 status=open');
    const more = page1.at(-1)!;
    expect(page1.slice(0, -1).every((m) => m.msgtype === 'markdown')).toBe(true);
    expect(more.msgtype).toBe('template_card');
    const card = more.template_card as { task_id: string; button_list: { key: string }[] };
    expect(card.button_list.map((b) => b.key)).toEqual(['cmd:feedback list status=open page=2']);

    const before = sent.length;
    await post(envelope(clickXml('zhangsan', card.button_list[0]!.key, card.task_id, 'rc-more')));
    await settle();
    expect(updates).toMatchObject([{ response_code: 'rc-more', template_card: { task_id: card.task_id } }]);
    // Page 2 is short enough to show on the updated card itself; a longer one would follow as messages.
    const page2 = [JSON.stringify(updates[0]), ...sent.slice(before).map(contentOf)].join('\n');
    expect(page2).toContain('Page 2/2');
    expect(page2).toContain('客服回复慢 0');
  });

  it('an approval card clicked in WeCom → same decision code as Slack, first decision wins, cards updated', async () => {
    const [created] = await say(
      '内容 提交 title="双11 预热" channel=xiaohongshu text="今晚8点开抢，限量500份"',
    );
    const code = contentOf(created!).match(/APR-\d+/)![0];
    // The card reaches WeCom through the outbox: the details as markdown, the buttons as a template card.
    const cardMsg = await waitFor(async () =>
      sent.find(
        (m) =>
          m.msgtype === 'template_card' &&
          JSON.stringify(m.template_card).includes(`approval:${code}:approve`),
      ),
    );
    const card = cardMsg.template_card as { task_id: string; button_list: { key: string }[] };
    expect(card.button_list.map((b) => b.key)).toEqual([
      `approval:${code}:approve`,
      `approval:${code}:changes`,
      `approval:${code}:reject`,
    ]);
    const original = await waitFor(async () => {
      const [r] = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.card:${code}`));
      return r?.status === 'sent' ? r : undefined;
    });
    const sendCode = String(original.platformRef).split(':').at(-1);
    expect(sendCode).toMatch(/^rc-send-\d+$/);

    // Someone who is not an approver: refused, and their buttons stay clickable.
    await post(envelope(clickXml('zhangsan', `approval:${code}:approve`, card.task_id, 'rc-click-0')));
    await settle();
    expect(updates).toHaveLength(0);
    expect((await h.db.select().from(approvals).where(eq(approvals.code, code)))[0]!.status).toBe('pending');

    clock.advance(5 * 60_000);
    await post(envelope(clickXml('lisi', `approval:${code}:approve`, card.task_id, 'rc-click-1')));
    await settle();
    const [decided] = await h.db.select().from(approvals).where(eq(approvals.code, code));
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'wecom:lisi' });
    const audit = await auditOf(h.db, code);
    expect(audit.map((a) => a.action)).toContain('approval.decide');
    // The clicker's buttons are greyed out with the outcome, using the click's response_code.
    expect(updates.find((u) => u.response_code === 'rc-click-1')).toMatchObject({
      response_code: 'rc-click-1',
      userids: ['lisi'],
      button: { replace_name: `You approved ${code}.` },
    });
    expect(sent.some((m) => m.touser === 'lisi' && contentOf(m).includes(`You approved ${code}`))).toBe(true);

    // Every recipient's copy then shows the decision, through the outbox with the send's response_code.
    const everyone = await waitFor(async () => updates.find((u) => u.response_code === sendCode));
    expect(everyone).toMatchObject({
      atall: 1,
      template_card: { task_id: card.task_id, replace_text: expect.stringContaining('approved') },
    });

    // A second approver clicking late: told it is decided, nothing changes.
    await post(envelope(clickXml('wangwu', `approval:${code}:reject`, card.task_id, 'rc-click-2')));
    await settle();
    expect((await h.db.select().from(approvals).where(eq(approvals.code, code)))[0]!.status).toBe('approved');
    expect(updates.find((u) => u.response_code === 'rc-click-2')).toMatchObject({
      button: { replace_name: `${code} is already decided` },
    });
  });

  it('the database cannot take the message → the 200 carries an encrypted passive reply saying it was not saved; nothing runs', async () => {
    const before = await count(feedbacks);
    const realInsert = h.db.insert.bind(h.db);
    (h.db as { insert: unknown }).insert = () => {
      throw new Error('connection refused');
    };
    let res: { status: number; text: string };
    try {
      res = await post(
        envelope(textXml('zhangsan', '/feedback new source=review category=price severity=low text=lost')),
      );
    } finally {
      (h.db as { insert: unknown }).insert = realInsert;
    }
    expect(res.status).toBe(200);
    const enc = res.text.match(/<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/)?.[1];
    expect(enc).toBeDefined();
    const reply = decrypt(AES_KEY, enc!, CORP);
    expect(reply).toContain('<ToUserName><![CDATA[zhangsan]]></ToUserName>');
    expect(reply).toContain(
      'mopsbot cannot reach its database; your command was not saved, try again in a minute',
    );
    await settle();
    expect(await count(feedbacks)).toBe(before);
  });

  it('an unknown word → a reply naming it and pointing to help', async () => {
    const [reply] = await say('你好');
    expect(contentOf(reply!)).toContain('Unknown command `你好`');
  });

  it('a stored callback that does not read back (an older shape) → marked failed with its id logged, nothing sent', async () => {
    const before = sent.length;
    const written = await insertInboxEvent(h.db, {
      platform: 'wecom',
      kind: INBOX_KIND,
      eventKey: 'wecom:test:malformed',
      // A text message without its Content and MsgId.
      payload: { kind: 'text', MsgType: 'text', FromUserName: 'zhangsan' },
      now: clock.now(),
    });
    if (written === 'duplicate') throw new Error('the row was not written');
    worker.poke();
    await settle();
    const [row] = await h.db.select().from(inbox).where(eq(inbox.id, written.id));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    const logged = memlog.entries().find((e) => e.inboxId === written.id && e.level === 'error');
    expect(logged?.msg).toContain('stored payload is malformed');
    expect(String(logged?.issues)).toContain('Content');
    expect(row?.lastError).toContain(String(logged?.errorId));
    expect(sent.slice(before)).toEqual([]);

    // The worker goes on with the next message.
    const [reply] = await say('你好');
    expect(contentOf(reply!)).toContain('Unknown command `你好`');
  });
});
