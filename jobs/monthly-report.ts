import { dailyTotals } from '../db/queries/digests';
import { monthlyCard } from '../src/chat/cards/monthly-report';
import { tDigests } from '../src/chat/messages/digests';
import type { Deps } from '../src/deps';
import { loadMonthlyFigures, monthlyMisses } from '../src/domain/digests';
import type { Settings } from '../src/domain/settings';
import { type DigestBuild, type DigestOptions, lateLine, trendChart } from './digest-kit';
import { type JobResult, type RunOptions, runClaimed } from './runner';

/**
 * The monthly report (月报) for the last full month: the figures (loadMonthlyFigures), the card
 * (monthlyCard), the month's GMV/spend chart and the late note. `/mops digest monthly` shows the same card
 * without the chart.
 */
export async function buildMonthlyCard(
  deps: Deps,
  now: Date,
  settings: Settings,
  opts: DigestOptions = {},
): Promise<DigestBuild> {
  const locale = opts.locale ?? deps.config.locale;
  const figures = await loadMonthlyFigures(deps, now, settings);
  const m = figures.month;
  const image =
    opts.chart === false
      ? undefined
      : await trendChart(deps, locale, 'monthly-report', await dailyTotals(deps.db, m.from, m.to), {
          from: m.from,
          to: m.to,
          title: tDigests(locale, 'chart.title_range', { from: m.from, to: m.to }),
        });
  const card = monthlyCard(figures, locale, {
    image,
    context: opts.late ? [lateLine(deps, 'monthly-report', now, settings, locale)] : [],
  });
  return {
    card,
    summary: {
      month: m.month,
      empty: !figures.cur?.total,
      channels: figures.cur?.channels.size ?? 0,
      gmvAttainment: figures.gmvAttainment,
      missed: monthlyMisses(figures),
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
