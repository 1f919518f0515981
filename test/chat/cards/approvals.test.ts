/** Approval replies from a hand-made approval: no database. The card in the channel is covered by test/domain/approvals.test.ts. */
import { describe, expect, it } from 'vitest';
import { confirmApproveCard, createdCard, decisionCard } from '../../../src/chat/cards/approvals';
import type { Approval } from '../../../src/domain/approvals';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-26T06:00:00Z');

const approval = (over: Partial<Approval> = {}): Approval => ({
  id: 3,
  code: 'APR-3',
  kind: 'content',
  status: 'pending',
  title: '双11 主图文案',
  requester: 'slack:ULINA',
  details: { channel: 'douyin', text: '全网最低价', allowedFindings: [] },
  findings: [],
  requiredApprovals: 1,
  createdAt: new Date('2026-11-26T02:00:00Z'),
  decidedAt: null,
  decidedBy: null,
  decisionReason: null,
  cardRefs: null,
  result: null,
  ...over,
});

describe('approval replies (pure)', () => {
  it('the requester is told where the card went, or how an approver decides without a channel', () => {
    expect(createdCard('en', approval(), true).text).toBe(
      'The compliance check found nothing.\nThe approval card is posted to the approvals channel.',
    );
    const unposted = createdCard('zh-CN', approval(), false);
    expect(unposted.title).toBe('已提交审批 APR-3');
    expect(unposted.text).toContain('`/content approve APR-3`');
  });

  it('a late click on a decided approval names the decider, the time and the reason, and changes nothing', () => {
    const decided = approval({
      status: 'rejected',
      decidedAt: new Date('2026-11-26T05:02:00Z'),
      decidedBy: 'slack:UWANG',
      decisionReason: '价格表述违规',
    });
    const card = decisionCard('en', TZ, NOW, { outcome: 'already_decided', approval: decided, votes: [] });
    expect(card.title).toBe('APR-3 is already decided');
    expect(card.text).toMatch(/^already rejected APR-3 at .*13:02\. Nothing changed\.\n.*价格表述违规/);
    expect(card.mentions).toEqual([{ platform: 'slack', userId: 'UWANG' }]);
    expect(card.tone).toBe('warning');
  });

  it('"Approve anyway?" carries the one button that approves', () => {
    const card = confirmApproveCard('zh-CN', 'APR-3', 2);
    expect(card.title).toBe('仍要批准？');
    expect(card.buttons).toEqual([
      { text: '仍要批准', action: 'approval:APR-3:approve_anyway', style: 'primary' },
    ]);
  });
});
