/**
 * How a card says a figure is unusual for its channel: one line per flagged figure with the figure, the
 * median it is compared with and the robust z, or, with too little history, the change it was judged on.
 * Shared by the daily and weekly digests and /metrics. Pure.
 */
import type { Verdict } from '../../domain/baselines';
import { dayOfWeek } from '../../domain/dates';
import type { Locale } from '../i18n';
import { tAnomalies } from '../messages/anomalies';

/** A robust z as the cards print it: `−4.1`, `+3.2`; whole numbers from 10 on (`−41`). */
export function formatZ(z: number): string {
  const a = Math.abs(z);
  const body = a >= 10 ? a.toFixed(0) : a.toFixed(1);
  return `${z < 0 ? '−' : '+'}${body}`;
}

/** ⚠️ after a figure whose verdict is unusual. */
export const flagMark = (v: Verdict | undefined): string => (v?.flag ? '⚠️' : '');

export interface AnomalyText {
  /** The channel's display name (or "All channels"). */
  channel: string;
  /** The figure's localized label. */
  metric: string;
  verdict: Verdict;
  /** Formats a value of this figure as the card does. */
  fmt: (x: number) => string;
  /** The previous-period change the fallback was judged on, as the card prints changes (pp for rates). */
  change: string;
  /** The judged local day (daily digest, /metrics) or a week (weekly digest). */
  period: { day: string } | 'week';
}

/** "抖音 CVR 1.2%，过去 6 个周二的中位数 2.1%（异常偏低，约 −4.1σ）" and its fallback form. */
export function anomalyLine(locale: Locale, a: AnomalyText): string {
  const v = a.verdict;
  const common = { channel: a.channel, metric: a.metric, value: a.fmt(v.value) };
  if (v.kind === 'fallback') {
    return tAnomalies(locale, a.period === 'week' ? 'fallback.week' : 'fallback.day', {
      ...common,
      change: a.change,
    });
  }
  const dir = tAnomalies(locale, v.z < 0 ? 'low' : 'high');
  const stats = { ...common, n: v.baseline.points, median: a.fmt(v.baseline.median), dir, z: formatZ(v.z) };
  if (a.period === 'week') return tAnomalies(locale, 'week', stats);
  const dow = dayOfWeek(a.period.day) as 0 | 1 | 2 | 3 | 4 | 5 | 6;
  return tAnomalies(locale, 'day', {
    ...stats,
    weekday: tAnomalies(locale, `weekdays.${dow}`),
    weekdays: tAnomalies(locale, `weekdays.${dow}`),
  });
}
