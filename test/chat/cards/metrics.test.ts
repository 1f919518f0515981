/** `/metrics` cards from hand-made figures: no database. Money in fen; ROI = GMV ÷ spend, CVR = orders ÷ clicks. */
import { describe, expect, it } from 'vitest';
import { kpiCard, metricsLogCard } from '../../../src/chat/cards/metrics';
import type { Verdict } from '../../../src/domain/baselines';
import type { Channel } from '../../../src/domain/channels';
import {
  type ChannelKpis,
  type DaySums,
  type KpiLine,
  type KpiReport,
  METRIC_FIELDS,
  type MetricValues,
  type RowResult,
} from '../../../src/domain/metrics';
import { recordOf } from '../../../src/util/narrow';

const yuan = (y: number) => y * 100;
const pct = (value: number | null, vsPrevDay: number | null = null): KpiLine => ({
  value,
  vsPrevDay,
  vsWeekAgo: null,
  unit: 'pct',
});
const pp = (value: number | null): KpiLine => ({ value, vsPrevDay: null, vsWeekAgo: null, unit: 'pp' });

const noSums: DaySums = {
  uv: null,
  pv: null,
  sessions: null,
  bounces: null,
  impressions: null,
  clicks: null,
  orders: null,
  buyers: null,
  gmv: null,
  spend: null,
  newUsers: null,
  followers: null,
  activeUsers: null,
  retainedD7: null,
  cohortD7: null,
  repeatBuyers: null,
};

/**
 * A channel's day as the domain computes it from its sums: ROI = GMV ÷ spend, CVR = orders ÷ clicks,
 * CAC = spend ÷ new users; GMV up `gmvUp` on the day before.
 */
function channelDay(
  channel: Channel | 'total',
  s: { gmv: number; spend?: number; clicks?: number; orders?: number; newUsers?: number; uv?: number },
  gmvUp: number | null = null,
): ChannelKpis {
  const spend = s.spend ?? null;
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && b > 0 ? a / b : null;
  return {
    channel,
    sums: {
      ...noSums,
      uv: s.uv ?? null,
      clicks: s.clicks ?? null,
      orders: s.orders ?? null,
      gmv: s.gmv,
      spend,
      newUsers: s.newUsers ?? null,
    },
    kpis: {
      ctr: pp(null),
      cvr: pp(ratio(s.orders, s.clicks)),
      aov: pct(null),
      roi: pct(ratio(s.gmv, spend)),
      cac: pct(ratio(spend, s.newUsers)),
      bounceRate: pp(null),
    },
    gmv: pct(s.gmv, gmvUp),
    spend: pct(spend),
    hasDay: true,
    bases: {},
  };
}

// Wednesday 2026-11-25: Douyin GMV ¥50,000 on ¥10,000 spend (ROI 5:1), 100 orders of 2,000 clicks (CVR 5.0%),
// 50 new users (CAC ¥200); GMV up 25% on the day before.
const douyin = channelDay(
  'douyin',
  { gmv: yuan(50_000), spend: yuan(10_000), clicks: 2_000, orders: 100, newUsers: 50, uv: 8_000 },
  0.25,
);
const report = (channels: ChannelKpis[]): KpiReport => ({
  date: '2026-11-25',
  prevDate: '2026-11-24',
  weekAgoDate: '2026-11-18',
  total: { ...douyin, channel: 'total' },
  channels,
});
const quiet = { verdicts: new Map(), anomalyZ: 3 };

