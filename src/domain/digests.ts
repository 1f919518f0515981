/**
 * The digests' loaders: SQL (through db/queries and domain reads) → figures. Each loader returns everything
 * its card needs, so the cards (src/chat/cards/daily-digest.ts, weekly-digest.ts, monthly-report.ts) are
 * pure functions of these figures and a locale, and their tests need no database. The jobs and
 * `/mops digest` share them.
 */

import { pulledAsOf, sourcesOn } from '../../db/queries/connectors';
import {
  type ApprovalActivity,
  approvalActivity,
  type CampaignResultRow,
  campaignResults,
  type FeedbackCounts,
  feedbackCounts,
  type IncidentCounts,
  incidentCounts,
  type LiveCampaignRow,
  liveCampaigns,
  monthTargets,
  type RangeSumRow,
  rangeKpiSums,
  type SlaClock,
  slaHits,
  type TopFeedback,
  topFeedback,
} from '../../db/queries/digests';
import { sumOrNull } from '../../db/queries/metrics';
import { ECOMMERCE_CHANNELS, scorecardInputs } from '../../db/queries/scorecard';
import { type SlaKind, slaCounts } from '../../db/queries/sla';
import { surveySums } from '../../db/queries/survey';
import { CONNECTORS } from '../connectors/registry';
import type { Connector } from '../connectors/types';
import type { Deps } from '../deps';
import { must } from '../util/narrow';
import { type AbTestView, abTestsWithVerdict } from './abtests';
import { dailyVerdicts, type Verdicts, weeklyVerdicts } from './anomalies';
import { type BudgetUsage, budgetUsage } from './budget';
import { weekCadence } from './cadence';
import { addDays, isoWeekKeyOfDate, isoWeekStart, localDate, startOfLocalDay } from './dates';
import type { Figures } from './figures';
import { attainment, type BasisKpi, type KpiBasis, repurchaseRate, retentionD7 } from './kpi';
import { kpisOf, narrowerBases } from './metrics';
import {
  type MonthGoals,
  monthGoals,
  type PeriodSums,
  type ScoreRow,
  type ScoreStatus,
  scorecardRows,
} from './scorecard';
import type { Settings } from './settings';
import { type MonthStanding, monthStandings, targetsOfMonth } from './targets';
import { calendarFor } from './work-calendar';

export type { CampaignResultRow, FeedbackCounts, LiveCampaignRow, SlaClock, SlaKind, TopFeedback, Verdicts };

/** KPIs of one sums row, by the same formulas as /metrics (domain/metrics.ts kpisOf), never averaged ratios. */
export function figuresOf(r: RangeSumRow | undefined): Figures {
  const k = kpisOf(r);
  return {
    uv: sumOrNull(r?.uv),
    pv: sumOrNull(r?.pv),
    orders: sumOrNull(r?.orders),
    gmv: sumOrNull(r?.gmv),
    spend: sumOrNull(r?.spend),
    newUsers: sumOrNull(r?.new_users),
    clicks: sumOrNull(r?.clicks),
    aov: k.aov,
    roi: k.roi,
    ctr: k.ctr,
    cvr: k.cvr,
    cac: k.cac,
    activeUsers: sumOrNull(r?.active_users),
    retention: retentionD7(sumOrNull(r?.ret_n), sumOrNull(r?.ret_d)),
    repurchase: repurchaseRate(sumOrNull(r?.rep_n), sumOrNull(r?.rep_d)),
  };
}

export interface PeriodFigures {
  /** Absent when nothing at all was logged in the period. */
  total?: Figures;
  /** The total's ROI, CVR and CAC over only the rows that logged both inputs, where that differs. */
  bases: Partial<Record<BasisKpi, KpiBasis>>;
  channels: Map<string, Figures>;
}

/** Splits rangeKpiSums rows by period key into the total and the per-channel figures. */
export function byPeriod(rows: RangeSumRow[]): Map<string, PeriodFigures> {
  const out = new Map<string, PeriodFigures>();
  for (const r of rows) {
    const p = out.get(r.period) ?? { channels: new Map<string, Figures>(), bases: {} };
    if (r.channel === null) {
      p.total = figuresOf(r);
      p.bases = narrowerBases(r);
    } else p.channels.set(r.channel, figuresOf(r));
    out.set(r.period, p);
  }
  return out;
}

