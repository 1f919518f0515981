/** `/feedback` cards from a hand-made row: no database. The commands end to end are in test/e2e/slack-feedback.test.ts. */
import { describe, expect, it } from 'vitest';
import { feedbackAckedCard, feedbackChannelCard, feedbackLine } from '../../../src/chat/cards/feedback';
import type { Feedback } from '../../../src/domain/feedback';
import { cardText } from '../../jobs/digest-seed';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-26T06:00:00Z');

const feedback = (over: Partial<Feedback> = {}): Feedback => ({
  id: 1,
  code: 'FB-4',
  source: 'community',
  category: 'logistics',
  severity: 'high',
  text: '包装破损',
  status: 'open',
  reporter: 'slack:ULINA',
  channel: null,
  createdAt: new Date('2026-11-25T02:00:00Z'),
  dueAt: new Date('2026-11-26T02:00:00Z'),
  remindAt: null,
  ackedAt: null,
  ackedBy: null,
  ackNote: null,
  resolvedAt: null,
  resolvedBy: null,
  resolveNote: null,
  ...over,
});

describe('feedback cards (pure)', () => {
  it('the channel card shows labels, not codes, and names the reporter', () => {
    const card = feedbackChannelCard('zh-CN', TZ, feedback(), (k) => (k === 'slack:ULINA' ? '李娜' : k));
    const text = cardText(card);
    expect(text).toContain('社群');
    expect(text).toContain('物流');
    expect(text).not.toMatch(/community|logistics/);
    expect(text).toContain('李娜');
    // High severity and still open: a warning.
    expect(card.tone).toBe('warning');
  });

  it('a late first response says how late; the list line marks an overdue item', () => {
    const acked = feedback({ status: 'acknowledged', ackedAt: new Date('2026-11-26T05:00:00Z') });
    const card = feedbackAckedCard('en', NOW, acked);
    expect(card.text).toBe('Responded 3h after the deadline.');
    expect(card.tone).toBe('warning');
    expect(feedbackLine('en', NOW, feedback())).toMatch(/^FB-4 · .* · ⚠️ overdue\n包装破损$/);
  });
});
