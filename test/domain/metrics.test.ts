import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import { auditLog, channelMetrics } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { parseChannel } from '../../src/domain/channels';
import {
  kpiReport,
  logMetrics,
  type MetricRow,
  upsertMetrics,
  validateMetricRow,
} from '../../src/domain/metrics';
import { createTestDb, driverName } from '../helpers/db';
import { testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
const now = new Date('2026-11-26T02:00:00Z');
let ctx: { db: typeof h.db; now: Date; actor: string };

beforeAll(async () => {
  h = await createTestDb();
  ctx = { db: h.db, now, actor: 'slack:U1' };
});
afterAll(() => h.close());

const row = (date: string, channel: MetricRow['channel'], values: MetricRow['values']): MetricRow => ({
  date,
  channel,
  values,
});

describe(`metrics logging on ${driverName}`, () => {
  it('first log creates the row; logging again updates only the given fields and audits before/after', async () => {
    const created = await logMetrics(
      ctx,
      row('2026-11-20', 'douyin', { clicks: 100, impressions: 5000, gmv: 120_000 }),
    );
    expect(created.outcome).toBe('created');
    const later = { ...ctx, now: new Date(now.getTime() + 60_000), actor: 'slack:U2' };
    const updated = await logMetrics(later, row('2026-11-20', 'douyin', { clicks: 120, spend: 30_000 }));
    expect(updated).toMatchObject({ outcome: 'updated', changed: ['clicks', 'spend'] });
    const [stored] = await h.db.select().from(channelMetrics);
    expect(stored).toMatchObject({
      clicks: 120,
      impressions: 5000,
      gmvFen: 120_000,
      spendFen: 30_000,
      updatedBy: 'slack:U2',
    });
    const audit = await auditFor(h.db, 'metrics', '2026-11-20:douyin');
    expect(audit.map((a) => a.action)).toEqual(['metrics.create', 'metrics.update']);
    expect(audit[1]!.before).toMatchObject({ clicks: 100, spend: null, impressions: 5000 });
    expect(audit[1]!.after).toMatchObject({ clicks: 120, spend: 30_000, impressions: 5000 });
  });

  it('logging the same figures again changes nothing and writes no audit row', async () => {
    const before = (await h.db.select().from(auditLog)).length;
    const again = await logMetrics(ctx, row('2026-11-20', 'douyin', { clicks: 120 }));
    expect(again.outcome).toBe('unchanged');
    expect((await h.db.select().from(auditLog)).length).toBe(before);
  });

  it('a batch is all-or-nothing: a duplicate key refuses the whole batch', async () => {
    const count = (await h.db.select().from(channelMetrics)).length;
    await expect(
      upsertMetrics(ctx, [row('2026-11-19', 'jd', { orders: 1 }), row('2026-11-19', 'jd', { orders: 2 })]),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await h.db.select().from(channelMetrics)).length).toBe(count);
  });
});