/** Where a day's channel figures came from: the connectors behind them, and configured sources with no data. */
export interface SourceFacts {
  /** Channels with pulled figures: the sources in the order stored, and whether some figures were hand-logged. */
  pulled: { channel: string; sources: string[]; handLogged: boolean }[];
  /** The last successful run of each source covering the day. */
  asOf: Map<string, Date>;
  /** Channels a configured connector fills that have no figures for the day. */
  missing: { channel: string; label: Connector<unknown>['label'] }[];
}

async function sourceFacts(deps: Deps, date: string): Promise<SourceFacts> {
  const [rows, asOf] = await Promise.all([sourcesOn(deps.db, date), pulledAsOf(deps.db, date)]);
  const present = new Set<string>();
  const pulled: SourceFacts['pulled'] = [];
  for (const r of rows) {
    present.add(r.channel);
    const sources = [...new Set(Object.values(r.sources ?? {}))];
    if (sources.length === 0) continue;
    pulled.push({ channel: r.channel, sources, handLogged: Object.keys(r.sources).length < r.figures });
  }
  const missing: SourceFacts['missing'] = [];
  for (const c of CONNECTORS) {
    if (deps.config.connectors[c.id] === undefined) continue;
    for (const ch of c.channels) {
      if (present.has(ch)) continue;
      present.add(ch);
      missing.push({ channel: ch, label: c.label });
    }
  }
  return { pulled, asOf: new Map(asOf.map((r) => [r.source, new Date(r.as_of)])), missing };
}

const SLA_KINDS: SlaKind[] = ['feedback', 'incident_response', 'incident_report', 'retro'];
const MAX_LIVE_CAMPAIGNS = 8;

/** Everything the daily digest (日报) shows for the local day before `now`. */
export interface DailyFigures {
  now: Date;
  tz: string;
  /** The reported day, the day before it, and the same weekday a week before. */
  date: string;
  prevDate: string;
  weekDate: string;
  day?: PeriodFigures;
  prev?: PeriodFigures;
  week?: PeriodFigures;
  /** Each figure of the day judged against the channel's own history (src/domain/baselines.ts). */
  verdicts: Verdicts;
  /** The |robust z| a figure needs to be flagged (the `anomaly_z` setting), for the legend. */
  anomalyZ: number;
  live: { rows: LiveCampaignRow[]; total: number };
  /** Open and overdue SLA items, in the digest's order. */
  sla: { kind: SlaKind; open: number; overdue: number }[];
  /** Month-to-date budget usage of the reported day's month. */
  usage: BudgetUsage;
  /**
   * The reported day's month: its targets (/target) and how they are pacing through the reported day, the
   * same standing /target and the home view show (calendar days; `day` of `days` also paces the budget).
   */
  pacing: MonthStanding;
  sources: SourceFacts;
}

export async function loadDailyFigures(
  deps: Deps,
  now: Date,
  settings: Pick<Settings, 'anomalyZ'>,
): Promise<DailyFigures> {
  const tz = deps.config.tz;
  const today = localDate(now, tz);
  const date = addDays(today, -1);
  const prevDate = addDays(date, -1);
  const weekDate = addDays(date, -7);
  const [sums, verdicts, live, sla, usage, pacing, sources] = await Promise.all([
    rangeKpiSums(deps.db, [
      { key: 'day', from: date, to: date },
      { key: 'prev', from: prevDate, to: prevDate },
      { key: 'week', from: weekDate, to: weekDate },
    ]),
    dailyVerdicts(deps.db, date, settings.anomalyZ),
    liveCampaigns(deps.db, today, MAX_LIVE_CAMPAIGNS),
    slaCounts(deps.db, now),
    budgetUsage(deps.db, date.slice(0, 7)),
    monthStandings(deps.db, [date.slice(0, 7)], date),
    sourceFacts(deps, date),
  ]);
  const periods = byPeriod(sums);
  return {
    now,
    tz,
    date,
    prevDate,
    weekDate,
    day: periods.get('day'),
    prev: periods.get('prev'),
    week: periods.get('week'),
    verdicts,
    anomalyZ: settings.anomalyZ,
    live,
    sla: SLA_KINDS.map((kind) => ({ kind, ...sla[kind] })),
    usage,
    pacing: must(pacing[0], 'a standing for the month asked'),
    sources,
  };
}

