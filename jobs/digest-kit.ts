/**
 * What the digest jobs share around the pure cards (src/chat/cards/): the options and the build result,
 * the late-run note and the trend chart.
 */
import { renderTrendChart } from '../src/charts/trend-chart';
import type { Card, CardImage } from '../src/chat/card';
import { fmtTime } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tDigests } from '../src/chat/messages/digests';
import { tJobs } from '../src/chat/messages/jobs';
import type { Deps } from '../src/deps';
import type { Settings } from '../src/domain/settings';
import { fireTimeInPeriod, type JobName } from './timing';

/** Options shared by the digest builders: the job passes `late`; `/mops digest` passes the caller's locale. */
export interface DigestOptions {
  /** Defaults to LOCALE. */
  locale?: Locale;
  /** Adds the "posted late" context line. */
  late?: boolean;
  /** Render the trend chart (daily only); the preview skips it to answer fast. Default true. */
  chart?: boolean;
}

/** A built digest card and the summary stored on the job run (`job_runs.summary`) for the operator. */
export interface DigestBuild {
  card: Card;
  summary: Record<string, unknown>;
}

/** The context line of a digest posted after its scheduled time (catch-up after downtime). */
export function lateLine(deps: Deps, job: JobName, now: Date, settings: Settings, locale: Locale): string {
  const tz = deps.config.tz;
  const at = fireTimeInPeriod(job, now, settings, tz) ?? now;
  return tJobs(locale, 'late', { at: fmtTime(at, tz, now) });
}

/** The digests' chart size (800×400). */
export const CHART_SIZE = { width: 800, height: 400 } as const;

/** A GMV/spend line chart of the days `from`..`to`; a rendering failure drops the image, never the digest. */
export async function trendChart(
  deps: Deps,
  locale: Locale,
  job: string,
  series: { date: string; gmvFen: number | null; spendFen: number | null }[],
  span: { from: string; to: string; title: string },
): Promise<CardImage | undefined> {
  if (series.length === 0) return undefined;
  try {
    const png = await renderTrendChart({
      points: series.map((d) => ({
        date: d.date,
        // A day with GMV but no spend logged draws only the GMV point (non-finite values are skipped).
        gmvFen: d.gmvFen ?? Number.NaN,
        spendFen: d.spendFen ?? Number.NaN,
      })),
      title: span.title,
      ...CHART_SIZE,
      labels: {
        gmv: tDigests(locale, 'm.gmv'),
        spend: tDigests(locale, 'm.spend'),
        noData: tDigests(locale, 'chart.no_data'),
      },
    });
    return { png, alt: tDigests(locale, 'chart.alt', { from: span.from, to: span.to }), title: span.title };
  } catch (err) {
    deps.log.warn('digest chart failed; posting the text alone', { job, err });
    return undefined;
  }
}
