/**
 * Target cards and pacing lines: pure functions from the domain's plan and standings to neutral Cards.
 * Every figure is printed beside its inputs (done = actual ÷ target, time = days ÷ days in the month,
 * the gap = the difference of those two printed percentages, per day = still to go ÷ days left).
 */
import { attainment, DASH, formatPct, formatTimeProgress, ratio } from '../../domain/kpi';
import { formatCount, formatMoney } from '../../domain/money';
import type { MonthGoals } from '../../domain/scorecard';
import {
  isSummed,
  type MonthStanding,
  type Period,
  type PlannedMonth,
  paceOf,
  type SetTargetsResult,
  type SplitInfo,
  TARGET_METRICS,
  type Target,
  type TargetMetric,
} from '../../domain/targets';
import type { Card, Section } from '../card';
import type { Locale } from '../i18n';
import { tTarget } from '../messages/target';

const metricName = (l: Locale, m: TargetMetric) => tTarget(l, `metric.${m}`);

/** A signed percentage: `+21.8%`, `−4.0%`. */
function signedPct(x: number | null, l: Locale, digits = 1): string {
  const s = formatPct(x, l, digits);
  return x !== null && x > 0 && s !== DASH ? `+${s}` : s;
}

/**
 * A target value as stored, for people: gmv money (exact to the fen, or compact for digests), new_users a
 * count, uv_growth `+20%`, roi `≥ 3:1`-style `3:1`.
 */
export function formatTarget(l: Locale, metric: TargetMetric, value: number, exact = false): string {
  switch (metric) {
    case 'gmv':
      return formatMoney(value, l, { compact: !exact });
    case 'new_users':
      return formatCount(value, l, { compact: !exact });
    case 'uv_growth':
      return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value) / 100}%`;
    default:
      return `${value / 100}:1`;
  }
}

/** Compact, but with three significant digits, so a percentage printed beside an amount checks against it. */
const ofMetric = (l: Locale, metric: 'gmv' | 'new_users', v: number) =>
  metric === 'gmv' ? formatMoney(v, l, { compact: true, significant: 3 }) : formatCount(v, l);

const mmdd = (date: string) => date.slice(5);

/** The pacing line of a summed target (gmv, new_users) for a month standing. */
function summedLine(l: Locale, s: MonthStanding, metric: 'gmv' | 'new_users', t: Target): string {
  const target = ofMetric(l, metric, t.value);
  if (s.day === 0) return tTarget(l, 'pace.not_started', { metric: metricName(l, metric), target });
  const actual = (metric === 'gmv' ? s.actual?.gmv : s.actual?.newUsers) ?? 0;
  const p = paceOf(t.value, actual, s.day, s.days);
  const go = {
    pp: Math.abs(p.gapPp),
    remaining: ofMetric(l, metric, p.remaining),
    left: p.daysLeft,
    perDay: p.perDay === null ? DASH : ofMetric(l, metric, p.perDay),
  };
  const state = p.reached
    ? tTarget(l, 'pace.reached')
    : p.daysLeft === 0
      ? tTarget(l, 'pace.missed', go)
      : tTarget(l, p.gapPp < 0 ? 'pace.behind' : p.gapPp > 0 ? 'pace.ahead' : 'pace.even', go);
  return tTarget(l, 'pace.summed', {
    metric: metricName(l, metric),
    target,
    actual: ofMetric(l, metric, actual),
    done: p.donePct,
    day: s.day,
    days: s.days,
    time: formatTimeProgress(s.day, s.days, l),
    state,
  });
}

const mark = (ok: boolean) => (ok ? ' ✅' : ' ⚠️');

function roiLine(l: Locale, s: MonthStanding, t: Target): string {
  const target = formatTarget(l, 'roi', t.value);
  const roi = ratio(s.actual?.roiGmv ?? null, s.actual?.roiSpend ?? null);
  if (roi === null || !s.actual) return tTarget(l, 'pace.roi_none', { target });
  return tTarget(l, 'pace.roi', {
    target,
    actual: `${Number(roi.toFixed(2))}:1`,
    gmv: formatMoney(s.actual.roiGmv, l, { compact: true, significant: 3 }),
    spend: formatMoney(s.actual.roiSpend, l, { compact: true, significant: 3 }),
    mark: mark(roi * 100 >= t.value),
  });
}

function uvLine(l: Locale, s: MonthStanding, t: Target): string {
  const target = formatTarget(l, 'uv_growth', t.value);
  const uv = s.actual?.websiteUv ?? null;
  const prev = s.prevUv?.uv ?? null;
  const growth = uv === null || prev === null || prev === 0 ? null : (uv - prev) / prev;
  if (growth === null || !s.through || !s.prevUv) return tTarget(l, 'pace.uv_none', { target });
  return tTarget(l, 'pace.uv', {
    target,
    range: tTarget(l, 'range', { from: `${s.month.slice(5)}-01`, to: mmdd(s.through) }),
    uv: formatCount(uv, l),
    prevRange: tTarget(l, 'range', { from: mmdd(s.prevUv.from), to: mmdd(s.prevUv.to) }),
    prev: formatCount(prev, l),
    change: signedPct(growth, l),
    mark: mark(growth * 10_000 >= t.value),
  });
}

/** One line per target set for the month, in the metrics' order; empty when none is set. */
export function pacingLines(l: Locale, s: MonthStanding): string[] {
  return TARGET_METRICS.flatMap((metric) => {
    const t = s.targets[metric];
    if (!t) return [];
    if (isSummed(metric)) return [summedLine(l, s, metric, t)];
    if (s.day === 0) {
      return [
        tTarget(l, 'pace.not_started', {
          metric: metricName(l, metric),
          target: formatTarget(l, metric, t.value),
        }),
      ];
    }
    return [metric === 'roi' ? roiLine(l, s, t) : uvLine(l, s, t)];
  });
}

/** The month's pacing as a card section (digest, home); a hint to set targets when none is. */
export function pacingSection(l: Locale, s: MonthStanding): Section {
  const lines = pacingLines(l, s);
  return {
    heading: tTarget(l, 'pace.heading', { month: s.month, date: s.through ? mmdd(s.through) : DASH }),
    lines: lines.length > 0 ? lines : [tTarget(l, 'pace.none', { month: s.month })],
  };
}

/** Whether any target is set for the month. */
export const hasTargets = (s: MonthStanding) => Object.keys(s.targets).length > 0;

/** Where each target of the months came from (plan key and weighting), once per distinct source. */
function sourcesLines(l: Locale, standings: MonthStanding[]): [] | [string] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const s of standings) {
    for (const m of TARGET_METRICS) {
      const t = s.targets[m];
      if (!t) continue;
      const key = `${t.planKey}:${t.weighting}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(tTarget(l, `plan.${t.weighting}`, { plan: t.planKey }));
    }
  }
  return items.length > 0
    ? [tTarget(l, 'show.plan', { items: items.join(l === 'zh-CN' ? '；' : '; ') })]
    : [];
}

