import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelMetrics, type NewChannelMetric, targets } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import type { Reply } from '../../src/chat/card';
import type { Locale } from '../../src/chat/i18n';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;

/**
 * 2026: ¥100万 of GMV in every month but November, which had ¥200万 (weights 1:…:2:1, Σ = 13).
 * January 2027 so far (days 1–9): Douyin ¥20万 GMV and ¥5万 spend a day; the website 1,250 UV a day
 * against 1,000 a day over 1–9 December.
 */
async function seed() {
  const rows: NewChannelMetric[] = [];
  const base = { updatedAt: new Date('2027-01-01T00:00:00Z'), updatedBy: 'slack:USEED' };
  for (let m = 1; m <= 12; m++) {
    rows.push({
      ...base,
      date: `2026-${String(m).padStart(2, '0')}-15`,
      channel: 'taobao',
      gmvFen: m === 11 ? 200_000_000 : 100_000_000,
    });
  }
  for (let d = 1; d <= 9; d++) {
    rows.push({ ...base, date: `2026-12-0${d}`, channel: 'website', uv: 1000 });
    rows.push({ ...base, date: `2027-01-0${d}`, channel: 'website', uv: 1250 });
    rows.push({
      ...base,
      date: `2027-01-0${d}`,
      channel: 'douyin',
      gmvFen: 20_000_000,
      spendFen: 5_000_000,
      newUsers: 1000,
    });
  }
  await h.db.insert(channelMetrics).values(rows);
}

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, {
    config: testConfig({ MOPS_ADMINS: 'UADMIN' }),
    clock: new FakeClock(new Date('2027-01-10T02:00:00Z')),
  });
  await seed();
});
afterAll(() => h.close());

const as = (userId: string, text: string, locale: Locale = 'en') =>
  dispatchCommand(deps, { text, actor: { platform: 'slack', userId }, locale });
const text = (r: Reply) =>
  [
    r.card.title,
    r.card.text,
    ...(r.card.sections ?? []).flatMap((s) => [s.heading, ...s.lines]),
    ...(r.card.context ?? []),
  ]
    .filter(Boolean)
    .join('\n');
const monthValues = async (metric: string, prefix = '2027-') =>
  Object.fromEntries(
    (await h.db.select().from(targets).where(eq(targets.metric, metric)).orderBy(asc(targets.month)))
      .filter((r) => r.month.startsWith(prefix))
      .map((r) => [r.month, r.value]),
  );
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const counts = async () => ({
  audit: (await h.db.select().from(auditLog)).length,
  rows: JSON.stringify(await h.db.select().from(targets).orderBy(asc(targets.id))),
});

