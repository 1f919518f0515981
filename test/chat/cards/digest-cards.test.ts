/**
 * The daily and weekly digest cards from hand-made figures: no database, no chart. The job-level snapshots
 * over seeded data are in test/jobs/digest-snapshots.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { dailyCard } from '../../../src/chat/cards/daily-digest';
import { monthlyCard } from '../../../src/chat/cards/monthly-report';
import { userNeedsCard, weeklyCard } from '../../../src/chat/cards/weekly-digest';
import { DAILY_RULES, judge, type Point, type Verdict, WEEKLY_RULES } from '../../../src/domain/baselines';
import type { BudgetUsage, UsageLine } from '../../../src/domain/budget';
import {
  type DailyFigures,
  type MonthlyFigures,
  type PeriodFigures,
  reportedMonth,
  reportedWeek,
  type WeeklyFigures,
} from '../../../src/domain/digests';
import type { Figures } from '../../../src/domain/figures';
import { monthGoals } from '../../../src/domain/scorecard';
import { cardText } from '../../jobs/digest-seed';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-26T01:00:00Z'); // Thursday 09:00 local: the digest reports Wed 2026-11-25

function fig(v: Partial<Figures>): Figures {
  const f: Figures = {
    uv: null,
    pv: null,
    orders: null,
    gmv: null,
    spend: null,
    newUsers: null,
    clicks: null,
    aov: null,
    roi: null,
    ctr: null,
    cvr: null,
    cac: null,
    activeUsers: null,
    retention: null,
    repurchase: null,
    ...v,
  };
  if (f.gmv !== null && f.spend) f.roi = f.gmv / f.spend;
  if (f.orders !== null && f.clicks) f.cvr = f.orders / f.clicks;
  return f;
}

function period(channels: Record<string, Partial<Figures>>): PeriodFigures {
  const map = new Map(Object.entries(channels).map(([c, v]) => [c, fig(v)]));
  const sum = (k: keyof Figures) => [...map.values()].reduce((s, f) => s + (f[k] ?? 0), 0);
  return {
    total: fig({
      gmv: sum('gmv'),
      spend: sum('spend'),
      orders: sum('orders'),
      uv: sum('uv'),
      clicks: sum('clicks'),
    }),
    bases: {},
    channels: map,
  };
}

const line = (planFen: number, spendFen: number): UsageLine => ({
  planFen,
  spendFen,
  rate: planFen > 0 ? spendFen / planFen : null,
  band: 'ok',
  unplanned: planFen <= 0 && spendFen > 0,
});
const noBudget: BudgetUsage = {
  month: '2026-11',
  categories: { channel_ads: line(0, 0), campaigns: line(0, 0), content: line(0, 0) },
  total: line(0, 0),
  planned: false,
};

/** `weeks` weeks of one figure around `level`, ±4% in a repeating pattern (slot = weekday, or 0 by week). */
function history(level: number, weeks: number, slots = 7): Point[] {
  const wobble = [1, 1.04, 0.97, 1.02, 0.96];
  return Array.from({ length: weeks * slots }, (_, i) => ({
    slot: slots === 7 ? i % 7 : 0,
    value: level * wobble[i % 5]!,
  }));
}

/** The verdict on `value` against `history`, as the loaders make it. */
function verdict(value: number, h: Point[], prev: number | null, rules = DAILY_RULES, slot = 3): Verdict {
  const v = judge({ value, slot, history: h, prev, threshold: 3, rules });
  if (!v) throw new Error('no verdict');
  return v;
}

function daily(over: Partial<DailyFigures> = {}): DailyFigures {
  return {
    now: NOW,
    verdicts: new Map(),
    anomalyZ: 3,
    tz: TZ,
    date: '2026-11-25',
    prevDate: '2026-11-24',
    weekDate: '2026-11-18',
    live: { rows: [], total: 0 },
    sla: [
      { kind: 'feedback', open: 2, overdue: 1 },
      { kind: 'incident_response', open: 0, overdue: 0 },
    ],
    usage: noBudget,
    pacing: { month: '2026-11', day: 25, days: 30, through: '2026-11-25', targets: {}, prevUv: null },
    sources: { pulled: [], asOf: new Map(), missing: [] },
    ...over,
  };
}

