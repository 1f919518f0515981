/** `/abtest` replies from a hand-made test row: no database. The statistics are the domain's (viewOf). */
import { describe, expect, it } from 'vitest';
import type { AbTest } from '../../../db/schema';
import { abTestClosedCard, abTestCreatedCard, abTestUpdatedCard } from '../../../src/chat/cards/abtest';
import { viewOf } from '../../../src/domain/abtests';

// A: 200 of 10,000 convert (2.0%); B: 300 of 10,000 (3.0%): B wins by a wide margin.
const row = (over: Partial<AbTest> = {}): AbTest => ({
  id: 4,
  code: 'ABT-4',
  name: '主图 A/B',
  metric: 'cvr',
  channel: 'douyin',
  owner: 'slack:ULINA',
  aVisitors: 10_000,
  aConversions: 200,
  bVisitors: 10_000,
  bConversions: 300,
  updates: 1,
  status: 'open',
  winner: null,
  createdBy: 'slack:ULINA',
  createdAt: new Date('2026-11-20T02:00:00Z'),
  updatedAt: new Date('2026-11-25T02:00:00Z'),
  closedAt: null,
  closedBy: null,
  ...over,
});

describe('A/B test replies (pure)', () => {
  it('created and updated: the title names the test; an update says what it added, per arm', () => {
    expect(abTestCreatedCard('en', viewOf(row())).title).toBe('Created ABT-4 "主图 A/B"');
    const added = { a_visitors: 1_000, a_conversions: 20, b_visitors: 1_000, b_conversions: 30 };
    const card = abTestUpdatedCard('zh-CN', { ...viewOf(row()), added });
    expect(card.title).toBe('已更新 ABT-4「主图 A/B」');
    expect(JSON.stringify(card)).toContain('本次追加：A 组 +1,000 / +20，B 组 +1,000 / +30（访客 / 转化）');
  });

  it('closing with a winner the statistics do not back says so; agreeing with them adds no note', () => {
    const against = abTestClosedCard('en', {
      ...viewOf(row({ status: 'closed', winner: 'a' })),
      alreadyClosed: false,
    });
    expect(against.title).toBe('Closed ABT-4 "主图 A/B" · winner: A');
    expect(JSON.stringify(against)).toMatch(
      /Note: the recorded winner \(A\) differs from the statistics \(B wins \(p=/,
    );
    const agreeing = abTestClosedCard('en', {
      ...viewOf(row({ status: 'closed', winner: 'b' })),
      alreadyClosed: false,
    });
    expect(JSON.stringify(agreeing)).not.toContain('differs from the statistics');
  });
});
