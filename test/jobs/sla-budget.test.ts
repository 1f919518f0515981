import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobRuns, outbox } from '../../db/schema';
import { checkBudgetNow } from '../../jobs/budget-watch';
import { runJob } from '../../jobs/index';
import { decodeCard } from '../../src/chat/card-codec';
import { recordSpend, setBudget } from '../../src/domain/budget';
import { ackFeedback, createFeedback, resolveFeedback } from '../../src/domain/feedback';
import { defaultSettings } from '../../src/domain/settings';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';

const HOUR = 3_600_000;
let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
const config = testConfig({ CONSOLE: '1', MOPS_MANAGERS: 'console:wang' });
const T0 = new Date('2026-11-26T02:00:00Z');

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, { config, clock: new FakeClock(T0) });
});
afterAll(() => h.close());

async function posted() {
  const rows = await h.db.select().from(outbox).orderBy(outbox.id);
  return rows.map((r) => ({ ...r, card: decodeCard((r.payload as { card: never }).card) }));
}

const ctxAt = (now: Date, actor = 'console:li') => ({
  db: h.db,
  now,
  actor,
  settings: defaultSettings(config),
});

describe(`SLA sweep on ${driverName}`, () => {
  beforeEach(async () => {
    await h.db.delete(outbox);
  });

  it('walks the ladder for feedback: reminder at 80%, breach at 24 h, manager at 48 h — each once, even when run twice', async () => {
    const { feedback } = await createFeedback(ctxAt(T0), {
      source: 'wecom',
      category: 'product',
      severity: 'high',
      text: '闪退',
    });
    const code = feedback.code;
    // 10 h in: nothing yet.
    await runJob(deps, 'sla-sweep', new Date(T0.getTime() + 10 * HOUR));
    expect((await posted()).filter((p) => JSON.stringify(p.card).includes(code))).toHaveLength(0);

    // 20 h in (83%): a reminder to the owner's DM, once, however many sweeps run.
    for (const m of [20 * 60, 20 * 60 + 1, 20 * 60 + 2])
      await runJob(deps, 'sla-sweep', new Date(T0.getTime() + m * 60_000));
    let mine = (await posted()).filter((p) => JSON.stringify(p.card).includes(code));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.destination).toBe('dm:li');
    expect(mine[0]!.card.title).toContain(`${code} is due soon`);

    // 25 h: breach in the alerts channel mentioning the owner.
    await runJob(deps, 'sla-sweep', new Date(T0.getTime() + 25 * HOUR));
    await runJob(deps, 'sla-sweep', new Date(T0.getTime() + 25 * HOUR + 60_000));
    mine = (await posted()).filter((p) => JSON.stringify(p.card).includes(code));
    expect(mine).toHaveLength(2);
    expect(mine[1]!.destination).toBe('#mkt-alerts');
    expect(mine[1]!.card.title).toContain(`${code} is overdue`);
    expect(mine[1]!.card.mentions).toEqual([{ platform: 'console', userId: 'li' }]);

    // 49 h: the managers are mentioned.
    await runJob(deps, 'sla-sweep', new Date(T0.getTime() + 49 * HOUR));
    mine = (await posted()).filter((p) => JSON.stringify(p.card).includes(code));
    expect(mine).toHaveLength(3);
    expect(mine[2]!.card.title).toContain('escalated to managers');
    expect(mine[2]!.card.mentions).toContainEqual({ platform: 'console', userId: 'wang' });
  });

  it('answering stops the ladder; a bot that was down skips the stale reminder and posts the breach', async () => {
    const a = await createFeedback(ctxAt(T0), {
      source: 'review',
      category: 'price',
      severity: 'low',
      text: 'a',
    });
    const b = await createFeedback(ctxAt(T0), {
      source: 'review',
      category: 'price',
      severity: 'low',
      text: 'b',
    });
    await ackFeedback(ctxAt(new Date(T0.getTime() + HOUR)), { code: a.feedback.code });
    await resolveFeedback(ctxAt(new Date(T0.getTime() + HOUR)), { code: b.feedback.code, note: 'done' });
    await runJob(deps, 'sla-sweep', new Date(T0.getTime() + 30 * HOUR + 5 * 60_000));
    const texts = (await posted()).map((p) => JSON.stringify(p.card));
    expect(texts.some((t) => t.includes(a.feedback.code) || t.includes(b.feedback.code))).toBe(false);

    const c = await createFeedback(ctxAt(T0), {
      source: 'review',
      category: 'price',
      severity: 'low',
      text: 'c',
    });
    await runJob(deps, 'sla-sweep', new Date(T0.getTime() + 30 * HOUR + 6 * 60_000));
    const mine = (await posted()).filter((p) => JSON.stringify(p.card).includes(c.feedback.code));
    expect(mine.map((m) => m.card.title)).toEqual([`🚨 ${c.feedback.code} is overdue`]);
  });

  it('three replicas running the same minute claim it once', async () => {
    const at = new Date(T0.getTime() + 100 * HOUR);
    const results = await Promise.all([1, 2, 3].map(() => runJob(deps, 'sla-sweep', at)));
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    const runs = await h.db.select().from(jobRuns).where(eq(jobRuns.job, 'sla-sweep'));
    expect(runs.filter((r) => r.periodKey === results[0]!.periodKey)).toHaveLength(1);
  });
});

describe(`budget watch on ${driverName}`, () => {
  const month = '2026-12';
  const at = new Date('2026-12-10T04:00:00Z');
  beforeAll(async () => {
    await h.db.delete(outbox);
    await setBudget(ctxAt(at, 'console:chen'), {
      month,
      plans: { channel_ads: 1_000_000, campaigns: 500_000, content: 200_000 },
    });
  });

  it('90% warns, 100% notices, above 105% escalates with spend, plan, overrun, top lines and mentions — each once', async () => {
    const spend = (fen: number, note: string, channel?: 'jd') =>
      recordSpend(ctxAt(at), { amountFen: fen, category: 'content', note, channel, tz: 'Asia/Shanghai' });
    await spend(180_000, 'KOL 预付');
    expect(await checkBudgetNow(deps, at, defaultSettings(config))).toBe(1);
    expect(await checkBudgetNow(deps, at, defaultSettings(config))).toBe(0);
    await spend(20_000, '设计');
    expect(await checkBudgetNow(deps, at, defaultSettings(config))).toBe(1);
    await runJob(deps, 'budget-watch', at);
    expect((await posted()).length).toBe(2);
    await spend(15_000, '加急投放', 'jd');
    await runJob(deps, 'budget-watch', new Date(at.getTime() + HOUR));
    const all = await posted();
    expect(all.map((p) => p.card.title)).toEqual([
      'Budget notice: Content at 90.0%',
      'Budget used up: Content at 100.0%',
      '🚨 Budget overrun: Content at 107.5% (cap 105%)',
    ]);
    const esc = all[2]!.card;
    expect(esc.fields).toEqual(
      expect.arrayContaining([
        { label: 'Spent', value: '¥2,150.00' },
        { label: 'Plan', value: '¥2,000.00' },
        { label: 'Over plan', value: '¥150.00' },
      ]),
    );
    expect(esc.sections?.[0]?.lines[0]).toContain('KOL 预付');
    // Channels by their label, never the code
    expect(esc.sections?.[0]?.lines.find((l) => l.includes('加急投放'))).toContain(' · JD.com · ');
    expect(esc.mentions).toEqual([
      { platform: 'console', userId: 'chen' },
      { platform: 'console', userId: 'wang' },
    ]);
    expect(all.every((p) => p.destination === '#mkt-alerts')).toBe(true);
  });
});