describe(`/target on ${driverName}`, () => {
  it('an admin sets 2027: GMV and new users split by 2026’s months, adding up exactly', async () => {
    const r = await as('UADMIN', '/target set 2027 gmv=6500万 new_users=10万 uv_growth=20% roi=3');
    const t = text(r);
    expect(r.card.title).toBe('Targets set for 2027');
    expect(t).toContain('GMV ¥65,000,000.00: split over 12 months by the same months’ GMV in 2026');
    expect(t).toContain('2027-01  ¥5,000,000.00 (2026-01 GMV ¥1M, 7.69% of the total)');
    expect(t).toContain('2027-11  ¥10,000,000.00 (2026-11 GMV ¥2M, 15.38% of the total)');
    expect(t).toContain('Total ¥65,000,000.00');
    expect(t).toContain('New users 100,000: split over 12 months');
    expect(t).toContain('ROI: 3:1 for every month');
    expect(t).toContain('Website UV growth: +20% for every month');
    expect(t).not.toContain('Backfill');

    const gmv = await monthValues('gmv');
    expect(sum(gmv)).toBe(6_500_000_000);
    expect(gmv['2027-11']).toBe(1_000_000_000);
    // 100,000 × 1/13 and × 2/13 leave 4 users over: November's remainder (8/13) is largest, then the
    // earliest months with 4/13.
    const users = await monthValues('new_users');
    expect(sum(users)).toBe(100_000);
    expect(users).toMatchObject({ '2027-01': 7693, '2027-03': 7693, '2027-04': 7692, '2027-11': 15_385 });
    expect(Object.values(await monthValues('roi'))).toEqual(Array(12).fill(300));
  });

  it('/target shows this month’s pacing through yesterday, on calendar days, in both languages', async () => {
    const r = await as('U2', '/target');
    const t = text(r);
    expect(r.card.title).toBe('Targets and pacing · 2027-01');
    // ¥180万 of ¥500万 = 36%; 9 of 31 days = 29%; (500 − 180)万 ÷ 22 days = ¥145,455 a day.
    expect(t).toContain(
      'GMV target ¥5M: ¥1.8M done (36%), 9 of 31 days gone (29%) (7 pp ahead; ¥3.2M to go, ¥145,455 a day over the 22 days left)',
    );
    expect(t).toContain('New users target 7,693: 9,000 done (117%), 9 of 31 days gone (29%) (reached ✅)');
    expect(t).toContain('ROI target ≥ 3:1: 4:1 so far (GMV ¥1.8M ÷ spend ¥450,000) ✅');
    expect(t).toContain(
      'Website UV growth target +20%: UV 11,250 on 01-01 to 01-09, 9,000 on 12-01 to 12-09 the month before, +25.0% ✅',
    );
    expect(t).toContain('Actual figures through 2027-01-09');
    expect(t).toContain('calendar days');
    const zh = text(await as('U2', '/目标', 'zh-CN'));
    expect(zh).toContain(
      'GMV 月目标 ¥500万：已完成 ¥180万（36%），时间进度 9/31 天（29%）（领先 7 个百分点，还差 ¥320万，余 22 天需日均 ¥14.5万）',
    );
    expect(zh).toContain('来源：2027 按去年同月 GMV 加权');
  });

  it('/target 2027 lists every month with its result and the year’s totals', async () => {
    const t = text(await as('U2', '/target 2027'));
    expect(t).toContain('2027-01: GMV ¥5M → ¥1.8M (36%) · New users 7,693 → 9,000 (117%)');
    expect(t).toContain('2027-02: GMV ¥5M · New users 7,693 · Website UV growth +20% · ROI ≥ 3:1');
    expect(t).toContain('GMV targets add up to ¥65M (12 months): ¥1.8M done (3%), 9 of 365 days gone (2%)');
    const q = text(await as('U2', '/target 2027-Q4'));
    expect(q).toContain('2027-11: GMV ¥10M');
    expect(q).toContain('GMV targets add up to ¥20M (3 months)');
  });

  it('a month set on its own changes no other month; splitting the year again keeps it', async () => {
    const r = await as('UADMIN', '/target set 2027-11 gmv=900万');
    expect(text(r)).toContain('GMV: ¥9,000,000.00 (was ¥10,000,000.00, from the 2027 split)');
    expect(text(r)).toContain(
      'No other month changed; 2027’s GMV targets now add up to ¥64,000,000.00 (12 months set).',
    );
    const gmv = await monthValues('gmv');
    expect(gmv['2027-10']).toBe(500_000_000);
    expect(sum(gmv)).toBe(6_400_000_000);

    const again = text(await as('UADMIN', '/target set 2027 gmv=6500万'));
    expect(again).toContain(
      '2027-11 were set on their own and keep their values (¥9,000,000.00 in all); the other 11 months share ¥56,000,000.00.',
    );
    expect(again).toContain('2027-11  ¥9,000,000.00 ✎ set on its own, kept');
    const after = await monthValues('gmv');
    expect(after['2027-11']).toBe(900_000_000);
    expect(sum(after)).toBe(6_500_000_000);
    // 5600万 over 11 equal weights: 509,090,909.09… → 10 fen left over, one each to the first ten months.
    expect(after['2027-01']).toBe(509_090_910);
    expect(after['2027-12']).toBe(509_090_909);

    const reset = await as('UADMIN', '/target set 2027 gmv=6500万 overrides=reset');
    expect((await monthValues('gmv'))['2027-11']).toBe(1_000_000_000);
    expect(text(reset)).not.toContain('✎ set on its own, kept');
  });

  it('without last year’s GMV for every month the split is equal, and the reply says why', async () => {
    const r = await as('UADMIN', '/target set 2028-Q1 gmv=1 new_users=10');
    const t = text(r);
    expect(t).toContain('Split equally because 2027-02, 2027-03 have no GMV logged to weight by');
    expect(t).toContain('GMV ¥1.00: split equally over 3 months');
    expect(await monthValues('gmv', '2028-')).toEqual({ '2028-01': 34, '2028-02': 33, '2028-03': 33 });
    expect(await monthValues('new_users', '2028-')).toEqual({ '2028-01': 4, '2028-02': 3, '2028-03': 3 });

    const before = await counts();
    const strict = await as('UADMIN', '/target set 2028-Q2 gmv=100 split=last_year');
    expect(strict.card.text).toContain(
      'Argument `split`: 2027 has no GMV logged for 2027-04, 2027-05, 2027-06, so the split cannot be weighted by last year.',
    );
    expect(await counts()).toEqual(before);
  });

  it('a past month may be set; the reply says it is a backfill', async () => {
    const r = await as('UADMIN', '/target set 2026-12 gmv=300万');
    expect(text(r)).toContain('⏪ Backfill: 2026-12 already passed.');
    const zh = await as('UADMIN', '/target set 2026 new_users=1万', 'zh-CN');
    expect(text(zh)).toContain('⏪ 回填：2026-01, 2026-02');
  });

  it('only admins set targets; the refusal writes nothing', async () => {
    const before = await counts();
    const r = await as('U2', '/target set 2027 gmv=1亿');
    expect(r.card.text).toContain('Only admins can set targets.');
    expect(await counts()).toEqual(before);
  });

  it('bad input names the field, shows the usage and writes nothing', async () => {
    const before = await counts();
    const cases: [string, string][] = [
      [
        '/target set 2027 gmv=lots',
        'Argument `gmv`: `lots` is not valid; write an amount such as 6000万 or ¥60,000,000.',
      ],
      ['/target set 2027 gmv=0', 'Argument `gmv` must be more than zero.'],
      ['/target set 2027 new_users=1.5', 'Argument `new_users` must be a whole number (`1.5`).'],
      [
        '/target set 2027 uv_growth=12.345%',
        'Argument `uv_growth` can have at most two decimals (`12.345%`).',
      ],
      ['/target set 2027 roi=-1', 'Argument `roi` cannot be negative.'],
      ['/target set 2027-13 gmv=1万', 'Period `2027-13` is not valid'],
      ['/target set gmv=1万', 'Give the period: 2027 (a year), 2027-Q1 (a quarter) or 2027-03 (a month).'],
      ['/target set 2027', 'Give at least one target: gmv=, new_users=, uv_growth= or roi=.'],
      ['/target set 2027 color=red gmv=1万', 'Unknown argument `color`.'],
      [
        '/target set 2027 gmv=1万 split=sometimes',
        'Argument `split` must be one of: auto, last_year, equal.',
      ],
      ['/target set 2027 2028 gmv=1万', 'Unexpected `2028`'],
      ['/target next-year', 'Period `next-year` is not valid'],
    ];
    for (const [cmd, msg] of cases) {
      const r = await as('UADMIN', cmd);
      expect(r.card.text, cmd).toContain(msg);
      expect(r.card.context?.join('\n'), cmd).toContain('/target');
    }
    await as('UADMIN', '/target set 2027-11 gmv=900万');
    const mid = await counts();
    const exceed = await as('UADMIN', '/target set 2027-Q4 gmv=500万');
    expect(exceed.card.text).toContain(
      'Argument `gmv`: the months set on their own (2027-11) already add up to more than this total.',
    );
    expect(await counts()).toEqual(mid);
    expect(mid.audit).toBe(before.audit + 1);
    const zh = await as('UADMIN', '/target set 2027 gmv=很多', 'zh-CN');
    expect(zh.card.text).toContain('参数 `gmv` 的值 `很多` 无效，应为金额，如 6000万、¥60,000,000。');
  });
});
