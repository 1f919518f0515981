/** `/budget` cards from hand-made figures: no database. Usage rate = spend ÷ plan; amounts in fen. */
import { describe, expect, it } from 'vitest';
import {
  budgetSetCard,
  budgetUsageCard,
  spendRecordedCard,
  spendVoidedCard,
} from '../../../src/chat/cards/budget';
import type { BudgetUsage, SpendEntry, SpendResult, UsageLine } from '../../../src/domain/budget';
import { usageBand } from '../../../src/domain/budget';

const yuan = (y: number) => y * 100;

/** A category's line as the domain computes it: rate = spend ÷ plan, the band from the same rule. */
const line = (planYuan: number, spendYuan: number): UsageLine => ({
  planFen: yuan(planYuan),
  spendFen: yuan(spendYuan),
  rate: planYuan > 0 ? spendYuan / planYuan : null,
  band: usageBand(yuan(spendYuan), yuan(planYuan)),
  unplanned: planYuan === 0 && spendYuan > 0,
});

// November: ads 47,500 of 50,000 (95%), campaigns 12,000 of 30,000 (40%), content 0 of 20,000;
// total 59,500 of 100,000 (59.5%).
const november: BudgetUsage = {
  month: '2026-11',
  categories: {
    channel_ads: line(50_000, 47_500),
    campaigns: line(30_000, 12_000),
    content: line(20_000, 0),
  },
  total: line(100_000, 59_500),
  planned: true,
};

const entry = (over: Partial<SpendEntry> = {}): SpendEntry => ({
  id: 12,
  spentOn: '2026-11-20',
  month: '2026-11',
  category: 'content',
  channel: 'douyin',
  campaignId: 7,
  amountFen: yuan(6_000),
  note: null,
  invalid: false,
  invalidReason: null,
  invalidAt: null,
  invalidBy: null,
  createdBy: 'slack:ULINA',
  createdAt: new Date('2026-11-20T04:00:00Z'),
  ...over,
});

describe('budgetUsageCard (pure)', () => {
  it('each category and the total show spend of plan and the rate, with the band in words (en)', () => {
    const card = budgetUsageCard('en', november);
    expect(card.title).toBe('Budget usage · 2026-11');
    expect(card.sections).toEqual([
      { heading: 'Channel ads', lines: ['¥47,500.00 of ¥50,000.00 · 95.0%', '⚠️ at 90% or more: warning'] },
      { heading: 'Campaigns', lines: ['¥12,000.00 of ¥30,000.00 · 40.0%', 'on track'] },
      { heading: 'Content', lines: ['¥0.00 of ¥20,000.00 · 0.0%', 'on track'] },
      { heading: 'Total', lines: ['¥59,500.00 of ¥100,000.00 · 59.5%', 'on track'] },
    ]);
    // One category past 90% colours the whole card.
    expect(card.tone).toBe('warning');
    expect(card.context).toEqual(['Usage rate = spend ÷ plan · ≥90% warn · ≥100% over · >105% escalate']);
  });

  it('the same month in Chinese: category names, not codes', () => {
    const card = budgetUsageCard('zh-CN', november);
    expect(card.title).toBe('预算使用率 · 2026-11');
    expect(card.sections?.map((s) => s.heading)).toEqual(['渠道投放', '活动执行', '内容制作', '合计']);
    expect(card.sections?.[0]?.lines).toEqual(['¥47,500.00 / ¥50,000.00 · 95.0%', '⚠️ 已达 90% 预警线']);
    expect(JSON.stringify(card)).not.toMatch(/channel_ads|campaigns|content/);
  });

  it('a month without a plan or spend says how to set one and shows no empty sections', () => {
    const empty: BudgetUsage = {
      month: '2026-12',
      categories: { channel_ads: line(0, 0), campaigns: line(0, 0), content: line(0, 0) },
      total: line(0, 0),
      planned: false,
    };
    const card = budgetUsageCard('en', empty);
    expect(card.sections).toEqual([]);
    expect(card.text).toBe(
      'No budget plan for 2026-12 yet. Set one with `/budget set 2026-12 channel_ads=… campaigns=… content=…`.',
    );
    expect(card.tone).toBe('info');
  });
});