describe('dailyCard (pure)', () => {
  it('an empty day says so, and still lists SLA items and the budget', () => {
    const text = cardText(dailyCard(daily(), 'en'));
    expect(text).toContain('# Daily report · 2026-11-25 (Wed)');
    expect(text).toContain('Feedback first response: 2 open, 1 overdue 🚨');
    expect(text).toContain('No campaign is running today.');
  });

  it('flags a GMV far above the channel’s Wednesdays, in words, and marks the line', () => {
    const gmv = verdict(1_400_000, history(1_000_000, 8), 1_000_000);
    const card = dailyCard(
      daily({
        day: period({ douyin: { gmv: 1_400_000, spend: 500_000, orders: 140 } }),
        prev: period({ douyin: { gmv: 1_000_000, spend: 500_000, orders: 100 } }),
        week: period({ douyin: { gmv: 1_000_000, spend: 500_000, orders: 100 } }),
        verdicts: new Map([['douyin', { gmv }]]),
      }),
      'en',
    );
    const text = cardText(card);
    expect(card.tone).toBe('warning');
    expect(text).toContain('## ⚠️ Worth a look (unusual for the channel’s own history)');
    expect(text).toMatch(
      /\nDouyin GMV ¥14,000, median of the last 8 Wednesdays ¥10,000 \(unusually high, about \+\d+(\.\d)?σ\)\n/,
    );
    // The line in the channel's section carries the mark after the value; the changes stay as they were.
    expect(text).toContain('GMV ¥14,000⚠️ · ↑40.0% / ↑40.0%');
    expect(text).toContain(
      '> Changes: d/d (vs 2026-11-24) / w/w (vs the same weekday a week before, 2026-11-18).',
    );
    expect(text).toContain(
      '> ⚠️ marks a figure unusual for its own channel: about 3σ or more from the median of the same weekday over the last 8 weeks',
    );
    expect(text).not.toContain('±20%;');
  });

  it('the same wording in Chinese, with the z the verdict computed', () => {
    const cvr = verdict(0.012, history(0.021, 6), 0.02);
    if (cvr.kind !== 'baseline') throw new Error('expected a baseline');
    const text = cardText(
      dailyCard(
        daily({
          day: period({ douyin: { gmv: 1_000_000, orders: 12, clicks: 1000 } }),
          verdicts: new Map([['douyin', { cvr }]]),
        }),
        'zh-CN',
      ),
    );
    const z = `−${Math.abs(cvr.z).toFixed(Math.abs(cvr.z) >= 10 ? 0 : 1)}`;
    expect(text).toContain(`抖音 CVR 1.2%，过去 6 个周三的中位数 2.1%（异常偏低，约 ${z}σ）`);
    expect(text).toContain(
      '> ⚠️ 表示与该渠道自己的历史相比异常：对比过去 8 周同一星期几的中位数，偏离约 3σ 及以上',
    );
  });

  it('a normal Monday dip is no news: the old ±20% would have flagged it, the baseline does not', () => {
    // Mondays run 20% under Sundays every week; this Monday is an ordinary one.
    const habit = (i: number) =>
      (i % 7 === 1 ? 800_000 : i % 7 === 0 ? 1_050_000 : 1_000_000) * [1, 1.03, 0.98][i % 3]!;
    const h: Point[] = Array.from({ length: 56 }, (_, i) => ({ slot: i % 7, value: habit(i) }));
    const gmv = verdict(790_000, h, 1_050_000, DAILY_RULES, 1);
    expect(790_000 / 1_050_000 - 1).toBeLessThan(-0.2);
    const card = dailyCard(
      daily({
        date: '2026-11-23',
        day: period({ taobao: { gmv: 790_000, spend: 300_000 } }),
        prev: period({ taobao: { gmv: 1_050_000, spend: 300_000 } }),
        verdicts: new Map([['taobao', { gmv }]]),
      }),
      'en',
    );
    expect(gmv.flag).toBe(false);
    expect(card.tone).toBe('info');
    expect(cardText(card)).not.toContain('⚠️ Worth a look');
  });

  it('with too little history it judges the day-over-day change and says so, in both languages', () => {
    const gmv = verdict(1_400_000, history(1_000_000, 2), 1_000_000);
    expect(gmv).toMatchObject({ kind: 'fallback', flag: true });
    const figures = daily({
      day: period({ jd: { gmv: 1_400_000 } }),
      prev: period({ jd: { gmv: 1_000_000 } }),
      verdicts: new Map([['jd', { gmv }]]),
    });
    expect(cardText(dailyCard(figures, 'en'))).toContain(
      'JD.com GMV ¥14,000, ↑40.0% d/d (less than 3 weeks of history, so judged on the day-over-day change, over ±20%)',
    );
    expect(cardText(dailyCard(figures, 'zh-CN'))).toContain(
      '京东 GMV ¥1.4万，环比 ↑40.0%（历史不足 3 周，暂按环比超过 ±20% 判断）',
    );
  });

  it('a quiet day is info, in Chinese too', () => {
    const same = period({ taobao: { gmv: 1_000_000, spend: 500_000 } });
    const card = dailyCard(daily({ day: same, prev: same, week: same }), 'zh-CN');
    expect(card.tone).toBe('info');
    expect(cardText(card)).toContain('# 营销数据日报 · 2026-11-25（周三）');
    expect(cardText(card)).not.toContain('值得关注');
  });

  it('adds the chart and the late note the job passes', () => {
    const card = dailyCard(daily(), 'en', {
      image: { png: Buffer.from(''), alt: 'chart', title: 't' },
      context: ['late'],
    });
    expect(card.image?.alt).toBe('chart');
    expect(card.context?.at(-1)).toBe('late');
  });

  it('with a GMV target: the pacing section before the budget, on the budget’s day count, in both languages', () => {
    const gmv = {
      id: 1,
      month: '2026-11',
      metric: 'gmv',
      value: 500_000_000,
      planKey: '2026-11',
      weighting: 'fixed' as const,
      overridden: true,
      updatedAt: NOW,
      updatedBy: 'slack:UADMIN',
    };
    const f = daily({
      date: '2026-11-15',
      pacing: {
        month: '2026-11',
        day: 15,
        days: 30,
        through: '2026-11-15',
        targets: { gmv },
        actual: {
          key: '2026-11',
          gmv: 215_000_000,
          newUsers: null,
          websiteUv: null,
          roiGmv: null,
          roiSpend: null,
        },
        prevUv: null,
      },
      usage: {
        ...noBudget,
        categories: { ...noBudget.categories, content: line(100_000, 50_000) },
        planned: true,
      },
    });
    // The example: 43% done at half-time, 7 points behind; ¥285万 over the 15 days left is ¥19万 a day.
    // Time progress reads the same in the target lines and the budget pacing (one formatter, whole percent).
    const zh = cardText(dailyCard(f, 'zh-CN'));
    expect(zh).toContain(
      '## 目标进度 · 2026-11（截至 11-15，按自然日）\n' +
        'GMV 月目标 ¥500万：已完成 ¥215万（43%），时间进度 15/30 天（50%）（落后 7 个百分点，还差 ¥285万，余 15 天需日均 ¥19万）\n' +
        '\n## 本月预算进度 · 2026-11\n本月已过 50%（第 15/30 天）',
    );
    expect(cardText(dailyCard(f, 'en'))).toContain(
      '## Targets · 2026-11 (through 11-15, calendar days)\n' +
        'GMV target ¥5M: ¥2.15M done (43%), 15 of 30 days gone (50%) (7 pp behind; ¥2.85M to go, ¥190,000 a day over the 15 days left)\n' +
        '\n## Budget pacing · 2026-11\n50% of the month has passed (day 15 of 30)',
    );
  });

  it('without targets for the month: no pacing section and no hint', () => {
    const text = cardText(dailyCard(daily(), 'en'));
    expect(text).not.toContain('Targets ·');
    expect(text).not.toContain('/target');
  });

  it('names the source of pulled figures and a configured source with no data', () => {
    const text = cardText(
      dailyCard(
        daily({
          day: period({ website: { uv: 1000 } }),
          sources: {
            pulled: [{ channel: 'website', sources: ['baidu_tongji'], handLogged: false }],
            asOf: new Map([['baidu_tongji', new Date('2026-11-26T00:30:00Z')]]),
            missing: [{ channel: 'wechat', label: { 'zh-CN': '微信公众号', en: 'WeChat OA' } }],
          },
        }),
        'en',
      ),
    );
    expect(text).toMatch(/Source: .*08:30/);
    expect(text).toContain('WeChat OA');
  });
});

