/** `/campaign` cards from hand-made rows: no database. The commands end to end are in test/e2e/slack-campaign.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  campaignCard,
  campaignChannelCard,
  campaignEndedCard,
  campaignLine,
  campaignRetroCard,
} from '../../../src/chat/cards/campaign';
import type { Campaign } from '../../../src/domain/campaigns';
import { cardText } from '../../jobs/digest-seed';

const clock = { tz: 'Asia/Shanghai', now: new Date('2026-11-26T06:00:00Z') }; // 14:00 local

function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 1,
    code: 'CMP-7',
    name: '双11 返场',
    type: 'promotion',
    channels: ['douyin', 'taobao'],
    startDate: '2026-11-12',
    endDate: '2026-11-20',
    budgetFen: 5_000_000,
    owner: 'slack:ULINA',
    targetGmvFen: 20_000_000,
    targetRoi: '3',
    targetNewUsers: null,
    status: 'ended',
    endedAt: new Date('2026-11-20T16:00:00Z'),
    retroDueAt: new Date('2026-11-25T16:00:00Z'),
    retroRemindAt: null,
    retroAt: null,
    retroBy: null,
    retroRoi: null,
    retroGmvFen: null,
    retroNewUsers: null,
    retroNotes: null,
    createdBy: 'slack:ULINA',
    createdAt: new Date('2026-11-01T02:00:00Z'),
    ...over,
  };
}

const name = (key: string) => (key === 'slack:ULINA' ? '李娜' : key);

describe('campaign cards (pure)', () => {
  it('the channel card names the owner and the channels by their labels, and mentions the owner', () => {
    const card = campaignChannelCard('zh-CN', campaign(), name);
    const text = cardText(card);
    expect(text).toContain('负责人: 李娜');
    expect(text).toContain('抖音、淘宝');
    expect(card.mentions).toEqual([{ platform: 'slack', userId: 'ULINA' }]);
  });

  it('/campaign show: spend against the budget, and an overdue retro makes it a warning', () => {
    const card = campaignCard(
      'en',
      clock,
      { campaign: campaign(), status: 'ended', spentFen: 2_000_000, retroDueAt: campaign().retroDueAt },
      name,
      3,
    );
    const text = cardText(card);
    expect(text).toContain('Spent so far: ¥20,000.00 (40.0% of budget)');
    expect(text).toContain('> ⚠️ Retro overdue by 14h (was due 11-26 00:00)');
    expect(card.tone).toBe('warning');
  });

  it('a reviewed campaign shows its results against the targets', () => {
    const reviewed = campaign({
      status: 'reviewed',
      retroAt: new Date('2026-11-24T08:00:00Z'),
      retroRoi: '3.3',
      retroGmvFen: 22_000_000,
      retroNotes: '主图点击率高',
    });
    const text = cardText(
      campaignCard(
        'en',
        clock,
        { campaign: reviewed, status: 'reviewed', spentFen: 0, retroDueAt: null },
        name,
        3,
      ),
    );
    expect(text).toContain('¥220,000.00 (target ¥200,000.00, 110.0%)');
    expect(text).toContain('主图点击率高');
  });

  it('a late retrospective says how late; the list line marks an overdue retro', () => {
    const late = campaign({ status: 'reviewed', retroAt: new Date('2026-11-26T04:00:00Z'), retroGmvFen: 1 });
    const card = campaignRetroCard('en', late, true);
    expect(card.tone).toBe('warning');
    expect(card.text).toMatch(/^Filed .+ after the deadline\.$/);
    expect(campaignLine('en', clock.now, campaign())).toMatch(/^CMP-7 · .* · 双11 返场 · ⚠️ /);
  });

  it('/campaign show labels the status and the type as labels in English ("Ended · Promotion"), as in Chinese', () => {
    const view = { campaign: campaign(), status: 'ended' as const, spentFen: 0, retroDueAt: null };
    expect(campaignCard('en', clock, view, name, 3).text).toBe('Ended · Promotion · 2026-11-12 → 2026-11-20');
    expect(campaignCard('zh-CN', clock, view, name, 3).text).toBe('已结束 · 促销 · 2026-11-12 → 2026-11-20');
    expect(campaignLine('en', clock.now, campaign())).toMatch(/^CMP-7 · Ended · 双11 返场/);
  });

  it('/campaign end says when the retro is due in working days, singular for one', () => {
    expect(campaignEndedCard('en', clock, campaign(), 1).text).toContain('(1 working day)');
    expect(campaignEndedCard('en', clock, campaign(), 3).text).toContain('(3 working days)');
  });
});
