import { dailyTotals, monthTargets, type RangeSumRow, rangeKpiSums, slaHits } from '../db/queries/digests';
import type { RawSum } from '../db/queries/metrics';
import { ECOMMERCE_CHANNELS, scorecardInputs } from '../db/queries/scorecard';
import type { Card, Section } from '../src/chat/card';
import { reportTargetLines } from '../src/chat/cards/target';
import type { Locale } from '../src/chat/i18n';
import { tDigests } from '../src/chat/messages/digests';
import { basisLines } from '../src/chat/messages/metrics';
import { scorecardSections, tScorecard } from '../src/chat/messages/scorecard';
import { tTarget } from '../src/chat/messages/target';
import type { Deps } from '../src/deps';
import { budgetUsage } from '../src/domain/budget';
import { addDays, localDate, startOfLocalDay } from '../src/domain/dates';
import { attainment, DASH, formatPct } from '../src/domain/kpi';
import { monthGoals, type PeriodSums, scorecardRows } from '../src/domain/scorecard';
import type { Settings } from '../src/domain/settings';
import { targetsOfMonth } from '../src/domain/targets';
import {
  budgetSection,
  byPeriod,
  channelName,
  channelsByGmv,
  type DigestBuild,
  type DigestOptions,
  type Figures,
  fmtChange,
  fmtValue,
  lateLine,
  lineOne,
  PERIOD_METRICS,
  trendChart,
} from './digest-kit';
import { type JobResult, type RunOptions, runClaimed } from './runner';

/**
 * The response deadlines the manual sets (24 h feedback, 2 h incidents), met every time. The 4.1
 * scorecard's targets come from `/target` for the month, falling back as `monthGoals`
 * (src/domain/scorecard.ts) says: the monthly_gmv_target setting or the campaigns, then the manual's examples.
 */
export const MONTHLY_TARGETS = { onTimeRate: 1 } as const;

const sumOf = (vals: (number | null | undefined)[]) => {
  const xs = vals.filter((v): v is number => typeof v === 'number');
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0);
};

/** The scorecard's sums of one period from rangeKpiSums rows (paired sums keep each ratio's bases matched). */
function periodSums(
  rows: RangeSumRow[],
  period: string,
  ecomOrders: number | null,
  ecomOrdersUv: number | null,
): PeriodSums {
  const t = rows.find((r) => r.period === period && r.channel === null);
  const ch = (c: string) => rows.find((r) => r.period === period && r.channel === c);
  const n = (v: RawSum | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    gmv: n(t?.gmv),
    websiteUv: n(ch('website')?.uv),
    ecomUv: sumOf(ECOMMERCE_CHANNELS.map((c) => n(ch(c)?.uv))),
    ecomOrders,
    ecomOrdersUv,
    newUsers: n(t?.new_users),
    activeUsers: n(t?.active_users),
    retained: n(t?.ret_n),
    cohort: n(t?.ret_d),
    repeatBuyers: n(t?.rep_n),
    buyersForRepeat: n(t?.rep_d),
    aovGmv: n(t?.aov_n),
    aovBuyers: n(t?.aov_d),
    roiGmv: n(t?.roi_n),
    roiSpend: n(t?.roi_d),
    clicks: n(t?.ctr_n),
    impressions: n(t?.ctr_d),
    orders: n(t?.cvr_n),
    cvrClicks: n(t?.cvr_d),
    totalOrders: n(t?.orders),
  };
}

const MONTH_METRICS = PERIOD_METRICS;
/** At most this many channels each as "strongest" and "weakest". */
const BEST_WORST = 3;

/** The calendar month before the one holding `now` (local), and the month before that. */
export function reportedMonth(now: Date, tz: string) {
  const firstOfThis = `${localDate(now, tz).slice(0, 7)}-01`;
  const to = addDays(firstOfThis, -1);
  const from = `${to.slice(0, 7)}-01`;
  const prevTo = addDays(from, -1);
  return {
    month: from.slice(0, 7),
    from,
    to,
    prevMonth: prevTo.slice(0, 7),
    prevFrom: `${prevTo.slice(0, 7)}-01`,
    prevTo,
    start: startOfLocalDay(from, tz),
    end: startOfLocalDay(firstOfThis, tz),
  };
}

