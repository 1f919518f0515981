/** A/B test cards: pure functions from a test and its statistics to a neutral Card. */

import type { AbTest } from '../../../db/schema';
import type { AbVerdict } from '../../domain/ab-stats';
import type { AbTestView, ArmCounts } from '../../domain/abtests';
import { AB_METRIC, AB_STATUS } from '../../domain/abtests';
import { channelLabel } from '../../domain/channels';
import { DASH, formatPct, formatPp } from '../../domain/kpi';
import { formatCount } from '../../domain/money';
import type { Card, Mention, Section } from '../card';
import { parseActorKey } from '../command';
import type { Locale } from '../i18n';
import { tAbtest } from '../messages/abtest';

/** A p-value as people read it: two significant digits, `<0.001` below that. */
export function formatP(p: number): string {
  if (p < 0.001) return '<0.001';
  return String(Number(p.toPrecision(2)));
}

const metricName = (l: Locale, t: AbTest) => AB_METRIC.label(t.metric, l);
const winnerName = (l: Locale, w: AbTest['winner']) => tAbtest(l, `winner.${w ?? 'none'}`);
const count = (l: Locale, n: number) => formatCount(n, l);

function signedPct(x: number | null, l: Locale): string {
  if (x === null) return DASH;
  const s = formatPct(x, l);
  return x > 0 && s !== DASH ? `+${s}` : s;
}

function ownerOf(key: string): { text: string; mention?: Mention } {
  const a = parseActorKey(key);
  return a ? { text: `@${a.userId}`, mention: { platform: a.platform, userId: a.userId } } : { text: key };
}

/** The verdict in a few words, for lists and the weekly digest. */
export function shortVerdict(l: Locale, v: AbTestView): string {
  if (v.test.status === 'closed') return tAbtest(l, 'short.closed', { winner: winnerName(l, v.test.winner) });
  return tAbtest(l, `short.${v.result.verdict}`, { p: formatP(v.result.p) });
}

/** The lines that settle a test: both rates, lift with the CI of the difference, p, verdict, sample needed. */
export function abResultLines(l: Locale, v: AbTestView): string[] {
  const { test: t, result: r } = v;
  const lines = [
    tAbtest(l, 'arm.line', {
      arm: 'A',
      conversions: count(l, t.aConversions),
      visitors: count(l, t.aVisitors),
      rate: formatPct(r.rateA, l, 2),
    }),
    tAbtest(l, 'arm.line', {
      arm: 'B',
      conversions: count(l, t.bConversions),
      visitors: count(l, t.bVisitors),
      rate: formatPct(r.rateB, l, 2),
    }),
    tAbtest(l, 'lift.line', {
      lift: signedPct(r.lift, l),
      diff: formatPp(r.diff * 100, l, 2),
      low: formatPp(r.ciLow * 100, l, 2),
      high: formatPp(r.ciHigh * 100, l, 2),
    }),
  ];
  if (r.verdict !== 'too_small') {
    lines.push(tAbtest(l, 'p.line', { p: formatP(r.p), z: r.z.toFixed(2) }));
  }
  lines.push(
    r.verdict === 'too_small'
      ? tAbtest(l, 'verdict.too_small', { min: r.minExpected.toFixed(1) })
      : tAbtest(l, `verdict.${r.verdict}`),
  );
  if (r.verdict === 'no_verdict' || r.verdict === 'too_small') {
    lines.push(
      r.neededPerArm === null
        ? tAbtest(l, 'needed.none')
        : tAbtest(l, 'needed.line', {
            lift: signedPct(r.lift, l),
            n: count(l, r.neededPerArm),
            unit: tAbtest(l, `unit.${t.metric}`),
            a: count(l, t.aVisitors),
            b: count(l, t.bVisitors),
          }),
    );
  }
  return lines;
}

const tone = (v: AbVerdict): Card['tone'] => (v === 'a_wins' || v === 'b_wins' ? 'success' : 'info');

