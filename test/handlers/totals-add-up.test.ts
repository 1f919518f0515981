import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../handlers/index';
import { buildDailyCard } from '../../jobs/daily-digest';
import { buildMonthlyCard } from '../../jobs/monthly-report';
import { buildWeeklyCard } from '../../jobs/weekly-digest';
import type { Card } from '../../src/chat/card';
import type { Locale } from '../../src/chat/i18n';
import { getSettings } from '../../src/domain/settings';
import { createTestDb } from '../helpers/db';
import { FakeClock, testDeps } from '../helpers/deps';

// Thursday 26 Nov 2026, 10:00 in Shanghai; the figures are for Wednesday 25 Nov.
const NOW = new Date('2026-11-26T02:00:00Z');
let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, { clock: new FakeClock(NOW) });
  for (const line of [
    'metrics log date=2026-11-25 channel=google gmv=10000 spend=5000 clicks=2000 orders=50 new_users=100',
    'metrics log date=2026-11-25 channel=website gmv=10000 orders=50 new_users=100',
  ]) {
    const r = await run(line, 'en');
    expect(r.card.tone).toBe('success');
  }
});
afterAll(() => h.close());

function run(text: string, locale: Locale) {
  return dispatchCommand(deps, { text, actor: { platform: 'console', userId: 'lina' }, locale });
}

/** Every line of a card's section, by its heading. */
const section = (card: Card, heading: string) => card.sections!.find((s) => s.heading === heading)!.lines;

describe('the ratios on the total divide the printed totals', () => {
  it('/metrics: ROI 4:1 = ¥20,000 ÷ ¥5,000, CVR 5% = 100 ÷ 2,000, CAC ¥25 = ¥5,000 ÷ 200; paid figures labelled beside', async () => {
    const r = await run('metrics date=2026-11-25', 'en');
    const lines = section(r.card, 'All channels').join('\n');
    expect(lines).toContain('GMV ¥20,000');
    expect(lines).toContain('Spend ¥5,000');
    expect(lines).toContain('Clicks 2K · Orders 100 · New users 200');
    expect(lines).toMatch(/ROI \(GMV ÷ spend\) 4:1/);
    expect(lines).toMatch(/CVR \(orders ÷ clicks\) 5\.0%/);
    expect(lines).toMatch(/CAC \(spend ÷ new users\) ¥25\.00/);
    expect(lines).toContain(
      'Paid-channel ROI 2:1 (channels that logged spend only: GMV ¥10,000 ÷ spend ¥5,000)',
    );
    expect(lines).toContain('CVR of channels with clicks 2.5% (those channels only: orders 50 ÷ clicks 2K)');
    expect(lines).toContain('Paid-channel CAC ¥50.00');
  });

  it('/metrics in zh-CN labels the paid-channel ROI with its own GMV', async () => {
    const r = await run('metrics date=2026-11-25', 'zh-CN');
    const lines = section(r.card, '全部渠道合计').join('\n');
    expect(lines).toMatch(/ROI（GMV÷花费） 4:1/);
    expect(lines).toContain('付费渠道 ROI 2:1（只算记录了花费的渠道：GMV ¥1万 ÷ 花费 ¥5,000）');
  });

  it('the daily, weekly and monthly digests print the same headline ROI and the paid-channel basis', async () => {
    const settings = await getSettings(h.db, deps.config);
    const daily = (await buildDailyCard(deps, NOW, settings, { chart: false, locale: 'en' })).card;
    expect(daily.text).toContain('GMV ¥20,000');
    expect(daily.text).toContain('ROI 4:1');
    const total = section(daily, 'All channels').join('\n');
    expect(total).toContain('Clicks 2K');
    expect(total).not.toContain('CAC');
    expect(total).toContain('CVR 5.0%');
    expect(total).toContain(
      'Paid-channel ROI 2:1 (channels that logged spend only: GMV ¥10,000 ÷ spend ¥5,000)',
    );

    // The week of 23–29 Nov, reported on Monday 30 Nov; the month reported on 1 Dec.
    const weekly = (await buildWeeklyCard(deps, new Date('2026-11-30T01:30:00Z'), settings, { locale: 'en' }))
      .card;
    expect(weekly.text).toContain('ROI 4:1');
    const weekLines = weekly.sections!.flatMap((s) => s.lines).join('\n');
    expect(weekLines).toContain('CAC ¥25');
    expect(weekLines).toContain('Paid-channel CAC ¥50.00');
    const monthly = (
      await buildMonthlyCard(deps, new Date('2026-12-01T02:00:00Z'), settings, { locale: 'zh-CN' })
    ).card;
    const monthText = [monthly.text, ...monthly.sections!.flatMap((s) => s.lines)].join('\n');
    expect(monthText).toContain('4:1');
    expect(monthText).toContain('付费渠道 ROI 2:1');
  });
});
