/** The home view's cards from hand-made figures: no database. /mops me end to end is in test/handlers/home.test.ts. */
import { describe, expect, it } from 'vitest';
import { homeCards, meCard, meListCard } from '../../../src/chat/cards/home';
import type { BudgetUsage } from '../../../src/domain/budget';
import type { HomeFigures } from '../../../src/domain/home';
import { cardText } from '../../jobs/digest-seed';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-26T06:00:00Z');
const none = { planFen: 0, spendFen: 0, rate: null, band: 'ok' as const, unplanned: false };
const budget: BudgetUsage = {
  month: '2026-11',
  categories: { channel_ads: none, campaigns: none, content: none },
  total: none,
  planned: false,
};

function figures(over: Partial<HomeFigures> = {}): HomeFigures {
  return {
    today: '2026-11-26',
    month: '2026-11',
    sla: { rows: [], total: 0 },
    approvals: {
      rows: [
        {
          code: 'APR-3',
          kind: 'kol_deal',
          title: '达人合作',
          requester: 'slack:ULINA',
          requesterName: '李娜',
          createdAt: new Date('2026-11-26T02:00:00Z'),
          highFindings: 1,
        },
      ],
      total: 1,
    },
    campaigns: { rows: [], total: 0 },
    budget,
    pacing: { month: '2026-11', day: 25, days: 30, through: '2026-11-25', targets: {}, prevUv: null },
    ...over,
  };
}

describe('home cards (pure)', () => {
  it('an approval with a high-severity finding asks before approving, on the tab', () => {
    const card = homeCards('en', TZ, NOW, figures()).find((c) => c.title.startsWith('APR-3'));
    expect(card?.tone).toBe('warning');
    expect(card?.buttons?.[0]).toMatchObject({
      action: 'approval:APR-3:approve',
      confirm: { ok: 'Approve anyway' },
    });
  });

  it('/mops me folds the view into one card and gives a KOL deal the /kol commands', () => {
    const text = cardText(meCard('en', TZ, NOW, figures()));
    expect(text).toContain(
      'Reply `/kol approve APR-3`, `/kol changes APR-3 reason=…` or `/kol reject APR-3 reason=…`',
    );
  });

  it('/mops me list=approvals for someone who is not an approver says so', () => {
    const text = cardText(meListCard('en', TZ, NOW, figures({ approvals: null }), 'approvals'));
    expect(text).toContain('You are not an approver: nothing waits for your decision.');
  });
});
