/**
 * The manual's KPI scorecard (section 4.1, 量化指标): every row with its formula over the month's sums,
 * its target (the manual's example where it gives one) and whether it was met. Pure: figures in, rows out.
 * A row whose inputs nobody logged has no value ("no data yet"); a zero base gives null too, shown as "—".
 */
import type { ScorecardInputs } from '../../db/queries/scorecard';
import {
  change,
  complaintRate,
  invalidShare,
  ratio,
  repurchaseRate,
  retentionD7,
  roi as roiOf,
  satisfaction,
} from './kpi';

export const SCORE_GROUPS = ['channel', 'users', 'sales', 'promotion', 'cost', 'satisfaction'] as const;
export type ScoreGroup = (typeof SCORE_GROUPS)[number];

/** How a value reads: growth (relative change), a rate, a rate change (pp), ROI, money, a count, a score. */
export type ScoreUnit = 'growth' | 'rate' | 'roi' | 'count' | 'score';

export type ScoreStatus = 'pass' | 'miss' | 'na';

/** The manual's 4.1 rows, each with its label (`row.<key>` in src/chat/messages/scorecard.ts). */
export type ScoreKey =
  | 'website_uv'
  | 'followers_wechat_official'
  | 'followers_douyin'
  | 'ecom_uv'
  | 'new_users'
  | 'active_users'
  | 'retention_d7'
  | 'gmv_growth'
  | 'gmv_attainment'
  | 'ecom_cvr'
  | 'aov_growth'
  | 'repurchase'
  | 'roi'
  | 'ctr'
  | 'cvr'
  | 'budget_usage'
  | 'invalid_spend'
  | 'satisfaction'
  | 'complaint_rate';

export interface ScoreRow {
  group: ScoreGroup;
  key: ScoreKey;
  unit: ScoreUnit;
  /** null: zero base or nothing logged (see `hasData`). */
  value: number | null;
  /** False when none of the row's inputs were logged: shown as "no data yet", not "—". */
  hasData: boolean;
  /** The numerator and denominator (or before → after) so the figure can be checked with a calculator. */
  inputs?: { a: number | null; b: number | null };
  /** `fromTarget`: set with `/target` for the month (otherwise the manual's example or the campaigns'). */
  target?: { op: '≥' | '≤'; value: number; fromTarget?: boolean };
  status: ScoreStatus;
}

/** The month's sums a scorecard needs, all from SQL; money in fen. */
export interface ScorecardFigures
  extends Pick<
    ScorecardInputs,
    'complaints' | 'surveyResponses' | 'surveyScoreSum' | 'spendFen' | 'invalidSpendFen' | 'activeDays'
  > {
  cur: PeriodSums;
  prev: PeriodSums;
  /** Budget usage of the month (spend ÷ plan) and whether it is inside ≤ 105% (compared in integers). */
  budgetRate: number | null;
  budgetWithin: boolean | null;
  /** GMV attainment already computed by the report (its target source varies, see `monthGoals`). */
  gmvAttainment: number | null;
  goals: MonthGoals;
  followers: Record<'wechat_official' | 'douyin', { cur: number | null; prev: number | null }>;
}

export interface PeriodSums {
  gmv: number | null;
  websiteUv: number | null;
  ecomUv: number | null;
  ecomOrders: number | null;
  ecomOrdersUv: number | null;
  newUsers: number | null;
  activeUsers: number | null;
  retained: number | null;
  cohort: number | null;
  repeatBuyers: number | null;
  buyersForRepeat: number | null;
  aovGmv: number | null;
  aovBuyers: number | null;
  roiGmv: number | null;
  roiSpend: number | null;
  clicks: number | null;
  impressions: number | null;
  orders: number | null;
  cvrClicks: number | null;
  totalOrders: number | null;
}

/** The manual's example targets (4.1): website UV +20%, GMV +15%, ROI ≥ 3:1, budget ≤ 105%, satisfaction ≥ 4.5. */
export const MANUAL_TARGETS = {
  websiteUvGrowth: 0.2,
  gmvGrowth: 0.15,
  roi: 3,
  budgetUsageMax: 1.05,
  satisfaction: 4.5,
} as const;

/** A target with where it came from: `/target` for the month, or the fallback. */
export interface Goal<S extends string> {
  value: number | null;
  source: S;
}

/** What the month's report measures against, each with its source (see `monthGoals`). */
export interface MonthGoals {
  /** GMV target (fen) and the GMV measured against it. */
  gmv: Goal<'target' | 'setting' | 'campaigns'> & { actual: number | null; plan?: string; campaigns: number };
  newUsers: Goal<'target' | 'campaigns'>;
  /** ROI as a ratio (3 = 3:1). */
  roi: Goal<'target' | 'manual'>;
  /** Website UV growth as a fraction (0.2 = +20%). */
  websiteUvGrowth: Goal<'target' | 'manual'>;
}