describe('weeklyCard and userNeedsCard (pure)', () => {
  const week = reportedWeek(new Date('2026-11-23T01:30:00Z'), TZ);
  const weekly = (over: Partial<WeeklyFigures> = {}): WeeklyFigures => ({
    now: new Date('2026-11-23T01:30:00Z'),
    tz: TZ,
    week,
    verdicts: new Map(),
    anomalyZ: 3,
    campaigns: { rows: [], total: 0 },
    feedback: { total: 0, prevTotal: 0, high: 0, categories: [] },
    topFeedback: [],
    incidents: { opened: 0, serious: 0, closed: 0, stillOpen: 0 },
    hits: {
      feedback: { met: 3, due: 4 },
      incident_response: { met: 0, due: 0 },
      incident_report: { met: 0, due: 0 },
      retro: { met: 0, due: 0 },
    },
    approvals: {
      contentSubmitted: 0,
      contentApproved: 0,
      contentReturned: 0,
      kolResults: 0,
      kolGmvFen: 0,
      kolFeeFen: 0,
    },
    usage: noBudget,
    survey: { responses: null, scoreSum: null },
    cadence: [],
    abTests: [],
    ...over,
  });

  it('ranks channels by ROI and lists the one without spend', () => {
    const text = cardText(
      weeklyCard(
        weekly({
          cur: period({
            douyin: { gmv: 3_000_000, spend: 1_000_000 },
            taobao: { gmv: 2_000_000, spend: 400_000 },
            website: { gmv: 100_000 },
          }),
        }),
        'en',
      ),
    );
    expect(text).toContain('# Weekly report · 2026-W47');
    const taobao = text.indexOf('1. Taobao');
    expect(taobao).toBeGreaterThan(0);
    expect(text.indexOf('2. Douyin')).toBeGreaterThan(taobao);
    expect(text).toContain('No spend logged: Website');
    expect(text).toContain('75.0% (3/4)');
  });

  it('names the week’s unusual figures against the last 8 weeks', () => {
    const orders = verdict(300, history(1000, 8, 1), 900, WEEKLY_RULES, 0);
    const figures = weekly({
      cur: period({ taobao: { gmv: 2_000_000, spend: 400_000, orders: 300 } }),
      verdicts: new Map([['taobao', { orders }]]),
    });
    const text = cardText(weeklyCard(figures, 'en'));
    expect(cardText(weeklyCard(figures, 'zh-CN'))).toMatch(
      /\n淘宝 订单 300，过去 8 周的中位数 1,000（异常偏低，约 −\d+(\.\d)?σ）\n/,
    );
    expect(text).toMatch(
      /\nTaobao Orders 300, median of the last 8 weeks 1K \(unusually low, about −\d+(\.\d)?σ\)\n/,
    );
    expect(text).toContain(
      '> ⚠️ marks a figure unusual for its own channel: about 3σ or more from the median of the last 8 weeks',
    );
  });

  it('the user-needs report with no feedback says so', () => {
    const card = userNeedsCard(weekly(), 'zh-CN', ['late']);
    expect(card.text).toBe('本周没有新的用户反馈。');
    expect(card.context).toEqual([expect.any(String), 'late']);
  });
});

