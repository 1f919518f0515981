/**
 * Slack App Home: app_home_opened → views.publish with the person's open SLA items, approvals waiting for
 * them (with buttons), campaigns and budget, within Block Kit's 100 blocks and with "more" buttons; a
 * click on the tab decides, DMs the result and publishes the tab again.
 */
import { describe, expect, it } from 'vitest';
import { approvals, campaigns, feedbacks } from '../../db/schema';
import { HOME_MAX_BLOCKS } from '../../src/platforms/slack/home';
import { useSlackTestBot } from '../helpers/bot';
import { waitFor } from '../helpers/e2e';
import { postSigned } from '../helpers/slack';

const app = useSlackTestBot({
  record: ['views.publish', 'chat.postMessage', 'chat.update'],
  env: { MOPS_APPROVERS: 'U_BOSS' },
});

type View = {
  type: string;
  blocks: { type: string; block_id?: string; elements?: { action_id?: string }[] }[];
};
const viewOf = (call: Record<string, unknown>): View =>
  (typeof call.view === 'string' ? JSON.parse(call.view) : call.view) as View;

function homeOpened(user: string) {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1700000000.000100' },
  });
}

async function openHome(user: string): Promise<View> {
  const before = app.calls['views.publish']!.length;
  const res = await postSigned(app.url, homeOpened(user), { contentType: 'application/json' });
  expect(res.status).toBe(200);
  const call = await waitFor(async () =>
    app.calls['views.publish']!.slice(before).find((c) => c.user_id === user),
  );
  return viewOf(call!);
}

const now = new Date('2026-11-26T02:00:00Z');

describe('Slack App Home', () => {
  it('200 open items → the first 10 with deadlines and a More button, within 100 blocks', async () => {
    await app.db.insert(feedbacks).values(
      Array.from({ length: 200 }, (_, i) => ({
        code: `FB-${i + 1}`,
        source: 'review' as const,
        category: 'product' as const,
        severity: 'medium' as const,
        text: `问题 ${i + 1}`,
        reporter: 'slack:U_SPEC',
        createdAt: now,
        dueAt: new Date(now.getTime() + (i - 5) * 3_600_000),
      })),
    );
    await app.db.insert(campaigns).values({
      code: 'CMP-1',
      name: '双12',
      type: 'promotion',
      channels: ['douyin'],
      startDate: '2026-11-01',
      endDate: '2026-11-20',
      budgetFen: 1_000_000,
      owner: 'slack:U_SPEC',
      status: 'ended',
      endedAt: now,
      retroDueAt: new Date('2026-12-01T10:00:00Z'),
      createdBy: 'slack:U_SPEC',
      createdAt: now,
    });
    const view = await openHome('U_SPEC');
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    const text = JSON.stringify(view.blocks);
    // 200 feedback items and the ended campaign's retrospective clock.
    expect(text).toContain('My open SLA items (201)');
    expect(text).toContain('⚠️ overdue FB-1');
    expect(text).toContain('FB-10 ·');
    expect(text).not.toContain('FB-11 ·');
    expect(text).toContain('More (191)');
    expect(text).toContain('CMP-1 “双12” · Ended');
    expect(text).toContain('retro due');
    // Not an approver: no approvals section.
    expect(text).not.toContain('Waiting for my decision');
    // Block ids are unique across the view (Slack rejects duplicates).
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('an approver sees 5 approvals with buttons and "more"; approving from the tab DMs the result and republishes', async () => {
    await app.db.insert(approvals).values(
      Array.from({ length: 12 }, (_, i) => ({
        code: `APR-${i + 1}`,
        kind: 'content' as const,
        title: `稿件 ${i + 1}`,
        requester: 'slack:U_SPEC',
        details: { channel: 'douyin' as const, text: '新品上市', requesterName: '李娜' },
        findings: [],
        createdAt: new Date(now.getTime() + i * 60_000),
      })),
    );
    const view = await openHome('U_BOSS');
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Waiting for my decision (12)');
    expect(text).toContain('APR-5 · 稿件 5');
    expect(text).not.toContain('APR-6 ·');
    expect(text).toContain('requested by 李娜');
    const actions = view.blocks.flatMap((b) => b.elements?.map((e) => e.action_id) ?? []);
    expect(actions).toContain('approval:APR-1:approve');
    expect(text).toContain('More (7)');

    // The requester's own items never ask them to decide.
    expect(JSON.stringify((await openHome('U_SPEC')).blocks)).not.toContain('APR-1');

    const publishes = app.calls['views.publish']!.length;
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U_BOSS', username: 'boss', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      container: { type: 'view', view_id: 'V_HOME' },
      trigger_id: 'trig.home.1',
      view: { id: 'V_HOME', type: 'home' },
      actions: [
        {
          type: 'button',
          action_id: 'approval:APR-1:approve',
          block_id: 'h3:card_actions_0',
          value: 'approval:APR-1:approve',
          action_ts: '1700000001.000001',
          text: { type: 'plain_text', text: 'Approve' },
        },
      ],
    };
    const res = await postSigned(app.url, `payload=${encodeURIComponent(JSON.stringify(payload))}`);
    expect(res.status).toBe(200);
    const again = await waitFor(async () =>
      app.calls['views.publish']!.slice(publishes).find((c) => c.user_id === 'U_BOSS'),
    );
    const after = JSON.stringify(viewOf(again!).blocks);
    expect(after).toContain('Waiting for my decision (11)');
    expect(after).not.toContain('APR-1 ·');
    const dm = await waitFor(async () => app.calls['chat.postMessage']!.find((c) => c.channel === 'U_BOSS'));
    expect(JSON.stringify(dm)).toContain('APR-1');
  });
});
