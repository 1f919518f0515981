import { z } from 'zod';
import type { Feedback } from '../db/schema';
import type { Card, FormSpec } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import type { CommandSpec, HandlerContext, Subcommand } from '../src/chat/command';
import {
  fmtDuration,
  fmtTime,
  invalid,
  pageArg,
  parseArgs,
  parseCode,
  usageReply,
  withDomainErrors,
} from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tc } from '../src/chat/messages/common';
import { tf } from '../src/chat/messages/feedback';
import {
  ackFeedback,
  createFeedback,
  FEEDBACK_CATEGORIES,
  FEEDBACK_SEVERITIES,
  FEEDBACK_SOURCES,
  FEEDBACK_STATUSES,
  listFeedback,
  NewFeedbackInput,
  resolveFeedback,
} from '../src/domain/feedback';
import { listCard, verbCtx } from './shared';

const USAGE = {
  new: '/feedback new source=community|wecom|customer_service|review|other category=product|service|logistics|price|other severity=low|medium|high text="…"',
  ack: '/feedback ack FB-n [note="…"]',
  resolve: '/feedback resolve FB-n note="…"',
  list: '/feedback list [status=open|acknowledged|resolved] [page=n]',
};

const NewArgs = NewFeedbackInput.strict();
const AckArgs = z.strictObject({ note: z.string().trim().min(1).max(2000).optional() });
const ResolveArgs = z.strictObject({ note: z.string().trim().min(1).max(2000) });
const ListArgs = z.strictObject({
  status: z.enum(FEEDBACK_STATUSES).optional(),
  page: z.string().optional(),
});

const options = (locale: Locale, prefix: 'source' | 'category' | 'severity', values: readonly string[]) =>
  values.map((v) => ({ value: v, label: tf(locale, `${prefix}.${v}` as 'source.other') }));

const form = (locale: Locale): FormSpec => ({
  command: 'feedback new',
  title: tf(locale, 'form.title'),
  submit: tf(locale, 'form.submit'),
  fields: [
    {
      name: 'source',
      label: tf(locale, 'field.source'),
      kind: 'select',
      required: true,
      options: options(locale, 'source', FEEDBACK_SOURCES),
    },
    {
      name: 'category',
      label: tf(locale, 'field.category'),
      kind: 'select',
      required: true,
      options: options(locale, 'category', FEEDBACK_CATEGORIES),
    },
    {
      name: 'severity',
      label: tf(locale, 'field.severity'),
      kind: 'select',
      required: true,
      options: options(locale, 'severity', FEEDBACK_SEVERITIES),
    },
    { name: 'text', label: tf(locale, 'field.text'), kind: 'textarea', required: true },
  ],
});

const label = (locale: Locale, fb: Feedback) => ({
  severity: tf(locale, `severity.${fb.severity}` as 'severity.low'),
  source: tf(locale, `source.${fb.source}` as 'source.other'),
  category: tf(locale, `category.${fb.category}` as 'category.other'),
  status: tf(locale, `status.${fb.status}` as 'status.open'),
});

/** The card everyone in the channel sees when feedback is logged. */
export function feedbackChannelCard(locale: Locale, tz: string, fb: Feedback): Card {
  const l = label(locale, fb);
  return {
    title: tf(locale, 'channel.title', { code: fb.code, severity: l.severity }),
    text: fb.text,
    tone: fb.severity === 'high' ? 'warning' : 'info',
    fields: [
      { label: tf(locale, 'field.source'), value: l.source },
      { label: tf(locale, 'field.category'), value: l.category },
      { label: tf(locale, 'field.due'), value: fmtTime(fb.dueAt, tz) },
    ],
    buttons: [],
    context: [`${tf(locale, 'field.reporter')}: ${fb.reporter.split(':').slice(1).join(':')}`],
  };
}

