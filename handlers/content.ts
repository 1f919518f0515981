import type { FormSpec } from '../src/chat/card';
import { contentLine } from '../src/chat/cards/approvals';
import type { CommandSpec } from '../src/chat/command';
import type { Locale } from '../src/chat/i18n';
import { tApprovals } from '../src/chat/messages/approvals';
import {
  APPROVAL_STATUS,
  APPROVAL_STATUSES,
  listApprovals,
  NewContentInput,
  submitContent,
} from '../src/domain/approvals';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { approvalPost, createdReply, decisionSubcommands } from './approval-actions';
import { planCmd, publishedCmd } from './cadence';
import { argsSubcommand, listSubcommand, verbCtx } from './shared';

const USAGE = {
  submit: `/content submit title="…" channel=${CHANNELS.join('|')} text="…"|link=https://… [brief="…"]`,
  list: `/content list [status=${APPROVAL_STATUSES.join('|')}] [page=n]`,
};

const SubmitArgs = NewContentInput.strict().superRefine((v, c) => {
  if (!v.text && !v.link) c.addIssue({ code: 'custom', path: ['text'], message: 'err.text_or_link' });
});

const form = (locale: Locale): FormSpec => ({
  command: 'content submit',
  title: tApprovals(locale, 'form.content.title'),
  submit: tApprovals(locale, 'form.submit'),
  fields: [
    { name: 'title', label: tApprovals(locale, 'field.title'), kind: 'text', required: true },
    {
      name: 'channel',
      label: tApprovals(locale, 'field.channel'),
      kind: 'select',
      required: true,
      options: CHANNELS.map((c) => ({ value: c, label: channelLabel(c, locale) })),
    },
    {
      name: 'text',
      label: tApprovals(locale, 'field.text'),
      kind: 'textarea',
      hint: tApprovals(locale, 'form.text_hint'),
    },
    { name: 'link', label: tApprovals(locale, 'field.link'), kind: 'text', placeholder: 'https://' },
    { name: 'brief', label: tApprovals(locale, 'field.brief'), kind: 'textarea' },
  ],
});

const submit = argsSubcommand({
  usage: USAGE.submit,
  summary: tApprovals.catalogue['content.submit.summary'],
  form,
  args: SubmitArgs,
  act: async (ctx, args) => {
    const vc = await verbCtx(ctx);
    const post = approvalPost(ctx, vc.settings);
    const approval = await submitContent(vc, args, { post, requesterName: ctx.actor.name });
    return createdReply(ctx, approval, post !== undefined);
  },
});

const list = listSubcommand({
  usage: USAGE.list,
  summary: tApprovals.catalogue['content.list.summary'],
  command: 'content list',
  statuses: APPROVAL_STATUS,
  load: (ctx, query) => listApprovals({ db: ctx.deps.db }, { kind: 'content', ...query }),
  title: tApprovals.catalogue['list.content.title'],
  line: (ctx, a) => contentLine(ctx.locale, ctx.deps.config.tz, ctx.now, a),
});

export const contentSpec: CommandSpec = {
  area: 'content',
  defaultVerb: 'list',
  subcommands: { submit, list, plan: planCmd, published: publishedCmd, ...decisionSubcommands('content') },
};
