/**
 * Daily channel figures for the demo: a funnel per channel (impressions → clicks → sessions/UV → orders →
 * buyers, GMV, spend, new users, bounces), shaped by weekday habits, campaign bumps, a 双11 peak and a slow
 * upward trend. Pure and seeded: the same plan and seed always give the same rows.
 */
import type { Channel } from '../domain/channels';
import { addDays, dayOfWeek, daysBetween } from '../domain/dates';
import type { MetricRow, MetricValues } from '../domain/metrics';
import type { DemoCampaign } from './plan';
import { mulberry32, type Rng, seedFor } from './random';

/** Weekday multipliers, Sunday first (as dayOfWeek). */
const SHOPPING = [1.18, 0.93, 0.91, 0.94, 0.97, 1.03, 1.21];
const READING = [1.1, 0.96, 0.95, 0.99, 1.0, 0.97, 1.08];
const OFFICE = [0.76, 1.09, 1.11, 1.09, 1.07, 1.0, 0.8];
const COMMUNITY = [0.9, 1.04, 1.05, 1.05, 1.05, 1.01, 0.92];

/** The weekday habits by name, for synthetic series elsewhere (bench/baselines.ts). */
export const WEEKDAY_HABITS = { SHOPPING, READING, OFFICE, COMMUNITY } as const;

interface Profile {
  channel: Channel;
  /** Paid channels start from impressions and clicks; owned channels from visitors. */
  paid: boolean;
  /** Paid: daily impressions; owned: daily UV. */
  base: number;
  ctr: number;
  /** Orders per click (paid) or per session (owned). */
  cvr: number;
  /** Average order value, yuan. */
  aov: number;
  /** Daily spend, yuan (paid only). */
  spend: number;
  newShare: number;
  bounce: number;
  pvPerUv: number;
  weekday: number[];
  /** How much of the 双11 swing this channel feels (1 = all of it). */
  eleven: number;
  /** Owned channels track followers / members as a running total. */
  followers?: number;
}

export const DEMO_CHANNELS: readonly Profile[] = [
  {
    channel: 'douyin',
    paid: true,
    base: 240_000,
    ctr: 0.016,
    cvr: 0.034,
    aov: 139,
    spend: 7300,
    newShare: 0.36,
    bounce: 0.47,
    pvPerUv: 2.3,
    weekday: SHOPPING,
    eleven: 1,
  },
  {
    channel: 'xiaohongshu',
    paid: true,
    base: 124_000,
    ctr: 0.022,
    cvr: 0.017,
    aov: 169,
    spend: 3100,
    newShare: 0.42,
    bounce: 0.41,
    pvPerUv: 2.9,
    weekday: READING,
    eleven: 0.6,
  },
  {
    channel: 'wechat_channels',
    paid: true,
    base: 96_000,
    ctr: 0.013,
    cvr: 0.026,
    aov: 129,
    spend: 2300,
    newShare: 0.31,
    bounce: 0.5,
    pvPerUv: 2.1,
    weekday: SHOPPING,
    eleven: 0.7,
  },
  {
    channel: 'baidu',
    paid: true,
    base: 60_000,
    ctr: 0.032,
    cvr: 0.022,
    aov: 199,
    spend: 2100,
    newShare: 0.55,
    bounce: 0.52,
    pvPerUv: 3.1,
    weekday: OFFICE,
    eleven: 0.3,
  },
  {
    channel: 'taobao',
    paid: true,
    base: 180_000,
    ctr: 0.028,
    cvr: 0.055,
    aov: 149,
    spend: 5700,
    newShare: 0.22,
    bounce: 0.38,
    pvPerUv: 4.2,
    weekday: SHOPPING,
    eleven: 1,
  },
  {
    channel: 'jd',
    paid: true,
    base: 104_000,
    ctr: 0.025,
    cvr: 0.05,
    aov: 189,
    spend: 3900,
    newShare: 0.2,
    bounce: 0.36,
    pvPerUv: 3.8,
    weekday: SHOPPING,
    eleven: 1,
  },
  {
    channel: 'pinduoduo',
    paid: true,
    base: 140_000,
    ctr: 0.03,
    cvr: 0.06,
    aov: 79,
    spend: 2600,
    newShare: 0.27,
    bounce: 0.4,
    pvPerUv: 3.5,
    weekday: SHOPPING,
    eleven: 0.9,
  },
  {
    channel: 'wechat_official',
    paid: false,
    base: 3000,
    ctr: 0,
    cvr: 0.021,
    aov: 159,
    spend: 0,
    newShare: 0.08,
    bounce: 0.44,
    pvPerUv: 1.6,
    weekday: READING,
    eleven: 0.5,
    followers: 128_000,
  },
  {
    channel: 'wecom_community',
    paid: false,
    base: 1800,
    ctr: 0,
    cvr: 0.045,
    aov: 169,
    spend: 0,
    newShare: 0.05,
    bounce: 0.3,
    pvPerUv: 2.2,
    weekday: COMMUNITY,
    eleven: 0.6,
    followers: 42_000,
  },
  {
    channel: 'website',
    paid: false,
    base: 4000,
    ctr: 0,
    cvr: 0.012,
    aov: 219,
    spend: 0,
    newShare: 0.5,
    bounce: 0.56,
    pvPerUv: 2.6,
    weekday: OFFICE,
    eleven: 0.4,
  },
];