/** The ISO week before the one holding `now` (Monday–Sunday, local), and the week before that. */
export function reportedWeek(now: Date, tz: string) {
  const monday = isoWeekStart(localDate(now, tz));
  const from = addDays(monday, -7);
  return {
    key: isoWeekKeyOfDate(from),
    from,
    to: addDays(monday, -1),
    prevFrom: addDays(from, -7),
    prevTo: addDays(from, -1),
    /** [start, end) as instants, for timestamp columns. */
    start: startOfLocalDay(from, tz),
    end: startOfLocalDay(monday, tz),
    prevStart: startOfLocalDay(addDays(from, -7), tz),
  };
}

const MAX_CAMPAIGNS = 6;
const TOP_FEEDBACK = 5;

/** Everything the weekly digest (周报) and the user-needs report show for the last full ISO week. */
export interface WeeklyFigures {
  now: Date;
  tz: string;
  week: ReturnType<typeof reportedWeek>;
  cur?: PeriodFigures;
  prev?: PeriodFigures;
  /** Each figure of the week judged against the channel's previous 8 weeks (src/domain/baselines.ts). */
  verdicts: Verdicts;
  /** The |robust z| a figure needs to be flagged (the `anomaly_z` setting), for the legend. */
  anomalyZ: number;
  campaigns: { rows: CampaignResultRow[]; total: number };
  feedback: FeedbackCounts;
  topFeedback: TopFeedback[];
  incidents: IncidentCounts;
  hits: Record<SlaClock, { met: number; due: number }>;
  approvals: ApprovalActivity;
  usage: BudgetUsage;
  survey: Awaited<ReturnType<typeof surveySums>>;
  cadence: Awaited<ReturnType<typeof weekCadence>>;
  abTests: AbTestView[];
}

