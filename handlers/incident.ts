import { z } from 'zod';
import type { FormSpec } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import {
  incidentChannelCard,
  incidentClosedCard,
  incidentCreatedCard,
  incidentLine,
  incidentReportedCard,
  incidentRespondedCard,
} from '../src/chat/cards/incident';
import { actorKey, type CommandSpec, type HandlerContext } from '../src/chat/command';
import { choiceArg } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tIncident } from '../src/chat/messages/incident';
import { namesFor } from '../src/chat/names';
import { parseChannel } from '../src/domain/channels';
import type { Incident } from '../src/domain/incidents';
import {
  closeIncident,
  createIncident,
  INCIDENT_SEVERITY,
  INCIDENT_STATUS,
  listIncidents,
  NewIncidentInput,
  reportIncident,
  respondIncident,
} from '../src/domain/incidents';
import type { CardOf } from '../src/domain/posted-cards';
import { workCtx } from '../src/domain/work-calendar';
import { FreeText } from './args';
import { announceHere, argsSubcommand, codeSubcommand, listSubcommand, NoArgs, verbCtx } from './shared';

const USAGE = {
  new: '/incident new platform=weibo|douyin|xiaohongshu|wechat_channels|baidu|taobao|jd|pinduoduo|website|… severity=low|medium|high|critical summary="…" [link=https://…]',
  respond: '/incident respond INC-n note="…"',
  close: '/incident close INC-n',
  report: '/incident report INC-n text="…"',
  list: '/incident list [status=open|responded|closed|reported] [page=n]',
};

// `severity=高` and `platform=微博` work like their codes; a platform that is not a channel stays free text.
const NewArgs = NewIncidentInput.extend({
  platform: z.preprocess(
    (v) => (typeof v === 'string' ? (parseChannel(v) ?? v) : v),
    NewIncidentInput.shape.platform,
  ),
  severity: choiceArg(INCIDENT_SEVERITY),
}).strict();
const RespondArgs = z.strictObject({ note: FreeText(4000) });
const ReportArgs = z.strictObject({ text: FreeText(20000) });

const form = (locale: Locale): FormSpec => ({
  command: 'incident new',
  title: tIncident(locale, 'form.title'),
  submit: tIncident(locale, 'form.submit'),
  fields: [
    {
      name: 'platform',
      label: tIncident(locale, 'field.platform'),
      kind: 'text',
      required: true,
      placeholder: 'weibo',
      hint: tIncident(locale, 'hint.platform'),
    },
    {
      name: 'severity',
      label: tIncident(locale, 'field.severity'),
      kind: 'select',
      required: true,
      options: INCIDENT_SEVERITY.options(locale),
    },
    { name: 'summary', label: tIncident(locale, 'field.summary'), kind: 'textarea', required: true },
    { name: 'link', label: tIncident(locale, 'field.link'), kind: 'text', placeholder: 'https://…' },
  ],
});

/** The channel card's new state after a step, for the domain verb to update the posted card with. */
const channelCard =
  (ctx: HandlerContext): CardOf<Incident> =>
  async (inc, tx) => {
    const name = await namesFor({ db: tx, names: ctx.deps.names }, [
      inc.owner,
      inc.respondedBy,
      inc.closedBy,
      inc.reportedBy,
    ]);
    return encodeCard(incidentChannelCard(ctx.locale, ctx.deps.config.tz, inc, name));
  };

/** The caller's display name, looked up before a transaction (the directory call may go over the network). */
const actorName = (ctx: HandlerContext) => namesFor(ctx.deps, [actorKey(ctx.actor)]);

const newCmd = argsSubcommand({
  usage: USAGE.new,
  summary: tIncident.catalogue['new.summary'],
  form,
  args: NewArgs,
  act: async (ctx, args) => {
    const vc = await verbCtx(ctx);
    const tz = ctx.deps.config.tz;
    const name = await actorName(ctx);
    const announce = announceHere(ctx, (inc: Incident) => incidentChannelCard(ctx.locale, tz, inc, name));
    const inc = await createIncident(vc, args, announce);
    return {
      visibility: 'ephemeral',
      card: incidentCreatedCard(ctx.locale, tz, ctx.now, inc, vc.settings.slaIncidentResponseHours),
    };
  },
});

const respondCmd = codeSubcommand({
  usage: USAGE.respond,
  summary: tIncident.catalogue['respond.summary'],
  prefix: 'INC',
  args: RespondArgs,
  act: async (ctx, code, { note }) => {
    await actorName(ctx); // warm the name cache outside the transaction
    const inc = await respondIncident(await verbCtx(ctx), { code, note }, channelCard(ctx));
    return { visibility: 'ephemeral', card: incidentRespondedCard(ctx.locale, ctx.now, inc) };
  },
});

const closeCmd = codeSubcommand({
  usage: USAGE.close,
  summary: tIncident.catalogue['close.summary'],
  prefix: 'INC',
  args: NoArgs,
  act: async (ctx, code) => {
    const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
    await actorName(ctx); // warm the name cache outside the transaction
    const inc = await closeIncident(wc, { code }, channelCard(ctx));
    return {
      visibility: 'ephemeral',
      card: incidentClosedCard(ctx.locale, wc.tz, ctx.now, inc, wc.settings.slaIncidentReportWorkdays),
    };
  },
});

const reportCmd = codeSubcommand({
  usage: USAGE.report,
  summary: tIncident.catalogue['report.summary'],
  prefix: 'INC',
  args: ReportArgs,
  act: async (ctx, code, { text }) => {
    await actorName(ctx); // warm the name cache outside the transaction
    const inc = await reportIncident(await verbCtx(ctx), { code, text }, channelCard(ctx));
    return { visibility: 'ephemeral', card: incidentReportedCard(ctx.locale, ctx.now, inc) };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: tIncident.catalogue['list.summary'],
  command: 'incident list',
  statuses: INCIDENT_STATUS,
  load: (ctx, query) => listIncidents({ db: ctx.deps.db }, query),
  title: tIncident.catalogue['list.title'],
  line: (ctx, inc) => incidentLine(ctx.locale, ctx.now, inc),
});

export const incidentSpec: CommandSpec = {
  area: 'incident',
  defaultVerb: 'list',
  subcommands: {
    new: newCmd,
    respond: respondCmd,
    close: closeCmd,
    report: reportCmd,
    list: listCmd,
  },
};