interface Lift {
  traffic: number;
  conv: number;
  spend: number;
}

const NONE: Lift = { traffic: 1, conv: 1, spend: 1 };

/** The 双11 curve by days from Nov 11: pre-sale warm-up, the first wave, a wait, the peak, a slump. */
export function elevenLift(offset: number): Lift {
  if (offset === 0) return { traffic: 3.2, conv: 1.8, spend: 2.6 };
  if (offset === 1) return { traffic: 1.4, conv: 1.1, spend: 1.2 };
  if (offset >= 2 && offset <= 6) return { traffic: 0.88, conv: 0.92, spend: 0.85 };
  if (offset === -10) return { traffic: 1.7, conv: 1.6, spend: 1.8 };
  if (offset === -1) return { traffic: 1.6, conv: 1.0, spend: 2.0 };
  if (offset >= -9 && offset <= -2) return { traffic: 1.25, conv: 0.9, spend: 1.4 };
  if (offset >= -22 && offset <= -11) return { traffic: 1.15, conv: 0.95, spend: 1.3 };
  return NONE;
}

const CAMPAIGN_LIFT: Lift = { traffic: 1.35, conv: 1.12, spend: 1.6 };

function times(a: Lift, b: Lift, share = 1): Lift {
  const part = (x: number) => 1 + (x - 1) * share;
  return {
    traffic: a.traffic * part(b.traffic),
    conv: a.conv * part(b.conv),
    spend: a.spend * part(b.spend),
  };
}

function liftFor(p: Profile, date: string, campaigns: readonly DemoCampaign[]): Lift {
  let lift = NONE;
  for (const c of campaigns) {
    if (date >= c.startDate && date <= c.endDate && (c.channels as readonly string[]).includes(p.channel))
      lift = times(lift, CAMPAIGN_LIFT);
  }
  const eleven = elevenLift(daysBetween(`${date.slice(0, 4)}-11-11`, date));
  return times(lift, eleven, p.eleven);
}

/**
 * Something for yesterday's digest to flag: Xiaohongshu clicks fall by a third (creative fatigue) and
 * Douyin spend jumps without the orders to match.
 */
function shockFor(p: Profile, date: string, yesterday: string): { clicks: number; spend: number } {
  if (date !== yesterday) return { clicks: 1, spend: 1 };
  if (p.channel === 'xiaohongshu') return { clicks: 0.62, spend: 1 };
  if (p.channel === 'douyin') return { clicks: 1, spend: 1.45 };
  return { clicks: 1, spend: 1 };
}

function dayValues(
  p: Profile,
  date: string,
  progress: number,
  lift: Lift,
  shock: { clicks: number; spend: number },
  rng: Rng,
  followers: number | undefined,
): MetricValues {
  const r = Math.round;
  // A slow upward trend (+12% over the window) with weekday habits and daily noise.
  const traffic =
    p.base * (1 + 0.12 * progress) * (p.weekday[dayOfWeek(date)] ?? 1) * lift.traffic * rng.wobble(0.04);
  let sessions: number;
  let clicks: number | undefined;
  let impressions: number | undefined;
  if (p.paid) {
    impressions = r(traffic);
    clicks = Math.min(impressions, r(impressions * p.ctr * rng.wobble(0.03) * shock.clicks));
    sessions = r(clicks * 0.86 * rng.wobble(0.03));
  } else {
    sessions = r(traffic * 1.25);
  }
  const uv = Math.min(sessions, r(sessions * 0.82 * rng.wobble(0.02)));
  const pv = Math.max(sessions, r(uv * p.pvPerUv * rng.wobble(0.04)));
  const bounces = Math.min(sessions, r(sessions * p.bounce * rng.wobble(0.03)));
  const orders = Math.min(sessions, r((clicks ?? sessions) * p.cvr * lift.conv * rng.wobble(0.05)));
  const buyers = Math.min(orders, r(orders * 0.93 * rng.wobble(0.02)));
  const gmv = r(orders * p.aov * 100 * rng.wobble(0.03));
  const newUsers = Math.min(uv, r(uv * p.newShare * rng.wobble(0.04)));
  const values: MetricValues = { uv, pv, sessions, bounces, orders, buyers, gmv, new_users: newUsers };
  if (p.paid) {
    values.impressions = impressions;
    values.clicks = clicks;
    values.spend = r(p.spend * 100 * lift.spend * shock.spend * rng.wobble(0.03));
  }
  if (followers !== undefined) values.followers = followers;
  return values;
}