export async function loadWeeklyFigures(deps: Deps, now: Date, settings: Settings): Promise<WeeklyFigures> {
  const tz = deps.config.tz;
  const w = reportedWeek(now, tz);
  const span = { from: w.start, to: w.end };
  const cal = calendarFor(settings, deps.log);
  const [sums, verdicts, campaigns, fb, top, incidents, hits, approvals, usage, survey, cadence, abTests] =
    await Promise.all([
      rangeKpiSums(deps.db, [
        { key: 'cur', from: w.from, to: w.to },
        { key: 'prev', from: w.prevFrom, to: w.prevTo },
      ]),
      weeklyVerdicts(deps.db, w.from, settings.anomalyZ),
      campaignResults(deps.db, { ...span, fromDate: w.from, toDate: w.to }, MAX_CAMPAIGNS),
      feedbackCounts(deps.db, { prevFrom: w.prevStart, ...span }),
      topFeedback(deps.db, span, TOP_FEEDBACK),
      incidentCounts(deps.db, span),
      // A clock due later than now has not had its chance yet (only possible in a preview mid-week).
      slaHits(deps.db, { from: w.start, to: w.end < now ? w.end : now }),
      approvalActivity(deps.db, span),
      budgetUsage(deps.db, w.to.slice(0, 7)),
      surveySums(deps.db, w.from, w.to),
      weekCadence(deps.db, w.from, (d) => cal.isWorkingDay(d)),
      abTestsWithVerdict({ db: deps.db }, w.start),
    ]);
  const periods = byPeriod(sums);
  return {
    now,
    tz,
    week: w,
    cur: periods.get('cur'),
    prev: periods.get('prev'),
    verdicts,
    anomalyZ: settings.anomalyZ,
    campaigns,
    feedback: fb,
    topFeedback: top,
    incidents,
    hits,
    approvals,
    usage,
    survey,
    cadence,
    abTests,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The monthly report (月报)

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

/** The response deadlines the manual sets (24 h feedback, 2 h incidents), met every time. */
const ON_TIME_TARGET = 1;

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
  return {
    gmv: sumOrNull(t?.gmv),
    websiteUv: sumOrNull(ch('website')?.uv),
    ecomUv: sumOf(ECOMMERCE_CHANNELS.map((c) => sumOrNull(ch(c)?.uv))),
    ecomOrders,
    ecomOrdersUv,
    newUsers: sumOrNull(t?.new_users),
    activeUsers: sumOrNull(t?.active_users),
    retained: sumOrNull(t?.ret_n),
    cohort: sumOrNull(t?.ret_d),
    repeatBuyers: sumOrNull(t?.rep_n),
    buyersForRepeat: sumOrNull(t?.rep_d),
    aovGmv: sumOrNull(t?.aov_n),
    aovBuyers: sumOrNull(t?.aov_d),
    roiGmv: sumOrNull(t?.roi_n),
    roiSpend: sumOrNull(t?.roi_d),
    clicks: sumOrNull(t?.ctr_n),
    impressions: sumOrNull(t?.ctr_d),
    orders: sumOrNull(t?.cvr_n),
    cvrClicks: sumOrNull(t?.cvr_d),
    totalOrders: sumOrNull(t?.orders),
  };
}

/** One response deadline's month: clocks met of clocks due, against the manual's 100% on time. */
export interface SlaScore {
  kind: 'feedback' | 'incident_response';
  met: number;
  due: number;
  /** met ÷ due; null when nothing was due. */
  rate: number | null;
  target: number;
  status: ScoreStatus;
}

/** Everything the monthly report (月报) shows for the last full calendar month. */
export interface MonthlyFigures {
  now: Date;
  tz: string;
  month: ReturnType<typeof reportedMonth>;
  cur?: PeriodFigures;
  prev?: PeriodFigures;
  /** Which target each figure is measured against (`/target`, the setting, the campaigns, the manual). */
  goals: MonthGoals;
  /** GMV actual ÷ the GMV goal. */
  gmvAttainment: number | null;
  /** The manual's 4.1 scorecard, every row with its target and whether it was met. */
  scorecard: ScoreRow[];
  sla: SlaScore[];
  usage: BudgetUsage;
}

export async function loadMonthlyFigures(deps: Deps, now: Date, settings: Settings): Promise<MonthlyFigures> {
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
  const goals = monthGoals({
    targets: set,
    settingGmvFen: settings.monthlyGmvTargetFen,
    campaigns,
    monthGmv: cur?.total?.gmv ?? null,
  });
  const gmvAttainment = attainment(goals.gmv.actual, goals.gmv.value);
  const scorecard = scorecardRows({
    cur: periodSums(sums, 'cur', inputs.ecomOrders, inputs.ecomUv),
    prev: periodSums(sums, 'prev', inputs.prevEcomOrders, inputs.prevEcomUv),
    ...inputs,
    budgetRate: usage.total.rate,
    budgetWithin: usage.total.rate === null ? null : usage.total.band !== '105',
    gmvAttainment,
    goals,
    followers: {
      wechat_official: inputs.followers.wechat_official ?? { cur: null, prev: null },
      douyin: inputs.followers.douyin ?? { cur: null, prev: null },
    },
  });
  const sla = (['feedback', 'incident_response'] as const).map((kind): SlaScore => {
    const { met, due } = hits[kind];
    const rate = due > 0 ? met / due : null;
    const status = rate === null ? 'na' : rate >= ON_TIME_TARGET ? 'pass' : 'miss';
    return { kind, met, due, rate, target: ON_TIME_TARGET, status };
  });
  return {
    now,
    tz: deps.config.tz,
    month: m,
    cur,
    prev: periods.get('prev'),
    goals,
    gmvAttainment,
    scorecard,
    sla,
    usage,
  };
}

/** How many rows of the report missed their target (scorecard and response deadlines). */
export function monthlyMisses(f: MonthlyFigures): number {
  return [...f.scorecard, ...f.sla].filter((x) => x.status === 'miss').length;
}
