/**
 * The weekly digest (周报) card and the user-needs report (用户需求报告): pure functions of the loaded figures
 * (src/domain/digests.ts) and a locale.
 */

import { verdictFor } from '../../domain/anomalies';
import { localDate } from '../../domain/dates';
import type { CampaignResultRow, FeedbackCounts, TopFeedback, WeeklyFigures } from '../../domain/digests';
import { FEEDBACK_CATEGORY, FEEDBACK_SEVERITY, FEEDBACK_STATUS } from '../../domain/feedback';
import { type Figures, PERIOD_METRICS } from '../../domain/figures';
import {
  attainment,
  change,
  DASH,
  formatChange,
  formatPct,
  formatRoi,
  roi,
  satisfaction,
} from '../../domain/kpi';
import { formatMoney } from '../../domain/money';
import type { Card, Section } from '../card';
import { fmtTime } from '../handler-kit';
import { type Locale, listOf } from '../i18n';
import { tAnomalies } from '../messages/anomalies';
import { tCadence } from '../messages/cadence';
import { tDigests } from '../messages/digests';
import { tJobs } from '../messages/jobs';
import { basisLines } from '../messages/metrics';
import { abDigestSection } from './abtest';
import { anomalyLine } from './anomalies';
import { cadenceDigestLines } from './cadence';
import type { DigestExtras } from './daily-digest';
import {
  budgetSection,
  channelName,
  channelsByGmv,
  channelsByRoi,
  cut,
  fmtChange,
  fmtValue,
  headlineFigures,
  lineOne,
  moreLine,
  sentence,
} from './digest-kit';

const MAX_WATCH_LINES = 8;

/** The week's figures unusual for each channel's previous 8 weeks, in words: total first, then by GMV. */
function weeklyWatch(locale: Locale, f: WeeklyFigures, rows: [string, Figures][]): string[] {
  return rows.flatMap(([channel, fig]) => {
    const prev = channel === 'total' ? f.prev?.total : f.prev?.channels.get(channel);
    return PERIOD_METRICS.flatMap((k) => {
      const verdict = verdictFor(f.verdicts, channel, k);
      if (!verdict?.flag) return [];
      return [
        anomalyLine(locale, {
          channel: channelName(locale, channel),
          metric: tDigests(locale, `m.${k}`),
          verdict,
          fmt: (x) => fmtValue(locale, k, x),
          change: fmtChange(locale, k, fig[k], prev?.[k] ?? null),
          period: 'week',
        }),
      ];
    });
  });
}
const SLA_CLOCKS = ['feedback', 'incident_response', 'incident_report', 'retro'] as const;

/**
 * The weekly digest for the last full ISO week: the week vs the week before, channels ranked by ROI,
 * campaign results, content and KOL activity, the user-needs report from feedback, incidents and deadline
 * hit rates, and budget usage by category; the two-week chart when the job rendered one.
 */
export function weeklyCard(f: WeeklyFigures, locale: Locale, extras: DigestExtras = {}): Card {
  const { week: w, cur } = f;
  const range = { week: w.key, from: w.from, to: w.to };
  const week = cur?.total ? figureSections(locale, f, cur, cur.total) : undefined;
  const optional = [
    contentSection(locale, f.approvals),
    abDigestSection(locale, f.abTests),
    cadenceSection(locale, f),
  ];
  const sections: Section[] = [
    ...(week?.sections ?? []),
    campaignsSection(locale, f),
    ...optional.filter((x): x is Section => x !== undefined),
    ...needsSections(locale, f),
    incidentsSection(locale, f),
    budgetSection(locale, f.usage),
  ];
  return {
    title: tDigests(locale, 'weekly.title', range),
    text: week?.text ?? tDigests(locale, 'weekly.empty', range),
    sections,
    ...(extras.image ? { image: extras.image } : {}),
    context: [
      tDigests(locale, 'weekly.legend', { from: w.prevFrom, to: w.prevTo }),
      tDigests(locale, 'legend.formulas'),
      tAnomalies(locale, 'legend.week', { z: f.anomalyZ }),
      ...(extras.context ?? []),
    ],
  };
}

type Week = NonNullable<WeeklyFigures['cur']>;

