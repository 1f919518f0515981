/**
 * Publishing cadence (manual 2.3: 每周3篇公众号文章、每日1条抖音视频). A plan per channel says how many pieces
 * per week or per day, optionally counting working days only (mainland calendar with 调休). Pure pacing
 * functions decide what "on track" means at a moment; verbs store plans and what went out.
 */
import type { DbOrTx } from '../../db/client';
import { approvalByCode } from '../../db/queries/approvals';
import { insertAudit } from '../../db/queries/audit';
import {
  contentPlanForUpdate,
  insertContentPost,
  listContentPlans,
  postCounts,
  postForApproval,
  upsertContentPlan,
} from '../../db/queries/content';
import type { ContentPlan, ContentPost } from '../../db/schema';
import { contentDetails } from './approvals';
import type { Channel } from './channels';
import type { VerbCtx } from './context';
import { addDays, isoWeekStart, localDate } from './dates';
import { DomainError, notFound } from './errors';
import { mayPlan } from './settings';

export const MAX_PER_WEEK = 100;
export const MAX_PER_DAY = 50;

export interface PlanInput {
  channel: Channel;
  perWeek?: number;
  perDay?: number;
  workdays: boolean;
  owner: string;
}

/** The seven local days of the ISO week (Monday first) holding `day`. */
export function weekDays(day: string): string[] {
  const monday = isoWeekStart(day);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Monday and Sunday of the ISO week holding `day`. */
function weekBounds(day: string): [string, string] {
  const monday = isoWeekStart(day);
  return [monday, addDays(monday, 6)];
}

export interface Pace {
  channel: string;
  /** What the plan asks for the whole period (the week, or the day). */
  planned: number;
  /** What should be out by the end of `today` (pro rata over counted days for weekly plans). */
  expected: number;
  published: number;
  /** `today` counts for this plan (not a weekend/holiday of a working-days plan). */
  countsToday: boolean;
  /** Counted days so far and in the period. */
  elapsedDays: number;
  totalDays: number;
  slipping: boolean;
  period: 'week' | 'day';
}

/**
 * Where a plan stands at the end of `today`. Weekly: expected = ⌊per_week × counted days so far ÷ counted
 * days in the week⌋ (by Thursday of a 5-working-day week, 2 of 3). Daily: per_day when today counts.
 * `published` is this week's (weekly) or today's (daily) count.
 */
export function pace(
  plan: Pick<ContentPlan, 'channel' | 'perWeek' | 'perDay' | 'workdays'>,
  published: number,
  today: string,
  isWorkingDay: (day: string) => boolean,
): Pace {
  const counts = (d: string) => !plan.workdays || isWorkingDay(d);
  const countsToday = counts(today);
  if (plan.perDay) {
    const expected = countsToday ? plan.perDay : 0;
    return {
      channel: plan.channel,
      planned: expected,
      expected,
      published,
      countsToday,
      elapsedDays: countsToday ? 1 : 0,
      totalDays: countsToday ? 1 : 0,
      slipping: countsToday && published < expected,
      period: 'day',
    };
  }
  const days = weekDays(today).filter(counts);
  const elapsed = days.filter((d) => d <= today).length;
  const perWeek = plan.perWeek ?? 0;
  const expected = days.length === 0 ? 0 : Math.floor((perWeek * elapsed) / days.length);
  return {
    channel: plan.channel,
    planned: days.length === 0 ? 0 : perWeek,
    expected,
    published,
    countsToday,
    elapsedDays: elapsed,
    totalDays: days.length,
    slipping: countsToday && published < expected,
    period: 'week',
  };
}

/** Planned pieces over a whole past week: per_week (0 if no day counted), or per_day × counted days. */
export function plannedInWeek(
  plan: Pick<ContentPlan, 'perWeek' | 'perDay' | 'workdays'>,
  anyDay: string,
  isWorkingDay: (day: string) => boolean,
): number {
  const days = weekDays(anyDay).filter((d) => !plan.workdays || isWorkingDay(d));
  if (plan.perDay) return plan.perDay * days.length;
  return days.length === 0 ? 0 : (plan.perWeek ?? 0);
}

/** Set a channel's cadence (admins, when admins are configured); audited with before/after. */
export async function setContentPlan(
  ctx: VerbCtx,
  input: PlanInput,
): Promise<{ before: ContentPlan | undefined }> {
  if (!mayPlan(ctx.settings, ctx.actor)) {
    throw new DomainError('forbidden', 'err.cadence.admins_only');
  }
  const one = (input.perWeek === undefined) !== (input.perDay === undefined);
  if (!one) throw new DomainError('invalid_input', 'err.cadence.one_of');
  return ctx.db.transaction(async (tx) => {
    const before = await contentPlanForUpdate(tx, input.channel);
    await upsertContentPlan(tx, {
      channel: input.channel,
      perWeek: input.perWeek ?? null,
      perDay: input.perDay ?? null,
      workdays: input.workdays,
      owner: input.owner,
      updatedAt: ctx.now,
      updatedBy: ctx.actor,
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'content.plan',
      entity: 'content_plan',
      entityId: input.channel,
      before: before ?? null,
      after: input,
    });
    return { before };
  });
}

export interface PublishedInput {
  channel?: Channel;
  title?: string;
  link?: string;
  /** `APR-n`: an approved content draft; its channel and title fill in what was not given. */
  approvalCode?: string;
  tz: string;
}

/**
 * Log a piece that went out today (local date). With an approval it must be an approved content draft,
 * and it can be marked published once (unique key); a second time says who did it.
 */
export async function logPublished(ctx: VerbCtx, input: PublishedInput): Promise<ContentPost> {
  const publishedOn = localDate(ctx.now, input.tz);
  return ctx.db.transaction(async (tx) => {
    let channel = input.channel;
    let title = input.title;
    let link = input.link;
    let approvalId: number | null = null;
    if (input.approvalCode) {
      const a = await approvalByCode(tx, input.approvalCode);
      if (a?.kind !== 'content') throw notFound('approval', input.approvalCode);
      if (a.status !== 'approved') {
        throw new DomainError('invalid_state', 'err.cadence.not_approved', { code: a.code });
      }
      const d = contentDetails(a);
      channel ??= d.channel;
      title ??= a.title;
      link ??= d.link ?? undefined;
      approvalId = a.id;
      const earlier = await postForApproval(tx, a.id);
      if (earlier) {
        throw new DomainError('conflict', 'err.cadence.already_published', {
          code: a.code,
          date: earlier.publishedOn,
        });
      }
    }
    if (!channel || !title) throw new DomainError('invalid_input', 'err.cadence.channel_title');
    const post = await insertContentPost(tx, {
      channel,
      title,
      link: link ?? null,
      approvalId,
      publishedOn,
      createdBy: ctx.actor,
      createdAt: ctx.now,
    });
    if (!post) {
      throw new DomainError('conflict', 'err.cadence.already_published', {
        code: input.approvalCode ?? '',
        date: publishedOn,
      });
    }
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'content.published',
      entity: 'content_post',
      entityId: String(post.id),
      after: { ...post, approval: input.approvalCode ?? null },
    });
    return post;
  });
}