const newCmd: Subcommand = {
  usage: USAGE.new,
  summary: tf.catalogue['new.summary'],
  form,
  run: (ctx, input) =>
    withDomainErrors(ctx, newCmd, async () => {
      const p = parseArgs(NewArgs, input.args, ctx.locale);
      if (!p.ok) return invalid(ctx.locale, USAGE.new, p);
      const vc = await verbCtx(ctx);
      const tz = ctx.deps.config.tz;
      const announce = ctx.place
        ? {
            platform: ctx.place.platform,
            destination: ctx.place.channel,
            card: (fb: Feedback) => encodeCard(feedbackChannelCard(ctx.locale, tz, fb)),
          }
        : undefined;
      const { feedback, maskedPii } = await createFeedback(vc, p.data, announce);
      return {
        visibility: 'ephemeral',
        card: {
          title: tf(ctx.locale, 'created.title', { code: feedback.code }),
          text: tf(ctx.locale, 'created.due', { due: fmtTime(feedback.dueAt, tz, ctx.now) }),
          tone: 'success',
          context: maskedPii ? [tf(ctx.locale, 'created.masked', { n: maskedPii })] : undefined,
        },
      };
    }),
};

const ackCmd: Subcommand = {
  usage: USAGE.ack,
  summary: tf.catalogue['ack.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, ackCmd, async () => {
      const code = parseCode(input.rest, 'FB', ctx.locale);
      const p = parseArgs(AckArgs, input.args, ctx.locale);
      if (!code.ok || !p.ok) return invalid(ctx.locale, USAGE.ack, code, p);
      const fb = await ackFeedback(await verbCtx(ctx), { code: code.code, note: p.data.note });
      const late = fb.ackedAt!.getTime() - fb.dueAt.getTime();
      return {
        visibility: 'ephemeral',
        card: {
          title: tf(ctx.locale, 'acked.title', { code: fb.code }),
          text:
            late > 0
              ? tf(ctx.locale, 'acked.late', { late: fmtDuration(late, ctx.locale) })
              : tf(ctx.locale, 'acked.ontime'),
          tone: late > 0 ? 'warning' : 'success',
        },
      };
    }),
};

const resolveCmd: Subcommand = {
  usage: USAGE.resolve,
  summary: tf.catalogue['resolve.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, resolveCmd, async () => {
      const code = parseCode(input.rest, 'FB', ctx.locale);
      const p = parseArgs(ResolveArgs, input.args, ctx.locale);
      if (!code.ok || !p.ok) return invalid(ctx.locale, USAGE.resolve, code, p);
      const fb = await resolveFeedback(await verbCtx(ctx), { code: code.code, note: p.data.note });
      return {
        visibility: 'ephemeral',
        card: {
          title: tf(ctx.locale, 'resolved.title', { code: fb.code }),
          text: fb.resolveNote ?? '',
          tone: 'success',
        },
      };
    }),
};

const listCmd: Subcommand = {
  usage: USAGE.list,
  summary: tf.catalogue['list.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, listCmd, async () => {
      const p = parseArgs(ListArgs, input.args, ctx.locale);
      if (!p.ok) return invalid(ctx.locale, USAGE.list, p);
      const page = pageArg(p.data.page);
      if (page === undefined) return usageReply(ctx.locale, USAGE.list, [tc(ctx.locale, 'err.bad_page')]);
      const res = await listFeedback({ db: ctx.deps.db }, { status: p.data.status, page });
      return listCard(ctx, {
        title: p.data.status
          ? tf(ctx.locale, 'list.title_status', { status: tf(ctx.locale, `status.${p.data.status}`) })
          : tf(ctx.locale, 'list.title'),
        page: res,
        line: (fb) => feedbackLine(ctx, fb),
        nextCommand: `feedback list${p.data.status ? ` status=${p.data.status}` : ''}`,
      });
    }),
};

function feedbackLine(ctx: HandlerContext, fb: Feedback): string {
  const l = label(ctx.locale, fb);
  const overdue = fb.status === 'open' && fb.dueAt < ctx.now ? ` · ⚠️ ${tc(ctx.locale, 'time.overdue')}` : '';
  const text = fb.text.length > 60 ? `${fb.text.slice(0, 59)}…` : fb.text;
  return `${fb.code} · ${l.status} · ${l.severity} · ${l.category}${overdue}\n${text}`;
}

export const feedbackSpec: CommandSpec = {
  area: 'feedback',
  defaultVerb: 'list',
  subcommands: { new: newCmd, ack: ackCmd, resolve: resolveCmd, list: listCmd },
};