/** `/target 2027-03`: the month's targets with their pacing. */
export function targetMonthCard(l: Locale, s: MonthStanding, asOf: string): Card {
  if (!hasTargets(s)) {
    return {
      title: tTarget(l, 'show.title_month', { month: s.month }),
      text: tTarget(l, 'show.none', { period: s.month }),
    };
  }
  return {
    title: tTarget(l, 'show.title_month', { month: s.month }),
    sections: [pacingSection(l, s)],
    context: [...sourcesLines(l, [s]), tTarget(l, 'show.asof', { date: asOf })],
  };
}

/** One month in the year or quarter view: each target with what was achieved. */
function monthItems(l: Locale, s: MonthStanding): string {
  const items = TARGET_METRICS.flatMap((metric) => {
    const t = s.targets[metric];
    if (!t) return [];
    const target = isSummed(metric)
      ? ofMetric(l, metric, t.value)
      : `${metric === 'roi' ? '≥ ' : ''}${formatTarget(l, metric, t.value)}`;
    const name = metricName(l, metric);
    if (s.day === 0) return [tTarget(l, 'year.item_future', { metric: name, target })];
    const over = s.day === s.days;
    if (isSummed(metric)) {
      const actual = (metric === 'gmv' ? s.actual?.gmv : s.actual?.newUsers) ?? 0;
      return [
        tTarget(l, 'year.item', {
          metric: name,
          target,
          actual: ofMetric(l, metric, actual),
          pct: formatPct(actual / t.value, l, 0),
          mark: over ? mark(actual >= t.value).replace('⚠️', '❌') : '',
        }),
      ];
    }
    let value: number | null;
    if (metric === 'roi') value = ratio(s.actual?.roiGmv ?? null, s.actual?.roiSpend ?? null);
    else {
      const uv = s.actual?.websiteUv ?? null;
      const prev = s.prevUv?.uv ?? null;
      value = uv === null || prev === null || prev === 0 ? null : (uv - prev) / prev;
    }
    const actual =
      value === null ? DASH : metric === 'roi' ? `${Number(value.toFixed(2))}:1` : signedPct(value, l);
    const ok = value !== null && (metric === 'roi' ? value * 100 : value * 10_000) >= t.value;
    return [
      tTarget(l, 'year.item_rate', {
        metric: name,
        target,
        actual,
        mark: !over || value === null ? '' : mark(ok).replace('⚠️', '❌'),
      }),
    ];
  });
  return tTarget(l, 'year.line', {
    month: s.month,
    items: items.length > 0 ? items.join(' · ') : tTarget(l, 'year.none'),
  });
}

