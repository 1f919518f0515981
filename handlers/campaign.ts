import { z } from 'zod';
import type { Card, Field, FormSpec, Mention } from '../src/chat/card';
import {
  type Actor,
  actorKey,
  type CommandSpec,
  type HandlerContext,
  parseActorKey,
} from '../src/chat/command';
import { choiceArg, fmtDuration, fmtTime } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCampaign } from '../src/chat/messages/campaign';
import { tCommon } from '../src/chat/messages/common';
import { bareId, type NameOf, namesFor } from '../src/chat/names';
import type { Campaign } from '../src/domain/campaigns';
import {
  CAMPAIGN_STATUS,
  CAMPAIGN_TYPE,
  CAMPAIGN_TYPES,
  type CampaignStatus,
  campaignAttainment,
  createCampaign,
  endCampaign,
  listCampaigns,
  retroCampaign,
  showCampaign,
} from '../src/domain/campaigns';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { localDate } from '../src/domain/dates';
import { formatPct, formatRoi, ratio } from '../src/domain/kpi';
import { formatCount, formatMoney } from '../src/domain/money';
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

const money = (locale: Locale, fen: number | null) => formatMoney(fen, locale);
const channelList = (locale: Locale, channels: string[]) =>
  channels.map((ch) => channelLabel(ch, locale)).join(locale === 'zh-CN' ? '、' : ', ');

function ownerOf(c: Campaign, name: NameOf = bareId): { text: string; mentions?: Mention[] } {
  const a: Actor | undefined = parseActorKey(c.owner);
  if (!a) return { text: c.owner };
  return { text: name(c.owner), mentions: [{ platform: a.platform, userId: a.userId }] };
}

function targetFields(locale: Locale, c: Campaign): Field[] {
  return [
    { label: tCampaign(locale, 'field.target_gmv'), value: money(locale, c.targetGmvFen) },
    {
      label: tCampaign(locale, 'field.target_roi'),
      value: formatRoi(c.targetRoi === null ? null : Number(c.targetRoi)),
    },
    ...(c.targetNewUsers !== null
      ? [{ label: tCampaign(locale, 'field.target_new_users'), value: formatCount(c.targetNewUsers, locale) }]
      : []),
  ];
}

/** The card everyone in the channel sees when a campaign is created. */
export function campaignChannelCard(locale: Locale, c: Campaign, name: NameOf = bareId): Card {
  const owner = ownerOf(c, name);
  return {
    title: tCampaign(locale, 'channel.title', { code: c.code, name: c.name }),
    text: `${CAMPAIGN_TYPE.label(c.type, locale)} · ${c.startDate} → ${c.endDate}`,
    tone: 'info',
    fields: [
      { label: tCampaign(locale, 'field.budget'), value: money(locale, c.budgetFen) },
      { label: tCampaign(locale, 'field.channels'), value: channelList(locale, c.channels) },
      { label: tCampaign(locale, 'field.owner'), value: owner.text },
      ...targetFields(locale, c),
    ],
    mentions: owner.mentions,
  };
}

/** The retro clock as one line: not started, due (time left), overdue, or filed. */
function retroClock(
  ctx: HandlerContext,
  c: Campaign,
  status: CampaignStatus,
  due: Date | null,
  workdays: number,
): string {
  const tz = ctx.deps.config.tz;
  const l = ctx.locale;
  if (status === 'reviewed' && c.retroAt)
    return tCampaign(l, 'clock.filed', { at: fmtTime(c.retroAt, tz, ctx.now) });
  if (status !== 'ended' || !due) return tCampaign(l, 'clock.not_started', { n: workdays });
  const left = due.getTime() - ctx.now.getTime();
  return left >= 0
    ? tCampaign(l, 'clock.due', { due: fmtTime(due, tz, ctx.now), left: fmtDuration(left, l) })
    : tCampaign(l, 'clock.overdue', { due: fmtTime(due, tz, ctx.now), late: fmtDuration(-left, l) });
}

/** `actual (target x, 110.0%)`, or just the actual when there is no target. */
function versus(locale: Locale, actual: string, target: string | null, pct: number | null): string {
  if (target === null) return actual;
  return tCampaign(locale, 'retro.vs', { actual, target, pct: formatPct(pct, locale) });
}

