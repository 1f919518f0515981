/** `/incident` cards from a hand-made row: no database. The commands end to end are in test/e2e/slack-incident.test.ts. */
import { describe, expect, it } from 'vitest';
import { incidentClosedCard, incidentLine, incidentReportedCard } from '../../../src/chat/cards/incident';
import type { Incident } from '../../../src/domain/incidents';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-26T06:00:00Z');

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 1,
  code: 'INC-2',
  platform: 'weibo',
  severity: 'high',
  summary: '包装破损的帖子在微博发酵',
  link: null,
  status: 'closed',
  owner: 'slack:ULINA',
  createdAt: new Date('2026-11-25T02:00:00Z'),
  responseDueAt: new Date('2026-11-25T04:00:00Z'),
  responseRemindAt: null,
  respondedAt: null,
  respondedBy: null,
  responseNote: null,
  closedAt: new Date('2026-11-25T08:00:00Z'),
  closedBy: 'slack:ULINA',
  reportDueAt: new Date('2026-11-26T02:00:00Z'),
  reportRemindAt: null,
  reportedAt: null,
  reportedBy: null,
  reportText: null,
  ...over,
});

describe('incident cards (pure)', () => {
  it('closing without a statement says so, and gives the report deadline with the command', () => {
    const card = incidentClosedCard('en', TZ, NOW, incident(), 3);
    expect(card.text).toBe(
      'Post-incident report due by 11-26 10:00 (3 working days): `/incident report INC-2 text=…`',
    );
    expect(card.context).toEqual(['Closed without a recorded public statement.']);
  });

  it('a late report says how late; the list line marks the overdue report', () => {
    const reported = incidentReportedCard('en', NOW, incident({ status: 'reported', reportedAt: NOW }));
    expect(reported.text).toBe('Filed 4h after the deadline.');
    expect(reported.tone).toBe('warning');
    expect(incidentLine('en', NOW, incident())).toMatch(/^INC-2 · .* · Weibo · ⚠️ report overdue\n/);
  });
});
