import { z } from 'zod';
import type { FormSpec } from '../src/chat/card';
import { kolLine, kolResultCard } from '../src/chat/cards/approvals';
import type { CommandSpec } from '../src/chat/command';
import { usageReply } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tApprovals } from '../src/chat/messages/approvals';
import {
  APPROVAL_STATUS,
  APPROVAL_STATUSES,
  listApprovals,
  proposeKol,
  recordKolResult,
} from '../src/domain/approvals';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { localDate } from '../src/domain/dates';
import { approvalPost, createdReply, decisionSubcommands } from './approval-actions';
import { Amount, ChannelArg, Count, DateArg, FreeText, PositiveAmount } from './args';
import { amountField, argsSubcommand, codeSubcommand, countField, listSubcommand, verbCtx } from './shared';

const USAGE = {
  propose: `/kol propose name="…" platform=${CHANNELS.join('|')} followers=120000 fee=50000 deliverables="…" date=YYYY-MM-DD [expected_views=]`,
  list: `/kol list [status=${APPROVAL_STATUSES.join('|')}] [page=n]`,
  result: '/kol result APR-n views= engagements= gmv=',
};

const ProposeArgs = z.strictObject({
  name: FreeText(200),
  platform: ChannelArg,
  followers: Count,
  fee: PositiveAmount,
  deliverables: FreeText(2000),
  date: DateArg(),
  expected_views: Count.optional(),
});
const ResultArgs = z.strictObject({ views: Count, engagements: Count, gmv: Amount });

const form = (locale: Locale): FormSpec => ({
  command: 'kol propose',
  title: tApprovals(locale, 'form.kol.title'),
  submit: tApprovals(locale, 'form.submit'),
  fields: [
    { name: 'name', label: tApprovals(locale, 'field.name'), kind: 'text', required: true },
    {
      name: 'platform',
      label: tApprovals(locale, 'field.platform'),
      kind: 'select',
      required: true,
      options: CHANNELS.map((c) => ({ value: c, label: channelLabel(c, locale) })),
    },
    countField(locale, { name: 'followers', label: tApprovals(locale, 'field.followers'), required: true }),
    amountField(locale, { name: 'fee', label: tApprovals(locale, 'field.fee'), required: true }),
    {
      name: 'deliverables',
      label: tApprovals(locale, 'field.deliverables'),
      kind: 'textarea',
      required: true,
    },
    { name: 'date', label: tApprovals(locale, 'field.date'), kind: 'date', required: true },
    countField(locale, { name: 'expected_views', label: tApprovals(locale, 'field.expected_views') }),
  ],
});

const propose = argsSubcommand({
  usage: USAGE.propose,
  summary: tApprovals.catalogue['kol.propose.summary'],
  form,
  args: ProposeArgs,
  act: async (ctx, { expected_views, fee, ...rest }) => {
    // A deal for a day already gone, or for an account with no followers, is a typo, not a proposal.
    const today = localDate(ctx.now, ctx.deps.config.tz);
    const fieldErrors: Record<string, string> = {};
    if (rest.followers <= 0)
      fieldErrors.followers = tApprovals(ctx.locale, 'err.amount_positive', { key: 'followers' });
    if (rest.date < today)
      fieldErrors.date = tApprovals(ctx.locale, 'err.kol_past_date', { date: rest.date, today });
    if (Object.keys(fieldErrors).length > 0) {
      return usageReply(ctx.locale, USAGE.propose, Object.values(fieldErrors), { fieldErrors });
    }
    const vc = await verbCtx(ctx);
    const post = approvalPost(ctx, vc.settings);
    const approval = await proposeKol(
      vc,
      { ...rest, feeFen: fee, ...(expected_views !== undefined ? { expectedViews: expected_views } : {}) },
      { post, requesterName: ctx.actor.name },
    );
    return createdReply(ctx, approval, post !== undefined);
  },
});

const list = listSubcommand({
  usage: USAGE.list,
  summary: tApprovals.catalogue['kol.list.summary'],
  command: 'kol list',
  statuses: APPROVAL_STATUS,
  load: (ctx, query) => listApprovals({ db: ctx.deps.db }, { kind: 'kol_deal', ...query }),
  title: tApprovals.catalogue['list.kol.title'],
  line: (ctx, a) => kolLine(ctx.locale, a),
});

const result = codeSubcommand({
  usage: USAGE.result,
  summary: tApprovals.catalogue['kol.result.summary'],
  prefix: 'APR',
  args: ResultArgs,
  act: async (ctx, code, { views, engagements, gmv }) => {
    const a = await recordKolResult(await verbCtx(ctx), { code, views, engagements, gmvFen: gmv });
    return { visibility: 'ephemeral', card: kolResultCard(ctx.locale, a) };
  },
});

export const kolSpec: CommandSpec = {
  area: 'kol',
  defaultVerb: 'list',
  subcommands: { propose, list, result, ...decisionSubcommands('kol') },
};
