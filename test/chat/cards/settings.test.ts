/** `/mops settings` cards from hand-made settings: no database. The command end to end is in test/handlers/settings.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  complianceCard,
  complianceListCard,
  personLinkedCard,
  phraseRemovedCard,
  phraseSetCard,
  settingsCard,
} from '../../../src/chat/cards/settings';
import { checkDraft } from '../../../src/domain/compliance';
import { defaultSettings } from '../../../src/domain/settings';
import { testConfig } from '../../helpers/deps';
import { cardText } from '../../jobs/digest-seed';

const settings = { ...defaultSettings(testConfig()), admins: ['slack:UADMIN', 'slack:UNOBODY'] };

describe('settings cards (pure)', () => {
  it('people by name with the id an admin types; an uncovered year and undelivered messages are called out', () => {
    const text = cardText(
      settingsCard('en', {
        settings,
        title: 'Settings',
        tz: 'Asia/Shanghai',
        name: (k) => (k === 'slack:UADMIN' ? '王强' : (k.split(':')[1] ?? k)),
        calendar: [
          { year: 2026, coverage: 'package' },
          { year: 2027, coverage: 'fallback' },
        ],
        dead: 2,
        usage: '/mops settings …',
      }),
    );
    expect(text).toContain('admins: 王强 (slack:UADMIN), slack:UNOBODY');
    expect(text).toContain('2027: ⚠️ no holiday data');
    expect(text).toContain('2 messages could not be delivered');
    expect(text).toContain('> /mops settings …');
  });

  it('an empty company list says so and how to add to it', () => {
    const card = complianceCard('zh-CN', settings, '公司合规词表', '/mops settings compliance …');
    expect(card.sections).toEqual([]);
    expect(card.context?.at(-1)).toBe('/mops settings compliance …');
    expect(card.text).not.toBe('');
  });

  it('allowing a phrase names the finding it clears, what it replaced, and lists the entry', () => {
    const entry = { phrase: '全网第一', action: 'allow' as const, reason: '第三方榜单' };
    const card = phraseSetCard(
      'zh-CN',
      {
        entry,
        previous: { phrase: '全网第一', action: 'block' },
        clears: checkDraft('全网第一').findings,
        settings: { ...settings, compliancePhrases: [entry] },
      },
      '/mops settings compliance …',
    );
    expect(card.title).toBe('已放行「全网第一」');
    expect(card.text?.split('\n')[0]).toMatch(/^含此短语的稿件不再提示：\[高\] .+「全网第一」$/);
    expect(card.text?.split('\n')[1]).toBe('替换了原条目：禁用');
    expect(card.sections).toEqual([{ heading: '放行（不再提示）', lines: ['「全网第一」 — 第三方榜单'] }]);
    expect(card.tone).toBe('success');
  });

  it('blocking says approvers must confirm; removing says what the entry was; the list counts its entries', () => {
    const entry = { phrase: 'TOP 1', action: 'block' as const };
    const withIt = { ...settings, compliancePhrases: [entry] };
    const usage = '/mops settings compliance …';
    const set = phraseSetCard('en', { entry, previous: undefined, clears: [], settings: withIt }, usage);
    expect(set.title).toBe('Blocked “TOP 1”');
    expect(set.text).toBe(
      'Drafts containing it now get a high-severity finding that approvers must confirm.',
    );
    expect(complianceListCard('en', withIt, usage).title).toBe('Company compliance list (1)');
    const removed = phraseRemovedCard('en', entry, settings, usage);
    expect(removed.title).toBe('Removed “TOP 1” from the list');
    expect(removed.text?.split('\n')[0]).toBe('It was: blocked');
  });

  it('a linked person shows both ids, and — for one not given', () => {
    const card = personLinkedCard('en', { name: '王强', slackId: 'UWANG', wecomId: null });
    expect(card.title).toContain('王强');
    expect(card.title).toContain('UWANG');
    expect(card.title).toContain('—');
  });
});
