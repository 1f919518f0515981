import { request } from 'node:http';
import { count, eq, isNull } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { campaigns, consoleMessages, feedbacks, outbox } from '../../../db/schema';
import {
  type ConsoleApiResult,
  type ConsoleMessageView,
  type ConsoleRuntime,
  consoleRuntime,
} from '../../../src/platforms/console/app';
import { isLoopback } from '../../../src/platforms/console/guard';
import { tConsole } from '../../../src/platforms/console/messages';
import { type ConsoleHarness, cardText, getState, post, SseClient, startConsole, waitFor } from './harness';

let c: ConsoleHarness;
const jobsRun: string[] = [];
/** What the fake job runner answers next (the real one returns a JobResult). */
let nextJob: () => Promise<unknown> = async () => 'ok';
let demoLoads = 0;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  c = await startConsole({
    hooks: ({ clock }) => ({
      runJob: async (name) => {
        jobsRun.push(name);
        return nextJob();
      },
      advanceClock: (ms) => clock.advance(ms),
      loadDemo: async () => {
        demoLoads++;
        return 'demo: 90 days';
      },
    }),
  });
});

afterAll(async () => {
  await c?.close();
  nock.enableNetConnect();
});

const command = (text: string, actingAs = 'lina', channel = 'marketing') =>
  post(c.url, '/api/console/command', { text, channel, actingAs });

/** The message a successful call stored. */
function posted(res: { json: ConsoleApiResult }): ConsoleMessageView {
  expect(res.json.posted, JSON.stringify(res.json)).toBeDefined();
  return res.json.posted!;
}

const idsOf = (messages: ConsoleMessageView[]) => messages.map((m) => m.id);

const feedbackCount = async () => Number((await c.db.db.select({ n: count() }).from(feedbacks))[0]!.n);

/** Replies the API stored itself (outbox deliveries keep arriving in the background). */
const replyCount = async () =>
  Number(
    (await c.db.db.select({ n: count() }).from(consoleMessages).where(isNull(consoleMessages.outboxId)))[0]!
      .n,
  );