/** `/target 2027` or `/target 2027-Q1`: each month's targets and results, and the summed targets' totals. */
export function targetPeriodCard(l: Locale, period: Period, standings: MonthStanding[], asOf: string): Card {
  const title = tTarget(l, 'show.title_period', { period: period.key });
  if (!standings.some(hasTargets)) return { title, text: tTarget(l, 'show.none', { period: period.key }) };
  const day = standings.reduce((a, s) => a + s.day, 0);
  const days = standings.reduce((a, s) => a + s.days, 0);
  const totals = (['gmv', 'new_users'] as const).flatMap((metric) => {
    const set = standings.flatMap((s) => s.targets[metric] ?? []);
    if (set.length === 0) return [];
    const sum = set.reduce((a, t) => a + t.value, 0);
    const actual = standings.reduce(
      (a, s) => a + ((metric === 'gmv' ? s.actual?.gmv : s.actual?.newUsers) ?? 0),
      0,
    );
    return [
      tTarget(l, 'year.total', {
        metric: metricName(l, metric),
        sum: ofMetric(l, metric, sum),
        n: set.length,
        actual: ofMetric(l, metric, actual),
        pct: formatPct(actual / sum, l, 0),
        day,
        days,
        time: formatTimeProgress(day, days, l),
      }),
    ];
  });
  const sections: Section[] = [
    { heading: tTarget(l, 'year.heading'), lines: standings.map((s) => monthItems(l, s)) },
  ];
  if (totals.length > 0) sections.push({ heading: tTarget(l, 'year.total_heading'), lines: totals });
  return {
    title,
    sections,
    context: [...sourcesLines(l, standings), tTarget(l, 'show.asof', { date: asOf })],
  };
}

/** The reply to `/target set`: what each month now has, and how the split was made. */
export function setTargetsCard(l: Locale, r: SetTargetsResult): Card {
  const text: string[] = [];
  const sections: Section[] = [];
  const p = r.period;
  const metrics = TARGET_METRICS.filter((m) => r.months.some((x) => x.metric === m));
  if (p.kind === 'month') text.push(...monthSetLines(l, r, metrics));
  else {
    for (const metric of metrics) {
      const rows = r.months.filter((x) => x.metric === metric);
      const [first] = rows;
      if (!first) continue;
      if (!isSummed(metric)) {
        const kept = rows.filter((x) => x.kept);
        text.push(rateSetLine(l, metric, rows.find((x) => !x.kept) ?? first, kept));
        continue;
      }
      const split = r.splits[metric];
      text.push(...splitNotes(l, metric, split, rows));
      sections.push(splitSection(l, p, metric, split, rows));
    }
  }
  if (r.backfill.length > 0) text.push(tTarget(l, 'set.backfill', { months: r.backfill.join(', ') }));
  return {
    title: tTarget(l, 'set.title', { period: p.key }),
    text: text.length > 0 ? text.join('\n') : undefined,
    sections: sections.length > 0 ? sections : undefined,
    tone: 'success',
    context: [tTarget(l, 'set.legend')],
  };
}

/** A month set on its own: each metric's new value (and the plan it replaced), then the year's sums. */
function monthSetLines(l: Locale, r: SetTargetsResult, metrics: TargetMetric[]): string[] {
  const p = r.period;
  const lines: string[] = [];
  for (const metric of metrics) {
    const row = r.months.find((x) => x.metric === metric);
    if (!row) continue;
    const before = r.before.find((b) => b.metric === metric);
    const value = formatTarget(l, metric, row.value, true);
    lines.push(
      before && before.planKey !== p.key
        ? tTarget(l, 'set.month_was', {
            metric: metricName(l, metric),
            value,
            before: formatTarget(l, metric, before.value, true),
            plan: before.planKey,
          })
        : tTarget(l, 'set.month_line', { metric: metricName(l, metric), value }),
    );
  }
  for (const metric of ['gmv', 'new_users'] as const) {
    const y = r.yearTotals[metric];
    if (!y || y.months <= 1) continue;
    lines.push(
      tTarget(l, 'set.month_others', {
        year: p.year,
        metric: metricName(l, metric),
        sum: formatTarget(l, metric, y.sum, true),
        n: y.months,
      }),
    );
  }
  return lines;
}

