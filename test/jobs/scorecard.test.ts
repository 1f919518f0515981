/**
 * The monthly scorecard's new inputs, logged the way users log them (commands), and the formulas that
 * turn their sums into the manual's 4.1 rows, in both languages; zero bases show "—", nothing logged
 * shows "no data yet". Bad input names the field and writes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { channelMetrics, spendEntries, surveyResults } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { buildMonthlyCard } from '../../jobs/monthly-report';
import { buildWeeklyCard } from '../../jobs/weekly-digest';
import { getSettings } from '../../src/domain/settings';
import { createTestDb } from '../helpers/db';
import { FakeClock, testDeps } from '../helpers/deps';
import { cardText } from './digest-seed';

const MONTHLY_AT = new Date('2026-12-01T02:00:00Z');
const actor = { platform: 'slack' as const, userId: 'UOPS', name: '李娜' };

let h: DbHandle;
let clock: FakeClock;
const deps = () => testDeps(h, { clock });
const run = (text: string, locale: 'en' | 'zh-CN' = 'en') => dispatchCommand(deps(), { text, actor, locale });

async function monthly(locale: 'en' | 'zh-CN') {
  clock.set(MONTHLY_AT);
  const settings = await getSettings(h.db, deps().config);
  const { card } = await buildMonthlyCard(deps(), MONTHLY_AT, settings, { locale });
  return cardText(card);
}

const count = async (t: typeof channelMetrics | typeof surveyResults | typeof spendEntries) =>
  Number((await h.db.select({ n: sql<number>`count(*)` }).from(t))[0]!.n);

beforeAll(async () => {
  h = await createTestDb();
  clock = new FakeClock(new Date('2026-11-30T08:00:00Z'));
  const ok = async (text: string) => {
    const r = await run(text);
    expect(r.card.tone, `${text}\n${r.card.text}`).not.toBe('danger');
  };
  // Follower counts at the end of October and of November (a running total per channel).
  await ok('/metrics log date=2026-10-31 channel=wechat_official followers=1000');
  await ok('/metrics log date=2026-10-31 channel=douyin followers=2000');
  await ok('/metrics log date=2026-11-30 channel=wechat_official followers=1100');
  await ok('/metrics log date=2026-11-30 channel=douyin followers=1800');
  // Two days of user figures: retention 40 ÷ 200, repurchase 30 ÷ 150, DAU (300 + 500) ÷ 2 days.
  await ok(
    '/metrics log date=2026-11-10 channel=website active_users=300 retained_d7=30 cohort_d7=120 orders=200 buyers=100 repeat_buyers=25',
  );
  await ok(
    '/metrics log date=2026-11-20 channel=website active_users=500 retained_d7=10 cohort_d7=80 orders=100 buyers=50 repeat_buyers=5',
  );
  // Surveys: 100 answers averaging 4.8 and 20 averaging 3.0 → 540 ÷ 120 = 4.50 (a mean of means says 3.9).
  await ok('/survey log date=2026-11-05 responses=100 score_sum=480');
  await ok('/survey log date=2026-11-25 responses=20 average=3');
  clock.set('2026-11-15T04:00:00Z');
  // Complaints: service/logistics with high severity; the product one and the low one are not complaints.
  await ok('/feedback new source=customer_service category=service severity=high text="客服态度差"');
  await ok('/feedback new source=review category=logistics severity=high text="快递丢件"');
  await ok('/feedback new source=review category=product severity=high text="质量问题"');
  await ok('/feedback new source=review category=logistics severity=low text="慢了一天"');
  // Spend: 1,000 flagged at once, 4,000 voided later, 3,000 fine → 5,000 ÷ 8,000 invalid.
  await ok('/budget spend amount=1000 category=channel_ads invalid=true note=刷量');
  await ok('/budget spend amount=3000 category=content');
  await ok('/budget spend amount=4000 category=campaigns');
  await ok('/budget spend void SP-3 reason="duplicate booking"');
});
afterAll(async () => {
  await h.close();
});

describe('monthly scorecard from the new inputs', () => {
  it('en: every 4.1 row, each ratio of sums beside its inputs', async () => {
    const text = await monthly('en');
    expect(text).toContain('WeChat Official followers growth (month end vs last): ↑10.0% (1,000 → 1,100)');
    expect(text).toContain('Douyin followers growth (month end vs last): ↓10.0% (2,000 → 1,800)');
    expect(text).toContain('Daily active users (Σactive ÷ days): 400 (800 ÷ 2 days)');
    expect(text).toContain('7-day retention (retained ÷ cohort): 20.0% (40 ÷ 200)');
    expect(text).toContain('Repurchase rate (repeat buyers ÷ buyers): 20.0% (30 ÷ 150)');
    expect(text).toContain(
      '✅ Satisfaction (Σscores ÷ Σresponses): 4.50 (540 ÷ 120 responses) · target ≥ 4.5',
    );
    expect(text).toContain('Complaint rate (complaints ÷ orders): 0.7% (2 complaints ÷ 300 orders)');
    expect(text).toContain('Invalid-spend share (invalid ÷ all spend): 62.5% (¥5,000 ÷ ¥8,000)');
    // Rows with nothing logged say so instead of pretending a zero.
    expect(text).toContain('CTR (clicks ÷ impressions): no data yet');
    const rows = text.split('\n').filter((l) => /^[✅❌➖] /.test(l));
    expect(rows.length).toBe(19 + 2);
    expect(text).not.toMatch(/NaN|Infinity|undefined|null|\{\w+\}/);
  });

  it('zh-CN: the same figures in Chinese', async () => {
    const text = await monthly('zh-CN');
    expect(text).toContain('公众号粉丝增长（月末对比上月末）：↑10.0% (1,000 → 1,100)');
    expect(text).toContain('7日留存率（留存 ÷ 基数）：20.0% (40 ÷ 200)');
    expect(text).toContain('✅ 满意度（Σ总分 ÷ Σ回答数）：4.50 (540 ÷ 120 份回答) · 目标 ≥ 4.5');
    expect(text).toContain('投诉率（投诉 ÷ 订单）：0.7% (2 条投诉 ÷ 300 单)');
    expect(text).toContain('无效支出占比（无效 ÷ 总支出）：62.5% (¥5,000 ÷ ¥8,000)');
    expect(text).toContain('点击率 CTR（点击 ÷ 曝光）：尚无数据');
  });

  it('a zero base shows "—", in both languages', async () => {
    // A day whose 7-day cohort was empty: retained 0 of 0 adds nothing to the sums' base …
    const h2 = h;
    await h2.db.delete(channelMetrics);
    clock.set('2026-11-15T04:00:00Z');
    const r = await run(
      '/metrics log date=2026-11-12 channel=website retained_d7=0 cohort_d7=0 orders=0 buyers=0 repeat_buyers=0',
    );
    expect(r.card.tone).not.toBe('danger');
    const en = await monthly('en');
    expect(en).toContain('7-day retention (retained ÷ cohort): — (0 ÷ 0)');
    expect(en).toContain('Repurchase rate (repeat buyers ÷ buyers): — (0 ÷ 0)');
    expect(en).toContain('Complaint rate (complaints ÷ orders): — (2 complaints ÷ 0 orders)');
    const zh = await monthly('zh-CN');
    expect(zh).toContain('7日留存率（留存 ÷ 基数）：— (0 ÷ 0)');
    expect(zh).toContain('投诉率（投诉 ÷ 订单）：— (2 条投诉 ÷ 0 单)');
  });
});

describe('bad input names the field and writes nothing', () => {
  it('retained_d7 above cohort_d7, repeat_buyers above buyers (given or stored)', async () => {
    clock.set('2026-11-15T04:00:00Z');
    const before = await count(channelMetrics);
    const a = await run('/metrics log date=2026-11-13 channel=douyin retained_d7=50 cohort_d7=40');
    expect(a.card.tone).toBe('danger');
    expect(a.card.text).toContain('`retained_d7` (50) cannot be more than `cohort_d7` (40)');
    await run('/metrics log date=2026-11-14 channel=douyin buyers=10');
    const b = await run('/metrics log date=2026-11-14 channel=douyin repeat_buyers=11');
    expect(b.card.tone).toBe('danger');
    expect(b.card.text).toContain('`repeat_buyers` (11) cannot be more than `buyers` (10) as logged');
    expect(await count(channelMetrics)).toBe(before + 1);
  });

  it('survey scores outside 1–5, both or neither of score_sum and average', async () => {
    const before = await count(surveyResults);
    const a = await run('/survey log date=2026-11-14 responses=10 score_sum=51');
    expect(a.card.text).toContain(
      '`score_sum` 51 is outside the 1–5 scale: 10 responses sum to between 10 and 50.',
    );
    const b = await run('/survey log date=2026-11-14 responses=10 average=0.5', 'zh-CN');
    expect(b.card.text).toContain('`average` 0.5 超出 1–5 分的范围。');
    const c = await run('/survey log date=2026-11-14 responses=0 average=4 score_sum=40');
    expect(c.card.text).toContain('`responses` must be a whole number above 0');
    expect(c.card.text).toContain('Give `score_sum` or `average`, not both.');
    for (const r of [a, b, c]) expect(r.card.tone).toBe('danger');
    expect(await count(surveyResults)).toBe(before);
  });

  it('voiding twice or an unknown entry, a bad invalid= flag', async () => {
    clock.set('2026-11-15T04:00:00Z');
    const before = await count(spendEntries);
    expect((await run('/budget spend void SP-3 reason=again')).card.text).toContain(
      'SP-3 is already marked invalid.',
    );
    expect((await run('/budget spend void SP-99 reason=x')).card.text).toContain(
      'No spend entry `SP-99` exists.',
    );
    const bad = await run('/budget spend amount=10 category=content invalid=maybe');
    expect(bad.card.text).toContain('Argument `invalid` must be yes or no (true/false): `maybe`.');
    expect(await count(spendEntries)).toBe(before);
  });
});

describe('weekly digest satisfaction', () => {
  it('is the weighted mean of the week, never a mean of daily means', async () => {
    clock.set('2026-11-30T08:00:00Z');
    // 11-24: 80 answers of 5; 11-25 (above): 20 answers averaging 3 → 460 ÷ 100 = 4.60 (mean of means: 4.0).
    expect((await run('/survey log date=2026-11-24 responses=80 average=5')).card.tone).toBe('success');
    const at = new Date('2026-11-30T01:30:00Z');
    clock.set(at);
    const settings = await getSettings(h.db, deps().config);
    const en = cardText((await buildWeeklyCard(deps(), at, settings, { locale: 'en' })).card);
    expect(en).toContain('Satisfaction 4.60 (Σscores 460 ÷ Σresponses 100, weighted by responses)');
    const zh = cardText((await buildWeeklyCard(deps(), at, settings, { locale: 'zh-CN' })).card);
    expect(zh).toContain('满意度 4.60 分（Σ总分 460 ÷ Σ回答数 100，按回答数加权）');
  });
});
