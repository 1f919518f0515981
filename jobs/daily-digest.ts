import { dailyTotals, liveCampaigns, rangeKpiSums } from '../db/queries/digests';
import { type SlaKind, slaCounts } from '../db/queries/sla';
import type { Card, Section } from '../src/chat/card';
import type { Locale } from '../src/chat/i18n';
import { tConnectors } from '../src/chat/messages/connectors';
import { tDigests } from '../src/chat/messages/digests';
import { tJobs } from '../src/chat/messages/jobs';
import { basisLines, tMetrics } from '../src/chat/messages/metrics';
import type { Deps } from '../src/deps';
import { budgetUsage } from '../src/domain/budget';
import { addDays, dayOfWeek, localDate } from '../src/domain/dates';
import { formatPct, ratio } from '../src/domain/kpi';
import { formatMoney } from '../src/domain/money';
import type { Settings } from '../src/domain/settings';
import {
  budgetSection,
  byPeriod,
  channelName,
  channelsByGmv,
  cut,
  DIGEST_METRICS,
  type DigestBuild,
  type DigestOptions,
  type Figures,
  fmtChange,
  fmtValue,
  lateLine,
  lineTwo,
  moreLine,
  type PeriodFigures,
  sentence,
  trendChart,
} from './digest-kit';
import { sourceNotes } from './digest-sources';
import { type JobResult, type RunOptions, runClaimed } from './runner';

/** Channels shown with all ten figures; the rest fold into one "other channels" section. */
const MAX_CHANNEL_SECTIONS = 6;
const MAX_WATCH_LINES = 8;
const MAX_LIVE_CAMPAIGNS = 8;
const CHART_DAYS = 14;

export { CHART_SIZE } from './digest-kit';

const SLA_KINDS: SlaKind[] = ['feedback', 'incident_response', 'incident_report', 'retro'];

function daysInMonth(date: string): number {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)).getUTCDate();
}

/**
 * The daily digest (日报) for the local day before `now`: per channel and in total, ten figures each with
 * 环比 (vs the day before) and vs the same weekday a week before; live campaigns; open and overdue SLA
 * items; month-to-date budget pacing; and the 14-day GMV/spend chart. Used by the job and `/mops digest`.
 */
