import { describe, expect, it } from 'vitest';
import { useSlackTestBot } from '../helpers/bot';
import { waitFor as waitUntil } from '../helpers/e2e';
import { blockText } from '../helpers/slack';

/** Feedback and incident channel cards follow their record: each step updates the posted card in place. */
const app = useSlackTestBot({
  dispatcherIntervalMs: 20,
  user: 'U0SPEC',
  channel: 'C_MKT',
  record: ['chat.postMessage', 'chat.update', 'users.info'],
  userNames: { U0SPEC: '李娜', U0LEAD: '王强' },
});
const { calls, clock, run } = app;

type Msg = Record<string, unknown>;
/** The outbox paces posts to one channel on the bot's (fake) clock, so the clock moves on while waiting. */
const waitFor = <T>(fn: () => T | undefined | Promise<T | undefined>) =>
  waitUntil(fn, { ms: 8000, every: 20, onRetry: () => clock.advance(250) });
const posted = (code: string) =>
  waitFor(() => calls['chat.postMessage']!.find((m) => blockText(m).includes(`${code} ·`)));
const nthUpdate = (ts: unknown, n: number) =>
  waitFor(() => calls['chat.update']!.filter((m) => m.ts === ts)[n - 1]);
const codeIn = (reply: Msg, prefix: string) => blockText(reply).match(new RegExp(`${prefix}-\\d+`))![0];

describe('Slack channel cards follow the record', () => {
  it('/feedback ack → the channel card says acknowledged, by whom, when, deadline struck and met; resolve → resolved', async () => {
    const created = await run(
      '/feedback',
      'new source=wecom category=logistics severity=high text=快递三天没到',
    );
    const code = codeIn(created, 'FB');
    const card = await posted(code);
    expect(blockText(card)).toContain('Response due');
    expect(blockText(card)).toContain('11-27 10:00');
    expect(blockText(card)).not.toContain('~11-27 10:00~');

    clock.set('2026-11-26T03:30:00Z'); // 11:30, well within the 24 h window
    await run('/feedback', `ack ${code} note=已联系客户`, 'U0LEAD');
    const acked = await nthUpdate(card.postedTs, 1);
    expect(acked.channel).toBe('C_MKT');
    const text = blockText(acked);
    expect(text).toContain(`Feedback ${code} · High · Acknowledged`);
    expect(text).toContain('~11-27 10:00~');
    expect(text).toMatch(/First response\*?\s*\n?.*王强 · 11-26 11:30 · ✓ on time/);
    expect(text).toContain('已联系客户');
    expect(text).toContain('Logged by: 李娜');
    expect(text).not.toContain('U0SPEC');

    clock.set('2026-11-27T06:00:00Z');
    await run('/feedback', `resolve ${code} note=已补发`);
    const resolved = await nthUpdate(card.postedTs, 2);
    expect(blockText(resolved)).toContain(`Feedback ${code} · High · Resolved`);
    expect(blockText(resolved)).toMatch(/Resolved\*?\s*\n?.*李娜 · 11-27 14:00/);
    expect(calls['chat.postMessage']!.filter((m) => blockText(m).includes(code))).toHaveLength(1);
    // users.info once per person: the directory is cached
    expect(calls['users.info']!.map((c) => c.user).sort()).toEqual(['U0LEAD', 'U0SPEC']);
  });

  it('/incident respond late → card shows the statement 30 min late; close → report clock; report → filed', async () => {
    clock.set('2026-11-28T02:00:00Z');
    const created = await run('/incident', 'new platform=weibo severity=high summary="用户投诉质量问题"');
    const code = codeIn(created, 'INC');
    const card = await posted(code);

    clock.set('2026-11-28T04:30:00Z'); // 12:30, the 2 h window ended at 12:00
    await run('/incident', `respond ${code} note="已发布致歉声明"`, 'U0LEAD');
    const responded = blockText(await nthUpdate(card.postedTs, 1));
    expect(responded).toContain(`Incident ${code} · High · Weibo · Responded`);
    expect(responded).toContain('~11-28 12:00~');
    expect(responded).toMatch(/王强 · 11-28 12:30 · ⚠️ 30m late/);

    await run('/incident', `close ${code}`);
    const closed = blockText(await nthUpdate(card.postedTs, 2));
    expect(closed).toContain(`Incident ${code} · High · Weibo · Closed`);
    expect(closed).toContain('Report due');

    await run('/incident', `report ${code} text="处理完毕"`);
    const reported = blockText(await nthUpdate(card.postedTs, 3));
    expect(reported).toContain(`Incident ${code} · High · Weibo · Reported`);
    expect(reported).toMatch(/Report filed\*?\s*\n?.*李娜 · .* · ✓ on time/);
  });
});