describe('row validation', () => {
  const today = '2026-11-26';
  it('accepts chat-style figures: 1.2万 clicks, ¥5000 spend, a Chinese channel name', () => {
    const r = validateMetricRow(
      { date: '2026-11-25', channel: '小红书', clicks: '1.2万', spend: '¥5000', gmv: 12.5 },
      { today },
    );
    expect(r).toEqual({
      ok: true,
      row: {
        date: '2026-11-25',
        channel: 'xiaohongshu',
        values: { clicks: 12_000, spend: 500_000, gmv: 1250 },
      },
    });
  });

  it('reports every problem, each naming its field', () => {
    const r = validateMetricRow(
      { date: '2026-02-30', channel: 'myspace', clicks: 'abc', uv: '-3', orders: '1.5', colour: 'red' },
      { today },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.field}:${i.reason}`).sort()).toEqual(
      [
        'colour:unknown_field',
        'date:no_such_date',
        'channel:unknown_channel',
        'clicks:not_a_number',
        'uv:negative',
        'orders:not_integer',
      ].sort(),
    );
  });

  it.each([
    [{ date: '2026-11-27', channel: 'jd', uv: '1' }, 'date:future_date'],
    [{ channel: 'jd', uv: '1' }, 'date:missing'],
    [{ date: '2026-11-25', uv: '1' }, 'channel:missing'],
    [{ date: '2026-11-25', channel: 'jd' }, ':no_figures'],
    [{ date: '2026-11-25', channel: 'jd', gmv: '0.001' }, 'gmv:too_many_decimals'],
    [{ date: '2026-11-25', channel: 'jd', gmv: 0.1 + 0.2 }, 'gmv:too_many_decimals'],
    [{ date: '2026-11-25', channel: 'jd', clicks: true }, 'clicks:bad_type'],
    [{ date: '2026-11-25', channel: 'jd', clicks: Number.POSITIVE_INFINITY }, 'clicks:bad_type'],
  ])('%o → %s', (raw, expected) => {
    const r = validateMetricRow(raw as Record<string, unknown>, { today });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => `${i.field}:${i.reason}`)).toContain(expected);
  });

  it('channel names: codes, Chinese, traditional characters; unknown gives undefined', () => {
    expect(parseChannel('抖音')).toBe('douyin');
    expect(parseChannel('官網')).toBe('website');
    expect(parseChannel(' WeChat_Official ')).toBe('wechat_official');
    expect(parseChannel('constructor')).toBeUndefined();
  });
});

describe(`KPI report from SQL sums on ${driverName}`, () => {
  // 2026-11-25 (Wed); previous day 11-24; same weekday a week before 11-18.
  const D = '2026-11-25';
  beforeAll(async () => {
    await upsertMetrics(ctx, [
      row(D, 'taobao', {
        impressions: 10_000,
        clicks: 400,
        orders: 20,
        buyers: 16,
        gmv: 800_000,
        spend: 200_000,
        new_users: 10,
        sessions: 1000,
        bounces: 300,
      }),
      // Website: no ad figures at all; its sessions count for bounce rate only.
      row(D, 'website', { uv: 900, sessions: 1000, bounces: 500, gmv: 100_000 }),
      // Weibo: clicks but no impressions — must not inflate total CTR.
      row(D, 'weibo', { clicks: 600, orders: 0, spend: 0, gmv: 0 }),
      row('2026-11-24', 'taobao', {
        impressions: 10_000,
        clicks: 500,
        orders: 0,
        buyers: 0,
        gmv: 0,
        spend: 100_000,
        sessions: 1000,
        bounces: 250,
      }),
      row('2026-11-18', 'taobao', { impressions: 0, clicks: 0, gmv: 400_000, spend: 200_000, new_users: 0 }),
    ]);
  });

  it('per-channel KPIs: CTR, CVR, AOV, ROI, CAC, bounce rate from the day sums', async () => {
    const r = await kpiReport(h.db, D);
    expect([r.prevDate, r.weekAgoDate]).toEqual(['2026-11-24', '2026-11-18']);
    const tb = r.channels.find((c) => c.channel === 'taobao')!;
    expect(tb.kpis.ctr.value).toBeCloseTo(0.04);
    expect(tb.kpis.cvr.value).toBeCloseTo(0.05);
    expect(tb.kpis.aov.value).toBe(50_000);
    expect(tb.kpis.roi.value).toBe(4);
    expect(tb.kpis.cac.value).toBe(20_000);
    expect(tb.kpis.bounceRate.value).toBeCloseTo(0.3);
  });

  it('环比 of a rate is in percentage points; of money and ROI in percent', async () => {
    const tb = (await kpiReport(h.db, D)).channels.find((c) => c.channel === 'taobao')!;
    expect(tb.kpis.ctr.unit).toBe('pp');
    expect(tb.kpis.ctr.vsPrevDay).toBeCloseTo(-1); // 4% vs 5%
    expect(tb.kpis.bounceRate.vsPrevDay).toBeCloseTo(5); // 30% vs 25%
    expect(tb.spend.vsPrevDay).toBeCloseTo(1); // ¥2000 vs ¥1000: +100%
    expect(tb.kpis.roi.vsWeekAgo).toBeCloseTo(1); // 4:1 vs 2:1
  });

  it('zero or missing bases give null (shown as —), never 0 or ∞', async () => {
    const r = await kpiReport(h.db, D);
    const tb = r.channels.find((c) => c.channel === 'taobao')!;
    expect(tb.gmv.vsPrevDay).toBeNull(); // previous GMV was 0
    expect(tb.kpis.aov.vsPrevDay).toBeNull(); // previous buyers 0 → no AOV that day
    expect(tb.kpis.ctr.vsWeekAgo).toBeNull(); // week-ago impressions 0 → no CTR to compare
    expect(tb.kpis.cac.vsWeekAgo).toBeNull(); // week-ago new users 0
    const weibo = r.channels.find((c) => c.channel === 'weibo')!;
    expect(weibo.kpis.ctr.value).toBeNull(); // no impressions logged
    expect(weibo.kpis.roi.value).toBeNull(); // spend 0
    expect(weibo.kpis.cvr.value).toBe(0); // 0 orders of 600 clicks is a real 0%
    const site = r.channels.find((c) => c.channel === 'website')!;
    expect(site.kpis.cac.value).toBeNull();
    expect(site.gmv.vsPrevDay).toBeNull(); // no row the day before
    for (const v of Object.values(site.kpis)) expect(v.value === null || Number.isFinite(v.value)).toBe(true);
  });

  it('total ROI divides the printed totals; the paid-channel ROI keeps its own GMV basis', async () => {
    const { total } = await kpiReport(h.db, D);
    expect(total.sums.gmv).toBe(900_000);
    expect(total.sums.clicks).toBe(1000);
    // CTR only from taobao (the only channel with impressions): 400 / 10,000, not 1000 / 10,000.
    expect(total.kpis.ctr.value).toBeCloseTo(0.04);
    expect(total.kpis.bounceRate.value).toBeCloseTo(0.4); // (300 + 500) / 2000
    expect(total.kpis.roi.value).toBeCloseTo(900_000 / 200_000); // total GMV ÷ total spend
    // The website logged no spend: the paid-channel ROI counts only the GMV of channels with spend.
    expect(total.bases.roi).toEqual({ value: 4, num: 800_000, den: 200_000 });
  });

  it('channels are ordered by GMV, highest first; a date with no rows has none', async () => {
    const r = await kpiReport(h.db, D);
    expect(r.channels.map((c) => c.channel)).toEqual(['taobao', 'website', 'weibo']);
    const empty = await kpiReport(h.db, '2026-01-01');
    expect(empty.channels).toEqual([]);
    expect(empty.total.gmv.value).toBeNull();
  });
});

describe(`/metrics parser under hostile text on ${driverName}`, () => {
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '1.2万',
      '¥5000',
      '50,000',
      '-1',
      '0',
      '1e9',
      '1.5',
      '2026-02-30',
      'today',
      '小紅書',
      '"',
      '　',
      '\u0000',
    ),
  );
  const keys = fc.constantFrom(
    'date',
    'channel',
    'uv',
    'clicks',
    'gmv',
    'spend',
    'new_users',
    'followers',
    '__proto__',
  );
  const line = fc
    .tuple(
      fc.constantFrom('log', 'show', '2026-11-25', '昨天', ''),
      fc.array(fc.tuple(keys, value), { maxLength: 6 }),
      fc.string(),
    )
    .map(([verb, pairs, tail]) => `metrics ${verb} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')} ${tail}`);

  it('every reply is a message and nothing escapes as an internal error', async () => {
    const deps = testDeps(h);
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        const r = await dispatchCommand(deps, { text, actor: { platform: 'slack', userId: 'UFUZZ' } });
        expect(r.card.title.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
    expect(deps.memlog.lines.filter((l) => l.includes('handler failed'))).toEqual([]);
  });

  it('row validation never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (raw) => {
        const r = validateMetricRow(raw, { today: '2026-11-26' });
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
