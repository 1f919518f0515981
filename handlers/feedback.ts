import { z } from 'zod';
import type { Card, Field, FormSpec } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import { actorKey, type CommandSpec, type HandlerContext } from '../src/chat/command';
import { actedValue, choiceArg, deadlineField, fmtDuration, fmtTime } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCommon } from '../src/chat/messages/common';
import { tFeedback } from '../src/chat/messages/feedback';
import { bareId, type NameOf, namesFor } from '../src/chat/names';
import type { Feedback } from '../src/domain/feedback';
import {
  ackFeedback,
  createFeedback,
  FEEDBACK_CATEGORY,
  FEEDBACK_SEVERITY,
  FEEDBACK_SOURCE,
  FEEDBACK_STATUS,
  listFeedback,
  NewFeedbackInput,
  resolveFeedback,
} from '../src/domain/feedback';
import type { CardOf } from '../src/domain/posted-cards';
import { FreeText } from './args';
import { announceHere, argsSubcommand, codeSubcommand, listSubcommand, verbCtx } from './shared';

const USAGE = {
  new: '/feedback new source=community|wecom|customer_service|review|other category=product|service|logistics|price|other severity=low|medium|high text="…"',
  ack: '/feedback ack FB-n [note="…"]',
  resolve: '/feedback resolve FB-n note="…"',
  list: '/feedback list [status=open|acknowledged|resolved] [page=n]',
};

// Choices take the code or the label in either language (`source=社群 category=产品 severity=高`).
const NewArgs = NewFeedbackInput.extend({
  source: choiceArg(FEEDBACK_SOURCE),
  category: choiceArg(FEEDBACK_CATEGORY),
  severity: choiceArg(FEEDBACK_SEVERITY),
}).strict();
const AckArgs = z.strictObject({ note: FreeText(2000).optional() });
const ResolveArgs = z.strictObject({ note: FreeText(2000) });

const form = (locale: Locale): FormSpec => ({
  command: 'feedback new',
  title: tFeedback(locale, 'form.title'),
  submit: tFeedback(locale, 'form.submit'),
  fields: [
    {
      name: 'source',
      label: tFeedback(locale, 'field.source'),
      kind: 'select',
      required: true,
      options: FEEDBACK_SOURCE.options(locale),
    },
    {
      name: 'category',
      label: tFeedback(locale, 'field.category'),
      kind: 'select',
      required: true,
      options: FEEDBACK_CATEGORY.options(locale),
    },
    {
      name: 'severity',
      label: tFeedback(locale, 'field.severity'),
      kind: 'select',
      required: true,
      options: FEEDBACK_SEVERITY.options(locale),
    },
    { name: 'text', label: tFeedback(locale, 'field.text'), kind: 'textarea', required: true },
  ],
});

const label = (locale: Locale, fb: Feedback) => ({
  severity: FEEDBACK_SEVERITY.label(fb.severity, locale),
  source: FEEDBACK_SOURCE.label(fb.source, locale),
  category: FEEDBACK_CATEGORY.label(fb.category, locale),
  status: FEEDBACK_STATUS.label(fb.status, locale),
});

/**
 * The card everyone in the channel sees when feedback is logged, and again after each step (it is updated
 * in place): status, who responded and resolved and when, and the deadline, struck through once met or missed.
 */
export function feedbackChannelCard(locale: Locale, tz: string, fb: Feedback, name: NameOf = bareId): Card {
  const l = label(locale, fb);
  const fields: Field[] = [
    { label: tFeedback(locale, 'field.source'), value: l.source },
    { label: tFeedback(locale, 'field.category'), value: l.category },
    { label: tFeedback(locale, 'field.status'), value: l.status },
    deadlineField(tFeedback(locale, 'field.due'), fb.dueAt, tz, fb.ackedAt !== null),
  ];
  if (fb.ackedAt && fb.ackedBy)
    fields.push({
      label: tFeedback(locale, 'field.acked'),
      value: actedValue(locale, tz, name(fb.ackedBy), fb.ackedAt, fb.dueAt),
    });
  if (fb.resolvedAt && fb.resolvedBy)
    fields.push({
      label: tFeedback(locale, 'field.resolved'),
      value: actedValue(locale, tz, name(fb.resolvedBy), fb.resolvedAt),
    });
  const notes = [
    fb.ackNote ? `${tFeedback(locale, 'field.ack_note')}: ${fb.ackNote}` : undefined,
    fb.resolveNote ? `${tFeedback(locale, 'field.resolve_note')}: ${fb.resolveNote}` : undefined,
  ].filter((x): x is string => !!x);
  return {
    title:
      fb.status === 'open'
        ? tFeedback(locale, 'channel.title', { code: fb.code, severity: l.severity })
        : tFeedback(locale, 'channel.title_status', {
            code: fb.code,
            severity: l.severity,
            status: l.status,
          }),
    text: fb.text,
    tone:
      fb.status === 'resolved'
        ? 'success'
        : fb.severity === 'high' && fb.status === 'open'
          ? 'warning'
          : 'info',
    fields,
    buttons: [],
    context: [...notes, `${tFeedback(locale, 'field.reporter')}: ${name(fb.reporter)}`],
  };
}