/**
 * Which target each figure of the monthly report is measured against; the first that exists wins.
 * - GMV: the month's `/target` (all channels' GMV against it) → the `monthly_gmv_target` setting, kept only
 *   as a fallback for teams that set it before `/target` existed (all channels' GMV) → the campaigns ending
 *   in the month (their retrospective GMV against the sum of their `target_gmv`).
 * - New users: the month's `/target` → the sum of `target_new_users` of campaigns ending in the month.
 * - ROI and website UV growth: the month's `/target` → the manual's examples (3:1, +20%).
 */
export function monthGoals(input: {
  /** The month's `/target` values as stored (gmv fen, new_users, uv_growth basis points, roi hundredths). */
  targets: Partial<Record<'gmv' | 'new_users' | 'uv_growth' | 'roi', { value: number; planKey: string }>>;
  settingGmvFen: number | undefined;
  campaigns: {
    gmvFen: number | null;
    campaignGmvFen: number | null;
    gmvCampaigns: number;
    newUsers: number | null;
  };
  /** All channels' GMV of the month. */
  monthGmv: number | null;
}): MonthGoals {
  const t = input.targets;
  const c = input.campaigns;
  const gmv: MonthGoals['gmv'] = t.gmv
    ? { value: t.gmv.value, source: 'target', actual: input.monthGmv, plan: t.gmv.planKey, campaigns: 0 }
    : input.settingGmvFen
      ? { value: input.settingGmvFen, source: 'setting', actual: input.monthGmv, campaigns: 0 }
      : { value: c.gmvFen, source: 'campaigns', actual: c.campaignGmvFen, campaigns: c.gmvCampaigns };
  return {
    gmv,
    newUsers: t.new_users
      ? { value: t.new_users.value, source: 'target' }
      : { value: c.newUsers !== null && c.newUsers > 0 ? c.newUsers : null, source: 'campaigns' },
    roi: t.roi
      ? { value: t.roi.value / 100, source: 'target' }
      : { value: MANUAL_TARGETS.roi, source: 'manual' },
    websiteUvGrowth: t.uv_growth
      ? { value: t.uv_growth.value / 10_000, source: 'target' }
      : { value: MANUAL_TARGETS.websiteUvGrowth, source: 'manual' },
  };
}

const judge = (v: number | null, t?: ScoreRow['target']): ScoreStatus => {
  if (v === null || !t) return 'na';
  return (t.op === '≥' ? v >= t.value : v <= t.value) ? 'pass' : 'miss';
};

const has = (...xs: (number | null)[]) => xs.some((x) => x !== null);

function row(
  group: ScoreGroup,
  key: ScoreKey,
  unit: ScoreUnit,
  value: number | null,
  hasData: boolean,
  inputs?: ScoreRow['inputs'],
  target?: ScoreRow['target'],
): ScoreRow {
  return { group, key, unit, value, hasData, inputs, target, status: judge(value, target) };
}

/** A target the figure must reach, marked when it was set with `/target` for the month. */
const atLeast = (g: Goal<string>): ScoreRow['target'] =>
  g.value === null ? undefined : { op: '≥', value: g.value, fromTarget: g.source === 'target' };

/** A growth row: this month's `a` against the month before's `b` (its inputs read before → after). */
const growth = (
  group: ScoreGroup,
  key: ScoreKey,
  a: number | null,
  b: number | null,
  t?: ScoreRow['target'],
) => row(group, key, 'growth', change(a, b), has(a, b), { a: b, b: a }, t);

/** A row `of(a, b)` over two logged sums (a rate or ROI), with both sums as its inputs. */
const quotient = (
  group: ScoreGroup,
  key: ScoreKey,
  unit: ScoreUnit,
  of: (a: number | null, b: number | null) => number | null,
  a: number | null,
  b: number | null,
  t?: ScoreRow['target'],
) => row(group, key, unit, of(a, b), has(a, b), { a, b }, t);

/** 渠道: website UV growth against its goal, followers on the two platforms, e-commerce UV. */
function channelRows({ cur, prev, goals, followers }: ScorecardFigures): ScoreRow[] {
  const wo = followers.wechat_official;
  const dy = followers.douyin;
  return [
    growth('channel', 'website_uv', cur.websiteUv, prev.websiteUv, atLeast(goals.websiteUvGrowth)),
    growth('channel', 'followers_wechat_official', wo.cur, wo.prev),
    growth('channel', 'followers_douyin', dy.cur, dy.prev),
    growth('channel', 'ecom_uv', cur.ecomUv, prev.ecomUv),
  ];
}

