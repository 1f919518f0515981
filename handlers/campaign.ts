import { z } from 'zod';
import type { FormSpec } from '../src/chat/card';
import {
  type Clock,
  campaignCard,
  campaignChannelCard,
  campaignCreatedCard,
  campaignEndedCard,
  campaignLine,
  campaignRetroCard,
} from '../src/chat/cards/campaign';
import { actorKey, type CommandSpec, type HandlerContext } from '../src/chat/command';
import { choiceArg } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCampaign } from '../src/chat/messages/campaign';
import { namesFor } from '../src/chat/names';
import type { Campaign } from '../src/domain/campaigns';
import {
  CAMPAIGN_STATUS,
  CAMPAIGN_TYPE,
  CAMPAIGN_TYPES,
  createCampaign,
  endCampaign,
  listCampaigns,
  retroCampaign,
  showCampaign,
} from '../src/domain/campaigns';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { localDate } from '../src/domain/dates';
import { workCtx } from '../src/domain/work-calendar';
import { Amount, Channels, Count, DateArg, FreeText, Person, Ratio } from './args';
import {
  amountField,
  announceHere,
  argsSubcommand,
  codeSubcommand,
  countField,
  listSubcommand,
  NoArgs,
} from './shared';

const USAGE = {
  new: '/campaign new name="…" type=promotion|launch|referral|brand_event|other start=YYYY-MM-DD end=YYYY-MM-DD budget=50,000 channels=douyin,weibo [owner=@user] target_gmv=5万 target_roi=3 [target_new_users=n]',
  list: '/campaign list [status=planned|live|ended|reviewed] [page=n]',
  show: '/campaign show CMP-n',
  end: '/campaign end CMP-n',
  retro: '/campaign retro CMP-n roi=3.2 gmv=¥16万 notes="…" [new_users=n]',
};

/** `type=promotion`, `type=促销`, `type=新品` (short forms people type for the labels). */
const CampaignTypeArg = choiceArg(CAMPAIGN_TYPE);

function newArgs(ctx: HandlerContext) {
  // `start=11-11` means this year where the team is.
  const year = Number(localDate(ctx.now, ctx.deps.config.tz).slice(0, 4));
  return z
    .strictObject({
      name: FreeText(200),
      type: CampaignTypeArg,
      start: DateArg(year),
      end: DateArg(year),
      budget: Amount,
      channels: Channels,
      owner: Person(ctx.actor.platform).optional(),
      target_gmv: Amount,
      target_roi: Ratio,
      target_new_users: Count.optional(),
    })
    .superRefine((d, c) => {
      if (d.end < d.start) {
        c.addIssue({
          code: 'custom',
          path: ['end'],
          message: 'err.campaign_end_before_start',
          params: { start: d.start, end: d.end },
        });
      }
    });
}

const RetroArgs = z.strictObject({
  roi: Ratio,
  gmv: Amount,
  notes: FreeText(4000),
  new_users: Count.optional(),
});

const clockOf = (ctx: HandlerContext): Clock => ({ tz: ctx.deps.config.tz, now: ctx.now });

const typeOptions = (locale: Locale) =>
  CAMPAIGN_TYPES.map((v) => ({ value: v, label: CAMPAIGN_TYPE.label(v, locale) }));