export interface PlanProgress {
  plan: ContentPlan;
  pace: Pace;
}

/** Every plan with where it stands at the end of `today`: two queries (plans, this week's counts per channel and today's). */
export async function cadenceProgress(
  db: DbOrTx,
  today: string,
  isWorkingDay: (day: string) => boolean,
): Promise<PlanProgress[]> {
  const [plans, week, day] = await Promise.all([
    listContentPlans(db),
    postCounts(db, ...weekBounds(today)),
    postCounts(db, today, today),
  ]);
  return plans.map((plan) => ({
    plan,
    pace: pace(plan, (plan.perDay ? day : week).get(plan.channel) ?? 0, today, isWorkingDay),
  }));
}

/** Planned vs published per planned channel over the ISO week holding `anyDay` (the weekly digest). */
export async function weekCadence(
  db: DbOrTx,
  anyDay: string,
  isWorkingDay: (day: string) => boolean,
): Promise<{ channel: string; planned: number; published: number }[]> {
  const [plans, week] = await Promise.all([listContentPlans(db), postCounts(db, ...weekBounds(anyDay))]);
  return plans.map((p) => ({
    channel: p.channel,
    planned: plannedInWeek(p, anyDay, isWorkingDay),
    published: week.get(p.channel) ?? 0,
  }));
}
