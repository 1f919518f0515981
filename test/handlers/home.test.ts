/**
 * `/mops me` (WeCom's home view, works everywhere): my open SLA items with deadlines, approvals waiting
 * for my decision (as commands, since WeCom text cards have no buttons), my campaigns and retro clocks,
 * and this month's budget bands, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { approvals, budgetPlans, channelMetrics, feedbacks, targets } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { createTestDb } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText } from '../jobs/digest-seed';

const now = new Date('2026-11-26T02:00:00Z');
const config = testConfig({ MOPS_APPROVERS: 'wecom:wangqiang' });
let h: DbHandle;
const deps = () => testDeps(h, { config, clock: new FakeClock(now) });
const me = (userId: string, locale: 'en' | 'zh-CN') =>
  dispatchCommand(deps(), { text: '/mops me', actor: { platform: 'wecom', userId }, locale });

beforeAll(async () => {
  h = await createTestDb();
  await h.db.insert(feedbacks).values([
    {
      code: 'FB-1',
      source: 'wecom',
      category: 'logistics',
      severity: 'high',
      text: '快递三天没到',
      reporter: 'wecom:lina',
      createdAt: new Date('2026-11-25T00:00:00Z'),
      dueAt: new Date('2026-11-26T00:00:00Z'),
    },
    {
      code: 'FB-2',
      source: 'review',
      category: 'product',
      severity: 'low',
      text: '包装易漏',
      reporter: 'wecom:lina',
      createdAt: now,
      dueAt: new Date('2026-11-27T02:00:00Z'),
    },
  ]);
  await h.db.insert(approvals).values({
    code: 'APR-1',
    kind: 'content',
    title: '双12 预热',
    requester: 'wecom:lina',
    details: { channel: 'douyin', text: '预热', requesterName: '李娜' },
    findings: [],
    createdAt: now,
  });
  await h.db.insert(budgetPlans).values({
    month: '2026-11',
    category: 'content',
    planFen: 4_000_000,
    updatedAt: now,
    updatedBy: 'wecom:chen',
  });
});
afterAll(async () => {
  await h.close();
});

describe('/mops me', () => {
  it('the specialist: her open items by deadline (overdue marked), no approvals section, the budget', async () => {
    const reply = await me('lina', 'en');
    expect(reply.visibility).toBe('ephemeral');
    const text = cardText(reply.card);
    expect(text).toContain('## My open SLA items (2)');
    expect(text).toMatch(/⚠️ overdue FB-1 · feedback first response · due 11-26 08:00 · 快递三天没到\nFB-2/);
    expect(text).not.toContain('Waiting for my decision');
    expect(text).toContain('Content: ¥0 of ¥40,000');
    expect(text).toContain('My campaigns (0)');
    expect(text).toContain('## Targets · 2026-11 (through 11-25, calendar days)');
    expect(text).toContain(
      'No targets are set for this month. Admins set them with `/target set 2026-11 gmv=…`.',
    );
  });

  it('the approver, in Chinese: the approval with the commands to decide it (no buttons in a WeCom text card)', async () => {
    const text = cardText((await me('wangqiang', 'zh-CN')).card);
    expect(text).toContain('## 待我审批（1）');
    expect(text).toContain('## APR-1 · 双12 预热');
    expect(text).toContain('内容 · 李娜 提交于');
    expect(text).toContain('回复 `/content approve APR-1`');
    expect(text).toContain('## 我的 SLA 待办（0）');
  });

  it('the month’s target pacing through yesterday, in both languages', async () => {
    await h.db.insert(targets).values({
      month: '2026-11',
      metric: 'gmv',
      value: 500_000_000,
      planKey: '2026',
      weighting: 'equal',
      updatedAt: now,
      updatedBy: 'wecom:chen',
    });
    // ¥16万 a day over 1–25 November: ¥400万 of ¥500万.
    await h.db.insert(channelMetrics).values(
      Array.from({ length: 25 }, (_, i) => ({
        date: `2026-11-${String(i + 1).padStart(2, '0')}`,
        channel: 'douyin',
        gmvFen: 16_000_000,
        updatedAt: now,
        updatedBy: 'wecom:chen',
      })),
    );
    expect(cardText((await me('lina', 'en')).card)).toContain(
      'GMV target ¥5M: ¥4M done (80%), 25 of 30 days gone (83%) (3 pp behind; ¥1M to go, ¥200,000 a day over the 5 days left)',
    );
    expect(cardText((await me('lina', 'zh-CN')).card)).toContain(
      '## 目标进度 · 2026-11（截至 11-25，按自然日）\nGMV 月目标 ¥500万：已完成 ¥400万（80%），时间进度 25/30 天（83%）（落后 3 个百分点，还差 ¥100万，余 5 天需日均 ¥20万）',
    );
  });

  it('an unknown argument or list name → the usage, naming the problem', async () => {
    const run = (text: string) =>
      dispatchCommand(deps(), { text, actor: { platform: 'wecom', userId: 'lina' }, locale: 'en' });
    const page = await run('/mops me page=2');
    expect(page.card.tone).toBe('danger');
    expect(page.card.text).toContain('Unknown argument `page`');
    const bad = cardText((await run('/mops me list=everything')).card);
    expect(bad).toContain('list');
    expect(bad).toContain('/mops me [list=sla|approvals|campaigns]');
  });
});

describe('the "More" of a home section opens my own list in full, not everyone\'s', () => {
  beforeAll(async () => {
    // Twelve more open items of hers (past the home view's 10) and one of someone else's.
    await h.db.insert(feedbacks).values([
      ...Array.from({ length: 12 }, (_, i) => ({
        code: `FB-${10 + i}`,
        source: 'wecom' as const,
        category: 'product' as const,
        severity: 'low' as const,
        text: `她的第 ${i + 1} 条`,
        reporter: 'wecom:lina',
        createdAt: now,
        dueAt: new Date(now.getTime() + (i + 2) * 3_600_000),
      })),
      {
        code: 'FB-99',
        source: 'wecom',
        category: 'product',
        severity: 'low',
        text: '别人的反馈',
        reporter: 'wecom:zhaolei',
        createdAt: now,
        dueAt: new Date(now.getTime() + 3_600_000),
      },
    ]);
  });

  it('/mops me: 10 of her 14 items, "4 more", and a More button that runs `mops me list=sla`', async () => {
    const reply = await me('lina', 'en');
    const text = cardText(reply.card);
    expect(text).toContain('## My open SLA items (14)');
    expect(text).toContain('4 more');
    expect(text).not.toContain('FB-99');
    expect(reply.card.buttons).toEqual([{ text: 'More (4)', action: 'cmd:mops me list=sla' }]);
  });

  it("/mops me list=sla: all 14 of hers, soonest first, and none of anyone else's", async () => {
    const reply = await dispatchCommand(deps(), {
      text: '/mops me list=sla',
      actor: { platform: 'wecom', userId: 'lina' },
      locale: 'en',
    });
    const text = cardText(reply.card);
    expect(reply.visibility).toBe('ephemeral');
    expect(text).toContain('## My open SLA items (14)');
    expect(text.match(/^(⚠️ overdue )?FB-\d+ · /gm)).toHaveLength(14);
    expect(text).not.toContain('FB-99');
    expect(text).not.toContain('more');
    expect(text).toContain('Only your own items');
    expect(text.indexOf('FB-1 ')).toBeLessThan(text.indexOf('FB-21 '));
  });

  it('/mops me list=approvals in Chinese for someone who is not an approver says so', async () => {
    const reply = await dispatchCommand(deps(), {
      text: '/mops me list=待我审批',
      actor: { platform: 'wecom', userId: 'lina' },
      locale: 'zh-CN',
    });
    expect(cardText(reply.card)).toContain('你不是审批人');
  });
});
