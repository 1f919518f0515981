import { monthTargets, rangeKpiSums, slaHits } from '../db/queries/digests';
import type { Card, Section } from '../src/chat/card';
import type { Locale } from '../src/chat/i18n';
import { td } from '../src/chat/messages/digests';
import { basisLines } from '../src/chat/messages/metrics';
import type { Deps } from '../src/deps';
import { budgetUsage } from '../src/domain/budget';
import { addDays, localDate, startOfLocalDay } from '../src/domain/dates';
import { attainment, change, DASH, formatChange, formatPct, formatRoi } from '../src/domain/kpi';
import { formatCount, formatMoney } from '../src/domain/money';
import type { Settings } from '../src/domain/settings';
import {
  budgetSection,
  byPeriod,
  channelName,
  channelsByGmv,
  type DigestBuild,
  type DigestOptions,
  type Figures,
  fmtChange,
  fmtValue,
  lateLine,
  lineOne,
  PERIOD_METRICS,
} from './digest-kit';
import { type JobResult, type RunOptions, runClaimed } from './runner';

/**
 * The scorecard's fixed targets: the example values of the manual's section 4.1 (ROI ≥ 3:1, budget usage
 * ≤ 105%, GMV +15%, official-site UV +20%) and the response deadlines it sets (24 h, 2 h) met every time.
 * The GMV and new-user targets are not fixed: they are the sums of the targets of the campaigns that end
 * in the month (`target_gmv`, `target_new_users`), so they follow what the team actually planned.
 */
export const MONTHLY_TARGETS = {
  roi: 3,
  budgetUsageMax: 1.05,
  gmvGrowth: 0.15,
  websiteUvGrowth: 0.2,
  onTimeRate: 1,
} as const;

const MONTH_METRICS = PERIOD_METRICS;
/** At most this many channels each as "strongest" and "weakest". */
const BEST_WORST = 3;

/** The calendar month before the one holding `now` (local), and the month before that. */
export function reportedMonth(now: Date, tz: string) {
  const firstOfThis = `${localDate(now, tz).slice(0, 7)}-01`;
  const to = addDays(firstOfThis, -1);
  const from = `${to.slice(0, 7)}-01`;
  const prevTo = addDays(from, -1);
  return {
    month: from.slice(0, 7),
    from,
    to,
    prevMonth: prevTo.slice(0, 7),
    prevFrom: `${prevTo.slice(0, 7)}-01`,
    prevTo,
    start: startOfLocalDay(from, tz),
    end: startOfLocalDay(firstOfThis, tz),
  };
}

type Status = 'pass' | 'miss' | 'na';
const MARK: Record<Status, string> = { pass: '✅', miss: '❌', na: '➖' };

interface Score {
  name: string;
  value: string;
  target: string;
  status: Status;
}

function scoreLine(locale: Locale, s: Score): string {
  return td(locale, 'score.line', { mark: MARK[s.status], name: s.name, value: s.value, target: s.target });
}

const judge = (ok: boolean | null): Status => (ok === null ? 'na' : ok ? 'pass' : 'miss');

/**
 * The monthly report (月报) for the last full month: GMV target attainment, the manual's 4.1 KPI scorecard
 * (value, target, met or missed), the month against the month before, and the strongest and weakest
 * channels by ROI. Used by the job and `/mops digest`.
 */
