import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { dispatchCommand } from '../../handlers/index';
import { buildWeeklyCard } from '../../jobs/weekly-digest';
import { LOCALES } from '../../src/chat/i18n';
import { getSettings } from '../../src/domain/settings';
import { createTestDb } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText } from './digest-seed';

// Monday 2026-11-23 09:30 Shanghai: the weekly digest for W47 (11-16 … 11-22).
const WEEKLY_AT = new Date('2026-11-23T01:30:00Z');
let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
  const clock = new FakeClock(new Date('2026-11-18T02:00:00Z'));
  const deps = testDeps(h, { clock });
  const as = (text: string) => dispatchCommand(deps, { text, actor: { platform: 'slack', userId: 'U1' } });
  await as(
    '/abtest new name=标题 metric=ctr a_visitors=1000 a_conversions=50 b_visitors=1000 b_conversions=80',
  );
  await as(
    '/abtest new name=按钮颜色 metric=cvr a_visitors=1000 a_conversions=50 b_visitors=1000 b_conversions=55',
  );
  await as(
    '/abtest new name=落地页 metric=cvr a_visitors=2000 a_conversions=200 b_visitors=2000 b_conversions=140',
  );
  await as('/abtest close ABT-3 winner=a');
});
afterAll(() => h.close());

describe.each(LOCALES)('weekly digest A/B section in %s', (locale) => {
  it('lists the significant open test and the test closed this week, not the one without a verdict', async () => {
    const config = testConfig({ LOCALE: locale });
    const deps = testDeps(h, { config, clock: new FakeClock(WEEKLY_AT) });
    const { card } = await buildWeeklyCard(deps, WEEKLY_AT, await getSettings(h.db, config));
    const section = card.sections?.find((s) => s.heading?.includes('A/B'));
    expect(section?.lines).toEqual(
      locale === 'en'
        ? [
            'ABT-3 "落地页" CVR A 10.00% → B 7.00% (-30.0%) · closed, winner: A',
            'ABT-1 "标题" CTR A 5.00% → B 8.00% (+60.0%) · B wins (p=0.0065)',
          ]
        : [
            'ABT-3「落地页」转化率 A 10.00% → B 7.00%（-30.0%）· 已结束，胜出：A 组',
            'ABT-1「标题」点击率 A 5.00% → B 8.00%（+60.0%）· B 胜出 (p=0.0065)',
          ],
    );
    expect(cardText(card)).not.toContain('按钮颜色');
  });
});
