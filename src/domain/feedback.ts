import { z } from 'zod';
import { insertAudit } from '../../db/queries/audit';
import {
  feedbackForUpdate,
  insertFeedback,
  listFeedbacks as listFeedbackRows,
  updateFeedback,
} from '../../db/queries/feedback';
import { nextCode } from '../../db/queries/sequences';
import type { Feedback, NewFeedback } from '../../db/schema';
import { PAGE_SIZE, type VerbCtx } from './context';
import { DomainError, notFound } from './errors';
import { type Announce, announceCard, type CardOf, refreshAnnouncedCard } from './posted-cards';
import { redactPii } from './redact';
import { ladderRemindAt } from './sla';
import { defineVocabulary } from './vocabulary';

/** The stored row, for handlers: they never import db/. */
export type { Feedback } from '../../db/schema';

/** Where a piece of feedback came from. */
export const FEEDBACK_SOURCE = defineVocabulary({
  community: { 'zh-CN': '社群', en: 'Community' },
  wecom: { 'zh-CN': '企业微信', en: 'WeCom' },
  customer_service: { 'zh-CN': '客服', en: 'Customer service', aliases: ['客户服务'] },
  review: { 'zh-CN': '评价', en: 'Review', aliases: ['用户评价'] },
  other: { 'zh-CN': '其他', en: 'Other' },
});
export const FEEDBACK_CATEGORY = defineVocabulary({
  product: { 'zh-CN': '产品', en: 'Product' },
  service: { 'zh-CN': '服务', en: 'Service' },
  logistics: { 'zh-CN': '物流', en: 'Logistics' },
  price: { 'zh-CN': '价格', en: 'Price' },
  other: { 'zh-CN': '其他', en: 'Other' },
});
export const FEEDBACK_SEVERITY = defineVocabulary({
  low: { 'zh-CN': '低', en: 'Low' },
  medium: { 'zh-CN': '中', en: 'Medium' },
  high: { 'zh-CN': '高', en: 'High' },
});
export const FEEDBACK_STATUS = defineVocabulary({
  open: { 'zh-CN': '待响应', en: 'Open' },
  acknowledged: { 'zh-CN': '已响应', en: 'Acknowledged' },
  resolved: { 'zh-CN': '已解决', en: 'Resolved' },
});
export const FEEDBACK_SOURCES = FEEDBACK_SOURCE.codes;
export const FEEDBACK_CATEGORIES = FEEDBACK_CATEGORY.codes;
export const FEEDBACK_SEVERITIES = FEEDBACK_SEVERITY.codes;
export const FEEDBACK_STATUSES = FEEDBACK_STATUS.codes;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
export type FeedbackSeverity = (typeof FEEDBACK_SEVERITIES)[number];
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export const NewFeedbackInput = z.object({
  source: z.enum(FEEDBACK_SOURCES),
  category: z.enum(FEEDBACK_CATEGORIES),
  severity: z.enum(FEEDBACK_SEVERITIES),
  text: z.string().trim().min(1).max(4000),
});
export type NewFeedbackInput = z.infer<typeof NewFeedbackInput>;

const HOUR = 3_600_000;

/** First-response deadline: logged time plus the SLA window (24 h by default). */
export function feedbackDueAt(createdAt: Date, slaHours: number): Date {
  return new Date(createdAt.getTime() + slaHours * HOUR);
}

/** Log feedback: masks personal data, starts the 24 h clock, and queues the channel card in the same transaction. */
export async function createFeedback(
  ctx: VerbCtx,
  input: NewFeedbackInput,
  announce?: Announce<Feedback>,
): Promise<{ feedback: Feedback; maskedPii: number }> {
  const { text, masked } = redactPii(input.text);
  return ctx.db.transaction(async (tx) => {
    const code = await nextCode(tx, 'FB');
    const feedback = await insertFeedback(tx, {
      code,
      source: input.source,
      category: input.category,
      severity: input.severity,
      text,
      status: 'open',
      reporter: ctx.actor,
      channel: announce?.destination ?? null,
      createdAt: ctx.now,
      dueAt: feedbackDueAt(ctx.now, ctx.settings.slaFeedbackHours),
      remindAt: ladderRemindAt(ctx.now, feedbackDueAt(ctx.now, ctx.settings.slaFeedbackHours)),
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'feedback.create',
      entity: 'feedback',
      entityId: code,
      after: feedback,
    });
    await announceCard(tx, { entity: 'feedback', code, row: feedback, now: ctx.now }, announce);
    return { feedback, maskedPii: masked };
  });
}

async function transition(
  ctx: VerbCtx,
  code: string,
  action: 'ack' | 'resolve',
  note: string | undefined,
  render?: CardOf<Feedback>,
): Promise<Feedback> {
  return ctx.db.transaction(async (tx) => {
    const before = await feedbackForUpdate(tx, code);
    if (!before) throw notFound('feedback', code);
    if (before.status === 'resolved') {
      throw new DomainError('invalid_state', 'err.feedback_already_resolved', { code });
    }
    if (action === 'ack' && before.status === 'acknowledged') {
      throw new DomainError('invalid_state', 'err.feedback_already_acked', { code });
    }
    const clean = note === undefined ? undefined : redactPii(note).text;
    const patch: Partial<NewFeedback> =
      action === 'ack'
        ? { status: 'acknowledged', ackedAt: ctx.now, ackedBy: ctx.actor, ackNote: clean ?? null }
        : {
            status: 'resolved',
            resolvedAt: ctx.now,
            resolvedBy: ctx.actor,
            resolveNote: clean ?? null,
            // Resolving is also a response: the first-response clock stops if nobody acked before.
            ackedAt: before.ackedAt ?? ctx.now,
            ackedBy: before.ackedBy ?? ctx.actor,
          };
    const after = await updateFeedback(tx, before.id, patch);
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: `feedback.${action}`,
      entity: 'feedback',
      entityId: code,
      before,
      after,
    });
    await refreshAnnouncedCard(tx, { entity: 'feedback', code, action, after, now: ctx.now }, render);
    return after;
  });
}

/** First response to feedback; stops the 24 h clock. `render` gives the channel card's new state. */
export const ackFeedback = (
  ctx: VerbCtx,
  input: { code: string; note?: string },
  render?: CardOf<Feedback>,
) => transition(ctx, input.code, 'ack', input.note, render);

/** Resolve and close feedback with a note; the channel card is updated when `render` is given. */
export const resolveFeedback = (
  ctx: VerbCtx,
  input: { code: string; note: string },
  render?: CardOf<Feedback>,
) => transition(ctx, input.code, 'resolve', input.note, render);

/** One page of feedback, newest first. */
export async function listFeedback(
  ctx: Pick<VerbCtx, 'db'>,
  input: { status?: (typeof FEEDBACK_STATUSES)[number]; page: number },
) {
  const offset = (input.page - 1) * PAGE_SIZE;
  const { rows, total } = await listFeedbackRows(ctx.db, { status: input.status, offset, limit: PAGE_SIZE });
  return { rows, total, page: input.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
