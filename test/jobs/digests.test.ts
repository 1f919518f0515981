import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { upsertMetricRows } from '../../db/queries/metrics';
import { putSetting } from '../../db/queries/settings';
import { jobRuns, outbox } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { buildDailyCard, CHART_SIZE, run as runDaily } from '../../jobs/daily-digest';
import { buildMonthlyCard, run as runMonthly } from '../../jobs/monthly-report';
import { buildWeeklyCard, run as runWeekly } from '../../jobs/weekly-digest';
import { pngSize } from '../../src/charts/trend-chart';
import type { StoredCard } from '../../src/chat/card-codec';
import { decodeCard } from '../../src/chat/card-codec';
import { demoMetricRows } from '../../src/demo/metrics';
import { addDays } from '../../src/domain/dates';
import { loadDailyFigures } from '../../src/domain/digests';
import { change } from '../../src/domain/kpi';
import { toInsert } from '../../src/domain/metrics';
import { getSettings } from '../../src/domain/settings';
import { createTestDb } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText, seedDigestData } from './digest-seed';

// Scheduled moments in Asia/Shanghai: daily Thu 2026-11-26 09:00, weekly Mon 2026-11-23 09:30, monthly 2026-12-01 10:00.
const DAILY_AT = new Date('2026-11-26T01:00:00Z');
const WEEKLY_AT = new Date('2026-11-23T01:30:00Z');
const MONTHLY_AT = new Date('2026-12-01T02:00:00Z');

/** Slack (digest channel set) and the local console: two destinations for every digest. */
const config = testConfig({
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'test-secret',
  CONSOLE: '1',
  MOPS_DIGEST_CHANNEL: 'C0DIGEST',
});

let h: DbHandle;
beforeEach(async () => {
  h = await createTestDb();
});
afterEach(async () => {
  await h.close();
});

const deps = (now: Date) => testDeps(h, { config, clock: new FakeClock(now) });

async function outboxRows() {
  const rows = await h.db.select().from(outbox).orderBy(outbox.id);
  return rows.map((r) => ({ ...r, card: (r.payload as { card: StoredCard }).card }));
}

