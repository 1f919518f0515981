import { z } from 'zod';
import type { FormSpec } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import {
  feedbackAckedCard,
  feedbackChannelCard,
  feedbackCreatedCard,
  feedbackLine,
  feedbackResolvedCard,
} from '../src/chat/cards/feedback';
import { actorKey, type CommandSpec, type HandlerContext } from '../src/chat/command';
import { choiceArg } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tFeedback } from '../src/chat/messages/feedback';
import { namesFor } from '../src/chat/names';
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
      card: feedbackCreatedCard(ctx.locale, tz, ctx.now, feedback, maskedPii),
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
    return { visibility: 'ephemeral', card: feedbackAckedCard(ctx.locale, ctx.now, fb) };
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
    return { visibility: 'ephemeral', card: feedbackResolvedCard(ctx.locale, fb) };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: tFeedback.catalogue['list.summary'],
  command: 'feedback list',
  statuses: FEEDBACK_STATUS,
  load: (ctx, query) => listFeedback({ db: ctx.deps.db }, query),
  title: tFeedback.catalogue['list.title'],
  line: (ctx, fb) => feedbackLine(ctx.locale, ctx.now, fb),
});

export const feedbackSpec: CommandSpec = {
  area: 'feedback',
  defaultVerb: 'list',
  subcommands: { new: newCmd, ack: ackCmd, resolve: resolveCmd, list: listCmd },
};
