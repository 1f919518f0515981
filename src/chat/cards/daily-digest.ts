/** The daily digest (日报) card: a pure function of the loaded figures (src/domain/digests.ts) and a locale. */
import { verdictFor } from '../../domain/anomalies';
import { dayOfWeek } from '../../domain/dates';
import type { DailyFigures, PeriodFigures } from '../../domain/digests';
import { DIGEST_METRICS, type Figures } from '../../domain/figures';
import { formatPct, ratio } from '../../domain/kpi';
import { formatMoney } from '../../domain/money';
import type { Card, CardImage, Section } from '../card';
import type { Locale } from '../i18n';
import { tAnomalies } from '../messages/anomalies';
import { tConnectors } from '../messages/connectors';
import { tDigests } from '../messages/digests';
import { tJobs } from '../messages/jobs';
import { basisLines, tMetrics } from '../messages/metrics';
import { anomalyLine } from './anomalies';
import {
  budgetSection,
  channelName,
  channelsByGmv,
  cut,
  fmtChange,
  fmtValue,
  headlineFigures,
  lineTwo,
  moreLine,
  sentence,
  sourceNotes,
} from './digest-kit';
import { hasTargets, pacingSection } from './target';

/** Channels shown with all ten figures; the rest fold into one "other channels" section. */
const MAX_CHANNEL_SECTIONS = 6;
const MAX_WATCH_LINES = 8;

/** What the job adds around the card: the chart and the "posted late" line. */
export interface DigestExtras {
  image?: CardImage;
  /** Context lines after the legend (the late note). */
  context?: string[];
}

/**
 * The daily digest for the reported day: per channel and in total, ten figures each with 环比 (vs the day
 * before) and vs the same weekday a week before; live campaigns; open and overdue SLA items; the month's
 * target pacing (when /target set the month: the lines /target and the home view show, calendar days) and
 * month-to-date budget pacing; and the 14-day GMV/spend chart when the job rendered one.
 */
export function dailyCard(f: DailyFigures, locale: Locale, extras: DigestExtras = {}): Card {
  const notes = sourceNotes(f.sources, locale, f.tz, f.now);
  const total = f.day?.total;
  const day = f.day && total ? figureSections(locale, f, f.day, total, notes) : undefined;
  const sections: Section[] = [...(day?.sections ?? [])];
  if (notes.missing.length > 0)
    sections.push({ heading: tConnectors(locale, 'digest.no_data_heading'), lines: notes.missing });
  sections.push(liveSection(locale, f.live), slaSection(locale, f.sla));
  // No targets, no section: the digest goes to the team every morning, and a standing "set targets" hint
  // there would be noise; /target and the home view carry that hint.
  if (hasTargets(f.pacing)) sections.push(pacingSection(locale, f.pacing));
  sections.push(budgetSection(locale, f.usage, { day: f.pacing.day, days: f.pacing.days }));

  return {
    title: tDigests(locale, 'daily.title', {
      date: f.date,
      weekday: tMetrics(locale, `weekday.${dayOfWeek(f.date)}` as 'weekday.0'),
    }),
    text: day?.text ?? tDigests(locale, 'daily.empty', { date: f.date }),
    sections,
    context: [
      tDigests(locale, 'daily.legend', { prev: f.prevDate, week: f.weekDate }),
      tDigests(locale, 'legend.formulas'),
      tAnomalies(locale, 'legend.day', { z: f.anomalyZ }),
      ...(extras.context ?? []),
    ],
    ...(extras.image ? { image: extras.image } : {}),
    tone: (day?.flagged ?? 0) > 0 ? 'warning' : 'info',
  };
}

type Day = NonNullable<DailyFigures['day']>;

/**
 * A day with figures: the headline, the total, the unusual figures, the top channels with their source notes
 * and one line for each of the rest.
 */