describe('monthlyCard (pure)', () => {
  const at = new Date('2026-12-01T02:00:00Z');
  const monthly = (over: Partial<MonthlyFigures> = {}): MonthlyFigures => {
    const cur = over.cur;
    return {
      now: at,
      tz: TZ,
      month: reportedMonth(at, TZ),
      goals: monthGoals({
        targets: { gmv: { value: 1_000_000_000, planKey: '2026' } },
        settingGmvFen: undefined,
        campaigns: { gmvFen: null, campaignGmvFen: null, gmvCampaigns: 0, newUsers: null },
        monthGmv: cur?.total?.gmv ?? null,
      }),
      gmvAttainment: cur?.total?.gmv != null ? cur.total.gmv / 1_000_000_000 : null,
      scorecard: [],
      sla: [
        { kind: 'feedback', met: 9, due: 10, rate: 0.9, target: 1, status: 'miss' },
        { kind: 'incident_response', met: 0, due: 0, rate: null, target: 1, status: 'na' },
      ],
      usage: noBudget,
      ...over,
    };
  };

  it('an empty month says so and still gives the target, the response deadlines and the budget', () => {
    const card = monthlyCard(monthly(), 'en');
    const text = cardText(card);
    expect(text).toContain('# Monthly report · 2026-11');
    expect(card.text).toBe(
      'No channel figures were logged in 2026-11, so there are no metrics to report this month.',
    );
    expect(text).toContain('❌ Feedback answered within 24 h: 90.0% (9/10) · target 100%');
    expect(text).toContain('➖ Incidents answered within 2 h: — · target 100%');
    // A missed deadline makes the report a warning.
    expect(card.tone).toBe('warning');
  });

  it('ranks channels by ROI: the strongest and weakest never share a channel, and one without spend is left out', () => {
    const cur = period({
      douyin: { gmv: 3_000_000, spend: 1_000_000 },
      taobao: { gmv: 2_000_000, spend: 400_000 },
      xiaohongshu: { gmv: 500_000, spend: 500_000 },
      website: { gmv: 100_000 },
    });
    const card = monthlyCard(
      monthly({ cur, sla: monthly().sla.map((s) => ({ ...s, status: 'na' as const })) }),
      'en',
    );
    const text = cardText(card);
    expect(text).toMatch(
      /## Strongest channels\nTaobao: ROI 5:1 .*\nDouyin: ROI 3:1 .*\n\n## Weakest channels\nXiaohongshu: ROI 1:1/,
    );
    expect(text).not.toMatch(/Website: ROI/);
    expect(card.text).toBe('GMV ¥56,000 this month, spend ¥19,000, ROI 2.9:1; GMV target attainment 0.6%.');
    expect(card.tone).toBe('info');
  });
});