/** The full card of one test; `title` replaces the default heading (created / updated / closed). */
export function abTestCard(l: Locale, v: AbTestView, opts: { title?: string; note?: string[] } = {}): Card {
  const t = v.test;
  const owner = ownerOf(t.owner);
  return {
    title: opts.title ?? tAbtest(l, 'title.show', { code: t.code, name: t.name, metric: metricName(l, t) }),
    text: [...(opts.note ?? []), ...abResultLines(l, v)].join('\n'),
    tone: t.status === 'closed' ? 'info' : tone(v.result.verdict),
    fields: [
      { label: tAbtest(l, 'field.metric'), value: metricName(l, t) },
      ...(t.channel ? [{ label: tAbtest(l, 'field.channel'), value: channelLabel(t.channel, l) }] : []),
      { label: tAbtest(l, 'field.owner'), value: owner.text },
      {
        label: tAbtest(l, 'field.status'),
        value:
          t.status === 'closed'
            ? `${AB_STATUS.label('closed', l)} · ${winnerName(l, t.winner)}`
            : AB_STATUS.label('open', l),
      },
    ],
    mentions: owner.mention ? [owner.mention] : undefined,
    context: [
      ...(v.peeking && t.status === 'open' ? [tAbtest(l, 'peeking', { n: t.updates })] : []),
      tAbtest(l, 'legend', { base: tAbtest(l, `base.${t.metric}`) }),
    ],
  };
}

const createdTitle = (l: Locale, t: AbTest) => tAbtest(l, 'title.created', { code: t.code, name: t.name });

/** The "added this time" line of an update. */
function addedLine(l: Locale, added: ArmCounts): string {
  const c = (n: number | undefined) => count(l, n ?? 0);
  return tAbtest(l, 'added.line', {
    av: c(added.a_visitors),
    ac: c(added.a_conversions),
    bv: c(added.b_visitors),
    bc: c(added.b_conversions),
  });
}

const updatedTitle = (l: Locale, t: AbTest) => tAbtest(l, 'title.updated', { code: t.code, name: t.name });

/** The close reply's title, and a note when the recorded winner disagrees with the statistics. */
function closedTitleAndNote(
  l: Locale,
  v: AbTestView & { alreadyClosed: boolean },
): { title: string; note: string[] } {
  const t = v.test;
  const winner = winnerName(l, t.winner);
  if (v.alreadyClosed)
    return { title: tAbtest(l, 'title.already_closed', { code: t.code, winner }), note: [] };
  const stats: Record<AbVerdict, string> = {
    a_wins: 'a',
    b_wins: 'b',
    no_verdict: 'none',
    too_small: 'none',
  };
  const note =
    stats[v.result.verdict] === t.winner
      ? []
      : [
          tAbtest(l, 'closed.against', {
            winner,
            verdict: shortVerdict(l, { ...v, test: { ...t, status: 'open' } }),
          }),
        ];
  return { title: tAbtest(l, 'title.closed', { code: t.code, name: t.name, winner }), note };
}

/** `/abtest new`: the new test's card under a "created" title. */
export function abTestCreatedCard(l: Locale, v: AbTestView): Card {
  return abTestCard(l, v, { title: createdTitle(l, v.test) });
}

/** `/abtest update`: the test's card with what this update added. */
export function abTestUpdatedCard(l: Locale, v: AbTestView & { added: ArmCounts }): Card {
  return abTestCard(l, v, { title: updatedTitle(l, v.test), note: [addedLine(l, v.added)] });
}

/** `/abtest close`: the closed test, noting a recorded winner the statistics do not back. */
export function abTestClosedCard(l: Locale, v: AbTestView & { alreadyClosed: boolean }): Card {
  return abTestCard(l, v, closedTitleAndNote(l, v));
}

/** One list row. */
export function abTestLine(l: Locale, v: AbTestView): string {
  const t = v.test;
  return tAbtest(l, 'list.line', {
    code: t.code,
    status: AB_STATUS.label(t.status, l),
    name: t.name.length > 30 ? `${t.name.slice(0, 29)}…` : t.name,
    metric: metricName(l, t),
    a: formatPct(v.result.rateA, l, 2),
    b: formatPct(v.result.rateB, l, 2),
    verdict: shortVerdict(l, v),
  });
}

/** The weekly digest's A/B section: tests that reached a verdict (or were closed) this week; none → no section. */
export function abDigestSection(l: Locale, views: AbTestView[], max = 6): Section | undefined {
  if (views.length === 0) return undefined;
  const lines = views.slice(0, max).map((v) =>
    tAbtest(l, 'digest.line', {
      code: v.test.code,
      name: v.test.name.length > 24 ? `${v.test.name.slice(0, 23)}…` : v.test.name,
      metric: metricName(l, v.test),
      a: formatPct(v.result.rateA, l, 2),
      b: formatPct(v.result.rateB, l, 2),
      lift: signedPct(v.result.lift, l),
      verdict: shortVerdict(l, v),
    }),
  );
  if (views.length > max) lines.push(tAbtest(l, 'digest.more', { n: views.length - max }));
  return { heading: tAbtest(l, 'digest.heading'), lines };
}
