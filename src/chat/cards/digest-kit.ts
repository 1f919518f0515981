/**
 * What the digest cards share: figures for display, change formatting with arrows, the
 * budget section and the source notes. Cards are built from sections of short lines (one figure per line)
 * so they read on a phone, never as wide tables. Pure: no database, no clock, no chart.
 */

import type { Verdict } from '../../domain/baselines';
import { BUDGET_CATEGORIES, BUDGET_CATEGORY, type BudgetUsage, type UsageLine } from '../../domain/budget';
import { channelLabel } from '../../domain/channels';
import { localDate } from '../../domain/dates';
import type { PeriodFigures, SourceFacts } from '../../domain/digests';
import { type Figures, type MetricKey, RATE_FIGURES } from '../../domain/figures';
import {
  change,
  DASH,
  formatChange,
  formatPct,
  formatPp,
  formatRoi,
  formatTimeProgress,
  ppChange,
} from '../../domain/kpi';
import { formatCount, formatMoney } from '../../domain/money';
import type { Card, Section } from '../card';
import { fmtTime } from '../handler-kit';
import { type Locale, listOf } from '../i18n';
import { sourceLabel, tConnectors } from '../messages/connectors';
import { tDigests } from '../messages/digests';
import { flagMark } from './anomalies';

/** A figure for display: money compact (¥1.2万 / ¥12K), counts compact, ROI as 3.2:1, rates as %. */
export function fmtValue(locale: Locale, key: MetricKey, v: number | null): string {
  if (RATE_FIGURES.has(key)) return formatPct(v, locale);
  switch (key) {
    case 'gmv':
    case 'spend':
    case 'aov':
    case 'cac':
      return formatMoney(v, locale, { compact: true });
    case 'roi':
      return formatRoi(v);
    default:
      return formatCount(v, locale, { compact: true });
  }
}

/**
 * A change with its arrow: relative for amounts and counts (↑12.3%), percentage points for rates
 * (↓0.4 pp). Never marked: what is unusual is judged against the channel's history (flagMark).
 */
export function fmtChange(locale: Locale, key: MetricKey, cur: number | null, prev: number | null): string {
  if (!RATE_FIGURES.has(key)) return formatChange(change(cur, prev), locale).text;
  const pp = ppChange(cur, prev);
  if (pp === null) return DASH;
  const rounded = Number(pp.toFixed(1));
  const arrow = rounded > 0 ? '↑' : rounded < 0 ? '↓' : '→';
  return `${arrow}${formatPp(Math.abs(rounded), locale).replace(/^\+/, '')}`;
}

/** One figure with two comparisons (daily: d/d and w/w). */
export function lineTwo(
  locale: Locale,
  key: MetricKey,
  cur: Figures,
  a: Figures | undefined,
  b: Figures | undefined,
  verdict?: Verdict,
): string {
  return tDigests(locale, 'line.two', {
    label: tDigests(locale, `m.${key}`),
    value: fmtValue(locale, key, cur[key]) + flagMark(verdict),
    a: fmtChange(locale, key, cur[key], a?.[key] ?? null),
    b: fmtChange(locale, key, cur[key], b?.[key] ?? null),
  });
}

/** One figure with one comparison (weekly w/w, monthly m/m); ⚠️ after the value when `verdict` flags it. */
export function lineOne(
  locale: Locale,
  key: MetricKey,
  cur: Figures,
  prev: Figures | undefined,
  verdict?: Verdict,
): string {
  return tDigests(locale, 'line.one', {
    label: tDigests(locale, `m.${key}`),
    value: fmtValue(locale, key, cur[key]) + flagMark(verdict),
    a: fmtChange(locale, key, cur[key], prev?.[key] ?? null),
  });
}

export const channelName = (locale: Locale, channel: string) =>
  channel === 'total' ? tDigests(locale, 'total') : channelLabel(channel, locale);

/** Channels with figures, by GMV (highest first), then spend, then code: a stable order for every digest. */
export function channelsByGmv(p: PeriodFigures | undefined): [string, Figures][] {
  return [...(p?.channels ?? new Map<string, Figures>())].sort(
    ([ca, a], [cb, b]) =>
      (b.gmv ?? -1) - (a.gmv ?? -1) || (b.spend ?? -1) - (a.spend ?? -1) || ca.localeCompare(cb),
  );
}

/** Channels with an ROI (those that spent), best ROI first, then by code. */
export function channelsByRoi(channels: [string, Figures][]): [string, Figures & { roi: number }][] {
  return channels
    .flatMap(([c, f]): [string, Figures & { roi: number }][] =>
      f.roi === null ? [] : [[c, { ...f, roi: f.roi }]],
    )
    .sort(([ca, a], [cb, b]) => b.roi - a.roi || ca.localeCompare(cb));
}

