/**
 * `npm run bench baselines`: how often the digests' anomaly rule cries wolf on ordinary days, and how often
 * it catches a real 40% drop on the day it happens, on synthetic channels (seeded, so every run gives the
 * same figures). Three rules side by side on the same series:
 * - the old rule: a change of more than ±20% against the day before or the same weekday a week before;
 * - the same-weekday median and MAD of the last 6 weeks (the earlier attempt: 6 points for the scale);
 * - the rule the digests use (src/domain/baselines.ts): same-weekday median of 8 weeks, scale from the
 *   leave-one-out residuals of all 56 days, Poisson floor, |z| ≥ 3.
 */
import { median, medianAbsoluteDeviation } from 'simple-statistics';
import { WEEKDAY_HABITS } from '../src/demo/metrics';
import { mulberry32, type Rng } from '../src/demo/random';
import { BASELINE_WEEKS, DAILY_RULES, DEFAULT_ANOMALY_Z, judge, type Point } from '../src/domain/baselines';
import { mdTable } from './lib';

const SEED = 20261202;
const SERIES_PER_CLASS = Number(process.env.BENCH_BASELINE_SERIES ?? 200);
const HISTORY_DAYS = BASELINE_WEEKS * 7;
/** Days judged per series after the 8 weeks of history. */
const EVAL_DAYS = 84;
/** Drops injected per series (each on a copy of the series, on a different day). */
const DROPS_PER_SERIES = 4;
const DROP = 0.6;

/** Orders per day of a channel's ordinary weekday. */
const CLASSES = [
  { name: 'small (50–200 orders/day)', lo: 50, hi: 200 },
  { name: 'mid (200–2,000)', lo: 200, hi: 2000 },
  { name: 'large (2,000–20,000)', lo: 2000, hi: 20_000 },
] as const;

type Metric = 'orders' | 'gmv' | 'cvr' | 'clicks';
const METRICS: Metric[] = ['orders', 'gmv', 'cvr'];
/** A lost traffic source: clicks, orders and GMV fall by 40%, CVR stays. */
const TRAFFIC_METRICS: Metric[] = ['clicks', 'orders', 'gmv'];
type DropKind = 'conversion' | 'traffic';

