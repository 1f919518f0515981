import { and, eq, ne } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { approvals, approvalVotes, auditLog, inbox, type OutboxRow, outbox } from '../../db/schema';
import { SendError } from '../../src/delivery/failures';
import { SLACK_REPLY_PLATFORM } from '../../src/platforms/slack/reply-sender';
import { slackSender } from '../../src/platforms/slack/sender';
import { SLACK_TEST_TOKEN, useSlackTestBot } from '../helpers/bot';
import { auditOf } from '../helpers/db';
import { waitFor as waitUntil } from '../helpers/e2e';
import { blockText, captureResponse, postSigned, RESPONSE_HOST, SLACK_API } from '../helpers/slack';

type Msg = Record<string, unknown>;

const app = useSlackTestBot({
  env: { MOPS_APPROVERS: 'U0BOSS,U0BOSS2', MOPS_ADMINS: 'U0ADMIN', MOPS_APPROVALS_CHANNEL: 'C_APPROVALS' },
  dispatcherIntervalMs: 20,
  user: 'U0SPEC',
  // Every Web API call the bot makes, by method, as Slack received it.
  record: ['chat.postMessage', 'chat.update', 'views.open', 'chat.postEphemeral'],
});
const { calls, clock, memlog, run } = app;

afterEach(() => {
  expect(memlog.lines.join('\n')).not.toContain(SLACK_TEST_TOKEN);
});

/**
 * Wait until `fn` finds something. The outbox spaces posts to one Slack channel a second apart on the bot's
 * (fake) clock, so the clock moves on while waiting.
 */
const waitFor = <T>(fn: () => T | undefined | Promise<T | undefined>) =>
  waitUntil(fn, { ms: 8000, every: 20, onRetry: () => clock.advance(250) });

let n = 0;
/** A block_actions payload for a click on one of a posted card's buttons. */
function clickBody(user: string, action: string, opts: { ts?: string; actionTs?: string } = {}) {
  n++;
  const responsePath = `/actions/T1/${n}/resp`;
  const ts = opts.ts ?? '1700000000.000001';
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: ts, channel_id: 'C_APPROVALS', is_ephemeral: false },
    trigger_id: `trig.act.${process.pid}.${n}`,
    channel: { id: 'C_APPROVALS', name: 'approvals' },
    message: { type: 'message', ts, text: 'card' },
    response_url: `${RESPONSE_HOST}${responsePath}`,
    actions: [
      {
        type: 'button',
        action_id: action,
        block_id: 'card_actions_0',
        value: action,
        action_ts: opts.actionTs ?? `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, '0')}`,
        text: { type: 'plain_text', text: 'x' },
      },
    ],
  };
  return { body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, responsePath };
}

async function click(user: string, action: string, opts: { ts?: string } = {}) {
  const { body, responsePath } = clickBody(user, action, opts);
  const reply = captureResponse(responsePath);
  const res = await postSigned(app.url, body);
  expect(res.status).toBe(200);
  return reply;
}