/** The channel card's new state after a step, for the domain verb to update the posted card with. */
const channelCard =
  (ctx: HandlerContext): CardOf<Feedback> =>
  async (fb, tx) => {
    const name = await namesFor({ db: tx, names: ctx.deps.names }, [fb.reporter, fb.ackedBy, fb.resolvedBy]);
    return encodeCard(feedbackChannelCard(ctx.locale, ctx.deps.config.tz, fb, name));
  };

/** The caller's display name, looked up before a transaction (the directory call may go over the network). */
const actorName = (ctx: HandlerContext) => namesFor(ctx.deps, [actorKey(ctx.actor)]);

const newCmd = argsSubcommand({
  usage: USAGE.new,
  summary: tFeedback.catalogue['new.summary'],
  form,
  args: NewArgs,
  act: async (ctx, args) => {
    const tz = ctx.deps.config.tz;
    const name = await actorName(ctx);
    const announce = announceHere(ctx, (fb: Feedback) => feedbackChannelCard(ctx.locale, tz, fb, name));
    const { feedback, maskedPii } = await createFeedback(await verbCtx(ctx), args, announce);
    return {
      visibility: 'ephemeral',
      card: {
        title: tFeedback(ctx.locale, 'created.title', { code: feedback.code }),
        text: tFeedback(ctx.locale, 'created.due', { due: fmtTime(feedback.dueAt, tz, ctx.now) }),
        tone: 'success',
        context: maskedPii ? [tFeedback(ctx.locale, 'created.masked', { n: maskedPii })] : undefined,
      },
    };
  },
});

const ackCmd = codeSubcommand({
  usage: USAGE.ack,
  summary: tFeedback.catalogue['ack.summary'],
  prefix: 'FB',
  args: AckArgs,
  act: async (ctx, code, { note }) => {
    await actorName(ctx); // warm the name cache outside the transaction
    const fb = await ackFeedback(await verbCtx(ctx), { code, note }, channelCard(ctx));
    const late = (fb.ackedAt ?? ctx.now).getTime() - fb.dueAt.getTime();
    return {
      visibility: 'ephemeral',
      card: {
        title: tFeedback(ctx.locale, 'acked.title', { code: fb.code }),
        text:
          late > 0
            ? tFeedback(ctx.locale, 'acked.late', { late: fmtDuration(late, ctx.locale) })
            : tFeedback(ctx.locale, 'acked.ontime'),
        tone: late > 0 ? 'warning' : 'success',
      },
    };
  },
});

const resolveCmd = codeSubcommand({
  usage: USAGE.resolve,
  summary: tFeedback.catalogue['resolve.summary'],
  prefix: 'FB',
  args: ResolveArgs,
  act: async (ctx, code, { note }) => {
    await actorName(ctx); // warm the name cache outside the transaction
    const fb = await resolveFeedback(await verbCtx(ctx), { code, note }, channelCard(ctx));
    return {
      visibility: 'ephemeral',
      card: {
        title: tFeedback(ctx.locale, 'resolved.title', { code: fb.code }),
        text: fb.resolveNote ?? '',
        tone: 'success',
      },
    };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: tFeedback.catalogue['list.summary'],
  command: 'feedback list',
  statuses: FEEDBACK_STATUS,
  load: (ctx, query) => listFeedback({ db: ctx.deps.db }, query),
  title: (ctx, status) =>
    status
      ? tFeedback(ctx.locale, 'list.title_status', { status: FEEDBACK_STATUS.label(status, ctx.locale) })
      : tFeedback(ctx.locale, 'list.title'),
  line: feedbackLine,
});

function feedbackLine(ctx: HandlerContext, fb: Feedback): string {
  const l = label(ctx.locale, fb);
  const overdue =
    fb.status === 'open' && fb.dueAt < ctx.now ? ` · ⚠️ ${tCommon(ctx.locale, 'time.overdue')}` : '';
  const text = fb.text.length > 60 ? `${fb.text.slice(0, 59)}…` : fb.text;
  return `${fb.code} · ${l.status} · ${l.severity} · ${l.category}${overdue}\n${text}`;
}

export const feedbackSpec: CommandSpec = {
  area: 'feedback',
  defaultVerb: 'list',
  subcommands: { new: newCmd, ack: ackCmd, resolve: resolveCmd, list: listCmd },
};