/** Rows per day for every demo channel over `days` (ascending), yesterday being the last day. */
export function demoMetricRows(
  days: readonly string[],
  campaigns: readonly DemoCampaign[],
  seed: number,
): MetricRow[][] {
  const last = days.at(-1);
  if (last === undefined) return [];
  const span = Math.max(1, days.length - 1);
  const channels = DEMO_CHANNELS.map((p) => ({ p, rng: mulberry32(seedFor(seed, p.channel)) }));
  const followers = new Map(DEMO_CHANNELS.map((p) => [p.channel, p.followers]));
  return days.map((date, i) =>
    channels.map(({ p, rng }) => {
      let count = followers.get(p.channel);
      if (count !== undefined) {
        // Members join faster during campaigns; a few leave every day.
        const lift = liftFor(p, date, campaigns);
        count += Math.round(count * 0.0015 * lift.traffic * rng.wobble(0.3)) - rng.int(10, 40);
        followers.set(p.channel, count);
      }
      const values = dayValues(
        p,
        date,
        i / span,
        liftFor(p, date, campaigns),
        shockFor(p, date, last),
        rng,
        count,
      );
      return { date, channel: p.channel, values };
    }),
  );
}

/** The campaign's own results from the generated rows, for its retro: GMV, spend, new users and ROI. */
export function campaignResults(
  rows: readonly MetricRow[][],
  c: Pick<DemoCampaign, 'channels' | 'startDate' | 'endDate'>,
): { gmvFen: number; spendFen: number; newUsers: number; roi: string } {
  let gmvFen = 0;
  let spendFen = 0;
  let newUsers = 0;
  for (const day of rows) {
    for (const r of day) {
      if (r.date < c.startDate || r.date > c.endDate) continue;
      if (!(c.channels as readonly string[]).includes(r.channel)) continue;
      gmvFen += r.values.gmv ?? 0;
      spendFen += r.values.spend ?? 0;
      newUsers += r.values.new_users ?? 0;
    }
  }
  const roi = spendFen > 0 ? (gmvFen / spendFen).toFixed(2) : '0';
  return { gmvFen, spendFen, newUsers, roi };
}

/** Per-channel daily averages over the last `n` generated days (a baseline for days not generated yet). */
function recentAverages(rows: readonly MetricRow[][], n: number): Map<string, MetricValues> {
  const recent = rows.slice(-n);
  const out = new Map<string, MetricValues>();
  for (const day of recent) {
    for (const r of day) {
      const acc = out.get(r.channel) ?? {};
      for (const [k, v] of Object.entries(r.values) as [keyof MetricValues, number][]) {
        acc[k] = (acc[k] ?? 0) + v / recent.length;
      }
      out.set(r.channel, acc);
    }
  }
  return out;
}

/**
 * What a campaign is expected to deliver, to size its budget and targets: the generated figures for days
 * already in the window, and for days still ahead the channel's recent average with the campaign bump.
 */
export function expectedResults(
  rows: readonly MetricRow[][],
  c: Pick<DemoCampaign, 'channels' | 'startDate' | 'endDate'>,
): { gmvFen: number; spendFen: number; newUsers: number } {
  const actual = campaignResults(rows, c);
  const last = rows[rows.length - 1]?.[0]?.date ?? c.startDate;
  const avg = recentAverages(rows, 14);
  let { gmvFen, spendFen, newUsers } = actual;
  for (let d = c.startDate; d <= c.endDate; d = addDays(d, 1)) {
    if (d <= last) continue;
    for (const ch of c.channels) {
      const a = avg.get(ch);
      if (!a) continue;
      gmvFen += (a.gmv ?? 0) * CAMPAIGN_LIFT.traffic * CAMPAIGN_LIFT.conv;
      spendFen += (a.spend ?? 0) * CAMPAIGN_LIFT.spend;
      newUsers += (a.new_users ?? 0) * CAMPAIGN_LIFT.traffic;
    }
  }
  return { gmvFen: Math.round(gmvFen), spendFen: Math.round(spendFen), newUsers: Math.round(newUsers) };
}

/** Average ad spend per day over the last `n` generated days, all channels together, in fen. */
export function recentDailySpendFen(rows: readonly MetricRow[][], n: number): number {
  const recent = rows.slice(-n);
  let total = 0;
  for (const day of recent) for (const r of day) total += r.values.spend ?? 0;
  return recent.length > 0 ? Math.round(total / recent.length) : 0;
}