/** A week with figures: the headline, the totals, the unusual figures and the channels ranked by ROI. */
function figureSections(
  locale: Locale,
  f: WeeklyFigures,
  cur: Week,
  total: Figures,
): { text: string; sections: Section[] } {
  const { prev } = f;
  const { change, ...h } = headlineFigures(locale, total, prev?.total);
  const sections: Section[] = [
    {
      heading: tDigests(locale, 'weekly.totals'),
      lines: [
        ...PERIOD_METRICS.map((k) =>
          lineOne(locale, k, total, prev?.total, verdictFor(f.verdicts, 'total', k)),
        ),
        ...basisLines(locale, cur.bases),
      ],
    },
  ];
  const channels = channelsByGmv(cur);
  const watch = weeklyWatch(locale, f, [['total', total], ...channels]);
  if (watch.length > 0) {
    sections.push({
      heading: tAnomalies(locale, 'heading'),
      lines: [...watch.slice(0, MAX_WATCH_LINES), ...moreLine(locale, MAX_WATCH_LINES, watch.length)],
    });
  }
  const ranked = channelsByRoi(channels);
  const noSpend = channels.filter(([, cf]) => cf.roi === null).map(([c]) => channelName(locale, c));
  sections.push({
    heading: tDigests(locale, 'rank.heading'),
    lines: [
      ...(ranked.length === 0 ? [tDigests(locale, 'rank.none')] : []),
      ...ranked.map(([c, cf], i) =>
        tDigests(locale, 'rank.line', {
          n: i + 1,
          channel: channelName(locale, c),
          roi: fmtValue(locale, 'roi', cf.roi),
          c: fmtChange(locale, 'roi', cf.roi, prev?.channels.get(c)?.roi ?? null),
          gmv: fmtValue(locale, 'gmv', cf.gmv),
          spend: fmtValue(locale, 'spend', cf.spend),
        }),
      ),
      ...(noSpend.length > 0
        ? [tDigests(locale, 'rank.no_spend', { channels: listOf(locale, noSpend) })]
        : []),
    ],
  });
  return { text: tDigests(locale, 'weekly.headline', { ...h, c: change }), sections };
}

function campaignsSection(locale: Locale, f: WeeklyFigures): Section {
  const { campaigns } = f;
  return {
    heading: tDigests(locale, 'campaigns.heading'),
    lines:
      campaigns.total === 0
        ? [tDigests(locale, 'campaigns.none')]
        : [
            ...campaigns.rows.flatMap((c) => campaignLines(locale, f.tz, f.now, c)),
            ...moreLine(locale, campaigns.rows.length, campaigns.total),
          ],
  };
}

/** Content approvals and KOL results of the week; none → no section. */
function contentSection(locale: Locale, approvals: WeeklyFigures['approvals']): Section | undefined {
  const any =
    approvals.contentSubmitted +
      approvals.contentApproved +
      approvals.contentReturned +
      approvals.kolResults >
    0;
  if (!any) return undefined;
  return {
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
  };
}

/** Planned vs published per channel; no plan → no section. */
function cadenceSection(locale: Locale, f: WeeklyFigures): Section | undefined {
  return f.cadence.length > 0
    ? { heading: tCadence(locale, 'digest.heading'), lines: cadenceDigestLines(locale, f.cadence) }
    : undefined;
}

/** User needs: the feedback summary with the satisfaction survey, and the top items. */
function needsSections(locale: Locale, f: WeeklyFigures): Section[] {
  const { survey, topFeedback: top } = f;
  const mean = satisfaction(survey.scoreSum, survey.responses);
  const sections: Section[] = [
    {
      heading: tDigests(locale, 'needs.heading'),
      lines: [
        ...needsSummary(locale, f.feedback),
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
    },
  ];
  if (top.length > 0)
    sections.push({ heading: tDigests(locale, 'needs.top'), lines: top.map((t) => needsItem(locale, t)) });
  return sections;
}

/** Incidents of the week and how many SLA clocks were met. */
function incidentsSection(locale: Locale, f: WeeklyFigures): Section {
  const { hits, incidents } = f;
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
  return {
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
  };
}

/** The user-needs report on its own, for the product team's channel; `context` adds the late note. */
export function userNeedsCard(f: WeeklyFigures, locale: Locale, context: string[] = []): Card {
  const { week: w, feedback: fb, topFeedback: top } = f;
  return {
    title: tDigests(locale, 'needs.title', { week: w.key, from: w.from, to: w.to }),
    text: needsSummary(locale, fb)[0],
    sections: [
      ...(fb.categories.length > 0
        ? [
            {
              lines: fb.categories.map((c) =>
                sentence(
                  locale,
                  tDigests(locale, 'needs.category_line', {
                    category: FEEDBACK_CATEGORY.label(c.category, locale),
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
        ? [{ heading: tDigests(locale, 'needs.top'), lines: top.map((t) => needsItem(locale, t)) }]
        : []),
    ],
    context: [tDigests(locale, 'needs.context'), ...context],
  };
}

function needsSummary(locale: Locale, fb: FeedbackCounts): string[] {
  if (fb.total === 0 && fb.prevTotal === 0) return [tDigests(locale, 'needs.none')];
  const list = fb.categories
    .filter((c) => c.count > 0)
    .map((c) =>
      tDigests(locale, 'needs.category', {
        category: FEEDBACK_CATEGORY.label(c.category, locale),
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
    severity: FEEDBACK_SEVERITY.label(f.severity, locale),
    category: FEEDBACK_CATEGORY.label(f.category, locale),
    text: cut(f.text, 60),
    status: FEEDBACK_STATUS.label(f.status, locale),
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