/** 用户: new users against their goal, daily active users over the days logged, D7 retention. */
function userRows({ cur, goals, activeDays }: ScorecardFigures): ScoreRow[] {
  const dailyActive = activeDays > 0 ? ratio(cur.activeUsers, activeDays) : null;
  return [
    row('users', 'new_users', 'count', cur.newUsers, has(cur.newUsers), undefined, atLeast(goals.newUsers)),
    row('users', 'active_users', 'count', dailyActive, has(cur.activeUsers), {
      a: cur.activeUsers,
      b: activeDays,
    }),
    quotient('users', 'retention_d7', 'rate', retentionD7, cur.retained, cur.cohort),
  ];
}

/** 销售: GMV growth and attainment, e-commerce CVR, average order value growth, repurchase. */
function salesRows({ cur, prev, goals, gmvAttainment }: ScorecardFigures): ScoreRow[] {
  const aov = ratio(cur.aovGmv, cur.aovBuyers);
  const prevAov = ratio(prev.aovGmv, prev.aovBuyers);
  return [
    growth('sales', 'gmv_growth', cur.gmv, prev.gmv, { op: '≥', value: MANUAL_TARGETS.gmvGrowth }),
    row('sales', 'gmv_attainment', 'rate', gmvAttainment, gmvAttainment !== null, undefined, {
      op: '≥',
      value: 1,
      fromTarget: goals.gmv.source === 'target',
    }),
    quotient('sales', 'ecom_cvr', 'rate', ratio, cur.ecomOrders, cur.ecomOrdersUv),
    row('sales', 'aov_growth', 'growth', change(aov, prevAov), has(cur.aovGmv, prev.aovGmv), {
      a: prevAov,
      b: aov,
    }),
    row(
      'sales',
      'repurchase',
      'rate',
      repurchaseRate(cur.repeatBuyers, cur.buyersForRepeat),
      has(cur.repeatBuyers),
      { a: cur.repeatBuyers, b: cur.buyersForRepeat },
    ),
  ];
}

/** 推广: ROI against its goal, CTR, CVR. */
function promotionRows({ cur, goals }: ScorecardFigures): ScoreRow[] {
  return [
    quotient('promotion', 'roi', 'roi', roiOf, cur.roiGmv, cur.roiSpend, atLeast(goals.roi)),
    quotient('promotion', 'ctr', 'rate', ratio, cur.clicks, cur.impressions),
    quotient('promotion', 'cvr', 'rate', ratio, cur.orders, cur.cvrClicks),
  ];
}

/** 成本: budget usage (≤ 105%), the share of spend judged invalid. */
function costRows(f: ScorecardFigures): ScoreRow[] {
  return [
    {
      ...row('cost', 'budget_usage', 'rate', f.budgetRate, f.budgetRate !== null, undefined, {
        op: '≤',
        value: MANUAL_TARGETS.budgetUsageMax,
      }),
      // Banded in integers, so exactly 105% passes as the manual's "≤ 105%" says.
      status: f.budgetWithin === null ? 'na' : f.budgetWithin ? 'pass' : 'miss',
    },
    row('cost', 'invalid_spend', 'rate', invalidShare(f.invalidSpendFen, f.spendFen), f.spendFen > 0, {
      a: f.invalidSpendFen,
      b: f.spendFen,
    }),
  ];
}

/** 满意度: the survey score (≥ 4.5), complaints per order. */
function satisfactionRows(f: ScorecardFigures): ScoreRow[] {
  return [
    row(
      'satisfaction',
      'satisfaction',
      'score',
      satisfaction(f.surveyScoreSum, f.surveyResponses),
      f.surveyResponses !== null,
      { a: f.surveyScoreSum, b: f.surveyResponses },
      { op: '≥', value: MANUAL_TARGETS.satisfaction },
    ),
    row(
      'satisfaction',
      'complaint_rate',
      'rate',
      complaintRate(f.complaints, f.cur.totalOrders),
      has(f.cur.totalOrders) || f.complaints > 0,
      { a: f.complaints, b: f.cur.totalOrders },
    ),
  ];
}

/** Every row of the manual's 4.1 table, in its order, from one month's and the month before's sums. */
export function scorecardRows(f: ScorecardFigures): ScoreRow[] {
  return [
    ...channelRows(f),
    ...userRows(f),
    ...salesRows(f),
    ...promotionRows(f),
    ...costRows(f),
    ...satisfactionRows(f),
  ];
}