function figureSections(
  locale: Locale,
  f: DailyFigures,
  day: Day,
  total: Figures,
  notes: ReturnType<typeof sourceNotes>,
): { text: string; sections: Section[]; flagged: number } {
  const { prev, week } = f;
  const { change, ...h } = headlineFigures(locale, total, prev?.total);
  const channels = channelsByGmv(day);
  const watch = watchLines(locale, f, [['total', total], ...channels]);
  const sections: Section[] = [
    {
      heading: tDigests(locale, 'total'),
      lines: [
        ...DIGEST_METRICS.map((k) =>
          lineTwo(locale, k, total, prev?.total, week?.total, verdictFor(f.verdicts, 'total', k)),
        ),
        ...basisLines(locale, day.bases, ['roi', 'cvr']),
      ],
    },
  ];
  if (watch.length > 0) {
    sections.push({
      heading: tAnomalies(locale, 'heading'),
      lines: [...watch.slice(0, MAX_WATCH_LINES), ...moreLine(locale, MAX_WATCH_LINES, watch.length)],
    });
  }
  for (const [channel, cf] of channels.slice(0, MAX_CHANNEL_SECTIONS)) {
    const note = notes.byChannel.get(channel);
    sections.push({
      heading: channelName(locale, channel),
      lines: [
        ...DIGEST_METRICS.filter((k) => cf[k] !== null).map((k) =>
          lineTwo(
            locale,
            k,
            cf,
            prev?.channels.get(channel),
            week?.channels.get(channel),
            verdictFor(f.verdicts, channel, k),
          ),
        ),
        ...(note ? [note] : []),
      ],
    });
  }
  const rest = channels.slice(MAX_CHANNEL_SECTIONS);
  if (rest.length > 0) {
    sections.push({
      heading: tDigests(locale, 'others.heading', { n: rest.length }),
      lines: rest.map(([channel, cf]) =>
        tDigests(locale, 'others.line', {
          channel: channelName(locale, channel),
          gmv: fmtValue(locale, 'gmv', cf.gmv),
          d: fmtChange(locale, 'gmv', cf.gmv, prev?.channels.get(channel)?.gmv ?? null),
          roi: fmtValue(locale, 'roi', cf.roi),
        }),
      ),
    });
  }
  return { text: tDigests(locale, 'daily.headline', { ...h, d: change }), sections, flagged: watch.length };
}

/** The campaigns running today with their spend against budget. */
function liveSection(locale: Locale, live: DailyFigures['live']): Section {
  return {
    heading: tDigests(locale, 'live.heading', { n: live.total }),
    lines:
      live.total === 0
        ? [tDigests(locale, 'live.none')]
        : [
            ...live.rows.map((c) =>
              tDigests(locale, 'live.line', {
                code: c.code,
                name: cut(c.name, 30),
                start: c.startDate.slice(5),
                end: c.endDate.slice(5),
                spent: formatMoney(c.spendFen, locale, { compact: true }),
                budget: formatMoney(c.budgetFen, locale, { compact: true }),
                rate: formatPct(ratio(c.spendFen, c.budgetFen), locale),
              }),
            ),
            ...moreLine(locale, live.rows.length, live.total),
          ],
  };
}

/** Open SLA items per kind, with the overdue ones marked. */
function slaSection(locale: Locale, sla: DailyFigures['sla']): Section {
  const lines = sla
    .filter((s) => s.open > 0)
    .map(
      (s) =>
        sentence(
          locale,
          tDigests(locale, 'sla.line', {
            kind: tJobs(locale, `kind.${s.kind}`),
            open: s.open,
            overdue: s.overdue,
          }),
        ) + (s.overdue > 0 ? tDigests(locale, 'sla.overdue_mark') : ''),
    );
  return {
    heading: tDigests(locale, 'sla.heading'),
    lines: lines.length ? lines : [tDigests(locale, 'sla.none')],
  };
}

/** How many figures the daily digest flags (the job run's summary). */
export function dailyFlagCount(f: DailyFigures): number {
  if (!f.day?.total) return 0;
  return watchLines('en', f, [['total', f.day.total], ...channelsByGmv(f.day)]).length;
}

/**
 * Every figure unusual for its channel's own history, in words, one line per figure: total first, then
 * channels by GMV.
 */
function watchLines(locale: Locale, f: DailyFigures, rows: [string, Figures][]): string[] {
  const lines: string[] = [];
  for (const [channel, fig] of rows) {
    const base = (p: PeriodFigures | undefined) =>
      channel === 'total' ? p?.total : p?.channels.get(channel);
    for (const k of DIGEST_METRICS) {
      const verdict = verdictFor(f.verdicts, channel, k);
      if (!verdict?.flag) continue;
      lines.push(
        anomalyLine(locale, {
          channel: channelName(locale, channel),
          metric: tDigests(locale, `m.${k}`),
          verdict,
          fmt: (x) => fmtValue(locale, k, x),
          change: fmtChange(locale, k, fig[k], base(f.prev)?.[k] ?? null),
          period: { day: f.date },
        }),
      );
    }
  }
  return lines;
}