/** A Poisson draw: by inversion up to λ = 500, the normal approximation above (its skew is < 5% there). */
function poisson(rng: Rng, lambda: number): number {
  if (lambda > 500) {
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  const u = rng.next();
  while (u > cdf && k < 10 * lambda + 50) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

interface Channel {
  orders: number;
  cvr: number;
  aov: number;
  habit: readonly number[];
  /** Day-to-day traffic noise (log sd) and conversion noise. */
  trafficNoise: number;
  convNoise: number;
  /** Relative drift over the whole series. */
  trend: number;
  /** Campaign days in the history: known events, not counted as false flags (but they stay in the history). */
  promos: Set<number>;
}

function channelOf(rng: Rng, cls: (typeof CLASSES)[number]): Channel {
  const habits = Object.values(WEEKDAY_HABITS);
  const promos = new Set<number>();
  for (let d = 0; d < HISTORY_DAYS + EVAL_DAYS; d++) if (rng.next() < 0.03) promos.add(d);
  return {
    orders: Math.exp(rng.between(Math.log(cls.lo), Math.log(cls.hi))),
    cvr: rng.between(0.015, 0.06),
    aov: rng.between(60, 300),
    habit: rng.pick(habits),
    trafficNoise: rng.between(0.03, 0.08),
    convNoise: rng.between(0.02, 0.05),
    trend: rng.between(-0.15, 0.15),
    promos,
  };
}

interface Day {
  dow: number;
  /** The orders the channel's habit and drift lead one to expect that day (no noise, no drop): for the oracle. */
  mu: number;
  clicks: number;
  orders: number;
  gmv: number;
}

/**
 * One series; with `drop`, the conversion (a broken checkout) or the traffic (a lost ad slot) falls by 40% from
 * that day on.
 */
function series(c: Channel, seed: number, drop?: { from: number; kind: DropKind }): Day[] {
  const dropped = (d: number, kind: DropKind) => (drop && drop.kind === kind && d >= drop.from ? DROP : 1);
  const rng = mulberry32(seed);
  const days: Day[] = [];
  const n = HISTORY_DAYS + EVAL_DAYS;
  for (let d = 0; d < n; d++) {
    const dow = d % 7;
    const promo = c.promos.has(d) ? 1.8 : 1;
    const expected = (c.orders / c.cvr) * c.habit[dow]! * (1 + (c.trend * d) / n);
    const traffic = expected * rng.wobble(c.trafficNoise) * dropped(d, 'traffic');
    const clicks = poisson(rng, traffic * promo);
    const conv = c.cvr * rng.wobble(c.convNoise) * dropped(d, 'conversion');
    const orders = poisson(rng, clicks * conv);
    // Order values vary (coefficient of variation 0.8), so GMV wobbles by 0.8/√orders beyond the count.
    const gmv = Math.round(orders * c.aov * 100 * rng.wobble(0.8 / Math.sqrt(Math.max(1, orders))));
    days.push({ dow, mu: expected * c.cvr, clicks, orders, gmv });
  }
  return days;
}

const figureOf = (d: Day, m: Metric): number | null =>
  m === 'cvr' ? (d.clicks > 0 ? d.orders / d.clicks : null) : d[m];

type Rule = (days: Day[], i: number, m: Metric, c: Channel) => boolean;

/** The old digest rule: |d/d| or |w/w| over 20%. */
const oldRule: Rule = (days, i, m) => {
  const v = figureOf(days[i]!, m);
  return [days[i - 1]!, days[i - 7]!].some((p) => {
    const b = figureOf(p, m);
    return v !== null && b !== null && b > 0 && Math.abs(v / b - 1) > 0.2;
  });
};

/** The earlier attempt: median and MAD of the same weekday over the last 6 weeks only. */
const sixWeekMad: Rule = (days, i, m) => {
  const v = figureOf(days[i]!, m);
  const ys = [1, 2, 3, 4, 5, 6]
    .map((w) => figureOf(days[i - 7 * w]!, m))
    .filter((x): x is number => x !== null && x > 0)
    .map(Math.log);
  if (v === null || v <= 0 || ys.length < 3) return false;
  const sigma = Math.max(1.4826 * medianAbsoluteDeviation(ys), 0.02);
  return Math.abs((Math.log(v) - median(ys)) / sigma) >= DEFAULT_ANOMALY_Z;
};

/** The digests' rule. */
const newRule: Rule = (days, i, m) => {
  const history: Point[] = days.slice(i - HISTORY_DAYS, i).map((d) => ({
    slot: d.dow,
    value: figureOf(d, m),
    events: m === 'clicks' ? d.clicks : d.orders,
  }));
  const v = judge({
    value: figureOf(days[i]!, m),
    slot: days[i]!.dow,
    history,
    prev: figureOf(days[i - 1]!, m),
    threshold: DEFAULT_ANOMALY_Z,
    rules: DAILY_RULES,
  });
  return v?.flag ?? false;
};

/**
 * Not a rule anyone can run: it knows each channel's true expected figure and its true noise (traffic,
 * conversion, Poisson and order-value spread), so it shows the best any |z| ≥ 3 rule could do.
 */
const oracle: Rule = (days, i, m, c) => {
  const d = days[i]!;
  const v = figureOf(d, m);
  if (v === null || v <= 0) return true;
  if (m === 'clicks') {
    const expected = d.mu / c.cvr;
    return (
      Math.abs(Math.log(v / expected)) / Math.sqrt(c.trafficNoise ** 2 + 1 / expected) >= DEFAULT_ANOMALY_Z
    );
  }
  const poissonVar = (m === 'gmv' ? 1.64 : 1) / d.mu;
  const traffic = m === 'cvr' ? 0 : c.trafficNoise ** 2;
  const expected = m === 'cvr' ? c.cvr : m === 'orders' ? d.mu : d.mu * c.aov * 100;
  const sd = Math.sqrt(traffic + c.convNoise ** 2 + poissonVar);
  return Math.abs(Math.log(v / expected)) / sd >= DEFAULT_ANOMALY_Z;
};

const RULES: [string, Rule][] = [
  ['old rule: ±20% d/d or w/w (baseline)', oldRule],
  ['same-weekday median + MAD, 6 weeks (earlier attempt)', sixWeekMad],
  ['**same-weekday median, MAD of 56 leave-one-out residuals, Poisson floor (digests)**', newRule],
  ['oracle: knows the true level and noise (the ceiling at z = 3)', oracle],
];

interface Tally {
  falseFlags: number;
  days: number;
  caught: number;
  drops: number;
}

/** Per rule and size: drops where at least one of the channel's three figures was flagged. */
interface AnyTally {
  caught: number;
  drops: number;
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(2)}%`);

export async function benchBaselines(): Promise<string> {
  // tallies[rule][class][metric]
  const tallies = RULES.map(() =>
    CLASSES.map(() =>
      Object.fromEntries(METRICS.map((m) => [m, { falseFlags: 0, days: 0, caught: 0, drops: 0 } as Tally])),
    ),
  );
  const anyFigure: AnyTally[][] = RULES.map(() => CLASSES.map(() => ({ caught: 0, drops: 0 })));
  // Traffic drops: per rule and size, [clicks flagged, any of clicks/orders/GMV flagged], and clicks' false flags.
  const trafficAny: AnyTally[][] = RULES.map(() => CLASSES.map(() => ({ caught: 0, drops: 0 })));
  const trafficClicks: AnyTally[][] = RULES.map(() => CLASSES.map(() => ({ caught: 0, drops: 0 })));
  const clickFalse: AnyTally[][] = RULES.map(() => CLASSES.map(() => ({ caught: 0, drops: 0 })));
  const rng = mulberry32(SEED);
  const t0 = performance.now();
  CLASSES.forEach((cls, ci) => {
    for (let s = 0; s < SERIES_PER_CLASS; s++) {
      const c = channelOf(rng, cls);
      const seed = rng.int(1, 2 ** 31);
      const stable = series(c, seed);
      for (let i = HISTORY_DAYS; i < HISTORY_DAYS + EVAL_DAYS; i++) {
        // A campaign day is a real event, and so is the day after it for the day-over-day rule: neither is an
        // ordinary day to count false flags on.
        if (c.promos.has(i)) continue;
        for (const m of METRICS) {
          RULES.forEach(([, rule], ri) => {
            const t = tallies[ri]![ci]![m]!;
            t.days++;
            if (rule(stable, i, m, c)) t.falseFlags++;
          });
        }
        RULES.forEach(([, rule], ri) => {
          const t = clickFalse[ri]![ci]!;
          t.drops++;
          if (rule(stable, i, 'clicks', c)) t.caught++;
        });
      }
      for (let k = 0; k < DROPS_PER_SERIES; k++) {
        const at = HISTORY_DAYS + Math.floor(((k + rng.next()) * EVAL_DAYS) / DROPS_PER_SERIES);
        if (c.promos.has(at)) continue;
        const lost = series(c, seed, { from: at, kind: 'traffic' });
        RULES.forEach(([, rule], ri) => {
          const flags = TRAFFIC_METRICS.map((m) => rule(lost, at, m, c));
          const any = trafficAny[ri]![ci]!;
          any.drops++;
          if (flags.some(Boolean)) any.caught++;
          const clicks = trafficClicks[ri]![ci]!;
          clicks.drops++;
          if (flags[0]) clicks.caught++;
        });
        const dropped = series(c, seed, { from: at, kind: 'conversion' });
        RULES.forEach(([, rule], ri) => {
          let any = false;
          for (const m of METRICS) {
            const t = tallies[ri]![ci]![m]!;
            t.drops++;
            if (rule(dropped, at, m, c)) {
              t.caught++;
              any = true;
            }
          }
          const a = anyFigure[ri]![ci]!;
          a.drops++;
          if (any) a.caught++;
        });
      }
    }
  });
  const secs = (performance.now() - t0) / 1000;

  const sum = (ri: number, pick: (t: Tally) => number, ci?: number) =>
    CLASSES.flatMap((_, c) => (ci === undefined || c === ci ? METRICS.map((m) => tallies[ri]![c]![m]!) : []))
      .map(pick)
      .reduce((a, b) => a + b, 0);

  const overall = mdTable(
    [
      'rule',
      'false flags (ordinary channel-days)',
      'caught 40% drops (same day, per figure)',
      'small channels: false / caught',
      'drops where the channel shows a flag (any figure): small / mid / large',
    ],
    RULES.map(([name], ri) => [
      name,
      pct(
        sum(ri, (t) => t.falseFlags),
        sum(ri, (t) => t.days),
      ),
      pct(
        sum(ri, (t) => t.caught),
        sum(ri, (t) => t.drops),
      ),
      `${pct(
        sum(ri, (t) => t.falseFlags, 0),
        sum(ri, (t) => t.days, 0),
      )} / ${pct(
        sum(ri, (t) => t.caught, 0),
        sum(ri, (t) => t.drops, 0),
      )}`,
      anyFigure[ri]!.map((a) => pct(a.caught, a.drops)).join(' / '),
    ]),
  );
  const detail = mdTable(
    ['rule', 'size', ...METRICS.map((m) => `${m}: false / caught`)],
    RULES.flatMap(([name], ri) =>
      CLASSES.map((cls, ci) => [
        ri === 0 ? name.replace(/ \(.*\)$/, '') : name.replace(/\*\*/g, '').replace(/ \(.*\)$/, ''),
        cls.name,
        ...METRICS.map((m) => {
          const t = tallies[ri]![ci]![m]!;
          return `${pct(t.falseFlags, t.days)} / ${pct(t.caught, t.drops)}`;
        }),
      ]),
    ),
  );
  const days = sum(0, (t) => t.days);
  const drops = sum(0, (t) => t.drops);
  return [
    `### Anomaly flags on synthetic channels (${SERIES_PER_CLASS} channels per size, ${EVAL_DAYS} judged days each after ${HISTORY_DAYS} days of history, seed ${SEED})`,
    '',
    `Each channel has a weekday habit (the demo's shopping, reading, office or community week), day-to-day traffic noise of 3–8%, conversion noise of 2–5%, a drift of up to ±15% over the series, Poisson counts (clicks, orders), order values with a coefficient of variation of 0.8, and campaign days (3%, ×1.8 traffic) in the history. Each figure (orders, GMV, CVR = orders ÷ clicks) of each ordinary day is one channel-day (${days.toLocaleString('en')} in all; campaign days are not counted). A drop is the conversion falling by 40% from one day on (orders, GMV and CVR all fall by 40%); it is caught when the rule flags that figure on the day it happens (${drops.toLocaleString('en')} drop-days). Targets: false flags ≤ 2% of channel-days, drops caught ≥ 95%.`,
    '',
    overall,
    '',
    `A 40% traffic drop (a lost ad slot: clicks, orders and GMV fall by 40%, CVR stays), on the same channels and days:`,
    '',
    mdTable(
      [
        'rule',
        'clicks: false flags',
        'clicks: drops caught, small / mid / large',
        'channel shows a flag (clicks, orders or GMV): small / mid / large',
      ],
      RULES.map(([name], ri) => [
        name,
        pct(
          clickFalse[ri]!.reduce((a, t) => a + t.caught, 0),
          clickFalse[ri]!.reduce((a, t) => a + t.drops, 0),
        ),
        trafficClicks[ri]!.map((a) => pct(a.caught, a.drops)).join(' / '),
        trafficAny[ri]!.map((a) => pct(a.caught, a.drops)).join(' / '),
      ]),
    ),
    '',
    'Conversion drops by channel size and figure (false flags / drops caught):',
    '',
    detail,
    '',
    `A 40% drop on a 50-order day is 30 orders where about 50 ± 7 (Poisson) ± 3 (traffic and conversion noise) were expected: at |z| ≥ 3 no rule catches all of them, which the oracle row shows. Computed in ${secs.toFixed(1)} s.`,
  ].join('\n');
}
