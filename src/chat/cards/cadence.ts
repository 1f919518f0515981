/** Publishing cadence cards (`/content plan`, the owner's reminder, the 周报 lines), from plans and pace figures. */
import { channelLabel } from '../../domain/channels';
import type { Card, Mention } from '../card';
import { parseActorKey } from '../command';
import type { Locale } from '../i18n';
import { tCadence } from '../messages/cadence';

export interface PlanView {
  channel: string;
  perWeek: number | null;
  perDay: number | null;
  workdays: boolean;
  owner: string;
}

export interface PaceView {
  planned: number;
  expected: number;
  published: number;
  countsToday: boolean;
  slipping: boolean;
  period: 'week' | 'day';
}

const chan = (locale: Locale, c: string) => channelLabel(c as never, locale);
const ownerText = (key: string) => parseActorKey(key)?.userId ?? key;

export function planText(locale: Locale, p: PlanView): { plan: string; workdays: string } {
  return {
    plan: p.perDay
      ? tCadence(locale, 'plan.day', { n: p.perDay })
      : tCadence(locale, 'plan.week', { n: p.perWeek ?? 0 }),
    workdays: p.workdays ? tCadence(locale, 'plan.workdays') : '',
  };
}

export function progressText(locale: Locale, x: PaceView): string {
  if (!x.countsToday && x.period === 'day') return tCadence(locale, 'progress.off');
  return x.period === 'day'
    ? tCadence(locale, 'progress.day', { published: x.published, planned: x.planned })
    : tCadence(locale, 'progress.week', { published: x.published, planned: x.planned, expected: x.expected });
}

const mark = (x: PaceView) => (x.slipping ? '⚠️' : x.published >= x.expected ? '✅' : '➖');

/** `/content plan`: every channel's plan with where it stands today. */
export function cadenceCard(locale: Locale, date: string, rows: { plan: PlanView; pace: PaceView }[]): Card {
  return {
    title: tCadence(locale, 'plan.title', { date }),
    text: rows.length === 0 ? tCadence(locale, 'plan.none') : undefined,
    sections:
      rows.length === 0
        ? undefined
        : [
            {
              lines: rows.map((r) =>
                tCadence(locale, 'plan.line', {
                  mark: mark(r.pace),
                  channel: chan(locale, r.plan.channel),
                  ...planText(locale, r.plan),
                  progress: progressText(locale, r.pace),
                  owner: ownerText(r.plan.owner),
                }),
              ),
            },
          ],
    context: [tCadence(locale, 'plan.legend')],
  };
}

/** The reminder to a channel's owner when its cadence slips. */
export function cadenceReminder(locale: Locale, date: string, plan: PlanView, x: PaceView): Card {
  const a = parseActorKey(plan.owner);
  const mentions: Mention[] = a ? [{ platform: a.platform, userId: a.userId }] : [];
  return {
    title: tCadence(locale, 'remind.title', { channel: chan(locale, plan.channel) }),
    text: tCadence(locale, x.period === 'day' ? 'remind.day' : 'remind.week', {
      date,
      published: x.published,
      planned: x.planned,
      expected: x.expected,
    }),
    context: [tCadence(locale, 'remind.hint', { channel: plan.channel })],
    mentions,
    tone: 'warning',
  };
}

/** The weekly digest's section: planned vs published per planned channel. */
export function cadenceDigestLines(
  locale: Locale,
  rows: { channel: string; planned: number; published: number }[],
): string[] {
  return rows.map((r) =>
    tCadence(locale, 'digest.line', {
      mark: r.published >= r.planned ? '✅' : '⚠️',
      channel: chan(locale, r.channel),
      published: r.published,
      planned: r.planned,
    }),
  );
}

/** `/content plan channel=…`: the plan as set, and what it replaced. */
export function planSetCard(locale: Locale, plan: PlanView, before: PlanView | null | undefined): Card {
  return {
    title: tCadence(locale, 'plan.set', { channel: chan(locale, plan.channel), ...planText(locale, plan) }),
    text: before ? tCadence(locale, 'plan.before', planText(locale, before)) : undefined,
    tone: 'success',
    context: [tCadence(locale, 'plan.legend')],
  };
}

/** `/content published …`: what was logged and where the channel's cadence stands now. */
export function publishedCard(
  locale: Locale,
  post: { channel: string; title: string; link: string | null },
  pace: PaceView | undefined,
): Card {
  return {
    title: tCadence(locale, 'published.title', { channel: chan(locale, post.channel), title: post.title }),
    text: pace ? progressText(locale, pace) : undefined,
    tone: 'success',
    context: post.link ? [post.link] : undefined,
  };
}
