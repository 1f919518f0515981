/**
 * The monthly report's attainment and scorecard read the month's /target; the monthly_gmv_target setting is
 * only a fallback, and campaigns' targets the last resort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { dispatchCommand } from '../../handlers/index';
import { buildMonthlyCard } from '../../jobs/monthly-report';
import type { Locale } from '../../src/chat/i18n';
import { getSettings } from '../../src/domain/settings';
import { createTestDb } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText, seedDigestData } from './digest-seed';

const AT = new Date('2026-12-01T02:00:00Z');
const config = testConfig({ MOPS_ADMINS: 'UADMIN' });
let h: DbHandle;
const deps = () => testDeps(h, { config, clock: new FakeClock(AT) });
const admin = (text: string) =>
  dispatchCommand(deps(), { text, actor: { platform: 'slack', userId: 'UADMIN' }, locale: 'en' });

async function monthly(locale: Locale) {
  const settings = await getSettings(h.db, config);
  const { card, summary } = await buildMonthlyCard(deps(), AT, settings, { locale, chart: false });
  return { text: cardText(card), summary };
}

beforeAll(async () => {
  h = await createTestDb();
  await seedDigestData(h.db);
});
afterAll(() => h.close());

describe('monthly report targets: /target, then monthly_gmv_target, then campaigns', () => {
  it('without either, the campaigns ending in the month and the manual’s examples', async () => {
    const { text } = await monthly('en');
    expect(text).toContain('Campaigns ending this month with a filed retro (1)');
    expect(text).toMatch(/Ad ROI \(GMV ÷ spend\): .* · target ≥ 3:1\n/);
    expect(text).toMatch(/Website UV growth: .* · target ≥ \+20%\n/);
    expect(text).not.toMatch(/· target [^\n]*\(\/target\)/);
  });

  it('the setting measures all channels’ GMV when no /target is set for the month', async () => {
    expect((await admin('/mops settings set monthly_gmv_target=2000万')).card.tone).not.toBe('danger');
    const { text } = await monthly('en');
    expect(text).toMatch(/GMV ¥[\d.]+M of a ¥20M target → [\d.]+%/);
    expect(text).toContain('the monthly_gmv_target setting; a month set with /target takes its place');
  });

  it('a month set with /target wins over the setting, in the attainment and the scorecard rows', async () => {
    const set = await admin('/target set 2026-11 gmv=1000万 new_users=5000 uv_growth=5% roi=2.5');
    expect(set.card.text).toContain('⏪ Backfill: 2026-11 already passed.');
    const { text, summary } = await monthly('en');
    expect(text).toMatch(/GMV ¥[\d.]+M of a ¥10M target → [\d.]+%/);
    expect(text).toContain('All channels’ GMV against the month’s target set with /target (2026-11)');
    expect(text).toMatch(/New users 6,930 of a 5,000 target → 138\.6% \(set with \/target\)/);
    expect(text).toMatch(/Ad ROI \(GMV ÷ spend\): .* · target ≥ 2\.5:1 \(\/target\)/);
    expect(text).toMatch(/Website UV growth: .* · target ≥ \+5% \(\/target\)/);
    expect(text).toContain('New users: 6,930 · target ≥ 5K (/target)');
    expect(text).toMatch(/GMV attainment: [\d.]+% · target ≥ 100% \(\/target\)/);
    expect(summary.gmvAttainment).toBeGreaterThan(0);
    const zh = (await monthly('zh-CN')).text;
    expect(zh).toContain('全渠道 GMV 对比 /target 设定的月目标（2026-11）');
    expect(zh).toMatch(/新增用户 6,930 \/ 目标 5,000 → 完成率 138\.6%（\/target 设定）/);
  });
});
