/** The monthly report (月报) card: a pure function of the loaded figures (src/domain/digests.ts) and a locale. */
import { type MonthlyFigures, monthlyMisses, type SlaScore } from '../../domain/digests';
import { type Figures, PERIOD_METRICS } from '../../domain/figures';
import { DASH, formatPct } from '../../domain/kpi';
import type { Card, Section } from '../card';
import type { Locale } from '../i18n';
import { tDigests } from '../messages/digests';
import { basisLines } from '../messages/metrics';
import { tScorecard } from '../messages/scorecard';
import { tTarget } from '../messages/target';
import type { DigestExtras } from './daily-digest';
import {
  budgetSection,
  channelName,
  channelsByGmv,
  channelsByRoi,
  fmtChange,
  fmtValue,
  lineOne,
} from './digest-kit';
import { SCORE_MARK, scorecardSections } from './scorecard';
import { reportTargetLines } from './target';

/** At most this many channels each as "strongest" and "weakest". */
const BEST_WORST = 3;

function slaLine(locale: Locale, s: SlaScore): string {
  return tDigests(locale, 'score.line', {
    mark: SCORE_MARK[s.status],
    name: tDigests(locale, s.kind === 'feedback' ? 'score.feedback_sla' : 'score.incident_sla'),
    value: s.rate === null ? DASH : `${formatPct(s.rate, locale)} (${s.met}/${s.due})`,
    target: formatPct(s.target, locale, 0),
  });
}

/** The strongest and weakest channels by ROI, split so no channel is both when only a few have ROI. */
function bestAndWorst(locale: Locale, f: MonthlyFigures): Section[] {
  const { cur, prev } = f;
  const ranked = channelsByRoi(channelsByGmv(cur));
  const line = ([c, x]: [string, Figures]) =>
    tDigests(locale, 'best.line', {
      channel: channelName(locale, c),
      roi: fmtValue(locale, 'roi', x.roi),
      gmv: fmtValue(locale, 'gmv', x.gmv),
      c: fmtChange(locale, 'gmv', x.gmv, prev?.channels.get(c)?.gmv ?? null),
      uv: fmtValue(locale, 'uv', x.uv),
      uvc: fmtChange(locale, 'uv', x.uv, prev?.channels.get(c)?.uv ?? null),
    });
  if (ranked.length === 0) {
    return [{ heading: tDigests(locale, 'best.heading'), lines: [tDigests(locale, 'best.none')] }];
  }
  const bestN = Math.min(BEST_WORST, Math.ceil(ranked.length / 2));
  const worstN = Math.min(BEST_WORST, ranked.length - bestN);
  const sections: Section[] = [
    { heading: tDigests(locale, 'best.heading'), lines: ranked.slice(0, bestN).map(line) },
  ];
  if (worstN > 0) {
    sections.push({
      heading: tDigests(locale, 'worst.heading'),
      lines: ranked.slice(-worstN).reverse().map(line),
    });
  }
  return sections;
}

/**
 * The monthly report for the last full month: target attainment (GMV and new users against their goals), the
 * manual's 4.1 KPI scorecard and the response deadlines (value, target, met or missed), the month against the
 * month before, the strongest and weakest channels by ROI, the budget; the chart when the job rendered one.
 */
export function monthlyCard(f: MonthlyFigures, locale: Locale, extras: DigestExtras = {}): Card {
  const { month: m, cur, prev } = f;
  const total = cur?.total;
  const sections: Section[] = [
    {
      heading: tTarget(locale, 'report.heading'),
      lines: reportTargetLines(locale, m.month, f.goals, total?.newUsers ?? null),
    },
    ...scorecardSections(locale, f.scorecard),
    { heading: tDigests(locale, 'score.heading'), lines: f.sla.map((s) => slaLine(locale, s)) },
  ];

  let text: string;
  if (!total) {
    text = tDigests(locale, 'monthly.empty', { month: m.month });
  } else {
    text = tDigests(locale, 'monthly.headline', {
      gmv: fmtValue(locale, 'gmv', total.gmv),
      att: formatPct(f.gmvAttainment, locale),
      spend: fmtValue(locale, 'spend', total.spend),
      roi: fmtValue(locale, 'roi', total.roi),
    });
    sections.push({
      heading: tDigests(locale, 'monthly.totals'),
      lines: [
        ...PERIOD_METRICS.map((k) => lineOne(locale, k, total, prev?.total)),
        ...basisLines(locale, cur?.bases ?? {}),
      ],
    });
    sections.push(...bestAndWorst(locale, f));
  }
  sections.push(budgetSection(locale, f.usage));

  return {
    title: tDigests(locale, 'monthly.title', { month: m.month }),
    text,
    sections,
    ...(extras.image ? { image: extras.image } : {}),
    context: [
      tDigests(locale, 'monthly.legend', { prev: m.prevMonth }),
      tDigests(locale, 'legend.formulas'),
      tScorecard(locale, 'legend'),
      ...(extras.context ?? []),
    ],
    tone: monthlyMisses(f) > 0 ? 'warning' : 'info',
  };
}
