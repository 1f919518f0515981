import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import { auditLog, campaigns, spendEntries } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { budgetUsage, campaignSpendFen, recordSpend, setBudget, usageBand } from '../../src/domain/budget';
import type { VerbCtx } from '../../src/domain/context';
import { defaultSettings } from '../../src/domain/settings';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
// 2026-11-30 23:30 in Shanghai is still November there, but already 15:30 UTC on the 30th.
const now = new Date('2026-11-30T15:30:00Z');
const TZ = 'Asia/Shanghai';
let ctx: VerbCtx;
let campaignId: number;

const yuan = (n: number) => n * 100;

beforeAll(async () => {
  h = await createTestDb();
  ctx = { db: h.db, now, actor: 'slack:U1', settings: defaultSettings(testConfig()) };
  const [c] = await h.db
    .insert(campaigns)
    .values({
      code: 'CMP-7',
      name: '双11 大促',
      type: 'promotion',
      channels: ['douyin'],
      startDate: '2026-11-01',
      endDate: '2026-11-11',
      budgetFen: yuan(20_000),
      owner: 'slack:U1',
      createdBy: 'slack:U1',
      createdAt: now,
    })
    .returning();
  campaignId = c!.id;
});
afterAll(() => h.close());

describe(`budget domain on ${driverName}`, () => {
  it('set a month → plans per category, usage 0%, audited with before/after; setting again updates only what is given', async () => {
    const first = await setBudget(ctx, {
      month: '2026-11',
      plans: { channel_ads: yuan(50_000), campaigns: yuan(30_000), content: yuan(20_000) },
    });
    expect(first.usage.categories.channel_ads).toMatchObject({ planFen: 5_000_000, spendFen: 0, band: 'ok' });
    expect(first.usage.total.planFen).toBe(yuan(100_000));
    expect(first.usage.total.rate).toBe(0);

    const second = await setBudget(ctx, { month: '2026-11', plans: { content: yuan(25_000) } });
    expect(second.before.content).toBe(yuan(20_000));
    expect(second.usage.categories.content.planFen).toBe(yuan(25_000));
    expect(second.usage.categories.channel_ads.planFen).toBe(yuan(50_000));
    const audit = await auditFor(h.db, 'budget', '2026-11');
    expect(audit.map((a) => a.action)).toEqual(['budget.set', 'budget.set']);
    expect(audit[1]!.before).toMatchObject({ content: yuan(20_000) });
    expect(audit[1]!.after).toMatchObject({ content: yuan(25_000), channel_ads: yuan(50_000) });
  });

  it('spend lands on the local date in TZ_NAME and counts toward that month', async () => {
    const late = { ...ctx, now: new Date('2026-11-30T16:30:00Z') }; // 00:30 on 12-01 in Shanghai
    const res = await recordSpend(late, { amountFen: yuan(100), category: 'content', tz: TZ });
    expect(res.entry.spentOn).toBe('2026-12-01');
    expect(res.entry.month).toBe('2026-12');
    const nov = await recordSpend(ctx, { amountFen: yuan(100), category: 'content', tz: TZ });
    expect(nov.entry.spentOn).toBe('2026-11-30');
    expect((await budgetUsage(h.db, '2026-12')).categories.content).toMatchObject({
      planFen: 0,
      spendFen: yuan(100),
      rate: null,
      unplanned: true,
    });
  });

  it('spend pushes a category through 90% → 100% → above 105%, and the result says so', async () => {
    const a = await recordSpend(ctx, {
      amountFen: yuan(45_000),
      category: 'channel_ads',
      channel: 'douyin',
      tz: TZ,
    });
    expect(a.category.band).toBe('90');
    expect(a.aboveEscalation).toBe(false);
    const b = await recordSpend(ctx, { amountFen: yuan(7_500), category: 'channel_ads', tz: TZ });
    expect(b.category).toMatchObject({ spendFen: yuan(52_500), band: '100' });
    expect(b.aboveEscalation).toBe(false); // exactly 105% is still within the ceiling
    const c = await recordSpend(ctx, { amountFen: 1, category: 'channel_ads', tz: TZ });
    expect(c.category.band).toBe('105');
    expect(c.aboveEscalation).toBe(true);
    expect(c.category.rate).toBeCloseTo(1.05, 6);
  });

  it('usage per category and in total comes from SQL sums over every entry of the month', async () => {
    const u = await budgetUsage(h.db, '2026-11');
    const entries = await h.db.select().from(spendEntries).where(eq(spendEntries.month, '2026-11'));
    const sum = entries.reduce((s, e) => s + e.amountFen, 0);
    expect(u.total.spendFen).toBe(sum);
    expect(u.total.planFen).toBe(yuan(105_000));
    expect(
      u.categories.channel_ads.spendFen + u.categories.campaigns.spendFen + u.categories.content.spendFen,
    ).toBe(sum);
    expect(u.planned).toBe(true);
  });

  it('a spend linked to a campaign counts against the campaign budget too', async () => {
    const r = await recordSpend(ctx, {
      amountFen: yuan(5_000),
      category: 'campaigns',
      campaignCode: 'CMP-7',
      note: 'KOL 投放',
      tz: TZ,
    });
    expect(r.entry.campaignId).toBe(campaignId);
    expect(r.campaign).toMatchObject({
      code: 'CMP-7',
      budgetFen: yuan(20_000),
      spendFen: yuan(5_000),
      rate: 0.25,
    });
    await recordSpend(ctx, {
      amountFen: yuan(1_000),
      category: 'channel_ads',
      campaignCode: 'CMP-7',
      tz: TZ,
    });
    expect(await campaignSpendFen(h.db, campaignId)).toBe(yuan(6_000));
    const audit = await auditFor(h.db, 'spend', String(r.entry.id));
    expect(audit[0]!.action).toBe('budget.spend');
  });

  it.each([
    [{ amountFen: 0 }, 'invalid_input'],
    [{ amountFen: -500 }, 'invalid_input'],
    [{ amountFen: 1.5 }, 'invalid_input'],
    [{ amountFen: 100, campaignCode: 'CMP-999' }, 'not_found'],
  ])('refused spend %o → %s and nothing written', async (patch, code) => {
    const before = (await h.db.select().from(spendEntries)).length;
    const auditBefore = (await h.db.select().from(auditLog)).length;
    await expect(recordSpend(ctx, { category: 'content', tz: TZ, ...patch })).rejects.toMatchObject({
      code,
    });
    expect((await h.db.select().from(spendEntries)).length).toBe(before);
    expect((await h.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it('plans: bad month, no category, negative plan are refused; only admins may set when admins are configured', async () => {
    await expect(setBudget(ctx, { month: '2026-13', plans: { content: 1 } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(setBudget(ctx, { month: '2026-10', plans: {} })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(setBudget(ctx, { month: '2026-10', plans: { content: -1 } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const withAdmins = { ...ctx, settings: { ...ctx.settings, admins: ['U_ADMIN'] } };
    await expect(setBudget(withAdmins, { month: '2026-10', plans: { content: 1 } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const admin = { ...withAdmins, actor: 'slack:U_ADMIN' };
    await expect(setBudget(admin, { month: '2026-10', plans: { content: 1 } })).resolves.toBeTruthy();
  });

  it('a month with nothing planned or spent has zero rows and no rate', async () => {
    const u = await budgetUsage(h.db, '2030-01');
    expect(u.planned).toBe(false);
    expect(u.total).toEqual({ planFen: 0, spendFen: 0, rate: null, band: 'ok', unplanned: false });
  });
});

describe('usage bands', () => {
  it.each([
    [89_999, 100_000, 'ok'],
    [90_000, 100_000, '90'],
    [99_999, 100_000, '90'],
    [100_000, 100_000, '100'],
    [105_000, 100_000, '100'],
    [105_001, 100_000, '105'],
    [5, 0, 'ok'],
    // Huge amounts compare exactly (no float rounding at the boundary).
    [9_007_199_254_740_991, 8_578_285_004_515_230, '100'],
  ])('spend %d of plan %d → %s', (spend, plan, band) => {
    expect(usageBand(spend, plan)).toBe(band);
  });
});

describe(`/budget parser under hostile text on ${driverName}`, () => {
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '5万',
      '¥5000',
      '50,000',
      '-1',
      '0',
      '1e9',
      '0.001',
      '2026-13',
      'CMP-7',
      'cmp-',
      '"',
      '　',
      '\u0000',
      '抖音',
    ),
  );
  const line = fc
    .tuple(
      fc.constantFrom('set', 'spend', 'show', '2026-11', '11月', ''),
      fc.array(
        fc.tuple(
          fc.constantFrom(
            'month',
            'channel_ads',
            'campaigns',
            'content',
            'amount',
            'category',
            'channel',
            'campaign',
            'note',
          ),
          value,
        ),
        { maxLength: 6 },
      ),
      fc.string(),
    )
    .map(([verb, pairs, tail]) => `budget ${verb} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')} ${tail}`);

  it('every reply is a message and nothing escapes as an internal error', async () => {
    const deps = testDeps(h);
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        const r = await dispatchCommand(deps, { text, actor: { platform: 'slack', userId: 'UFUZZ' } });
        expect(r.card.title.length).toBeGreaterThan(0);
      }),
      { numRuns: 150, examples: [['budget spend amount=1 category=content note="a\u0000b"']] },
    );
    expect(deps.memlog.lines.filter((l) => l.includes('handler failed'))).toEqual([]);
  });
});