export async function buildMonthlyCard(
  deps: Deps,
  now: Date,
  settings: Settings,
  opts: DigestOptions = {},
): Promise<DigestBuild> {
  const locale = opts.locale ?? deps.config.locale;
  const m = reportedMonth(now, deps.config.tz);
  const [sums, targets, hits, usage] = await Promise.all([
    rangeKpiSums(deps.db, [
      { key: 'cur', from: m.from, to: m.to },
      { key: 'prev', from: m.prevFrom, to: m.prevTo },
    ]),
    monthTargets(deps.db, m.from, m.to),
    slaHits(deps.db, { from: m.start, to: m.end < now ? m.end : now }),
    budgetUsage(deps.db, m.month),
  ]);
  const periods = byPeriod(sums);
  const cur = periods.get('cur');
  const prev = periods.get('prev');
  const total: Figures | undefined = cur?.total;
  // A month GMV target from settings compares with all channels' GMV; otherwise campaign targets compare
  // with what those campaigns' retrospectives reported, never with the whole month's GMV.
  const monthTarget = settings.monthlyGmvTargetFen;
  const gmvActual = monthTarget ? total?.gmv : targets.campaignGmvFen;
  const gmvTarget = monthTarget ?? targets.gmvFen;
  const gmvAtt = attainment(gmvActual, gmvTarget);
  const money = (fen: number | null | undefined) => formatMoney(fen, locale, { compact: true });

  const sections: Section[] = [];
  sections.push({
    heading: td(locale, 'target.heading'),
    lines:
      gmvTarget !== null && gmvTarget > 0
        ? [
            td(locale, 'target.gmv', {
              gmv: money(gmvActual),
              target: money(gmvTarget),
              att: formatPct(gmvAtt, locale),
            }),
            monthTarget
              ? td(locale, 'target.source_setting')
              : td(locale, 'target.source', { n: targets.gmvCampaigns }),
          ]
        : [td(locale, 'target.none')],
  });

  const gmvGrowth = change(total?.gmv, prev?.total?.gmv);
  const uvNow = cur?.channels.get('website')?.uv ?? null;
  const uvGrowth = change(uvNow, prev?.channels.get('website')?.uv ?? null);
  const onTime = (k: 'feedback' | 'incident_response') =>
    hits[k].due > 0 ? hits[k].met / hits[k].due : null;
  const rate = usage.total.rate;
  const fb = onTime('feedback');
  const inc = onTime('incident_response');
  const newUsersTarget = targets.newUsers !== null && targets.newUsers > 0 ? targets.newUsers : null;
  const atLeast = (x: number | null, min: number) => (x === null ? null : x >= min);
  // The manual's target is for ad (投放) ROI: the paid-channel ROI, printed with its GMV in the totals.
  const adRoi = cur?.bases.roi?.value ?? total?.roi ?? null;
  const scores: Score[] = [
    {
      name: td(locale, 'score.roi'),
      value: formatRoi(adRoi),
      target: `≥ ${formatRoi(MONTHLY_TARGETS.roi)}`,
      status: judge(atLeast(adRoi, MONTHLY_TARGETS.roi)),
    },
    {
      name: td(locale, 'score.budget'),
      value: formatPct(rate, locale),
      target: `≤ ${formatPct(MONTHLY_TARGETS.budgetUsageMax, locale, 0)}`,
      // The band compares in integers, so exactly 105% passes as the manual's "≤ 105%" says.
      status: judge(rate === null ? null : usage.total.band !== '105'),
    },
    {
      name: td(locale, 'score.gmv_att'),
      value: formatPct(gmvAtt, locale),
      target: targets.gmvFen ? `≥ 100% (${money(targets.gmvFen)})` : DASH,
      status: judge(atLeast(gmvAtt, 1)),
    },
    {
      name: td(locale, 'score.gmv_growth'),
      value: formatChange(gmvGrowth, locale).text,
      target: `≥ +${formatPct(MONTHLY_TARGETS.gmvGrowth, locale, 0)}`,
      status: judge(atLeast(gmvGrowth, MONTHLY_TARGETS.gmvGrowth)),
    },
    {
      name: td(locale, 'score.new_users'),
      value: formatCount(total?.newUsers ?? null, locale, { compact: true }),
      target:
        newUsersTarget === null
          ? td(locale, 'score.no_target')
          : `≥ ${formatCount(newUsersTarget, locale, { compact: true })}`,
      status: newUsersTarget === null ? 'na' : judge(atLeast(total?.newUsers ?? null, newUsersTarget)),
    },
    {
      name: td(locale, 'score.website_uv'),
      value: formatChange(uvGrowth, locale).text,
      target: `≥ +${formatPct(MONTHLY_TARGETS.websiteUvGrowth, locale, 0)}`,
      status: judge(atLeast(uvGrowth, MONTHLY_TARGETS.websiteUvGrowth)),
    },
    {
      name: td(locale, 'score.feedback_sla'),
      value: fb === null ? DASH : `${formatPct(fb, locale)} (${hits.feedback.met}/${hits.feedback.due})`,
      target: formatPct(MONTHLY_TARGETS.onTimeRate, locale, 0),
      status: judge(atLeast(fb, MONTHLY_TARGETS.onTimeRate)),
    },
    {
      name: td(locale, 'score.incident_sla'),
      value:
        inc === null
          ? DASH
          : `${formatPct(inc, locale)} (${hits.incident_response.met}/${hits.incident_response.due})`,
      target: formatPct(MONTHLY_TARGETS.onTimeRate, locale, 0),
      status: judge(atLeast(inc, MONTHLY_TARGETS.onTimeRate)),
    },
  ];
  sections.push({ heading: td(locale, 'score.heading'), lines: scores.map((x) => scoreLine(locale, x)) });

  let text: string;
  if (!total) {
    text = td(locale, 'monthly.empty', { month: m.month });
  } else {
    text = td(locale, 'monthly.headline', {
      gmv: fmtValue(locale, 'gmv', total.gmv),
      att: formatPct(gmvAtt, locale),
      spend: fmtValue(locale, 'spend', total.spend),
      roi: fmtValue(locale, 'roi', total.roi),
    });
    sections.push({
      heading: td(locale, 'monthly.totals'),
      lines: [
        ...MONTH_METRICS.map((k) => lineOne(locale, k, total, prev?.total)),
        ...basisLines(locale, cur?.bases ?? {}),
      ],
    });
    const ranked = channelsByGmv(cur)
      .filter(([, f]) => f.roi !== null)
      .sort(([ca, a], [cb, b]) => b.roi! - a.roi! || ca.localeCompare(cb));
    const line = ([c, f]: [string, Figures]) =>
      td(locale, 'best.line', {
        channel: channelName(locale, c),
        roi: fmtValue(locale, 'roi', f.roi),
        gmv: fmtValue(locale, 'gmv', f.gmv),
        c: fmtChange(locale, 'gmv', f.gmv, prev?.channels.get(c)?.gmv ?? null).text,
        uv: fmtValue(locale, 'uv', f.uv),
        uvc: fmtChange(locale, 'uv', f.uv, prev?.channels.get(c)?.uv ?? null).text,
      });
    if (ranked.length === 0) {
      sections.push({ heading: td(locale, 'best.heading'), lines: [td(locale, 'best.none')] });
    } else {
      // Split so no channel is both "strongest" and "weakest" when only a few have ROI.
      const bestN = Math.min(BEST_WORST, Math.ceil(ranked.length / 2));
      const worstN = Math.min(BEST_WORST, ranked.length - bestN);
      sections.push({ heading: td(locale, 'best.heading'), lines: ranked.slice(0, bestN).map(line) });
      if (worstN > 0) {
        sections.push({
          heading: td(locale, 'worst.heading'),
          lines: ranked.slice(-worstN).reverse().map(line),
        });
      }
    }
  }
  sections.push(budgetSection(locale, usage));

  const scoreFails = scores.filter((x) => x.status === 'miss').length;
  const card: Card = {
    title: td(locale, 'monthly.title', { month: m.month }),
    text,
    sections,
    context: [
      td(locale, 'monthly.legend', { prev: m.prevMonth }),
      td(locale, 'legend.formulas'),
      td(locale, 'score.legend'),
      td(locale, 'score.untracked'),
      ...(opts.late ? [lateLine(deps, 'monthly-report', now, settings, locale)] : []),
    ],
    tone: scoreFails > 0 ? 'warning' : 'info',
  };
  return {
    card,
    summary: {
      month: m.month,
      empty: !total,
      channels: cur?.channels.size ?? 0,
      gmvAttainment: gmvAtt,
      missed: scoreFails,
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