/** English lines start with a capital even when they start with a lower-case label (`feedback …`). */
export function sentence(locale: Locale, text: string): string {
  return locale === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** "…and n more" when a list was cut. */
export function moreLine(locale: Locale, shown: number, total: number): string[] {
  return total > shown ? [tDigests(locale, 'more', { n: total - shown })] : [];
}

/** Cuts user text (names, feedback) so one item stays on one phone line or two. */
export function cut(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : one;
}

function bandMark(locale: Locale, line: UsageLine): string {
  return line.band === 'ok' ? '' : tDigests(locale, `band.${line.band}`);
}

function paceMark(locale: Locale, line: UsageLine, elapsed: number): string {
  if (line.rate === null) return '';
  // ±10 percentage points of the elapsed share counts as on pace: spend is rarely logged daily.
  if (line.rate > elapsed + 0.1) return tDigests(locale, 'pace.ahead');
  if (line.rate < elapsed - 0.1) return tDigests(locale, 'pace.behind');
  return tDigests(locale, 'pace.on');
}

/**
 * Budget usage per category and in total for a month; with `pacing` (the daily digest) each line also
 * says whether spend runs ahead of the share of the month that has passed.
 */
export function budgetSection(
  locale: Locale,
  usage: BudgetUsage,
  pacing?: { day: number; days: number },
): Section {
  const month = usage.month;
  const heading = pacing
    ? tDigests(locale, 'pacing.heading', { month })
    : tDigests(locale, 'budget.heading', { month });
  const spent = usage.total.spendFen > 0;
  if (!usage.planned && !spent) return { heading, lines: [tDigests(locale, 'budget.none', { month })] };
  const elapsed = pacing ? pacing.day / pacing.days : 0;
  const line = (cat: string, l: UsageLine) =>
    l.planFen > 0
      ? tDigests(locale, 'budget.line', {
          cat,
          spend: formatMoney(l.spendFen, locale, { compact: true }),
          plan: formatMoney(l.planFen, locale, { compact: true }),
          rate: formatPct(l.rate, locale),
          mark: bandMark(locale, l) + (pacing ? paceMark(locale, l, elapsed) : ''),
        })
      : tDigests(locale, 'budget.unplanned', {
          cat,
          spend: formatMoney(l.spendFen, locale, { compact: true }),
        });
  const lines: string[] = [];
  if (pacing) {
    lines.push(
      tDigests(locale, 'pacing.elapsed', {
        elapsed: formatTimeProgress(pacing.day, pacing.days, locale),
        day: pacing.day,
        days: pacing.days,
      }),
    );
  }
  for (const c of BUDGET_CATEGORIES) {
    const l = usage.categories[c];
    if (l.planFen > 0 || l.spendFen > 0) lines.push(line(BUDGET_CATEGORY.label(c, locale), l));
  }
  lines.push(line(tDigests(locale, 'budget.total'), usage.total));
  return { heading, lines };
}

export interface SourceNotes {
  /** The source line of each channel with pulled figures. */
  byChannel: Map<string, string>;
  /** "No data yet" lines for channels a configured connector fills. */
  missing: string[];
}

/**
 * Where the digest's figures came from: per channel "来源：百度统计，截至 08:30" when a connector supplied
 * them, and for channels a configured connector fills but that have no figures for the day, a line saying
 * so instead of zeros.
 */
export function sourceNotes(facts: SourceFacts, locale: Locale, tz: string, now: Date): SourceNotes {
  const at = (d: Date) =>
    localDate(d, tz) === localDate(now, tz) ? fmtTime(d, tz).slice(6) : fmtTime(d, tz, now);
  const byChannel = new Map<string, string>();
  for (const r of facts.pulled) {
    const parts = r.sources.map((s) => {
      const t = facts.asOf.get(s);
      const name = sourceLabel(locale, s);
      return t ? tConnectors(locale, 'digest.source_at', { source: name, at: at(t) }) : name;
    });
    byChannel.set(
      r.channel,
      tConnectors(locale, r.handLogged ? 'digest.sources_and_manual' : 'digest.sources', {
        sources: listOf(locale, parts),
      }),
    );
  }
  const missing = facts.missing.map((m) =>
    tConnectors(locale, 'digest.no_data', {
      channel: channelLabel(m.channel, locale),
      source: m.label[locale],
    }),
  );
  return { byChannel, missing };
}

/** The headline's figures: GMV with its change against `prev`, spend and ROI. */
export function headlineFigures(locale: Locale, total: Figures, prev: Figures | undefined) {
  return {
    gmv: fmtValue(locale, 'gmv', total.gmv),
    change: fmtChange(locale, 'gmv', total.gmv, prev?.gmv ?? null),
    spend: fmtValue(locale, 'spend', total.spend),
    roi: fmtValue(locale, 'roi', total.roi),
  };
}

/** `/mops digest …`: a digest card as it would post now, marked as a preview (nothing posted, no chart). */
export function previewCard(locale: Locale, card: Card): Card {
  return { ...card, context: [tDigests(locale, 'preview.note'), ...(card.context ?? [])] };
}
