import {
  approvalActivity,
  type CampaignResultRow,
  campaignResults,
  dailyTotals,
  type FeedbackCounts,
  feedbackCounts,
  incidentCounts,
  rangeKpiSums,
  type SlaClock,
  slaHits,
  type TopFeedback,
  topFeedback,
} from '../db/queries/digests';
import { surveySums } from '../db/queries/survey';
import type { Card, Section } from '../src/chat/card';
import { abDigestSection } from '../src/chat/cards/abtest';
import { fmtTime } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { cadenceDigestLines, tCadence } from '../src/chat/messages/cadence';
import { tDigests } from '../src/chat/messages/digests';
import { tFeedback } from '../src/chat/messages/feedback';
import { tJobs } from '../src/chat/messages/jobs';
import { basisLines } from '../src/chat/messages/metrics';
import type { Deps } from '../src/deps';
import { abTestsWithVerdict } from '../src/domain/abtests';
import { budgetUsage } from '../src/domain/budget';
import { weekCadence } from '../src/domain/cadence';
import { addDays, isoWeekKeyOfDate, isoWeekStart, localDate, startOfLocalDay } from '../src/domain/dates';
import {
  attainment,
  change,
  DASH,
  formatChange,
  formatPct,
  formatRoi,
  roi,
  satisfaction,
} from '../src/domain/kpi';
import { formatMoney } from '../src/domain/money';
import type { Settings } from '../src/domain/settings';
import { calendarFor } from '../src/domain/work-calendar';
import {
  budgetSection,
  byPeriod,
  channelName,
  channelsByGmv,
  cut,
  type DigestBuild,
  type DigestOptions,
  fmtChange,
  fmtValue,
  lateLine,
  lineOne,
  moreLine,
  PERIOD_METRICS,
  sentence,
  trendChart,
} from './digest-kit';
import { type JobMessage, type JobResult, type RunOptions, runClaimed } from './runner';

const WEEK_METRICS = PERIOD_METRICS;
const MAX_CAMPAIGNS = 6;
const TOP_FEEDBACK = 5;
const SLA_CLOCKS: SlaClock[] = ['feedback', 'incident_response', 'incident_report', 'retro'];

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

export interface WeeklyBuild extends DigestBuild {
  /** The 用户需求报告 on its own, for the product team's channel. */
  userNeeds: Card;
}

/**
 * The weekly digest (周报) for the last full ISO week: the week vs the week before, channels ranked by
 * ROI, campaign results, content and KOL activity, the user-needs report (用户需求报告) from feedback,
 * incidents and deadline hit rates, and budget usage by category. Used by the job and `/mops digest`.
 */
