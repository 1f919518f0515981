/** The SLA ladder's cards from hand-made due items: no database. */
import { describe, expect, it } from 'vitest';
import { slaStepCard } from '../../../src/chat/cards/sla';

const due = new Date('2026-12-02T04:00:00Z'); // 12:00 in Shanghai
const item = (step: 'remind' | 'breach' | 'manager') => ({
  kind: 'feedback' as const,
  code: 'FB-12',
  owner: 'slack:U1',
  title: '包装破损'.repeat(30),
  dueAt: due,
  step,
});
const ctx = (now: Date) => ({
  locale: 'en' as const,
  tz: 'Asia/Shanghai',
  now,
  ownerName: 'Li Na',
  managers: ['slack:U7', 'U8'],
});

describe('SLA ladder cards', () => {
  it('the reminder says how long is left and mentions nobody', () => {
    const card = slaStepCard(item('remind'), ctx(new Date(due.getTime() - 5 * 3_600_000)));
    expect(card.title).toBe('⏳ FB-12 is due soon');
    expect(card.text).toContain('The feedback first response is due at');
    expect(card.text).toContain('5');
    expect(card.mentions ?? []).toEqual([]);
    // The item's title is cut at 80 characters with an ellipsis.
    expect(card.sections?.[0]?.lines[0]).toHaveLength(80);
    expect(card.sections?.[0]?.lines[0]?.endsWith('…')).toBe(true);
  });

  it('the breach names the owner by display name and mentions them; the manager step adds the managers', () => {
    const breach = slaStepCard(item('breach'), ctx(new Date(due.getTime() + 60_000)));
    expect(breach.text).toContain('Owner: Li Na.');
    expect(breach.text).not.toContain('U1');
    expect(breach.mentions).toEqual([{ platform: 'slack', userId: 'U1' }]);
    const manager = slaStepCard(item('manager'), ctx(new Date(due.getTime() + 24 * 3_600_000)));
    expect(manager.title).toBe('🔺 FB-12 escalated to managers');
    expect(manager.mentions?.map((m) => m.userId)).toEqual(['U1', 'U7', 'U8']);
    expect(manager.tone).toBe('danger');
  });
});
