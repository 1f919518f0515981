/** Approval replies from a hand-made approval: no database. The card in the channel is covered by test/domain/approvals.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  confirmApproveCard,
  contentLine,
  createdCard,
  decisionCard,
  kolLine,
  kolResultCard,
  reasonPromptCard,
} from '../../../src/chat/cards/approvals';
import type { Approval } from '../../../src/domain/approvals';
import { checkDraft } from '../../../src/domain/compliance';

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

  it('a KOL deal’s result gives its ROI as GMV ÷ fee, on the card and in the list', () => {
    const deal = approval({
      kind: 'kol_deal',
      status: 'approved',
      title: '小美测评',
      details: {
        name: '小美测评',
        platform: 'xiaohongshu',
        followers: 120_000,
        feeFen: 5_000_000,
        deliverables: '1 篇图文',
        date: '2026-11-20',
        budget: {
          month: '2026-11',
          category: 'content',
          planFen: null,
          spentFen: 0,
          feeFen: 5_000_000,
          usageAfter: null,
          level: 'no_plan',
        },
      },
    });
    const result = {
      views: 1_200_000,
      engagements: 35_000,
      gmvFen: 25_600_000,
      recordedAt: '2026-11-25',
      recordedBy: 'slack:ULINA',
    };
    const done = { ...deal, result };
    const card = kolResultCard('en', done);
    // ¥256,000 ÷ ¥50,000 = 5.12.
    expect(card.text).toBe('ROI (GMV ÷ fee): 5.1:1');
    expect(card.fields?.find((f) => f.label === 'GMV')?.value).toBe('¥256,000.00');
    expect(kolLine('en', done)).toMatch(
      /^APR-3 · .* · 小美测评 \(Xiaohongshu\) · ¥50,000\.00 · ROI 5\.1:1\n2026-11-20 · 1 篇图文$/,
    );
  });

  it('a content request in the list: status and high findings in words, the channel by name, the time local', () => {
    // 全网第一 twice: two high-severity findings (an absolute claim), stored as the check returns them.
    const high = checkDraft('全网第一').findings.map((f) => ({ ...f, field: 'text' as const }));
    const flagged = approval({ findings: [...high, ...high] });
    expect(contentLine('zh-CN', TZ, NOW, flagged)).toBe(
      'APR-3 · 待审批 · ⚠️ 高 ×2 · 双11 主图文案\n抖音 · 11-26 10:00',
    );
    expect(contentLine('en', TZ, NOW, approval())).toMatch(
      /^APR-3 · \S.* · 双11 主图文案\nDouyin · 11-26 10:00$/,
    );
  });

  it('where no form opens, Reject says how to type the reason', () => {
    const card = reasonPromptCard('en', {
      command: 'content reject APR-3',
      title: 'Reject APR-3',
      submit: 'Send',
      fields: [],
    });
    expect(card.title).toBe('Reject APR-3');
    expect(card.text).toContain('`/content reject APR-3');
  });
});