const form = (locale: Locale): FormSpec => ({
  command: 'campaign new',
  title: tCampaign(locale, 'form.title'),
  submit: tCampaign(locale, 'form.submit'),
  fields: [
    { name: 'name', label: tCampaign(locale, 'field.name'), kind: 'text', required: true },
    {
      name: 'type',
      label: tCampaign(locale, 'field.type'),
      kind: 'select',
      required: true,
      options: typeOptions(locale),
    },
    { name: 'start', label: tCampaign(locale, 'field.start'), kind: 'date', required: true },
    { name: 'end', label: tCampaign(locale, 'field.end'), kind: 'date', required: true },
    amountField(locale, { name: 'budget', label: tCampaign(locale, 'field.budget'), required: true }),
    {
      name: 'channels',
      label: tCampaign(locale, 'field.channels'),
      kind: 'multiselect',
      required: true,
      options: CHANNELS.map((ch) => ({ value: ch, label: channelLabel(ch, locale) })),
    },
    { name: 'owner', label: tCampaign(locale, 'field.owner'), kind: 'user' },
    amountField(locale, { name: 'target_gmv', label: tCampaign(locale, 'field.target_gmv'), required: true }),
    {
      name: 'target_roi',
      label: tCampaign(locale, 'field.target_roi'),
      kind: 'text',
      required: true,
      placeholder: '3',
      hint: tCampaign(locale, 'hint.roi'),
    },
    countField(locale, { name: 'target_new_users', label: tCampaign(locale, 'field.target_new_users') }),
  ],
});

const newCmd = argsSubcommand({
  usage: USAGE.new,
  summary: tCampaign.catalogue['new.summary'],
  form,
  args: newArgs,
  act: async (ctx, d) => {
    const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
    const name = await namesFor(ctx.deps, [d.owner ?? actorKey(ctx.actor), actorKey(ctx.actor)]);
    const c = await createCampaign(
      wc,
      {
        name: d.name,
        type: d.type,
        startDate: d.start,
        endDate: d.end,
        budgetFen: d.budget,
        channels: d.channels,
        owner: d.owner,
        targetGmvFen: d.target_gmv,
        targetRoi: d.target_roi,
        targetNewUsers: d.target_new_users,
      },
      announceHere(ctx, (row: Campaign) => campaignChannelCard(ctx.locale, row, name)),
    );
    return {
      visibility: 'ephemeral',
      card: campaignCreatedCard(ctx.locale, clockOf(ctx), c, name, wc.settings.slaRetroWorkdays),
    };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: tCampaign.catalogue['list.summary'],
  command: 'campaign list',
  statuses: CAMPAIGN_STATUS,
  load: (ctx, query) => listCampaigns({ db: ctx.deps.db, now: ctx.now, tz: ctx.deps.config.tz }, query),
  title: tCampaign.catalogue['list.title'],
  line: (ctx, c) => campaignLine(ctx.locale, ctx.now, c),
});

const showCmd = codeSubcommand({
  usage: USAGE.show,
  summary: tCampaign.catalogue['show.summary'],
  prefix: 'CMP',
  args: NoArgs,
  act: async (ctx, code) => {
    const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
    const view = await showCampaign(wc, { code });
    const name = await namesFor(ctx.deps, [view.campaign.owner]);
    return {
      visibility: 'ephemeral',
      card: campaignCard(ctx.locale, clockOf(ctx), view, name, wc.settings.slaRetroWorkdays),
    };
  },
});

const endCmd = codeSubcommand({
  usage: USAGE.end,
  summary: tCampaign.catalogue['end.summary'],
  prefix: 'CMP',
  args: NoArgs,
  act: async (ctx, code) => {
    const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
    const c = await endCampaign(wc, { code });
    return {
      visibility: 'ephemeral',
      card: campaignEndedCard(ctx.locale, clockOf(ctx), c, wc.settings.slaRetroWorkdays),
    };
  },
});

const retroCmd = codeSubcommand({
  usage: USAGE.retro,
  summary: tCampaign.catalogue['retro.summary'],
  prefix: 'CMP',
  args: RetroArgs,
  act: async (ctx, code, args) => {
    const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
    const { campaign: c, late } = await retroCampaign(wc, {
      code,
      roi: args.roi,
      gmvFen: args.gmv,
      notes: args.notes,
      newUsers: args.new_users,
    });
    return { visibility: 'ephemeral', card: campaignRetroCard(ctx.locale, c, late) };
  },
});

export const campaignSpec: CommandSpec = {
  area: 'campaign',
  defaultVerb: 'list',
  subcommands: { new: newCmd, list: listCmd, show: showCmd, end: endCmd, retro: retroCmd },
};
