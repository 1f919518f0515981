import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { buildDailyCard } from '../../jobs/daily-digest';
import { buildMonthlyCard } from '../../jobs/monthly-report';
import { buildWeeklyCard } from '../../jobs/weekly-digest';
import { LOCALES } from '../../src/chat/i18n';
import { getSettings } from '../../src/domain/settings';
import { createTestDb } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText, seedDigestData, seedTargets } from './digest-seed';

// The text a reader sees, over the fixed seed, in both languages; image bytes are left out (only the alt).
let seeded: DbHandle;
let empty: DbHandle;
let withTargets: DbHandle;
beforeAll(async () => {
  [seeded, empty, withTargets] = await Promise.all([createTestDb(), createTestDb(), createTestDb()]);
  await Promise.all([seedDigestData(seeded.db), seedDigestData(withTargets.db)]);
  await seedTargets(withTargets.db);
});
afterAll(async () => {
  await Promise.all([seeded.close(), empty.close(), withTargets.close()]);
});

async function setup(h: DbHandle, locale: (typeof LOCALES)[number], at: string) {
  const config = testConfig({ LOCALE: locale, CONSOLE: '1' });
  const now = new Date(at);
  const deps = testDeps(h, { config, clock: new FakeClock(now) });
  return { deps, now, settings: await getSettings(h.db, config) };
}

describe.each(LOCALES)('digest text in %s', (locale) => {
  it('daily digest for 2026-11-25, posted late', async () => {
    const { deps, now, settings } = await setup(seeded, locale, '2026-11-26T03:00:00Z');
    const { card } = await buildDailyCard(deps, now, settings, { late: true });
    expect(cardText(card)).toMatchSnapshot();
  });

  it('daily digest for 2026-11-25 with the month’s targets set by /target', async () => {
    const { deps, now, settings } = await setup(withTargets, locale, '2026-11-26T01:00:00Z');
    const { card } = await buildDailyCard(deps, now, settings, { chart: false });
    expect(cardText(card)).toMatchSnapshot();
  });

  it('weekly digest and user-needs report for 2026-W47', async () => {
    const { deps, now, settings } = await setup(seeded, locale, '2026-11-23T01:30:00Z');
    const { card, userNeeds } = await buildWeeklyCard(deps, now, settings);
    expect(cardText(card)).toMatchSnapshot();
    expect(cardText(userNeeds)).toMatchSnapshot();
  });

  it('monthly report for 2026-11', async () => {
    const { deps, now, settings } = await setup(seeded, locale, '2026-12-01T02:00:00Z');
    const { card } = await buildMonthlyCard(deps, now, settings);
    expect(cardText(card)).toMatchSnapshot();
  });

  it('monthly report for 2026-11 with the month’s targets set by /target', async () => {
    const { deps, now, settings } = await setup(withTargets, locale, '2026-12-01T02:00:00Z');
    const { card } = await buildMonthlyCard(deps, now, settings);
    expect(cardText(card)).toMatchSnapshot();
  });

  it('all three digests over an empty database', async () => {
    const texts = [];
    for (const [build, at] of [
      [buildDailyCard, '2026-11-26T01:00:00Z'],
      [buildWeeklyCard, '2026-11-23T01:30:00Z'],
      [buildMonthlyCard, '2026-12-01T02:00:00Z'],
    ] as const) {
      const { deps, now, settings } = await setup(empty, locale, at);
      texts.push(cardText((await build(deps, now, settings)).card));
    }
    expect(texts.join('\n\n----\n\n')).toMatchSnapshot();
  });
});