function resultFields(locale: Locale, c: Campaign): Field[] {
  const a = campaignAttainment(c);
  const roiOf = (v: string | null) => (v === null ? null : formatRoi(Number(v)));
  return [
    {
      label: tCampaign(locale, 'field.roi'),
      value: versus(locale, roiOf(c.retroRoi) ?? '—', roiOf(c.targetRoi), a.roi),
    },
    {
      label: tCampaign(locale, 'field.gmv'),
      value: versus(
        locale,
        money(locale, c.retroGmvFen),
        c.targetGmvFen === null ? null : money(locale, c.targetGmvFen),
        a.gmv,
      ),
    },
    ...(c.retroNewUsers !== null
      ? [
          {
            label: tCampaign(locale, 'field.new_users'),
            value: versus(
              locale,
              formatCount(c.retroNewUsers, locale),
              c.targetNewUsers === null ? null : formatCount(c.targetNewUsers, locale),
              a.newUsers,
            ),
          },
        ]
      : []),
  ];
}

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
    const card = campaignChannelCard(ctx.locale, c, name);
    return {
      visibility: 'ephemeral',
      card: {
        ...card,
        title: tCampaign(ctx.locale, 'created.title', { code: c.code }),
        text: `${c.name} · ${CAMPAIGN_STATUS.label(c.status, ctx.locale)} · ${c.startDate} → ${c.endDate}`,
        tone: 'success',
        mentions: undefined,
        context: [retroClock(ctx, c, c.status as CampaignStatus, c.retroDueAt, wc.settings.slaRetroWorkdays)],
      },
    };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: tCampaign.catalogue['list.summary'],
  command: 'campaign list',
  statuses: CAMPAIGN_STATUS,
  load: (ctx, query) => listCampaigns({ db: ctx.deps.db, now: ctx.now, tz: ctx.deps.config.tz }, query),
  title: (ctx, status) =>
    status
      ? tCampaign(ctx.locale, 'list.title_status', { status: CAMPAIGN_STATUS.label(status, ctx.locale) })
      : tCampaign(ctx.locale, 'list.title'),
  line: campaignLine,
});

function campaignLine(ctx: HandlerContext, c: Campaign): string {
  const l = ctx.locale;
  const overdue =
    c.status === 'ended' && c.retroDueAt && c.retroDueAt < ctx.now
      ? ` · ⚠️ ${tCommon(l, 'time.overdue')}`
      : '';
  const name = c.name.length > 40 ? `${c.name.slice(0, 39)}…` : c.name;
  return (
    `${c.code} · ${CAMPAIGN_STATUS.label(c.status, l)} · ${name}${overdue}\n` +
    `${c.startDate} → ${c.endDate} · ${money(l, c.budgetFen)} · ${channelList(l, c.channels)}`
  );
}

const showCmd = codeSubcommand({
  usage: USAGE.show,
  summary: tCampaign.catalogue['show.summary'],
  prefix: 'CMP',
  args: NoArgs,
  act: async (ctx, code) => {
    const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
    const { campaign: c, status, spentFen, retroDueAt } = await showCampaign(wc, { code });
    const l = ctx.locale;
    const tz = ctx.deps.config.tz;
    const owner = ownerOf(c, await namesFor(ctx.deps, [c.owner]));
    const context = [retroClock(ctx, c, status, retroDueAt, wc.settings.slaRetroWorkdays)];
    // Ending by date stamps the next day's start; an earlier local day means `end` was used.
    if (c.endedAt && localDate(c.endedAt, tz) <= c.endDate) {
      context.unshift(tCampaign(l, 'ended_early', { at: fmtTime(c.endedAt, tz, ctx.now) }));
    }
    return {
      visibility: 'ephemeral',
      card: {
        title: `${c.code} · ${c.name}`,
        text: `${CAMPAIGN_STATUS.label(status, l)} · ${CAMPAIGN_TYPE.label(c.type, l)} · ${c.startDate} → ${c.endDate}`,
        tone: status === 'ended' && retroDueAt && retroDueAt < ctx.now ? 'warning' : 'info',
        fields: [
          { label: tCampaign(l, 'field.budget'), value: money(l, c.budgetFen) },
          {
            label: tCampaign(l, 'field.spent'),
            value: tCampaign(l, 'field.spent_value', {
              spent: money(l, spentFen),
              pct: formatPct(ratio(spentFen, c.budgetFen), l),
            }),
          },
          { label: tCampaign(l, 'field.channels'), value: channelList(l, c.channels) },
          { label: tCampaign(l, 'field.owner'), value: owner.text },
        ],
        sections: [
          {
            heading: tCampaign(l, 'field.targets'),
            lines: targetFields(l, c).map((f) => `${f.label}: ${f.value}`),
          },
          ...(status === 'reviewed'
            ? [
                {
                  heading: tCampaign(l, 'field.results'),
                  lines: [
                    ...resultFields(l, c).map((f) => `${f.label}: ${f.value}`),
                    ...(c.retroNotes ? [`${tCampaign(l, 'field.notes')}: ${c.retroNotes}`] : []),
                  ],
                },
              ]
            : []),
        ],
        context,
      },
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
      card: {
        title: tCampaign(ctx.locale, 'ended.title', { code: c.code }),
        text: tCampaign(ctx.locale, 'ended.due', {
          code: c.code,
          due: fmtTime(c.retroDueAt!, wc.tz, ctx.now),
          n: wc.settings.slaRetroWorkdays,
        }),
        tone: 'success',
      },
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
    const l = ctx.locale;
    const lateBy = c.retroAt!.getTime() - c.retroDueAt!.getTime();
    return {
      visibility: 'ephemeral',
      card: {
        title: tCampaign(l, 'retro.title', { code: c.code }),
        text: late
          ? tCampaign(l, 'retro.late', { late: fmtDuration(lateBy, l) })
          : tCampaign(l, 'retro.ontime'),
        tone: late ? 'warning' : 'success',
        fields: resultFields(l, c),
      },
    };
  },
});

export const campaignSpec: CommandSpec = {
  area: 'campaign',
  defaultVerb: 'list',
  subcommands: { new: newCmd, list: listCmd, show: showCmd, end: endCmd, retro: retroCmd },
};