describe('console page and assets', () => {
  it('GET / → the page in the configured language, with a strict CSP and labelled composer', async () => {
    const res = await fetch(`${c.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`aria-label="${tConsole('en', 'composer.label')}"`);
    expect(html).toContain('/console/app.js');
    for (const path of ['/console/app.js', '/console/style.css']) {
      const asset = await fetch(`${c.url}${path}`);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(1000);
    }
    const js = await (await fetch(`${c.url}/console/app.js`)).text();
    expect(js).not.toMatch(/\.innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('/state → channels, demo people with roles, the bot time and the UI strings', async () => {
    const { status, json } = await getState(c.url, 'wangqiang');
    expect(status).toBe(200);
    expect(json.channels).toEqual(['marketing', 'mkt-alerts', 'approvals', 'dm']);
    expect(json.people.map((p) => p.id)).toEqual(['lina', 'wangqiang', 'zhaomin', 'chenjing']);
    expect(json.people.find((p) => p.id === 'wangqiang')!.roles).toContain('approver');
    expect(json.now).toBe(c.deps.clock.now().toISOString());
    expect(json.actingAs).toBe('wangqiang');
    expect(json.strings['msg.ephemeral']).toBe('Only visible to you');
    expect(json.hooks).toEqual({ runJob: true, advanceClock: true, loadDemo: true });
  });
});

describe('commands, cards and live updates', () => {
  it('/feedback new → ephemeral reply only for the actor; the channel card comes through the outbox to /state and SSE', async () => {
    const linaEvents = await SseClient.open(c.url, 'lina');
    const wangEvents = await SseClient.open(c.url, 'wangqiang');
    try {
      const res = await command(
        '/feedback new source=wecom category=logistics severity=high text="快递三天没到 <b>急</b>"',
      );
      expect(res.status).toBe(200);
      const reply = posted(res);
      expect(reply.ephemeral).toBe(true);
      expect(reply.channel).toBe('marketing');
      expect(reply.card.title).toMatch(/^Feedback FB-\d+ logged$/);
      const code = /FB-\d+/.exec(reply.card.title)![0];

      const channelCard = await linaEvents.waitFor(
        (e) => e.event === 'message' && !!e.data.card?.title.includes(`New feedback ${code}`),
      );
      expect(channelCard.data.ephemeral).toBe(false);
      expect(channelCard.data.card!.text).toBe('快递三天没到 <b>急</b>');
      await wangEvents.waitFor((e) => e.event === 'message' && e.data.id === channelCard.data.id);
      // The actor's own stream got the ephemeral reply; nobody else's did.
      expect(linaEvents.events.some((e) => e.data.id === reply.id)).toBe(true);
      expect(wangEvents.events.some((e) => e.data.id === reply.id)).toBe(false);

      const lina = idsOf((await getState(c.url, 'lina')).json.messages);
      const wang = idsOf((await getState(c.url, 'wangqiang')).json.messages);
      expect(lina).toEqual(expect.arrayContaining([reply.id, channelCard.data.id]));
      expect(wang).toContain(channelCard.data.id);
      expect(wang).not.toContain(reply.id);

      const [row] = await c.db.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `feedback.created:${code}`));
      expect(row!.platform).toBe('console');
      expect(row!.destination).toBe('#marketing');
      await waitFor(async () =>
        (await c.db.db.select().from(outbox).where(eq(outbox.id, row!.id)))[0]!.status === 'sent'
          ? true
          : undefined,
      );
      const [stored] = await c.db.db
        .select()
        .from(consoleMessages)
        .where(eq(consoleMessages.id, channelCard.data.id!));
      expect(stored!.outboxId).toBe(row!.id);
      expect(stored!.visibleTo).toBeNull();
    } finally {
      await linaEvents.close();
      await wangEvents.close();
    }
  });

  it('/feedback ack by 王强 → the same #marketing card is updated in place: status, who, when, deadline met', async () => {
    const res = await command('/feedback new source=review category=price severity=medium text=价格太高');
    const code = /FB-\d+/.exec(posted(res).card.title)![0];
    const channelCards = async () =>
      (await getState(c.url, 'lina')).json.messages.filter((m) => m.card.title.includes(`${code} ·`));
    const card = await waitFor(async () => (await channelCards())[0]);
    await command(`/feedback ack ${code} note=已回复`, 'wangqiang');
    const updated = await waitFor(async () => {
      const [m] = await channelCards();
      return m?.card.title.endsWith('Acknowledged') ? m : undefined;
    });
    expect(updated.id).toBe(card.id);
    expect(updated.card.title).toBe(`Feedback ${code} · Medium · Acknowledged`);
    const fields = Object.fromEntries(updated.card.fields!.map((f) => [f.label, f]));
    expect(fields['Response due']).toMatchObject({ value: '11-27 10:00', struck: true });
    // People by name (the console's demo people), never `wangqiang` or `console:lina`
    expect(fields['First response']!.value).toBe('王强 · 11-26 10:00 · ✓ on time');
    expect(updated.card.context).toContain('Logged by: 李娜');
    expect(await channelCards()).toHaveLength(1);
  });

  it('a command typed in the DM view → its reply lands in that person’s DM, private to them', async () => {
    const reply = posted(await command('/mops help', 'zhaomin', 'dm'));
    expect(reply.channel).toBe('zhaomin');
    expect(cardText(reply.card)).toContain('/feedback new');
    expect(idsOf((await getState(c.url, 'lina')).json.messages)).not.toContain(reply.id);
    expect(idsOf((await getState(c.url, 'zhaomin')).json.messages)).toContain(reply.id);
  });

  it('/feedback new with no arguments → the form; a missing field → error next to it, nothing written; then it works', async () => {
    const { json } = await command('/feedback new');
    expect(json.posted).toBeUndefined();
    expect(json.form!.command).toBe('feedback new');
    expect(json.form!.fields.map((f) => f.name)).toEqual(['source', 'category', 'severity', 'text']);
    const before = await feedbackCount();
    const repliesBefore = await replyCount();
    const bad = await post(c.url, '/api/console/form', {
      command: 'feedback new',
      args: { source: 'review', category: 'price', severity: '', text: '  太贵了  ' },
      channel: 'marketing',
      actingAs: 'lina',
    });
    expect(bad.status).toBe(200);
    // A form names its field by the label people see, not the argument name.
    expect(bad.json.fieldErrors).toEqual({ severity: 'Missing argument “Severity”.' });
    expect(bad.json.posted).toBeUndefined();
    expect(await feedbackCount()).toBe(before);
    expect(await replyCount()).toBe(repliesBefore);

    const good = posted(
      await post(c.url, '/api/console/form', {
        command: 'feedback new',
        args: { source: 'review', category: 'price', severity: 'low', text: '  太贵了  ', extra: 'ignored' },
        channel: 'marketing',
        actingAs: 'lina',
      }),
    );
    expect(good.ephemeral).toBe(true);
    expect(good.card.title).toMatch(/Feedback FB-\d+ logged/);
    const [fb] = await c.db.db.select().from(feedbacks).where(eq(feedbacks.text, '太贵了'));
    expect(fb!.severity).toBe('low');
  });

  it('money typed in a console form like the command line (5万, ¥20万) is stored exactly; 五万块 gets a field error', async () => {
    const form = (budget: string) =>
      post(c.url, '/api/console/form', {
        command: 'campaign new',
        args: {
          name: '年终盘点',
          type: 'promotion',
          start: '2026-12-20',
          end: '2026-12-31',
          budget,
          channels: 'douyin',
          target_gmv: '¥20万',
          target_roi: '3',
          target_new_users: '1.2万',
        },
        channel: 'marketing',
        actingAs: 'lina',
      });
    const bad = await form('五万块');
    expect(bad.json.fieldErrors!.budget).toContain('“Budget” is not an amount: `五万块`');
    expect(bad.json.posted).toBeUndefined();
    const good = posted(await form('5万'));
    const code = good.card.title.match(/CMP-\d+/)![0];
    const [row] = await c.db.db.select().from(campaigns).where(eq(campaigns.code, code));
    expect(row).toMatchObject({ budgetFen: 5_000_000, targetGmvFen: 20_000_000, targetNewUsers: 12_000 });
  });

  it('"More" on a long list → the same message is replaced in place with page 2', async () => {
    while ((await feedbackCount()) < 23) {
      await command('/feedback new source=other category=other severity=low text=filler');
    }
    const list = posted(await command('/feedback list'));
    expect(list.card.context).toEqual(['Page 1/2 · 23 total']);
    const more = list.card.buttons![0]!;
    expect(more.text).toBe('More');
    const res = await post(c.url, '/api/console/action', {
      action: more.action,
      actingAs: 'lina',
      messageId: list.id,
    });
    expect(res.status).toBe(200);
    expect(res.json.replaced).toBe(true);
    const page2 = posted(res);
    expect(page2.id).toBe(list.id);
    expect(page2.card.context).toEqual(['Page 2/2 · 23 total']);
    expect(page2.card.buttons).toBeUndefined();
    const same = (await getState(c.url, 'lina')).json.messages.filter((m) => m.id === list.id);
    expect(same).toHaveLength(1);
    expect(same[0]!.card.context).toEqual(['Page 2/2 · 23 total']);
  });
});

describe('bad input is refused clearly and writes nothing', () => {
  let before: number;
  beforeEach(async () => {
    before = await feedbackCount();
  });

  it('an unknown command → the same message Slack gives, ephemeral, with the usage line', async () => {
    const res = await command('/frobnicate now');
    expect(res.status).toBe(200);
    const reply = posted(res);
    expect(reply.ephemeral).toBe(true);
    expect(cardText(reply.card)).toContain('Unknown command `frobnicate`');
    expect(cardText(reply.card)).toContain('Usage: /mops help');
    expect(await feedbackCount()).toBe(before);
  });

  it('a bad argument → names the argument and shows the usage, as in Slack', async () => {
    const reply = posted(await command('/feedback new source=fax category=logistics severity=high text=hi'));
    expect(cardText(reply.card)).toContain('Argument `source` must be one of');
    expect(cardText(reply.card)).toMatch(/Usage: \/feedback new/);
    expect(await feedbackCount()).toBe(before);
  });

  it('a malformed action → the dispatcher’s clear message, the original message untouched', async () => {
    const list = posted(await command('/feedback list'));
    const res = await post(c.url, '/api/console/action', {
      action: 'bogus:thing',
      actingAs: 'lina',
      messageId: list.id,
    });
    expect(res.status).toBe(200);
    expect(res.json.replaced).toBe(false);
    const reply = posted(res);
    expect(reply.id).not.toBe(list.id);
    expect(reply.ephemeral).toBe(true);
    expect(cardText(reply.card)).toContain('Unknown command `bogus:thing`');
    const still = (await getState(c.url, 'lina')).json.messages.find((m) => m.id === list.id);
    expect(still!.card).toEqual(list.card);
  });

  it.each([
    [
      'an unknown acting person',
      { text: '/mops help', channel: 'marketing', actingAs: 'mallory' },
      /no demo person `mallory`.*lina, wangqiang/,
    ],
    [
      'an unknown channel',
      { text: '/mops help', channel: 'random', actingAs: 'lina' },
      /no channel `random`/,
    ],
    ['no text', { channel: 'marketing', actingAs: 'lina' }, /Field `text` is missing/],
    ['blank text', { text: '   ', channel: 'marketing', actingAs: 'lina' }, /Field `text` is invalid/],
    [
      'an extra field',
      { text: '/mops help', channel: 'marketing', actingAs: 'lina', admin: true },
      /Unknown field `admin`/,
    ],
    ['malformed JSON', '{"text": "/mops help", ', /not valid JSON/],
    ['a JSON array', '[1,2]', /not valid JSON/],
  ])('a command with %s → 400 with a clear message, nothing stored', async (_name, body, message) => {
    const repliesBefore = await replyCount();
    const res = await post(c.url, '/api/console/command', body);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(message);
    expect(await replyCount()).toBe(repliesBefore);
  });

  it('a non-JSON body → 415, so another site cannot post a simple form', async () => {
    const res = await fetch(`${c.url}/api/console/command`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ text: '/mops help', channel: 'marketing', actingAs: 'lina' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ConsoleApiResult).message).toContain('application/json');
  });

  it('a request from another site or a foreign host name → 403', async () => {
    const body = { text: '/mops help', channel: 'marketing', actingAs: 'lina' };
    const cross = await post(c.url, '/api/console/command', body, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.json.error).toBe('forbidden_origin');
    const same = await post(c.url, '/api/console/command', body, { origin: c.url });
    expect(same.status).toBe(200);
    // fetch forbids setting Host, so a DNS-rebinding request is made with node:http.
    const rebound = await new Promise<number>((resolve, reject) => {
      const u = new URL(c.url);
      const req = request({
        host: u.hostname,
        port: u.port,
        path: '/api/console/state?as=lina',
        headers: { host: 'evil.example:3000' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
  });

  it('a request from another machine → 403, unless the console was opened to others on purpose', async () => {
    // The server may listen on all interfaces for Slack; the console must still answer only this machine.
    const fromLan = async (runtime: ConsoleRuntime) => {
      const route = runtime.routes.find((r) => r.path === '/api/console/state')!;
      const out = { status: 0, body: '' };
      const req = { headers: { host: '192.168.1.20:3000' }, socket: { remoteAddress: '::ffff:192.168.1.9' } };
      const res = {
        headersSent: false,
        writeHead: (status: number) => {
          out.status = status;
        },
        end: (body: string) => {
          out.body = body;
        },
      };
      await route.handle(
        req as never,
        res as never,
        new URL('http://192.168.1.20:3000/api/console/state?as=lina'),
      );
      return { status: out.status, json: JSON.parse(out.body) as ConsoleApiResult };
    };
    const refused = await fromLan(c.runtime);
    expect(refused.status).toBe(403);
    expect(refused.json.message).toContain('only answers this machine');
    const opened = consoleRuntime(c.deps, { allowRemote: true });
    expect((await fromLan(opened)).status).toBe(200);
    await opened.stop();
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.127')).toBe(false);
  });

  it('a click on a message the person cannot see, or that does not exist → 400', async () => {
    const mine = posted(await command('/mops help', 'lina'));
    const theirs = await post(c.url, '/api/console/action', {
      action: 'cmd:mops help',
      actingAs: 'wangqiang',
      messageId: mine.id,
    });
    expect(theirs.status).toBe(400);
    expect(theirs.json.message).toContain(`Message ${mine.id} does not exist or is not visible to you`);
    const missing = await post(c.url, '/api/console/action', {
      action: 'cmd:mops help',
      actingAs: 'lina',
      messageId: 999999,
    });
    expect(missing.status).toBe(400);
    const malformed = await post(c.url, '/api/console/action', {
      action: 'x',
      actingAs: 'lina',
      messageId: 'one',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.message).toContain('Field `messageId` is invalid');
  });

  it('a form for a command that has none → 400 naming it', async () => {
    const res = await post(c.url, '/api/console/form', {
      command: 'feedback ack',
      args: {},
      channel: 'marketing',
      actingAs: 'lina',
    });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('There is no form for `feedback ack`');
  });

  it('SSE for an unknown person → 400', async () => {
    const res = await fetch(`${c.url}/api/console/events?as=nobody`);
    expect(res.status).toBe(400);
  });
});

describe('clock control and demo data', () => {
  it('Run now → the job runs with that name and the page is told what it did; unknown jobs are refused', async () => {
    nextJob = async () => ({
      job: 'daily-digest',
      periodKey: '2026-11-25',
      ran: true,
      summary: { posted: 1 },
    });
    const ok = await post(c.url, '/api/console/run-job', { name: 'daily-digest' });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({
      ok: true,
      job: 'daily-digest',
      ran: true,
      summary: 'Ran Daily digest · period 2026-11-25 · posted=1',
    });
    expect(jobsRun).toEqual(['daily-digest']);
    const bad = await post(c.url, '/api/console/run-job', { name: 'rm -rf' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain(
      'There is no job `rm -rf`; choose one of: daily-digest, weekly-digest, monthly-report, sla-sweep, budget-watch',
    );
    expect(jobsRun).toEqual(['daily-digest']);
  });

  it('Run now for a period that already ran → says so and how to reach the next period', async () => {
    nextJob = async () => ({ job: 'daily-digest', periodKey: '2026-11-25', ran: false });
    const res = await post(c.url, '/api/console/run-job', { name: 'daily-digest' });
    expect(res.status).toBe(200);
    expect(res.json.ran).toBe(false);
    expect(res.json.summary).toBe(
      'Daily digest already ran for 2026-11-25: each period posts once. Use “+1 day” to reach the next period.',
    );
  });

  it('a job that fails → 500 with the error id the log has, and the page shows it', async () => {
    nextJob = async () => ({ job: 'sla-sweep', periodKey: 'x', ran: false, error: 'EDEADBEEF' });
    const failed = await post(c.url, '/api/console/run-job', { name: 'sla-sweep' });
    expect(failed.status).toBe(500);
    expect(failed.json.message).toBe('Job SLA sweep failed and it has been logged. Error id EDEADBEEF.');
    nextJob = async () => {
      throw new Error('boom');
    };
    const thrown = await post(c.url, '/api/console/run-job', { name: 'budget-watch' });
    expect(thrown.status).toBe(500);
    const id = thrown.json.errorId!;
    expect(thrown.json.message).toContain(id);
    expect(thrown.json.message).not.toContain('boom');
    expect(c.deps.memlog.lines.some((l) => l.includes(id) && l.includes('boom'))).toBe(true);
  });

  it('+1 day → the bot clock moves 24 h, the page is told over SSE; nonsense hours are refused', async () => {
    const events = await SseClient.open(c.url, 'lina');
    try {
      const before = c.deps.clock.now().getTime();
      const res = await post(c.url, '/api/console/time-travel', { hours: 24 });
      expect(res.status).toBe(200);
      const now = res.json.now!;
      expect(Date.parse(now) - before).toBe(24 * 3_600_000);
      expect(c.deps.clock.now().toISOString()).toBe(now);
      await events.waitFor((e) => e.event === 'clock' && e.data.now === now);
      for (const hours of [0, -1, 1e9, '1']) {
        const bad = await post(c.url, '/api/console/time-travel', { hours });
        expect(bad.status).toBe(400);
      }
      expect(c.deps.clock.now().toISOString()).toBe(now);
    } finally {
      await events.close();
    }
  });

  it('Load demo data → the hook runs and open pages are told to reload', async () => {
    const events = await SseClient.open(c.url, 'chenjing');
    try {
      const res = await post(c.url, '/api/console/demo', {});
      expect(res.json).toEqual({ ok: true, summary: 'demo: 90 days' });
      expect(demoLoads).toBe(1);
      await events.waitFor((e) => e.event === 'reload');
    } finally {
      await events.close();
    }
  });
});

describe('a console started without hooks, in Chinese', () => {
  let zh: ConsoleHarness;
  beforeAll(async () => {
    zh = await startConsole({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await zh?.close();
  });

  it('clock controls say they are not available; the page and errors are in Chinese', async () => {
    const res = await post(zh.url, '/api/console/run-job', { name: 'daily-digest' });
    expect(res.status).toBe(501);
    expect(res.json.message).toBe(tConsole('zh-CN', 'err.not_available'));
    expect((await post(zh.url, '/api/console/time-travel', { hours: 1 })).status).toBe(501);
    expect((await post(zh.url, '/api/console/demo', {})).status).toBe(501);
    const state = (await getState(zh.url)).json;
    expect(state.actingAs).toBe('lina');
    expect(state.hooks).toEqual({ runJob: false, advanceClock: false, loadDemo: false });
    expect(state.strings['msg.ephemeral']).toBe('仅你可见');
    expect(await (await fetch(`${zh.url}/`)).text()).toContain('<html lang="zh-CN">');
    const unknown = posted(
      await post(zh.url, '/api/console/command', {
        text: '/frobnicate',
        channel: 'marketing',
        actingAs: 'lina',
      }),
    );
    expect(cardText(unknown.card)).toContain('未知命令 `frobnicate`');
  });

  it('close() ends open event streams so the server can shut down', async () => {
    const events = await SseClient.open(zh.url, 'lina');
    await waitFor(async () => (zh.runtime.streams === 1 ? true : undefined));
    await zh.runtime.stop();
    await events.close();
    expect(zh.runtime.streams).toBe(0);
  });
});