/** A rate (UV growth, ROI) set for a year or quarter: one value for every month but those kept. */
function rateSetLine(l: Locale, metric: TargetMetric, set: PlannedMonth, kept: PlannedMonth[]): string {
  const value = formatTarget(l, metric, set.value, true);
  return kept.length > 0
    ? tTarget(l, 'set.rate_kept', {
        metric: metricName(l, metric),
        value,
        months: kept.map((x) => x.month).join(', '),
      })
    : tTarget(l, 'set.rate', { metric: metricName(l, metric), value });
}

/** Why a summed total was split as it was: the overridden months it left alone, no GMV last year. */
function splitNotes(
  l: Locale,
  metric: 'gmv' | 'new_users',
  split: SplitInfo | undefined,
  rows: PlannedMonth[],
): string[] {
  const exact = (v: number) => formatTarget(l, metric, v, true);
  const kept = rows.filter((x) => x.kept);
  const notes: string[] = [];
  if (split && kept.length > 0) {
    notes.push(
      tTarget(l, 'set.kept', {
        months: kept.map((x) => x.month).join(', '),
        kept: exact(kept.reduce((a, x) => a + x.value, 0)),
        n: split.shared,
        rest: exact(split.rest),
      }),
    );
  }
  if (split?.weighting === 'equal' && split.missing.length > 0) {
    notes.push(tTarget(l, 'set.equal_reason', { months: split.missing.join(', ') }));
  }
  return notes;
}

/** A summed total split over the months: each month's share (by last year's GMV, or equal) and the sum. */
function splitSection(
  l: Locale,
  p: Period,
  metric: 'gmv' | 'new_users',
  split: SplitInfo | undefined,
  rows: PlannedMonth[],
): Section {
  const total = rows.reduce((a, x) => a + x.value, 0);
  const weights = rows.reduce((a, x) => a + (x.weight ?? 0), 0);
  const exact = (v: number) => formatTarget(l, metric, v, true);
  const lastYear = p.year - 1;
  const lines = rows.map((x) => {
    if (x.kept) return tTarget(l, 'set.line.kept', { month: x.month, value: exact(x.value) });
    if (x.weight !== undefined) {
      return tTarget(l, 'set.line.weighted', {
        month: x.month,
        value: exact(x.value),
        ly: `${lastYear}${x.month.slice(4)}`,
        weight: formatMoney(x.weight, l, { compact: true }),
        share: formatPct(x.weight / weights, l, 2),
      });
    }
    return tTarget(l, 'set.line', { month: x.month, value: exact(x.value) });
  });
  lines.push(tTarget(l, 'set.sum', { sum: exact(total) }));
  return {
    heading: tTarget(l, split?.weighting === 'last_year' ? 'set.split.last_year' : 'set.split.equal', {
      metric: metricName(l, metric),
      total: exact(split?.rest ?? total),
      year: lastYear,
      n: split?.shared ?? rows.length,
    }),
    lines,
  };
}

/** The monthly report's attainment lines: GMV against its target (with where the target came from), new users. */
export function reportTargetLines(
  l: Locale,
  month: string,
  goals: MonthGoals,
  newUsers: number | null,
): string[] {
  const g = goals.gmv;
  const money = (fen: number | null) => formatMoney(fen, l, { compact: true });
  const lines =
    g.value !== null && g.value > 0
      ? [
          tTarget(l, 'report.gmv', {
            gmv: money(g.actual),
            target: money(g.value),
            att: formatPct(attainment(g.actual, g.value), l),
          }),
          g.source === 'target'
            ? tTarget(l, 'report.source_target', { plan: g.plan ?? month })
            : g.source === 'setting'
              ? tTarget(l, 'report.source_setting')
              : tTarget(l, 'report.source_campaigns', { n: g.campaigns }),
        ]
      : [tTarget(l, 'report.none', { month })];
  // Only a month's own target: a campaigns' sum is compared with the month's new users in the scorecard row.
  const u = goals.newUsers;
  if (u.value !== null && u.source === 'target') {
    lines.push(
      tTarget(l, 'report.new_users', {
        actual: formatCount(newUsers, l),
        target: formatCount(u.value, l),
        att: formatPct(attainment(newUsers, u.value), l),
        source: tTarget(l, 'report.new_users_target'),
      }),
    );
  }
  return lines;
}
