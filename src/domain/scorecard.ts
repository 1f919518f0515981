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

export interface ScoreRow {
  group: ScoreGroup;
  key: string;
  unit: ScoreUnit;
  /** null: zero base or nothing logged (see `hasData`). */
  value: number | null;
  /** False when none of the row's inputs were logged: shown as "no data yet", not "—". */
  hasData: boolean;
  /** The numerator and denominator (or before → after) so the figure can be checked with a calculator. */
  inputs?: { a: number | null; b: number | null };
  target?: { op: '≥' | '≤'; value: number };
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
  /** GMV attainment already computed by the report (its target source varies). */
  gmvAttainment: number | null;
  /** New-user target (sum of campaign targets), or null. */
  newUsersTarget: number | null;
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

const judge = (v: number | null, t?: ScoreRow['target']): ScoreStatus => {
  if (v === null || !t) return 'na';
  return (t.op === '≥' ? v >= t.value : v <= t.value) ? 'pass' : 'miss';
};

const has = (...xs: (number | null)[]) => xs.some((x) => x !== null);

function row(
  group: ScoreGroup,
  key: string,
  unit: ScoreUnit,
  value: number | null,
  hasData: boolean,
  inputs?: ScoreRow['inputs'],
  target?: ScoreRow['target'],
): ScoreRow {
  return { group, key, unit, value, hasData, inputs, target, status: judge(value, target) };
}

/** Every row of the manual's 4.1 table, in its order, from one month's and the month before's sums. */
export function scorecardRows(f: ScorecardFigures): ScoreRow[] {
  const { cur, prev } = f;
  const growth = (group: ScoreGroup, key: string, a: number | null, b: number | null, t?: number) =>
    row(
      group,
      key,
      'growth',
      change(a, b),
      has(a, b),
      { a: b, b: a },
      t === undefined ? undefined : { op: '≥', value: t },
    );
  const wo = f.followers.wechat_official;
  const dy = f.followers.douyin;
  const ecomCvr = ratio(cur.ecomOrders, cur.ecomOrdersUv);
  const aov = ratio(cur.aovGmv, cur.aovBuyers);
  const prevAov = ratio(prev.aovGmv, prev.aovBuyers);
  const satisfied = satisfaction(f.surveyScoreSum, f.surveyResponses);
  const dailyActive = f.activeDays > 0 ? ratio(cur.activeUsers, f.activeDays) : null;
  return [
    growth('channel', 'website_uv', cur.websiteUv, prev.websiteUv, MANUAL_TARGETS.websiteUvGrowth),
    growth('channel', 'followers_wechat_official', wo.cur, wo.prev),
    growth('channel', 'followers_douyin', dy.cur, dy.prev),
    growth('channel', 'ecom_uv', cur.ecomUv, prev.ecomUv),
    row(
      'users',
      'new_users',
      'count',
      cur.newUsers,
      has(cur.newUsers),
      undefined,
      f.newUsersTarget === null ? undefined : { op: '≥', value: f.newUsersTarget },
    ),
    row('users', 'active_users', 'count', dailyActive, has(cur.activeUsers), {
      a: cur.activeUsers,
      b: f.activeDays,
    }),
    row(
      'users',
      'retention_d7',
      'rate',
      retentionD7(cur.retained, cur.cohort),
      has(cur.retained, cur.cohort),
      {
        a: cur.retained,
        b: cur.cohort,
      },
    ),
    growth('sales', 'gmv_growth', cur.gmv, prev.gmv, MANUAL_TARGETS.gmvGrowth),
    row('sales', 'gmv_attainment', 'rate', f.gmvAttainment, f.gmvAttainment !== null, undefined, {
      op: '≥',
      value: 1,
    }),
    row('sales', 'ecom_cvr', 'rate', ecomCvr, has(cur.ecomOrders, cur.ecomOrdersUv), {
      a: cur.ecomOrders,
      b: cur.ecomOrdersUv,
    }),
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
    row(
      'promotion',
      'roi',
      'roi',
      roiOf(cur.roiGmv, cur.roiSpend),
      has(cur.roiGmv, cur.roiSpend),
      { a: cur.roiGmv, b: cur.roiSpend },
      { op: '≥', value: MANUAL_TARGETS.roi },
    ),
    row('promotion', 'ctr', 'rate', ratio(cur.clicks, cur.impressions), has(cur.clicks, cur.impressions), {
      a: cur.clicks,
      b: cur.impressions,
    }),
    row('promotion', 'cvr', 'rate', ratio(cur.orders, cur.cvrClicks), has(cur.orders, cur.cvrClicks), {
      a: cur.orders,
      b: cur.cvrClicks,
    }),
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
    row(
      'satisfaction',
      'satisfaction',
      'score',
      satisfied,
      f.surveyResponses !== null,
      { a: f.surveyScoreSum, b: f.surveyResponses },
      { op: '≥', value: MANUAL_TARGETS.satisfaction },
    ),
    row(
      'satisfaction',
      'complaint_rate',
      'rate',
      complaintRate(f.complaints, cur.totalOrders),
      has(cur.totalOrders) || f.complaints > 0,
      {
        a: f.complaints,
        b: cur.totalOrders,
      },
    ),
  ];
}
