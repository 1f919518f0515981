import { dailyTotals } from '../db/queries/digests';
import type { Card } from '../src/chat/card';
import { userNeedsCard, weeklyCard } from '../src/chat/cards/weekly-digest';
import { tDigests } from '../src/chat/messages/digests';
import type { Deps } from '../src/deps';
import { loadWeeklyFigures } from '../src/domain/digests';
import type { Settings } from '../src/domain/settings';
import { type DigestBuild, type DigestOptions, lateLine, trendChart } from './digest-kit';
import { type JobMessage, type JobResult, type RunOptions, runClaimed } from './runner';

export interface WeeklyBuild extends DigestBuild {
  /** The 用户需求报告 on its own, for the product team's channel. */
  userNeeds: Card;
}

/**
 * The weekly digest (周报) for the last full ISO week: the figures (loadWeeklyFigures), the cards
 * (weeklyCard, userNeedsCard), the two-week chart and the late note. `/mops digest weekly` shows the same
 * card without the chart.
 */
export async function buildWeeklyCard(
  deps: Deps,
  now: Date,
  settings: Settings,
  opts: DigestOptions = {},
): Promise<WeeklyBuild> {
  const locale = opts.locale ?? deps.config.locale;
  const figures = await loadWeeklyFigures(deps, now, settings);
  const w = figures.week;
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
  return {
    card: weeklyCard(figures, locale, { image, context: late }),
    userNeeds: userNeedsCard(figures, locale, late),
    summary: {
      week: w.key,
      empty: !figures.cur?.total,
      channels: figures.cur?.channels.size ?? 0,
      campaigns: figures.campaigns.total,
      feedback: figures.feedback.total,
      incidents: figures.incidents.opened,
    },
  };
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
