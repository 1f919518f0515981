import { dailyTotals } from '../db/queries/digests';
import { dailyCard, dailyFlagCount } from '../src/chat/cards/daily-digest';
import { tDigests } from '../src/chat/messages/digests';
import type { Deps } from '../src/deps';
import { addDays } from '../src/domain/dates';
import { loadDailyFigures } from '../src/domain/digests';
import type { Settings } from '../src/domain/settings';
import { type DigestBuild, type DigestOptions, lateLine, trendChart } from './digest-kit';
import { type JobResult, type RunOptions, runClaimed } from './runner';

const CHART_DAYS = 14;

export { CHART_SIZE } from './digest-kit';

/**
 * The daily digest (日报) for the local day before `now`: the figures (loadDailyFigures), the card
 * (dailyCard), the 14-day GMV/spend chart and the late note. `/mops digest daily` shows the same card
 * without the chart.
 */
export async function buildDailyCard(
  deps: Deps,
  now: Date,
  settings: Settings,
  opts: DigestOptions = {},
): Promise<DigestBuild> {
  const locale = opts.locale ?? deps.config.locale;
  const figures = await loadDailyFigures(deps, now, settings);
  const { date } = figures;
  const from = addDays(date, -(CHART_DAYS - 1));
  const image =
    opts.chart === false
      ? undefined
      : await trendChart(deps, locale, 'daily-digest', await dailyTotals(deps.db, from, date), {
          from,
          to: date,
          title: tDigests(locale, 'chart.title'),
        });
  const card = dailyCard(figures, locale, {
    image,
    context: opts.late ? [lateLine(deps, 'daily-digest', now, settings, locale)] : [],
  });
  return {
    card,
    summary: {
      date,
      empty: !figures.day?.total,
      channels: figures.day?.channels.size ?? 0,
      flagged: dailyFlagCount(figures),
      chart: !!image,
    },
  };
}

/** Daily digest job: posts yesterday's 日报 to the digest audience once per local day. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'daily-digest', now, opts, async ({ settings, late }) => {
    const { card, summary } = await buildDailyCard(deps, now, settings, { late });
    return { summary, messages: [{ key: 'digest', to: 'digest', card }] };
  });
}
