/** `/mops settings` cards from hand-made settings: no database. The command end to end is in test/handlers/settings.test.ts. */
import { describe, expect, it } from 'vitest';
import { complianceCard, settingsCard } from '../../../src/chat/cards/settings';
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
    expect(text).toContain('2 message(s) could not be delivered');
    expect(text).toContain('> /mops settings …');
  });

  it('an empty company list says so and how to add to it', () => {
    const card = complianceCard('zh-CN', settings, '公司合规词表', '/mops settings compliance …');
    expect(card.sections).toEqual([]);
    expect(card.context?.at(-1)).toBe('/mops settings compliance …');
    expect(card.text).not.toBe('');
  });
});