const count = async (table: typeof outbox | typeof jobRuns) =>
  Number((await h.db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);

/** No NaN, ∞, "undefined" or unfilled {placeholder} anywhere a reader could see. */
function expectClean(text: string) {
  expect(text).not.toMatch(/NaN|Infinity|undefined|null|\{\w+\}/);
}

describe('daily digest job', () => {
  it('seeded day, run twice at 09:00 → one post per destination with a 800×400 PNG chart', async () => {
    await seedDigestData(h.db);
    const d = deps(DAILY_AT);
    const first = await runDaily(d, DAILY_AT);
    const second = await runDaily(d, new Date(DAILY_AT.getTime() + 60_000));
    expect(first).toMatchObject({ job: 'daily-digest', periodKey: '2026-11-26', ran: true });
    expect(second.ran).toBe(false);

    const rows = await outboxRows();
    expect(rows.map((r) => `${r.platform}:${r.destination}`).sort()).toEqual([
      'console:#marketing',
      'slack:C0DIGEST',
    ]);
    const card = decodeCard(rows[0]!.card);
    expect(card.title).toBe('Daily report · 2026-11-25 (Wed)');
    expect(card.image).toBeDefined();
    expect(pngSize(card.image!.png)).toEqual(CHART_SIZE);
    expect(card.image!.alt).toContain('2026-11-12 to 2026-11-25');
    expectClean(cardText(rows[0]!.card));
    // The text stands alone: every figure is in the sections, not only in the picture.
    expect(cardText(card)).toContain('GMV');
    const [run] = await h.db.select().from(jobRuns).where(eq(jobRuns.job, 'daily-digest'));
    expect(run).toMatchObject({ status: 'done', late: false });
    expect(run!.summary).toMatchObject({ date: '2026-11-25', empty: false, chart: true });
  });

  it('GMV up 40% on a channel → named against its own Wednesdays in "Worth a look", the line marked ⚠️', async () => {
    await seedDigestData(h.db);
    const settings = await getSettings(h.db, config);
    const { card, summary } = await buildDailyCard(deps(DAILY_AT), DAILY_AT, settings, { chart: false });
    const watch = card.sections!.find((s) => s.heading?.startsWith('⚠️'));
    expect(watch?.lines).toContainEqual(
      expect.stringMatching(
        /^Douyin GMV ¥89,250, median of the last 7 Wednesdays ¥48,600 \(unusually high, about \+\d+\.\dσ\)$/,
      ),
    );
    const douyin = card.sections!.find((s) => s.heading === 'Douyin')!;
    expect(douyin.lines[0]).toBe('GMV ¥89,250⚠️ · ↑41.7% / ↑52.6%');
    // Taobao moved as it always does: no mark, no line.
    expect(card.sections!.find((s) => s.heading === 'Taobao')!.lines.join('\n')).not.toContain('⚠️');
    expect(watch?.lines.some((l) => l.startsWith('Taobao'))).toBe(false);
    expect(summary.flagged).toBe(watch?.lines.length);
  });

  it('anomaly_z is a setting: at 10 the same day flags nothing', async () => {
    await seedDigestData(h.db);
    await putSetting(h.db, 'anomalyZ', 10, 'test', DAILY_AT);
    const settings = await getSettings(h.db, config);
    const { card, summary } = await buildDailyCard(deps(DAILY_AT), DAILY_AT, settings, { chart: false });
    expect(summary.flagged).toBe(0);
    expect(card.tone).toBe('info');
    expect(cardText(card)).toContain('about 10σ or more from the median of the same weekday');
  });

  it('demo-like figures: a normal Monday dip raises no flag, though the old ±20% rule would have', async () => {
    // Ten weeks of the demo's channels (weekday habits, noise, slow growth; no campaign, no 双11), through
    // Monday 2026-05-11. The digest on Tuesday morning reports that Monday.
    const days: string[] = [];
    for (let d = '2026-03-02'; d <= '2026-05-12'; d = addDays(d, 1)) days.push(d);
    // The generator puts a shock on its last day (for the demo's digest); that day is not loaded.
    const rows = demoMetricRows(days, [], 7).slice(0, -1).flat();
    await upsertMetricRows(
      h.db,
      rows.map((r) => toInsert(r, { now: DAILY_AT, actor: 'test' })),
    );
    const at = new Date('2026-05-12T01:00:00Z');
    const settings = await getSettings(h.db, config);
    const figures = await loadDailyFigures(deps(at), at, settings);
    expect(figures.date).toBe('2026-05-11');
    // Shopping channels sell about a fifth less on Monday than on Sunday: over the old rule's ±20%.
    const dips = [...figures.day!.channels].filter(
      ([c, f]) => (change(f.gmv, figures.prev!.channels.get(c)!.gmv) ?? 0) < -0.2,
    );
    expect(dips.map(([c]) => c)).toEqual(expect.arrayContaining(['douyin', 'taobao']));
    const { card, summary } = await buildDailyCard(deps(at), at, settings, { chart: false });
    // No "Worth a look" section and no marked line (the legend still explains the mark).
    const body = card.sections!.flatMap((s) => [s.heading ?? '', ...s.lines]);
    expect(body.filter((l) => l.includes('⚠️'))).toEqual([]);
    expect(summary.flagged).toBe(0);
    expect(card.tone).toBe('info');
  });

  it('a late catch-up run → the digest says when it was due', async () => {
    await seedDigestData(h.db);
    const at = new Date('2026-11-26T03:00:00Z'); // 11:00 local, two hours after the slot
    await runDaily(deps(at), at, { late: true });
    const [row] = await outboxRows();
    expect(row!.card.context).toContain('⏰ Posted late: scheduled for 11-26 09:00');
  });

  it('no figures logged at all → the digest says so, no NaN, no chart, still one post each', async () => {
    const d = deps(DAILY_AT);
    const res = await runDaily(d, DAILY_AT);
    expect(res.ran).toBe(true);
    const rows = await outboxRows();
    expect(rows).toHaveLength(2);
    const text = cardText(rows[0]!.card);
    expect(text).toContain('No channel figures were logged for 2026-11-25');
    expect(text).toContain('No campaign is running today.');
    expect(text).toContain('Nothing is waiting on a deadline.');
    expect(text).toContain('No budget or spend for 2026-11 yet.');
    expect(rows[0]!.card.image).toBeUndefined();
    expectClean(text);
  });

  it('figures for earlier days but none yesterday → says so and still draws the 14-day chart', async () => {
    await seedDigestData(h.db, { lastMetricsDay: '2026-11-20' });
    const settings = await getSettings(h.db, config);
    const { card, summary } = await buildDailyCard(deps(DAILY_AT), DAILY_AT, settings);
    expect(card.text).toContain('No channel figures were logged for 2026-11-25');
    expect(summary).toMatchObject({ empty: true, chart: true });
    expect(pngSize(card.image!.png)).toEqual(CHART_SIZE);
  });
});

describe('weekly digest job', () => {
  it('product channel set, run twice → digest to each destination and the user-needs report to product, once', async () => {
    await seedDigestData(h.db);
    await putSetting(h.db, 'productChannel', 'C0PRODUCT', 'slack:UADMIN', WEEKLY_AT);
    const d = deps(WEEKLY_AT);
    expect((await runWeekly(d, WEEKLY_AT)).ran).toBe(true);
    expect((await runWeekly(d, new Date(WEEKLY_AT.getTime() + 3600_000))).ran).toBe(false);
    const rows = await outboxRows();
    expect(rows.map((r) => `${r.platform}:${r.destination}`).sort()).toEqual([
      'console:#marketing',
      'slack:C0DIGEST',
      'slack:C0PRODUCT',
    ]);
    const product = rows.find((r) => r.destination === 'C0PRODUCT')!.card;
    expect(product.title).toBe('User-needs report (用户需求报告) · 2026-W47 (2026-11-16 to 2026-11-22)');
    expect(cardText(product)).toContain('Product: 2 (last week 1, ↑100.0%) · 1 high');
    expectClean(cardText(product));
  });

  it('no product channel → only the digest, which carries the user-needs report itself', async () => {
    await seedDigestData(h.db);
    await runWeekly(deps(WEEKLY_AT), WEEKLY_AT);
    const rows = await outboxRows();
    expect(rows).toHaveLength(2);
    const text = cardText(rows[0]!.card);
    expect(text).toContain('## User-needs report (用户需求报告)');
    expect(text).toContain('4 feedback items this week (last week 2, ↑100.0%); 1 high severity.');
    expectClean(text);
  });

  it('the week of W47 → ROI ranking, campaign results with attainment, incidents and on-time rates', async () => {
    await seedDigestData(h.db);
    const settings = await getSettings(h.db, config);
    const { card } = await buildWeeklyCard(deps(WEEKLY_AT), WEEKLY_AT, settings);
    const text = cardText(card);
    expect(text).toMatch(/## Channels by ROI\n1\. Taobao ROI [\d.]+:1/);
    expect(text).toContain('No spend logged: Website');
    expect(text).toContain('CMP-2 新品上市 Launch · reviewed');
    expect(text).toContain('ROI 3.5:1 (target 3:1, 116.7%) · GMV ¥420,000 (target ¥400,000, 105.0%)');
    expect(text).toContain('CMP-3 社群裂变 Referral · ended 2026-11-20, retro due 11-25 23:59');
    expect(text).toContain('Incidents: 2 opened (1 high/critical), 1 closed, 1 still open');
    expect(text).toContain('KOL deals with results: 1 · GMV ¥35,000 · fees ¥10,000 · ROI 3.5:1');
  });

  it('an empty week → says so, no NaN', async () => {
    const settings = await getSettings(h.db, config);
    const { card } = await buildWeeklyCard(deps(WEEKLY_AT), WEEKLY_AT, settings);
    const text = cardText(card);
    expect(text).toContain('No channel figures were logged from 2026-11-16 to 2026-11-22');
    expect(text).toContain('No new user feedback this week.');
    expect(text).toContain('No deadline came due in this period.');
    expectClean(text);
  });
});

describe('monthly report job', () => {
  it('run twice on the 1st → one post per destination for the month before', async () => {
    await seedDigestData(h.db);
    const d = deps(MONTHLY_AT);
    expect(await runMonthly(d, MONTHLY_AT)).toMatchObject({ ran: true, periodKey: '2026-12' });
    expect((await runMonthly(d, new Date(MONTHLY_AT.getTime() + 60_000))).ran).toBe(false);
    const rows = await outboxRows();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.card.title).toBe('Monthly report · 2026-11');
    expectClean(cardText(rows[0]!.card));
  });

  it('November → attainment against campaign targets and a scorecard with pass and miss', async () => {
    await seedDigestData(h.db);
    const settings = await getSettings(h.db, config);
    const { card } = await buildMonthlyCard(deps(MONTHLY_AT), MONTHLY_AT, settings);
    const text = cardText(card);
    // Only the campaign with a filed retro counts: its reported GMV against its own target.
    expect(text).toContain('GMV ¥420,000 of a ¥400,000 target → 105.0%');
    expect(text).toContain('Campaigns ending this month with a filed retro (1)');
    expect(text).toMatch(/✅ Ad ROI \(GMV ÷ spend\): [\d.]+:1 \(¥[\d.]+M ÷ ¥[\d,]+\) · target ≥ 3:1/);
    // Content alone is at 112.5%, but the manual's ceiling is on the month's total usage.
    expect(text).toContain('✅ Budget usage (spend ÷ plan): 87.5% · target ≤ 105%');
    expect(text).toContain('✅ New users');
    expect(text).toContain('❌ Incidents answered within 2 h: 50.0% (1/2) · target 100%');
    expect(text).toMatch(/## Strongest channels\nTaobao/);
    expect(text).toMatch(/## Weakest channels\nXiaohongshu/);
  });

  it('with monthly_gmv_target set → all channels’ GMV against that target', async () => {
    await seedDigestData(h.db);
    const settings = { ...(await getSettings(h.db, config)), monthlyGmvTargetFen: 340_000_000 };
    const { card } = await buildMonthlyCard(deps(MONTHLY_AT), MONTHLY_AT, settings);
    const text = cardText(card);
    expect(text).toMatch(/GMV ¥3\.\dM of a ¥3\.4M target → \d+\.\d%/);
    expect(text).toContain('against the monthly target (the monthly_gmv_target setting');
  });

  it('an empty month → says so, no NaN, every score without data is ➖', async () => {
    const settings = await getSettings(h.db, config);
    const { card } = await buildMonthlyCard(deps(MONTHLY_AT), MONTHLY_AT, settings);
    const text = cardText(card);
    expect(text).toContain('No channel figures were logged in 2026-11');
    expect(text).toContain(
      'none was set with /target, and no campaign ending this month has both a GMV target and a filed retrospective',
    );
    const scorecard = card.sections!.filter((s) => s.heading?.startsWith('Scorecard · '));
    expect(scorecard).toHaveLength(6);
    const lines = scorecard.flatMap((s) => s.lines);
    expect(lines).toHaveLength(19);
    // Nothing logged: every row says so (or has no base at all), none is judged.
    expect(lines.every((l) => l.startsWith('➖'))).toBe(true);
    expect(lines.filter((l) => l.includes('no data yet')).length).toBeGreaterThanOrEqual(17);
    expectClean(text);
    // The footer cites nothing the reader does not have (the job manual's "4.1").
    expect(text).not.toMatch(/4\.1|manual/);
  });
});

describe('/mops digest preview', () => {
  const actor = { platform: 'slack' as const, userId: 'UCALLER' };

  it('/mops digest daily → the same digest, ephemeral, and nothing written', async () => {
    await seedDigestData(h.db);
    const d = deps(DAILY_AT);
    const reply = await dispatchCommand(d, { text: '/mops digest daily', actor, locale: 'en' });
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.card.context?.[0]).toContain('Preview: what the digest would post if it ran now');
    expect(await count(outbox)).toBe(0);
    expect(await count(jobRuns)).toBe(0);
    // Same builder: the posted digest reads exactly like the preview (minus the preview note and chart).
    await runDaily(d, DAILY_AT);
    const [posted] = await outboxRows();
    const preview = { ...reply.card, context: reply.card.context!.slice(1) };
    expect(cardText(preview)).toBe(cardText({ ...posted!.card, image: undefined }));
  });

  it('/mops digest 周报 and monthly → previews in the caller language, nothing written', async () => {
    await seedDigestData(h.db);
    const weekly = await dispatchCommand(deps(WEEKLY_AT), {
      text: '/mops digest 周报',
      actor,
      locale: 'zh-CN',
    });
    expect(weekly.card.title).toBe('营销数据周报 · 2026-W47（2026-11-16 至 2026-11-22）');
    const monthly = await dispatchCommand(deps(MONTHLY_AT), {
      text: '/mops digest monthly',
      actor,
      locale: 'en',
    });
    expect(monthly.card.title).toBe('Monthly report · 2026-11');
    // Neither preview promises the daily chart: each posted report carries its own.
    expect(weekly.card.context?.[0]).not.toContain('日报');
    expect(monthly.card.context?.[0]).not.toContain('daily');
    expect(weekly.card.context?.join('\n')).not.toContain('手册');
    expect(await count(outbox)).toBe(0);
    expect(await count(jobRuns)).toBe(0);
  });

  it('/mops digest yearly → names the bad word and shows the usage, nothing written', async () => {
    const reply = await dispatchCommand(deps(DAILY_AT), { text: '/mops digest yearly', actor, locale: 'en' });
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.card.tone).toBe('danger');
    expect(reply.card.text).toContain('`yearly` is not a digest; choose daily, weekly or monthly.');
    expect(reply.card.context).toContain('Usage: /mops digest daily|weekly|monthly');
    const proto = await dispatchCommand(deps(DAILY_AT), {
      text: '/mops digest constructor',
      actor,
      locale: 'en',
    });
    expect(proto.card.text).toContain('`constructor` is not a digest');
    const missing = await dispatchCommand(deps(DAILY_AT), { text: '/mops digest', actor, locale: 'en' });
    expect(missing.card.text).toContain('Say which digest to preview');
    expect(await count(outbox)).toBe(0);
  });
});