type Status = 'pass' | 'miss' | 'na';
const MARK: Record<Status, string> = { pass: '✅', miss: '❌', na: '➖' };

interface Score {
  name: string;
  value: string;
  target: string;
  status: Status;
}

function scoreLine(locale: Locale, s: Score): string {
  return tDigests(locale, 'score.line', {
    mark: MARK[s.status],
    name: s.name,
    value: s.value,
    target: s.target,
  });
}

const judge = (ok: boolean | null): Status => (ok === null ? 'na' : ok ? 'pass' : 'miss');

/**
 * The monthly report (月报) for the last full month: GMV target attainment, the manual's 4.1 KPI scorecard
 * (value, target, met or missed), the month against the month before, and the strongest and weakest
 * channels by ROI. Used by the job and `/mops digest`.
 */
export async function buildMonthlyCard(
  deps: Deps,
  now: Date,
  settings: Settings,
  opts: DigestOptions = {},
): Promise<DigestBuild> {
  const locale = opts.locale ?? deps.config.locale;
  const m = reportedMonth(now, deps.config.tz);
  const [sums, campaigns, hits, usage, inputs, set] = await Promise.all([
    rangeKpiSums(deps.db, [
      { key: 'cur', from: m.from, to: m.to },
      { key: 'prev', from: m.prevFrom, to: m.prevTo },
    ]),
    monthTargets(deps.db, m.from, m.to),
    slaHits(deps.db, { from: m.start, to: m.end < now ? m.end : now }),
    budgetUsage(deps.db, m.month),
    scorecardInputs(deps.db, m, ['wechat_official', 'douyin']),
    targetsOfMonth(deps.db, m.month),
  ]);
  const periods = byPeriod(sums);
  const cur = periods.get('cur');
  const prev = periods.get('prev');
  const total: Figures | undefined = cur?.total;
  const goals = monthGoals({
    targets: set,
    settingGmvFen: settings.monthlyGmvTargetFen,
    campaigns,
    monthGmv: total?.gmv ?? null,
  });
  const gmvAtt = attainment(goals.gmv.actual, goals.gmv.value);

  const sections: Section[] = [
    {
      heading: tTarget(locale, 'report.heading'),
      lines: reportTargetLines(locale, m.month, goals, total?.newUsers ?? null),
    },
  ];

  const onTime = (k: 'feedback' | 'incident_response') =>
    hits[k].due > 0 ? hits[k].met / hits[k].due : null;
  const fb = onTime('feedback');
  const inc = onTime('incident_response');
  const atLeast = (x: number | null, min: number) => (x === null ? null : x >= min);
  const rows = scorecardRows({
    cur: periodSums(sums, 'cur', inputs.ecomOrders, inputs.ecomUv),
    prev: periodSums(sums, 'prev', inputs.prevEcomOrders, inputs.prevEcomUv),
    ...inputs,
    budgetRate: usage.total.rate,
    budgetWithin: usage.total.rate === null ? null : usage.total.band !== '105',
    gmvAttainment: gmvAtt,
    goals,
    followers: {
      wechat_official: inputs.followers.wechat_official ?? { cur: null, prev: null },
      douyin: inputs.followers.douyin ?? { cur: null, prev: null },
    },
  });
  const scores: Score[] = [
    {
      name: tDigests(locale, 'score.feedback_sla'),
      value: fb === null ? DASH : `${formatPct(fb, locale)} (${hits.feedback.met}/${hits.feedback.due})`,
      target: formatPct(MONTHLY_TARGETS.onTimeRate, locale, 0),
      status: judge(atLeast(fb, MONTHLY_TARGETS.onTimeRate)),
    },
    {
      name: tDigests(locale, 'score.incident_sla'),
      value:
        inc === null
          ? DASH
          : `${formatPct(inc, locale)} (${hits.incident_response.met}/${hits.incident_response.due})`,
      target: formatPct(MONTHLY_TARGETS.onTimeRate, locale, 0),
      status: judge(atLeast(inc, MONTHLY_TARGETS.onTimeRate)),
    },
  ];
  sections.push(...scorecardSections(locale, rows));
  sections.push({
    heading: tDigests(locale, 'score.heading'),
    lines: scores.map((x) => scoreLine(locale, x)),
  });

  let text: string;
  if (!total) {
    text = tDigests(locale, 'monthly.empty', { month: m.month });
  } else {
    text = tDigests(locale, 'monthly.headline', {
      gmv: fmtValue(locale, 'gmv', total.gmv),
      att: formatPct(gmvAtt, locale),
      spend: fmtValue(locale, 'spend', total.spend),
      roi: fmtValue(locale, 'roi', total.roi),
    });
    sections.push({
      heading: tDigests(locale, 'monthly.totals'),
      lines: [
        ...MONTH_METRICS.map((k) => lineOne(locale, k, total, prev?.total)),
        ...basisLines(locale, cur?.bases ?? {}),
      ],
    });
    const ranked = channelsByGmv(cur)
      .filter(([, f]) => f.roi !== null)
      .sort(([ca, a], [cb, b]) => b.roi! - a.roi! || ca.localeCompare(cb));
    const line = ([c, f]: [string, Figures]) =>
      tDigests(locale, 'best.line', {
        channel: channelName(locale, c),
        roi: fmtValue(locale, 'roi', f.roi),
        gmv: fmtValue(locale, 'gmv', f.gmv),
        c: fmtChange(locale, 'gmv', f.gmv, prev?.channels.get(c)?.gmv ?? null).text,
        uv: fmtValue(locale, 'uv', f.uv),
        uvc: fmtChange(locale, 'uv', f.uv, prev?.channels.get(c)?.uv ?? null).text,
      });
    if (ranked.length === 0) {
      sections.push({ heading: tDigests(locale, 'best.heading'), lines: [tDigests(locale, 'best.none')] });
    } else {
      // Split so no channel is both "strongest" and "weakest" when only a few have ROI.
      const bestN = Math.min(BEST_WORST, Math.ceil(ranked.length / 2));
      const worstN = Math.min(BEST_WORST, ranked.length - bestN);
      sections.push({ heading: tDigests(locale, 'best.heading'), lines: ranked.slice(0, bestN).map(line) });
      if (worstN > 0) {
        sections.push({
          heading: tDigests(locale, 'worst.heading'),
          lines: ranked.slice(-worstN).reverse().map(line),
        });
      }
    }
  }
  sections.push(budgetSection(locale, usage));

  const scoreFails =
    scores.filter((x) => x.status === 'miss').length + rows.filter((x) => x.status === 'miss').length;
  const image =
    opts.chart === false
      ? undefined
      : await trendChart(deps, locale, 'monthly-report', await dailyTotals(deps.db, m.from, m.to), {
          from: m.from,
          to: m.to,
          title: tDigests(locale, 'chart.title_range', { from: m.from, to: m.to }),
        });
  const card: Card = {
    title: tDigests(locale, 'monthly.title', { month: m.month }),
    text,
    sections,
    ...(image ? { image } : {}),
    context: [
      tDigests(locale, 'monthly.legend', { prev: m.prevMonth }),
      tDigests(locale, 'legend.formulas'),
      tScorecard(locale, 'legend'),
      ...(opts.late ? [lateLine(deps, 'monthly-report', now, settings, locale)] : []),
    ],
    tone: scoreFails > 0 ? 'warning' : 'info',
  };
  return {
    card,
    summary: {
      month: m.month,
      empty: !total,
      channels: cur?.channels.size ?? 0,
      gmvAttainment: gmvAtt,
      missed: scoreFails,
    },
  };
}

/** Monthly report job: posts last month's 月报 once per month. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'monthly-report', now, opts, async ({ settings, late }) => {
    const { card, summary } = await buildMonthlyCard(deps, now, settings, { late });
    return { summary, messages: [{ key: 'report', to: 'digest', card }] };
  });
}