/** Submit the reason modal the bot opened, as Slack would post the view_submission. */
async function submitModal(user: string, view: Msg, values: Record<string, string>) {
  const state = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, { value: { type: 'plain_text_input', value: v } }]),
  );
  const payload = {
    type: 'view_submission',
    team: { id: 'T1', domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig.view.${n++}`,
    view: { ...view, id: 'V1', team_id: 'T1', state: { values: state }, hash: 'h1', app_id: 'A1' },
    response_urls: [],
  };
  return postSigned(app.url, `payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

/** The approval card posted for a code, once the outbox has sent it. */
const postedCard = (code: string) =>
  waitFor(() =>
    calls['chat.postMessage']!.find((m) => m.channel === 'C_APPROVALS' && blockText(m).includes(`${code} ·`)),
  );
const updatesOf = (ts: unknown) => calls['chat.update']!.filter((m) => m.ts === ts);
const buttonsOf = (msg: Msg) =>
  ((msg.blocks as { type: string; elements?: Msg[] }[]) ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
const codeIn = (msg: Msg) => blockText(msg).match(/APR-\d+/)![0];
const auditCount = async () => (await app.db.select().from(auditLog)).length;

describe('Slack approvals end to end over signed HTTP', () => {
  let content: { code: string; ts: unknown };

  it('/content submit with absolute terms → ephemeral summary; card in the approvals channel with findings on top', async () => {
    const reply = await run(
      '/content',
      'submit title="双十一面霜" channel=小红书 text="全网销量第一的保湿面霜，国家级品质，秋冬最佳选择。" brief="突出保湿"',
    );
    expect(reply.response_type).toBe('ephemeral');
    expect(blockText(reply)).toMatch(/Submitted APR-\d+ for approval/);
    expect(blockText(reply)).toContain('3 issues, 3 high severity');
    const code = codeIn(reply);

    const card = await postedCard(code);
    const text = blockText(card);
    expect(text).toContain('<@U0SPEC>');
    expect(text).toContain('3 high-severity compliance findings');
    expect(text).toContain('全网销量第一');
    expect(text).toContain('广告法 第九条');
    expect(text).toContain('Xiaohongshu');
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => b.value)).toEqual([
      `approval:${code}:approve`,
      `approval:${code}:changes`,
      `approval:${code}:reject`,
    ]);
    // No client-side dialog: it would ask a non-approver "Approve anyway?" before refusing them.
    expect(buttons[0]!.confirm).toBeUndefined();
    content = { code, ts: card.postedTs };
  });

  it.each([
    ['a non-approver', 'U0SPEC2', 'Only approvers can decide'],
    ['an admin who is not an approver', 'U0ADMIN', 'Only approvers can decide'],
  ])('%s clicking Approve → ephemeral refusal, nothing changes', async (_who, user, message) => {
    const before = await auditCount();
    const reply = await click(user, `approval:${content.code}:approve`, { ts: content.ts as string });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.replace_original).toBe(false);
    expect(blockText(reply)).toContain(message);
    const [a] = await app.db.select().from(approvals).where(eq(approvals.code, content.code));
    expect(a!.status).toBe('pending');
    expect(await auditCount()).toBe(before);
  });

  it('typed approve of a draft with high findings asks for confirm=yes first', async () => {
    const reply = await run('/content', `approve ${content.code}`, 'U0BOSS');
    expect(blockText(reply)).toContain('To approve anyway, add `confirm=yes`');
    const [a] = await app.db.select().from(approvals).where(eq(approvals.code, content.code));
    expect(a!.status).toBe('pending');
  });

  it('an approver clicking Approve on high findings is asked "Approve anyway?" (after the permission check); nothing decided yet', async () => {
    const before = await auditCount();
    const ask = await click('U0BOSS', `approval:${content.code}:approve`, { ts: content.ts as string });
    expect(ask.response_type).toBe('ephemeral');
    expect(blockText(ask)).toContain('Approve anyway?');
    expect(blockText(ask)).toContain('high-severity advertising-law finding');
    expect(buttonsOf(ask).map((b) => b.value)).toEqual([`approval:${content.code}:approve_anyway`]);
    const [a] = await app.db.select().from(approvals).where(eq(approvals.code, content.code));
    expect(a!.status).toBe('pending');
    expect(await auditCount()).toBe(before);
    // A non-approver pressing that button too is refused by the decision itself.
    const sneaky = await click('U0SPEC2', `approval:${content.code}:approve_anyway`);
    expect(blockText(sneaky)).toContain('Only approvers can decide');
  });

  it('an approver clicks Approve anyway → told so; the card is updated in place with chat.update; the requester gets a DM', async () => {
    const reply = await click('U0BOSS', `approval:${content.code}:approve_anyway`, {
      ts: content.ts as string,
    });
    expect(blockText(reply)).toContain(`You approved ${content.code}`);

    const update = await waitFor(() => updatesOf(content.ts)[0]);
    expect(update.channel).toBe('C_APPROVALS');
    expect(buttonsOf(update)).toEqual([]);
    expect(blockText(update)).toContain('<@U0BOSS> approved at 11-26 10:');
    expect(blockText(update)).toContain('全网销量第一');

    const dm = await waitFor(() => calls['chat.postMessage']!.find((m) => m.channel === 'U0SPEC'));
    expect(blockText(dm)).toContain('approved your request “双十一面霜”');
    const audit = await auditOf(app.db, content.code);
    expect(audit.map((r) => r.action)).toEqual(['approval.submit', 'approval.decide']);
  });

  it('the same click delivered again changes nothing; a late click by another approver is told who decided', async () => {
    const repeat = clickBody('U0BOSS', `approval:${content.code}:approve`, { actionTs: '1764122400.000001' });
    const first = captureResponse(repeat.responsePath);
    await postSigned(app.url, repeat.body);
    // The first delivery is answered (it was already decided); its platform retry below is not run again.
    expect(blockText(await first)).toContain(content.code);
    const before = await auditCount();
    const res = await postSigned(app.url, repeat.body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(res.status).toBe(200);
    const late = await click('U0BOSS2', `approval:${content.code}:approve`, { ts: content.ts as string });
    expect(blockText(late)).toContain(`<@U0BOSS> already approved ${content.code} at 11-26 10:`);
    expect(blockText(late)).toContain('Nothing changed');
    expect(await auditCount()).toBe(before);
    const [a] = await app.db.select().from(approvals).where(eq(approvals.code, content.code));
    expect(await app.db.select().from(approvalVotes).where(eq(approvalVotes.approvalId, a!.id))).toHaveLength(
      1,
    );
    expect(updatesOf(content.ts)).toHaveLength(1);
  });

  it('two approvers clicking at the same moment → one decides, the other is told', async () => {
    const reply = await run('/content', 'submit title=周末上新 channel=weibo text=柔软亲肤，欢迎试穿。');
    const code = codeIn(reply);
    const card = await postedCard(code);
    const [a, b] = await Promise.all([
      click('U0BOSS', `approval:${code}:approve`, { ts: card.postedTs as string }),
      click('U0BOSS2', `approval:${code}:approve`, { ts: card.postedTs as string }),
    ]);
    const texts = [blockText(a), blockText(b)];
    expect(texts.filter((t) => t.includes(`You approved ${code}`))).toHaveLength(1);
    expect(texts.filter((t) => t.includes(`already approved ${code}`))).toHaveLength(1);
    expect((await app.db.select().from(approvals).where(eq(approvals.code, code)))[0]!.status).toBe(
      'approved',
    );
  });

  it('the requester cannot approve their own request, even as an approver', async () => {
    const reply = await run('/content', 'submit title=自荐 channel=weibo text=好用', 'U0BOSS2');
    const code = codeIn(reply);
    const card = await postedCard(code);
    const self = await click('U0BOSS2', `approval:${code}:approve`, { ts: card.postedTs as string });
    expect(blockText(self)).toContain(`${code} is your own request`);
  });

  it('Reject opens a reason modal; submitting it rejects, updates the card with the reason and DMs the requester', async () => {
    const reply = await run(
      '/content',
      'submit title=新品测评 channel=douyin link=https://docs.example.com/d/7',
    );
    const code = codeIn(reply);
    const card = await postedCard(code);
    expect(blockText(card)).toContain('Only a link was given');

    const opened = calls['views.open']!.length;
    // The modal is the answer: nothing is posted to response_url.
    const { body } = clickBody('U0BOSS', `approval:${code}:reject`, { ts: card.postedTs as string });
    expect((await postSigned(app.url, body)).status).toBe(200);
    const call = await waitFor(() => calls['views.open']![opened]);
    const view = (typeof call.view === 'string' ? JSON.parse(call.view) : call.view) as Msg;
    expect(view.callback_id).toBe(`form:content reject ${code}`);
    expect(JSON.stringify(view.blocks)).toContain('"block_id":"reason"');
    expect(view.private_metadata).toBe(JSON.stringify({ platform: 'slack', channel: 'C_APPROVALS' }));
    // The modal asked; nothing is decided until it is submitted.
    expect((await app.db.select().from(approvals).where(eq(approvals.code, code)))[0]!.status).toBe(
      'pending',
    );

    const res = await submitModal('U0BOSS', view, { reason: '链接打不开，请附正文' });
    expect(res.status).toBe(200);
    const ephemeral = await waitFor(() =>
      calls['chat.postEphemeral']!.find((m) => m.user === 'U0BOSS' && blockText(m).includes(code)),
    );
    expect(blockText(ephemeral)).toContain(`You rejected ${code}`);
    const update = await waitFor(() => updatesOf(card.postedTs)[0]);
    expect(blockText(update)).toContain('rejected at');
    expect(blockText(update)).toContain('Reason: 链接打不开，请附正文');
    expect(buttonsOf(update)).toEqual([]);
    const [a] = await app.db.select().from(approvals).where(eq(approvals.code, code));
    expect(a).toMatchObject({
      status: 'rejected',
      decidedBy: 'slack:U0BOSS',
      decisionReason: '链接打不开，请附正文',
    });
  });

  it('Request changes by a non-approver is refused at the click, before any modal opens', async () => {
    const reply = await run('/content', 'submit title=草稿 channel=weibo text=好用');
    const code = codeIn(reply);
    const opened = calls['views.open']!.length;
    const refused = await click('U0SPEC2', `approval:${code}:changes`);
    expect(blockText(refused)).toContain('Only approvers can decide');
    expect(calls['views.open']!.length).toBe(opened);
  });

  it('a payload with an approval code that does not exist → clear ephemeral message', async () => {
    const reply = await click('U0BOSS', 'approval:APR-99999:approve');
    expect(reply.response_type).toBe('ephemeral');
    expect(blockText(reply)).toContain('No approval `APR-99999` exists');
  });

  it('a forged click (bad signature) gets 401 and decides nothing', async () => {
    const reply = await run('/content', 'submit title=伪造测试 channel=weibo text=好用');
    const code = codeIn(reply);
    const { body } = clickBody('U0BOSS', `approval:${code}:approve`);
    const accepted = (await app.db.select().from(inbox)).length;
    expect((await postSigned(app.url, body, { secret: 'wrong-secret' })).status).toBe(401);
    // Work is written to the inbox before the response: no row now means nothing will be decided.
    expect((await app.db.select().from(inbox)).length).toBe(accepted);
    expect((await app.db.select().from(approvals).where(eq(approvals.code, code)))[0]!.status).toBe(
      'pending',
    );
  });

  it.each([
    ['fee=abc', 'Argument `fee` is not an amount: `abc`'],
    ['fee=0', 'Argument `fee` must be more than 0'],
    ['fee=50000 followers=很多', 'Argument `followers` must be a whole number'],
    ['fee=50000 date=2026-02-30', 'Argument `date`: the date `2026-02-30` does not exist'],
    ['fee=50000 date=2026-11-01', 'Argument `date`: 2026-11-01 has passed (today is 2026-11-26)'],
    ['fee=50000 followers=0', 'Argument `followers` must be more than 0'],
  ])('/kol propose with %s → a clear message naming the argument, nothing written', async (bad, message) => {
    const base = {
      name: 'A',
      platform: 'douyin',
      followers: '10万',
      deliverables: '视频1条',
      date: '2026-12-01',
    };
    const args = Object.entries(base)
      .filter(([k]) => !bad.includes(`${k}=`))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    await app.expectRefused('/kol', `propose ${args} ${bad}`, message, [approvals]);
  });

  it('a KOL deal above ¥50,000 shows 1/2 after one approval and closes after a second approver; then its result and ROI', async () => {
    const reply = await run(
      '/kol',
      'propose name=小鹿爱测评 platform=xiaohongshu followers=50万 fee=8万 deliverables="图文 2 篇 + 短视频 1 条" date=2026-11-30 expected_views=1000000',
    );
    expect(blockText(reply)).toMatch(/Proposed KOL deal APR-\d+/);
    expect(blockText(reply)).toContain('¥80.00'); // CPM: ¥80,000 ÷ 1,000,000 views × 1000
    const code = codeIn(reply);
    const card = await postedCard(code);
    expect(blockText(card)).toContain('0/2');
    expect(blockText(card)).toContain('¥160.00'); // per 1k followers

    const first = await click('U0BOSS', `approval:${code}:approve`, { ts: card.postedTs as string });
    expect(blockText(first)).toContain(`Your approval of ${code} is recorded (1/2)`);
    const partial = await waitFor(() => updatesOf(card.postedTs)[0]);
    expect(blockText(partial)).toContain('1/2');
    expect(blockText(partial)).toContain('Approved by U0BOSS at');
    expect(buttonsOf(partial)).toHaveLength(3);

    const again = await click('U0BOSS', `approval:${code}:approve`, { ts: card.postedTs as string });
    expect(blockText(again)).toContain(`You already approved ${code}`);

    const second = await click('U0BOSS2', `approval:${code}:approve`, { ts: card.postedTs as string });
    expect(blockText(second)).toContain(`You approved ${code}`);
    const final = await waitFor(() => updatesOf(card.postedTs)[1]);
    expect(buttonsOf(final)).toEqual([]);
    expect(blockText(final)).toContain('<@U0BOSS> <@U0BOSS2> approved at');

    const result = await run('/kol', `result ${code} views=120万 engagements=35000 gmv=25.6万`);
    expect(blockText(result)).toContain(`Result recorded for ${code}`);
    expect(blockText(result)).toContain('3.2:1');
    const list = await run('/kol', 'list status=approved');
    expect(blockText(list)).toContain(code);
    expect(blockText(list)).toContain('ROI 3.2:1');
    const audit = await auditOf(app.db, code);
    expect(audit.map((r) => r.action)).toEqual([
      'approval.propose',
      'approval.vote',
      'approval.decide',
      'approval.result',
    ]);
  });

  it('bad codes and closed approvals on typed commands → clear messages, nothing changes', async () => {
    const before = await auditCount();
    expect(blockText(await run('/content', 'approve APR-424242', 'U0BOSS'))).toContain(
      'No approval `APR-424242` exists',
    );
    expect(blockText(await run('/content', 'reject APR-1', 'U0BOSS'))).toContain('Missing argument `reason`');
    expect(blockText(await run('/kol', 'result APR-1 views=1 engagements=1 gmv=1'))).toContain(
      'is not a KOL deal',
    );
    const closed = await run('/content', `reject ${content.code} reason=晚了`, 'U0BOSS2');
    expect(blockText(closed)).toContain(`already approved ${content.code}`);
    expect(await auditCount()).toBe(before);
  });

  it('/content list filters by status and pages', async () => {
    const list = await run('/content', 'list status=approved');
    expect(blockText(list)).toContain('Content approvals · Approved');
    expect(blockText(list)).toContain(content.code);
    expect(blockText(list)).not.toContain('新品测评');
    const bad = await run('/content', 'list status=maybe');
    expect(blockText(bad)).toContain('Argument `status` must be one of');
  });

  it('every posted card and update went through the outbox exactly once', async () => {
    // Replies to clicks whose response_url no test intercepted keep retrying; the cards are what counts here.
    await waitFor(async () => {
      const pending = await app.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), ne(outbox.platform, SLACK_REPLY_PLATFORM)));
      return pending.length === 0 ? true : undefined;
    });
    const dead = await app.db.select().from(outbox).where(eq(outbox.status, 'dead'));
    expect(dead).toEqual([]);
    const cards = calls['chat.postMessage']!.filter((m) => m.channel === 'C_APPROVALS');
    expect(new Set(cards.map((m) => codeIn(m))).size).toBe(cards.length);
  });
});

