/**
 * /metrics judges each figure against the channel's own history, says so in words in both languages, and
 * the threshold follows `/mops settings set anomaly_z=`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../handlers/index';
import type { Locale } from '../../src/chat/i18n';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText, seedDigestData } from '../jobs/digest-seed';

let h: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  h = await createTestDb();
  await seedDigestData(h.db);
});
afterAll(() => h.close());

// Thursday 2026-11-26 10:00 in Shanghai; the seed's Douyin orders and GMV jump by 40% on Wednesday the 25th.
const clock = new FakeClock(new Date('2026-11-26T02:00:00Z'));
const as = async (locale: Locale, userId: string, text: string) => {
  const deps = testDeps(h, {
    config: testConfig({
      LOCALE: locale,
      MOPS_ADMINS: 'UADMIN',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
    }),
    clock,
  });
  const r = await dispatchCommand(deps, {
    text,
    actor: { platform: 'slack', userId },
    place: { platform: 'slack', channel: 'C1' },
  });
  return cardText(r.card!);
};

describe(`/metrics against the channel's own history on ${driverName}`, () => {
  it('en: names the unusual figure with the median of the same weekday and the robust z, and marks its line', async () => {
    const text = await as('en', 'U1', '/metrics');
    expect(text).toContain('## ⚠️ Worth a look (unusual for the channel’s own history)');
    expect(text).toMatch(
      /\nDouyin GMV ¥89,250, median of the last 7 Wednesdays ¥48,600 \(unusually high, about \+\d+\.\dσ\)\n/,
    );
    expect(text).toMatch(/\nGMV ¥89,250⚠️ · d\/d ↑41\.7% · w\/w ↑52\.6%\n/);
    // Taobao grew as it does every day: no mark.
    expect(text).not.toMatch(/Taobao [^\n]*median/);
    expect(text).toContain('> ⚠️ marks a figure unusual for its own channel: about 3σ or more');
  });

  it('zh-CN: the same in Chinese', async () => {
    const text = await as('zh-CN', 'U1', '/metrics');
    expect(text).toMatch(/\n抖音 GMV ¥8\.9万，过去 7 个周三的中位数 ¥4\.9万（异常偏高，约 \+\d+\.\dσ）\n/);
    expect(text).toContain('抖音 CVR（订单÷点击） 11.3%，过去 7 个周三的中位数 7.9%（异常偏高，约 +5.9σ）');
    expect(text).toContain('> ⚠️ 表示与该渠道自己的历史相比异常');
  });

  it('a higher anomaly_z set by an admin quiets it; a bad one is refused and changes nothing', async () => {
    expect(await as('en', 'UADMIN', '/mops settings set anomaly_z=1')).toContain(
      '`anomaly_z` has the wrong format, e.g. 3 (2–10)',
    );
    const shown = await as('en', 'UADMIN', '/mops settings set anomaly_z=8');
    expect(shown).toContain('anomaly_z: 8');
    const text = await as('en', 'U1', '/metrics');
    expect(text).not.toContain('Worth a look');
    expect(text).toContain('about 8σ or more');
    await as('en', 'UADMIN', '/mops settings set anomaly_z=3');
  });
});