describe('budgetSetCard (pure)', () => {
  it('a changed plan shows before → after, a new one its amount, and the month’s usage below', () => {
    const card = budgetSetCard('en', {
      month: '2026-11',
      plans: { channel_ads: yuan(50_000), campaigns: yuan(30_000) },
      before: { channel_ads: yuan(40_000), content: yuan(20_000) },
      usage: november,
    });
    expect(card.title).toBe('Budget for 2026-11 set');
    expect(card.text).toBe('Channel ads: ¥40,000.00 → ¥50,000.00\nCampaigns: ¥30,000.00');
    expect(card.sections).toHaveLength(4);
    expect(card.tone).toBe('warning');
  });

  it('a plan set again to the same amount reads as set, and an on-track month is a success (zh-CN)', () => {
    const calm: BudgetUsage = {
      ...november,
      categories: { ...november.categories, channel_ads: line(50_000, 10_000) },
    };
    const card = budgetSetCard('zh-CN', {
      month: '2026-11',
      plans: { channel_ads: yuan(50_000) },
      before: { channel_ads: yuan(50_000) },
      usage: calm,
    });
    expect(card.title).toBe('已设置 2026-11 预算');
    expect(card.text).toBe('渠道投放：¥50,000.00');
    expect(card.tone).toBe('success');
  });
});

describe('spendRecordedCard (pure)', () => {
  it('a spend that takes its category past 105% says so, with the campaign’s spend of its budget', () => {
    // Content: 21,500 of 20,000 = 107.5%; the campaign: 12,000 of 30,000 = 40%.
    const res: SpendResult = {
      entry: entry(),
      category: line(20_000, 21_500),
      total: line(100_000, 81_000),
      aboveEscalation: true,
      campaign: {
        code: 'CMP-7',
        name: '双11预热',
        budgetFen: yuan(30_000),
        spendFen: yuan(12_000),
        rate: 0.4,
      },
    };
    const card = spendRecordedCard('en', res);
    expect(card.title).toBe('Spend of ¥6,000.00 logged · Content');
    expect(card.text).toBe(
      'Content in 2026-11: ¥21,500.00 of ¥20,000.00 used (107.5%).\n' +
        '🚨 Content is now above 105% of its plan for the month (107.5%): escalate.',
    );
    expect(card.tone).toBe('danger');
    expect(card.context).toEqual([
      'Channel: Douyin',
      'CMP-7 "双11预热": ¥12,000.00 spent of its ¥30,000.00 budget (40.0%)',
      'Code SP-12 (if it turns out wasted: `/budget spend void SP-12 reason=…`)',
      'Usage rate = spend ÷ plan · ≥90% warn · ≥100% over · >105% escalate',
    ]);
  });

  it('spend without a plan is a warning that names the month’s spend (zh-CN), and invalid spend is marked', () => {
    const res: SpendResult = {
      entry: entry({ channel: null, campaignId: null, invalid: true }),
      category: line(0, 6_000),
      total: line(0, 6_000),
      aboveEscalation: false,
    };
    const card = spendRecordedCard('zh-CN', res);
    expect(card.title).toBe('已记录支出 ¥6,000.00 · 内容制作');
    expect(card.text).toBe('2026-11 内容制作没有预算计划，本月已支出 ¥6,000.00。');
    expect(card.tone).toBe('warning');
    expect(card.context?.[0]).toBe(
      '已标记为无效支出：计入预算使用率，也计入无效支出占比（无效支出 ÷ 总支出）。',
    );
    expect(card.context?.[1]).toBe('编号 SP-12（记错或无效时：`/budget spend void SP-12 reason=…`）');
  });

  it('a spend that leaves its category on track is a success with no warning line', () => {
    const res: SpendResult = {
      entry: entry({ category: 'channel_ads', channel: null }),
      category: line(50_000, 16_000),
      total: line(100_000, 40_000),
      aboveEscalation: false,
    };
    const card = spendRecordedCard('en', res);
    expect(card.text).toBe('Channel ads in 2026-11: ¥16,000.00 of ¥50,000.00 used (32.0%).');
    expect(card.tone).toBe('success');
  });
});

describe('spendVoidedCard (pure)', () => {
  it('names the entry, its amount, category and day, and the reason', () => {
    const card = spendVoidedCard('zh-CN', entry({ invalid: true }), '刷量点击');
    expect(card.title).toBe('SP-12 已标记为无效支出');
    expect(card.text).toBe(
      '¥6,000.00 · 内容制作 · 2026-11-20\n原因：刷量点击\n支出仍计入预算使用率；月报的无效支出占比 = 无效支出 ÷ 总支出。',
    );
    expect(card.tone).toBe('success');
  });
});