describe('Slack sender: in-place updates of a posted card', () => {
  const row = (payload: Msg) =>
    ({
      id: 99,
      kind: 'update',
      platform: 'slack',
      destination: 'C_APPROVALS',
      payload,
      attempts: 1,
    }) as unknown as OutboxRow;
  const sender = (lookupRef?: (id: number) => Promise<string | undefined>) =>
    slackSender({
      token: 'xoxb-test-token',
      apiUrl: `${SLACK_API}/api/`,
      locale: 'en',
      log: app.bot.deps.log,
      lookupRef,
    });

  it('an update queued before its card was posted finds the ts through lookupRef and calls chat.update', async () => {
    const before = calls['chat.update']!.length;
    const looked: number[] = [];
    const r = await sender(async (id) => {
      looked.push(id);
      return '1700000000.777777';
    }).send(row({ updateOf: 41 }), { title: 'APR-41', text: 'approved at 11-26 10:04.', buttons: [] });
    expect(looked).toEqual([41]);
    expect(r.ref).toBe('1700000000.777777');
    const call = calls['chat.update']![before]!;
    expect(call).toMatchObject({ channel: 'C_APPROVALS', ts: '1700000000.777777' });
    expect(blockText(call)).toContain('approved at 11-26 10:04.');
  });

  it('an update with no posted message to point at fails for good (no retry loop) and posts nothing', async () => {
    const before = calls['chat.update']!.length;
    const err = await sender()
      .send(row({ updateOf: 42 }), { title: 'APR-42' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).retryable).toBe(false);
    expect(calls['chat.update']!.length).toBe(before);
  });
});
