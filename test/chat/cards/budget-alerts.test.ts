/** The budget watch's alert cards from hand-made usage lines: no database. Rate = spend ÷ plan; amounts in fen. */
import { describe, expect, it } from 'vitest';
import { overrunCard, thresholdCard } from '../../../src/chat/cards/budget-alerts';
import { type UsageLine, usageBand } from '../../../src/domain/budget';

const yuan = (y: number) => y * 100;
const line = (planYuan: number, spendYuan: number): UsageLine => ({
  planFen: yuan(planYuan),
  spendFen: yuan(spendYuan),
  rate: spendYuan / planYuan,
  band: usageBand(yuan(spendYuan), yuan(planYuan)),
  unplanned: false,
});
const field = (card: { fields?: { label: string; value: string }[] }, label: string) =>
  card.fields?.find((f) => f.label === label)?.value;

describe('budget alert cards', () => {
  it('90%: a warning naming the category, with what is left (plan − spend)', () => {
    // Ads: 46,000 of 50,000 → 92%, 4,000 left.
    const card = thresholdCard(
      { month: '2026-11', category: 'channel_ads', band: '90', line: line(50_000, 46_000) },
      'zh-CN',
    );
    expect(card.title).toBe('预算提醒：渠道投放 已用 92.0%');
    expect(card.tone).toBe('warning');
    expect(field(card, '已花费')).toBe('¥46,000.00');
    expect(field(card, '预算')).toBe('¥50,000.00');
    expect(field(card, '剩余')).toBe('¥4,000.00');
    const en = thresholdCard(
      { month: '2026-11', category: 'content', band: '100', line: line(20_000, 20_400) },
      'en',
    );
    expect(en.title).toBe('Budget used up: Content at 102.0%');
    expect(field(en, 'Left')).toBe('-¥400.00');
  });

  it('above 105%: the overrun, the largest lines with channel names and who logged them, owner and managers mentioned', () => {
    // Campaigns: 32,400 of 30,000 → 108%, 2,400 over.
    const card = overrunCard(
      { month: '2026-11', category: 'campaigns', band: '105', line: line(30_000, 32_400) },
      'en',
      {
        top: [
          {
            spentOn: '2026-11-11',
            amountFen: yuan(20_000),
            channel: 'xiaohongshu',
            note: '双11 KOL',
            createdBy: 'slack:U1',
          },
          {
            spentOn: '2026-11-03',
            amountFen: yuan(12_400),
            channel: null,
            note: null,
            createdBy: 'slack:U2',
          },
        ],
        name: (key) => ({ 'slack:U1': 'Li Na', 'slack:U2': 'Wang Qiang' })[key] ?? key,
        mentions: [
          { platform: 'slack', userId: 'U9' },
          { platform: 'slack', userId: 'U8' },
        ],
      },
    );
    expect(card.title).toBe('🚨 Budget overrun: Campaigns at 108.0% (cap 105%)');
    expect(card.tone).toBe('danger');
    expect(field(card, 'Over plan')).toBe('¥2,400.00');
    expect(card.sections?.[0]?.lines).toEqual([
      '2026-11-11 · ¥20,000.00 · Xiaohongshu · 双11 KOL · Li Na',
      '2026-11-03 · ¥12,400.00 · Wang Qiang',
    ]);
    expect(card.context?.[0]).toBe('Pause or cut spend, or raise the plan: /budget set 2026-11 campaigns=…');
    expect(card.mentions?.map((m) => m.userId)).toEqual(['U9', 'U8']);
  });
});
