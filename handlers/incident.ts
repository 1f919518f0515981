import { z } from 'zod';
import type { Card, Field, FormSpec } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import { actorKey, type CommandSpec, type HandlerContext } from '../src/chat/command';
import { actedValue, choiceArg, deadlineField, fmtDuration, fmtTime } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCommon } from '../src/chat/messages/common';
import { tIncident } from '../src/chat/messages/incident';
import { bareId, type NameOf, namesFor } from '../src/chat/names';
import { channelLabel, parseChannel } from '../src/domain/channels';
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
import { must } from '../src/util/narrow';
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

const severityLabel = (locale: Locale, s: string) => INCIDENT_SEVERITY.label(s, locale);

/**
 * The card everyone in the channel sees when an incident is logged (high and critical stand out), updated in
 * place after each step: status, who responded, closed and reported and when, and each deadline struck
 * through once its clock stopped.
 */
export function incidentChannelCard(locale: Locale, tz: string, inc: Incident, name: NameOf = bareId): Card {
  const closed = inc.status === 'closed' || inc.status === 'reported';
  const fields: Field[] = [
    { label: tIncident(locale, 'field.platform'), value: channelLabel(inc.platform, locale) },
    { label: tIncident(locale, 'field.severity'), value: severityLabel(locale, inc.severity) },
    { label: tIncident(locale, 'field.status'), value: INCIDENT_STATUS.label(inc.status, locale) },
    deadlineField(tIncident(locale, 'field.due'), inc.responseDueAt, tz, inc.respondedAt !== null || closed),
  ];
  if (inc.respondedAt && inc.respondedBy)
    fields.push({
      label: tIncident(locale, 'field.responded'),
      value: actedValue(locale, tz, name(inc.respondedBy), inc.respondedAt, inc.responseDueAt),
    });
  if (inc.closedAt && inc.closedBy)
    fields.push({
      label: tIncident(locale, 'field.closed'),
      value: actedValue(locale, tz, name(inc.closedBy), inc.closedAt),
    });
  if (inc.reportDueAt)
    fields.push(
      deadlineField(tIncident(locale, 'field.report_due'), inc.reportDueAt, tz, inc.reportedAt !== null),
    );
  if (inc.reportedAt && inc.reportedBy)
    fields.push({
      label: tIncident(locale, 'field.reported'),
      value: actedValue(locale, tz, name(inc.reportedBy), inc.reportedAt, inc.reportDueAt),
    });
  if (inc.link) fields.push({ label: tIncident(locale, 'field.link'), value: inc.link });
  const open = inc.status === 'open';
  return {
    title: tIncident(locale, open ? 'channel.title' : 'channel.title_status', {
      code: inc.code,
      severity: severityLabel(locale, inc.severity),
      platform: channelLabel(inc.platform, locale),
      status: INCIDENT_STATUS.label(inc.status, locale),
    }),
    text: inc.summary,
    tone: closed
      ? 'success'
      : open && (inc.severity === 'high' || inc.severity === 'critical')
        ? 'warning'
        : 'info',
    fields,
    context: [
      ...(inc.responseNote ? [`${tIncident(locale, 'field.note')}: ${inc.responseNote}`] : []),
      `${tIncident(locale, 'field.reporter')}: ${name(inc.owner)}`,
    ],
  };
}

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
      card: {
        title: tIncident(ctx.locale, 'created.title', { code: inc.code }),
        text: tIncident(ctx.locale, 'created.due', {
          code: inc.code,
          due: fmtTime(inc.responseDueAt, tz, ctx.now),
          hours: vc.settings.slaIncidentResponseHours,
        }),
        tone: 'success',
      },
    };
  },
});

/** `on time` or `late by 1h 5m` for a clock that stopped at `at`. */
function lateness(
  ctx: HandlerContext,
  at: Date,
  due: Date | null,
  keys: { ontime: `${'responded' | 'reported'}.ontime`; late: `${'responded' | 'reported'}.late` },
) {
  const late = due ? at.getTime() - due.getTime() : 0;
  return {
    text:
      late > 0
        ? tIncident(ctx.locale, keys.late, { late: fmtDuration(late, ctx.locale) })
        : tIncident(ctx.locale, keys.ontime),
    tone: late > 0 ? ('warning' as const) : ('success' as const),
  };
}

const respondCmd = codeSubcommand({
  usage: USAGE.respond,
  summary: tIncident.catalogue['respond.summary'],
  prefix: 'INC',
  args: RespondArgs,
  act: async (ctx, code, { note }) => {
    await actorName(ctx); // warm the name cache outside the transaction
    const inc = await respondIncident(await verbCtx(ctx), { code, note }, channelCard(ctx));
    return {
      visibility: 'ephemeral',
      card: {
        title: tIncident(ctx.locale, 'responded.title', { code: inc.code }),
        ...lateness(ctx, inc.respondedAt ?? ctx.now, inc.responseDueAt, {
          ontime: 'responded.ontime',
          late: 'responded.late',
        }),
      },
    };
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
      card: {
        title: tIncident(ctx.locale, 'closed.title', { code: inc.code }),
        text: tIncident(ctx.locale, 'closed.due', {
          code: inc.code,
          due: fmtTime(must(inc.reportDueAt, `closing ${inc.code} starts its report clock`), wc.tz, ctx.now),
          n: wc.settings.slaIncidentReportWorkdays,
        }),
        tone: 'success',
        context: inc.respondedAt ? undefined : [tIncident(ctx.locale, 'closed.no_statement')],
      },
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
    return {
      visibility: 'ephemeral',
      card: {
        title: tIncident(ctx.locale, 'reported.title', { code: inc.code }),
        ...lateness(ctx, inc.reportedAt ?? ctx.now, inc.reportDueAt, {
          ontime: 'reported.ontime',
          late: 'reported.late',
        }),
      },
    };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: tIncident.catalogue['list.summary'],
  command: 'incident list',
  statuses: INCIDENT_STATUS,
  load: (ctx, query) => listIncidents({ db: ctx.deps.db }, query),
  title: (ctx, status) =>
    status
      ? tIncident(ctx.locale, 'list.title_status', { status: INCIDENT_STATUS.label(status, ctx.locale) })
      : tIncident(ctx.locale, 'list.title'),
  line: incidentLine,
});

function incidentLine(ctx: HandlerContext, inc: Incident): string {
  const l = ctx.locale;
  const flag =
    inc.status === 'open' && inc.responseDueAt < ctx.now
      ? ` · ⚠️ ${tCommon(l, 'time.overdue')}`
      : inc.status === 'closed' && inc.reportDueAt && inc.reportDueAt < ctx.now
        ? ` · ⚠️ ${tIncident(l, 'clock.report_overdue')}`
        : '';
  const summary = inc.summary.length > 60 ? `${inc.summary.slice(0, 59)}…` : inc.summary;
  const shown = channelLabel(inc.platform, l);
  const platform = shown.length > 30 ? `${shown.slice(0, 29)}…` : shown;
  return `${inc.code} · ${INCIDENT_STATUS.label(inc.status, l)} · ${severityLabel(l, inc.severity)} · ${platform}${flag}\n${summary}`;
}

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