export async function buildDailyCard(
  deps: Deps,
  now: Date,
  settings: Settings,
  opts: DigestOptions = {},
): Promise<DigestBuild> {
  const locale = opts.locale ?? deps.config.locale;
  const tz = deps.config.tz;
  const today = localDate(now, tz);
  const date = addDays(today, -1);
  const prevDate = addDays(date, -1);
  const weekDate = addDays(date, -7);
  const [sums, series, live, sla, usage] = await Promise.all([
    rangeKpiSums(deps.db, [
      { key: 'day', from: date, to: date },
      { key: 'prev', from: prevDate, to: prevDate },
      { key: 'week', from: weekDate, to: weekDate },
    ]),
    dailyTotals(deps.db, addDays(date, -(CHART_DAYS - 1)), date),
    liveCampaigns(deps.db, today, MAX_LIVE_CAMPAIGNS),
    slaCounts(deps.db, now),
    budgetUsage(deps.db, date.slice(0, 7)),
  ]);
  const notes = await sourceNotes(deps, date, now, locale);
  const periods = byPeriod(sums);
  const day = periods.get('day');
  const prev = periods.get('prev');
  const week = periods.get('week');

  const sections: Section[] = [];
  let text: string;
  let flagged = 0;
  if (!day?.total) {
    text = tDigests(locale, 'daily.empty', { date });
  } else {
    const total = day.total;
    text = tDigests(locale, 'daily.headline', {
      gmv: fmtValue(locale, 'gmv', total.gmv),
      d: fmtChange(locale, 'gmv', total.gmv, prev?.total?.gmv ?? null).text,
      spend: fmtValue(locale, 'spend', total.spend),
      roi: fmtValue(locale, 'roi', total.roi),
    });
    const channels = channelsByGmv(day);
    const watch = watchLines(locale, [['total', total], ...channels], prev, week);
    flagged = watch.length;
    sections.push({
      heading: tDigests(locale, 'total'),
      lines: [
        ...DIGEST_METRICS.map((k) => lineTwo(locale, k, total, prev?.total, week?.total)),
        ...basisLines(locale, day.bases, ['roi', 'cvr']),
      ],
    });
    if (watch.length > 0) {
      sections.push({
        heading: tDigests(locale, 'watch.heading'),
        lines: [...watch.slice(0, MAX_WATCH_LINES), ...moreLine(locale, MAX_WATCH_LINES, watch.length)],
      });
    }
    for (const [channel, f] of channels.slice(0, MAX_CHANNEL_SECTIONS)) {
      sections.push({
        heading: channelName(locale, channel),
        lines: [
          ...DIGEST_METRICS.filter((k) => f[k] !== null).map((k) =>
            lineTwo(locale, k, f, prev?.channels.get(channel), week?.channels.get(channel)),
          ),
          ...(notes.byChannel.has(channel) ? [notes.byChannel.get(channel)!] : []),
        ],
      });
    }
    const rest = channels.slice(MAX_CHANNEL_SECTIONS);
    if (rest.length > 0) {
      sections.push({
        heading: tDigests(locale, 'others.heading', { n: rest.length }),
        lines: rest.map(([channel, f]) =>
          tDigests(locale, 'others.line', {
            channel: channelName(locale, channel),
            gmv: fmtValue(locale, 'gmv', f.gmv),
            d: fmtChange(locale, 'gmv', f.gmv, prev?.channels.get(channel)?.gmv ?? null).text,
            roi: fmtValue(locale, 'roi', f.roi),
          }),
        ),
      });
    }
  }

  if (notes.missing.length > 0)
    sections.push({ heading: tConnectors(locale, 'digest.no_data_heading'), lines: notes.missing });

  sections.push({
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
  });

  const slaLines = SLA_KINDS.filter((k) => sla[k].open > 0).map(
    (k) =>
      sentence(
        locale,
        tDigests(locale, 'sla.line', {
          kind: tJobs(locale, `kind.${k}`),
          open: sla[k].open,
          overdue: sla[k].overdue,
        }),
      ) + (sla[k].overdue > 0 ? tDigests(locale, 'sla.overdue_mark') : ''),
  );
  sections.push({
    heading: tDigests(locale, 'sla.heading'),
    lines: slaLines.length ? slaLines : [tDigests(locale, 'sla.none')],
  });
  sections.push(budgetSection(locale, usage, { day: Number(date.slice(8, 10)), days: daysInMonth(date) }));

  const image =
    opts.chart === false
      ? undefined
      : await trendChart(deps, locale, 'daily-digest', series, {
          from: addDays(date, -(CHART_DAYS - 1)),
          to: date,
          title: tDigests(locale, 'chart.title'),
        });
  const context = [
    tDigests(locale, 'daily.legend', { prev: prevDate, week: weekDate }),
    tDigests(locale, 'legend.formulas'),
    ...(opts.late ? [lateLine(deps, 'daily-digest', now, settings, locale)] : []),
  ];
  const card: Card = {
    title: tDigests(locale, 'daily.title', {
      date,
      weekday: tMetrics(locale, `weekday.${dayOfWeek(date)}` as 'weekday.0'),
    }),
    text,
    sections,
    context,
    ...(image ? { image } : {}),
    tone: flagged > 0 ? 'warning' : 'info',
  };
  return {
    card,
    summary: {
      date,
      empty: !day?.total,
      channels: day?.channels.size ?? 0,
      flagged,
      chart: !!image,
    },
  };
}

/** Every figure whose d/d or w/w change is over ±20%, one line per figure: total first, then channels by GMV. */
function watchLines(
  locale: Locale,
  rows: [string, Figures][],
  prev: PeriodFigures | undefined,
  week: PeriodFigures | undefined,
): string[] {
  const lines: string[] = [];
  for (const [channel, f] of rows) {
    const base = (p: PeriodFigures | undefined) =>
      channel === 'total' ? p?.total : p?.channels.get(channel);
    for (const k of DIGEST_METRICS) {
      const parts = (
        [
          ['vs.day', base(prev)],
          ['vs.week', base(week)],
        ] as const
      ).flatMap(([vs, p]) => {
        const c = fmtChange(locale, k, f[k], p?.[k] ?? null);
        return c.flag ? [tDigests(locale, 'watch.part', { vs: tDigests(locale, vs), change: c.plain })] : [];
      });
      if (parts.length === 0) continue;
      lines.push(
        tDigests(locale, 'watch.line', {
          channel: channelName(locale, channel),
          metric: tDigests(locale, `m.${k}`),
          parts: parts.join(' · '),
        }),
      );
    }
  }
  return lines;
}

/** Daily digest job: posts yesterday's 日报 to the digest audience once per local day. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'daily-digest', now, opts, async ({ settings, late }) => {
    const { card, summary } = await buildDailyCard(deps, now, settings, { late });
    return { summary, messages: [{ key: 'digest', to: 'digest', card }] };
  });
}