export async function buildWeeklyCard(
  deps: Deps,
  now: Date,
  settings: Settings,
  opts: DigestOptions = {},
): Promise<WeeklyBuild> {
  const locale = opts.locale ?? deps.config.locale;
  const tz = deps.config.tz;
  const w = reportedWeek(now, tz);
  const span = { from: w.start, to: w.end };
  const cal = calendarFor(settings, deps.log);
  const [sums, campaigns, fb, top, incidents, hits, approvals, usage, survey, cadence, abTests] =
    await Promise.all([
      rangeKpiSums(deps.db, [
        { key: 'cur', from: w.from, to: w.to },
        { key: 'prev', from: w.prevFrom, to: w.prevTo },
      ]),
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
  const cur = periods.get('cur');
  const prev = periods.get('prev');
  const range = { week: w.key, from: w.from, to: w.to };

  const sections: Section[] = [];
  let text: string;
  if (!cur?.total) {
    text = tDigests(locale, 'weekly.empty', range);
  } else {
    const total = cur.total;
    text = tDigests(locale, 'weekly.headline', {
      gmv: fmtValue(locale, 'gmv', total.gmv),
      c: fmtChange(locale, 'gmv', total.gmv, prev?.total?.gmv ?? null).text,
      spend: fmtValue(locale, 'spend', total.spend),
      roi: fmtValue(locale, 'roi', total.roi),
    });
    sections.push({
      heading: tDigests(locale, 'weekly.totals'),
      lines: [
        ...WEEK_METRICS.map((k) => lineOne(locale, k, total, prev?.total)),
        ...basisLines(locale, cur.bases),
      ],
    });
    const channels = channelsByGmv(cur);
    const ranked = channels
      .filter(([, f]) => f.roi !== null)
      .sort(([ca, a], [cb, b]) => b.roi! - a.roi! || ca.localeCompare(cb));
    const noSpend = channels.filter(([, f]) => f.roi === null).map(([c]) => channelName(locale, c));
    sections.push({
      heading: tDigests(locale, 'rank.heading'),
      lines: [
        ...(ranked.length === 0 ? [tDigests(locale, 'rank.none')] : []),
        ...ranked.map(([c, f], i) =>
          tDigests(locale, 'rank.line', {
            n: i + 1,
            channel: channelName(locale, c),
            roi: fmtValue(locale, 'roi', f.roi),
            c: fmtChange(locale, 'roi', f.roi, prev?.channels.get(c)?.roi ?? null).text,
            gmv: fmtValue(locale, 'gmv', f.gmv),
            spend: fmtValue(locale, 'spend', f.spend),
          }),
        ),
        ...(noSpend.length > 0
          ? [tDigests(locale, 'rank.no_spend', { channels: noSpend.join(locale === 'zh-CN' ? '、' : ', ') })]
          : []),
      ],
    });
  }

  sections.push({
    heading: tDigests(locale, 'campaigns.heading'),
    lines:
      campaigns.total === 0
        ? [tDigests(locale, 'campaigns.none')]
        : [
            ...campaigns.rows.flatMap((c) => campaignLines(locale, tz, now, c)),
            ...moreLine(locale, campaigns.rows.length, campaigns.total),
          ],
  });

  if (
    approvals.contentSubmitted +
      approvals.contentApproved +
      approvals.contentReturned +
      approvals.kolResults >
    0
  ) {
    sections.push({
      heading: tDigests(locale, 'content.heading'),
      lines: [
        tDigests(locale, 'content.line', {
          submitted: approvals.contentSubmitted,
          approved: approvals.contentApproved,
          returned: approvals.contentReturned,
        }),
        ...(approvals.kolResults > 0
          ? [
              tDigests(locale, 'kol.line', {
                n: approvals.kolResults,
                gmv: formatMoney(approvals.kolGmvFen, locale, { compact: true }),
                fee: formatMoney(approvals.kolFeeFen, locale, { compact: true }),
                roi: formatRoi(roi(approvals.kolGmvFen, approvals.kolFeeFen)),
              }),
            ]
          : []),
      ],
    });
  }

  const ab = abDigestSection(locale, abTests);
  if (ab) sections.push(ab);

  if (cadence.length > 0) {
    sections.push({
      heading: tCadence(locale, 'digest.heading'),
      lines: cadenceDigestLines(locale, cadence),
    });
  }

  const mean = satisfaction(survey.scoreSum, survey.responses);
  sections.push({
    heading: tDigests(locale, 'needs.heading'),
    lines: [
      ...needsSummary(locale, fb),
      ...(survey.responses
        ? [
            tDigests(locale, 'survey.line', {
              mean: mean === null ? DASH : mean.toFixed(2),
              sum: Number((survey.scoreSum ?? 0).toFixed(2)),
              n: survey.responses,
            }),
          ]
        : []),
    ],
  });
  if (top.length > 0)
    sections.push({ heading: tDigests(locale, 'needs.top'), lines: top.map((f) => needsItem(locale, f)) });

  const hitLines = SLA_CLOCKS.filter((k) => hits[k].due > 0).map((k) =>
    sentence(
      locale,
      tDigests(locale, 'hit.line', {
        kind: tJobs(locale, `kind.${k}`),
        rate: formatPct(hits[k].met / hits[k].due, locale),
        met: hits[k].met,
        due: hits[k].due,
      }),
    ),
  );
  sections.push({
    heading: tDigests(locale, 'incidents.heading'),
    lines: [
      tDigests(locale, 'incidents.line', {
        opened: incidents.opened,
        serious: incidents.serious,
        closed: incidents.closed,
        open: incidents.stillOpen,
      }),
      ...(hitLines.length > 0 ? hitLines : [tDigests(locale, 'hit.none')]),
    ],
  });
  sections.push(budgetSection(locale, usage));

  const late = opts.late ? [lateLine(deps, 'weekly-digest', now, settings, locale)] : [];
  // The week and the week before, a day a point.
  const image =
    opts.chart === false
      ? undefined
      : await trendChart(deps, locale, 'weekly-digest', await dailyTotals(deps.db, w.prevFrom, w.to), {
          from: w.prevFrom,
          to: w.to,
          title: tDigests(locale, 'chart.title_range', { from: w.prevFrom, to: w.to }),
        });
  const card: Card = {
    title: tDigests(locale, 'weekly.title', range),
    text,
    sections,
    ...(image ? { image } : {}),
    context: [
      tDigests(locale, 'weekly.legend', { from: w.prevFrom, to: w.prevTo }),
      tDigests(locale, 'legend.formulas'),
      ...late,
    ],
  };
  const userNeeds: Card = {
    title: tDigests(locale, 'needs.title', range),
    text: needsSummary(locale, fb)[0],
    sections: [
      ...(fb.categories.length > 0
        ? [
            {
              lines: fb.categories.map((c) =>
                sentence(
                  locale,
                  tDigests(locale, 'needs.category_line', {
                    category: tFeedback(locale, `category.${c.category}` as 'category.other'),
                    n: c.count,
                    prev: c.prev,
                    c: formatChange(change(c.count, c.prev), locale).text,
                    high: c.high,
                  }),
                ),
              ),
            },
          ]
        : []),
      ...(top.length > 0
        ? [{ heading: tDigests(locale, 'needs.top'), lines: top.map((f) => needsItem(locale, f)) }]
        : []),
    ],
    context: [tDigests(locale, 'needs.context'), ...late],
  };
  return {
    card,
    userNeeds,
    summary: {
      week: w.key,
      empty: !cur?.total,
      channels: cur?.channels.size ?? 0,
      campaigns: campaigns.total,
      feedback: fb.total,
      incidents: incidents.opened,
    },
  };
}

function needsSummary(locale: Locale, fb: FeedbackCounts): string[] {
  if (fb.total === 0 && fb.prevTotal === 0) return [tDigests(locale, 'needs.none')];
  const list = fb.categories
    .filter((c) => c.count > 0)
    .map((c) =>
      tDigests(locale, 'needs.category', {
        category: tFeedback(locale, `category.${c.category}` as 'category.other'),
        n: c.count,
      }),
    )
    .join(' · ');
  return [
    tDigests(locale, 'needs.total', {
      n: fb.total,
      prev: fb.prevTotal,
      c: formatChange(change(fb.total, fb.prevTotal), locale).text,
      high: fb.high,
    }),
    ...(list ? [tDigests(locale, 'needs.by_category', { list })] : []),
  ];
}

function needsItem(locale: Locale, f: TopFeedback): string {
  return tDigests(locale, 'needs.item', {
    code: f.code,
    severity: tFeedback(locale, `severity.${f.severity}` as 'severity.low'),
    category: tFeedback(locale, `category.${f.category}` as 'category.other'),
    text: cut(f.text, 60),
    status: tFeedback(locale, `status.${f.status}` as 'status.open'),
  });
}

function campaignLines(locale: Locale, tz: string, now: Date, c: CampaignResultRow): string[] {
  const name = cut(c.name, 30);
  if (c.outcome === 'reviewed') {
    const roiValue = c.retroRoi === null ? null : Number(c.retroRoi);
    const roiTarget = c.targetRoi === null ? null : Number(c.targetRoi);
    const att = (target: string, a: number | null) =>
      tDigests(locale, 'att.of', { target, att: formatPct(a, locale) });
    return [
      tDigests(locale, 'campaigns.reviewed', { code: c.code, name }),
      tDigests(locale, 'campaigns.result', {
        roi: formatRoi(roiValue),
        roiAtt:
          roiTarget === null
            ? tDigests(locale, 'att.none')
            : att(formatRoi(roiTarget), attainment(roiValue, roiTarget)),
        gmv: formatMoney(c.retroGmvFen, locale, { compact: true }),
        gmvAtt:
          c.targetGmvFen === null
            ? tDigests(locale, 'att.none')
            : att(
                formatMoney(c.targetGmvFen, locale, { compact: true }),
                attainment(c.retroGmvFen, c.targetGmvFen),
              ),
        spend: formatMoney(c.spendFen, locale, { compact: true }),
      }),
    ];
  }
  const date = c.endedAt ? localDate(c.endedAt, tz) : c.endDate;
  return [
    c.retroDueAt
      ? tDigests(locale, 'campaigns.ended', { code: c.code, name, date, due: fmtTime(c.retroDueAt, tz, now) })
      : tDigests(locale, 'campaigns.ended_no_due', { code: c.code, name, date }),
  ];
}

/** Weekly digest job: posts last week's 周报 once per ISO week, and the user-needs report to product. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'weekly-digest', now, opts, async ({ settings, late }) => {
    const { card, userNeeds, summary } = await buildWeeklyCard(deps, now, settings, { late });
    const messages: JobMessage[] = [{ key: 'digest', to: 'digest', card }];
    // Only a configured product channel gets its own copy; otherwise the digest already carries the report.
    if (settings.productChannel) messages.push({ key: 'user-needs', to: 'product', card: userNeeds });
    return { summary: { ...summary, productCopy: !!settings.productChannel }, messages };
  });
}