describe('kpiCard (pure)', () => {
  it('the channel section prints the sums its KPIs divide, so ROI, CVR and CAC check with a calculator', () => {
    const card = kpiCard('en', report([douyin]), quiet);
    expect(card.title).toBe('Channel metrics · 2026-11-25 (Wed)');
    expect(card.sections?.map((s) => s.heading)).toEqual(['All channels', 'Douyin']);
    expect(card.sections?.[1]?.lines).toEqual([
      'GMV ¥50,000 · d/d ↑25.0% · w/w —',
      'Spend ¥10,000 · d/d — · w/w —',
      'UV 8K · Clicks 2K · Orders 100 · New users 50',
      'CVR (orders ÷ clicks) 5.0% · d/d — · w/w —',
      'ROI (GMV ÷ spend) 5:1 · d/d — · w/w —',
      'CAC (spend ÷ new users) ¥200.00 · d/d — · w/w —',
    ]);
    expect(card.context?.[0]).toContain(
      'd/d = vs 2026-11-24; w/w = vs the same weekday a week before (2026-11-18)',
    );
  });

  it('zh-CN: Chinese labels and compact money, channel names rather than codes', () => {
    const card = kpiCard('zh-CN', report([douyin]), quiet);
    expect(card.title).toBe('渠道数据 · 2026-11-25（周三）');
    expect(card.sections?.[1]?.heading).toBe('抖音');
    expect(card.sections?.[1]?.lines[0]).toBe('GMV ¥5万 · 环比 ↑25.0% · 周同比 —');
    expect(card.sections?.[1]?.lines).toContain('ROI（GMV÷花费） 5:1 · 环比 — · 周同比 —');
    expect(JSON.stringify(card)).not.toContain('douyin');
  });

  it('a figure unusual for the channel’s own history is marked and said in words under its own heading', () => {
    const high: Verdict = {
      kind: 'baseline',
      value: yuan(50_000),
      baseline: { median: yuan(20_000), points: 7, sigma: 0.2, floored: false },
      z: 4.6,
      flag: true,
    };
    const card = kpiCard('en', report([douyin]), {
      verdicts: new Map([['douyin', { gmv: high }]]),
      anomalyZ: 3,
    });
    expect(card.sections?.[1]?.heading).toBe('⚠️ Worth a look (unusual for the channel’s own history)');
    expect(card.sections?.[1]?.lines).toEqual([
      'Douyin GMV ¥50,000, median of the last 7 Wednesdays ¥20,000 (unusually high, about +4.6σ)',
    ]);
    expect(card.sections?.[2]?.lines[0]).toBe('GMV ¥50,000⚠️ · d/d ↑25.0% · w/w —');
  });

  it('past nine channels the rest fold into one section with each GMV and ROI', () => {
    const channels: Channel[] = [
      'douyin',
      'xiaohongshu',
      'weibo',
      'wechat_channels',
      'taobao',
      'jd',
      'pinduoduo',
      'baidu',
      'google',
      'wechat_official',
      'wecom_community',
    ];
    // Each channel's GMV is 4× its spend: ROI 4:1.
    const days = channels.map((c, i) =>
      channelDay(c, { gmv: yuan(40_000 - i * 1_000), spend: yuan(10_000 - i * 250) }),
    );
    const card = kpiCard('en', report(days), quiet);
    expect(card.sections).toHaveLength(1 + 9 + 1);
    expect(card.sections?.at(-1)).toEqual({
      heading: 'Other channels (2)',
      lines: ['WeChat Official Account: GMV ¥31,000 · ROI 4:1', 'WeCom / community: GMV ¥30,000 · ROI 4:1'],
    });
  });

  it('a day with nothing logged says how to log it', () => {
    const card = kpiCard('en', report([]), quiet);
    expect(card.sections).toBeUndefined();
    expect(card.text).toBe(
      'No figures logged for 2026-11-25 yet. Log them with `/metrics log date=2026-11-25 channel=… gmv=…`.',
    );
  });
});

/** A stored row's figures: those given, null for the rest. */
const figures = (given: MetricValues) => recordOf(METRIC_FIELDS, (f) => given[f] ?? null);

const logged = (over: Partial<RowResult>): RowResult => ({
  date: '2026-11-25',
  channel: 'xiaohongshu',
  outcome: 'created',
  changed: [],
  before: null,
  after: figures({ uv: 12_000, gmv: yuan(8_000) }),
  ...over,
});

describe('metricsLogCard (pure)', () => {
  it('a new row lists the figures logged, in the field order of the form', () => {
    const card = metricsLogCard('en', logged({}), {
      values: { gmv: yuan(8_000), uv: 12_000 },
      args: {},
    });
    expect(card.title).toBe('Logged Xiaohongshu · 2026-11-25');
    expect(card.text).toBe('UV 12,000\nGMV ¥8,000.00');
    expect(card.tone).toBe('success');
  });

  it('an update shows each changed figure before → after and says the change is audited (zh-CN)', () => {
    const res = logged({
      outcome: 'updated',
      changed: ['gmv'],
      before: figures({ uv: 12_000, gmv: yuan(8_000) }),
      after: figures({ uv: 12_000, gmv: yuan(9_500) }),
    });
    const card = metricsLogCard('zh-CN', res, { values: { gmv: yuan(9_500) }, args: {} });
    expect(card.title).toBe('已更新 小红书 · 2026-11-25');
    expect(card.text).toBe('GMV：¥8,000.00 → ¥9,500.00');
    expect(card.context).toHaveLength(1);
  });

  it('a figure that would jump more than 10× asks first, with a button that logs it again confirmed', () => {
    // ¥8,000 → ¥2,000,000 is 250 times the logged figure.
    const card = metricsLogCard(
      'en',
      {
        outcome: 'confirm',
        date: '2026-11-25',
        channel: 'xiaohongshu',
        changes: [{ field: 'gmv', before: yuan(8_000), after: yuan(2_000_000) }],
      },
      { values: { gmv: yuan(2_000_000) }, args: { date: '2026-11-25', channel: '小红书', gmv: '200万' } },
    );
    expect(card.text?.split('\n')[0]).toContain('¥8,000.00');
    expect(card.text?.split('\n')[0]).toContain('¥2,000,000.00');
    expect(card.text?.split('\n')[0]).toContain('250');
    expect(card.tone).toBe('warning');
    expect(card.buttons).toEqual([
      {
        text: 'Replace',
        action: 'cmd:metrics log date="2026-11-25" channel="小红书" gmv="200万" confirm=yes',
        style: 'primary',
      },
    ]);
  });
});
