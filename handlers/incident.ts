import { z } from 'zod';
import type { Card, FormSpec } from '../src/chat/card';
import { actorKey, type CommandSpec, type HandlerContext } from '../src/chat/command';
import { choiceArg, fmtDuration, fmtTime, registerCatalogue } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tc } from '../src/chat/messages/common';
import { ti } from '../src/chat/messages/incident';
import { parseChannel } from '../src/domain/channels';
import type { Incident } from '../src/domain/incidents';
import {
  closeIncident,
  createIncident,
  FreeText,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  listIncidents,
  NewIncidentInput,
  reportIncident,
  respondIncident,
} from '../src/domain/incidents';
import { workCtx } from '../src/domain/work-calendar';
import { announceHere, argsSubcommand, codeSubcommand, listSubcommand, NoArgs, verbCtx } from './shared';

registerCatalogue(ti);

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
  severity: choiceArg(INCIDENT_SEVERITIES, (l, v) => ti(l, `severity.${v}`), {
    严重: 'critical',
    危急: 'critical',
  }),
}).strict();
const RespondArgs = z.strictObject({ note: FreeText(4000) });
const ReportArgs = z.strictObject({ text: FreeText(20000) });

const form = (locale: Locale): FormSpec => ({
  command: 'incident new',
  title: ti(locale, 'form.title'),
  submit: ti(locale, 'form.submit'),
  fields: [
    {
      name: 'platform',
      label: ti(locale, 'field.platform'),
      kind: 'text',
      required: true,
      placeholder: 'weibo',
      hint: ti(locale, 'hint.platform'),
    },
    {
      name: 'severity',
      label: ti(locale, 'field.severity'),
      kind: 'select',
      required: true,
      options: INCIDENT_SEVERITIES.map((v) => ({ value: v, label: ti(locale, `severity.${v}`) })),
    },
    { name: 'summary', label: ti(locale, 'field.summary'), kind: 'textarea', required: true },
    { name: 'link', label: ti(locale, 'field.link'), kind: 'text', placeholder: 'https://…' },
  ],
});

const severityLabel = (locale: Locale, s: string) => ti(locale, `severity.${s}` as 'severity.low');
const statusLabel = (locale: Locale, s: string) => ti(locale, `status.${s}` as 'status.open');

/** The card everyone in the channel sees when an incident is logged; high and critical stand out. */
export function incidentChannelCard(locale: Locale, tz: string, inc: Incident): Card {
  return {
    title: ti(locale, 'channel.title', {
      code: inc.code,
      severity: severityLabel(locale, inc.severity),
      platform: inc.platform,
    }),
    text: inc.summary,
    tone: inc.severity === 'high' || inc.severity === 'critical' ? 'warning' : 'info',
    fields: [
      { label: ti(locale, 'field.platform'), value: inc.platform },
      { label: ti(locale, 'field.severity'), value: severityLabel(locale, inc.severity) },
      { label: ti(locale, 'field.due'), value: fmtTime(inc.responseDueAt, tz) },
      ...(inc.link ? [{ label: ti(locale, 'field.link'), value: inc.link }] : []),
    ],
    context: [`${ti(locale, 'field.reporter')}: ${inc.owner.split(':').slice(1).join(':')}`],
  };
}

const newCmd = argsSubcommand({
  usage: USAGE.new,
  summary: ti.catalogue['new.summary'],
  form,
  args: NewArgs,
  act: async (ctx, args) => {
    const vc = await verbCtx(ctx);
    const tz = ctx.deps.config.tz;
    const announce = announceHere(ctx, (inc: Incident) => incidentChannelCard(ctx.locale, tz, inc));
    const inc = await createIncident(vc, args, announce);
    return {
      visibility: 'ephemeral',
      card: {
        title: ti(ctx.locale, 'created.title', { code: inc.code }),
        text: ti(ctx.locale, 'created.due', {
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
function lateness(ctx: HandlerContext, at: Date, due: Date | null, keys: { ontime: string; late: string }) {
  const late = due ? at.getTime() - due.getTime() : 0;
  return {
    text:
      late > 0
        ? ti(ctx.locale, keys.late as 'responded.late', { late: fmtDuration(late, ctx.locale) })
        : ti(ctx.locale, keys.ontime as 'responded.ontime'),
    tone: late > 0 ? ('warning' as const) : ('success' as const),
  };
}

const respondCmd = codeSubcommand({
  usage: USAGE.respond,
  summary: ti.catalogue['respond.summary'],
  prefix: 'INC',
  args: RespondArgs,
  act: async (ctx, code, { note }) => {
    const inc = await respondIncident(await verbCtx(ctx), { code, note });
    return {
      visibility: 'ephemeral',
      card: {
        title: ti(ctx.locale, 'responded.title', { code: inc.code }),
        ...lateness(ctx, inc.respondedAt!, inc.responseDueAt, {
          ontime: 'responded.ontime',
          late: 'responded.late',
        }),
      },
    };
  },
});

const closeCmd = codeSubcommand({
  usage: USAGE.close,
  summary: ti.catalogue['close.summary'],
  prefix: 'INC',
  args: NoArgs,
  act: async (ctx, code) => {
    const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
    const inc = await closeIncident(wc, { code });
    return {
      visibility: 'ephemeral',
      card: {
        title: ti(ctx.locale, 'closed.title', { code: inc.code }),
        text: ti(ctx.locale, 'closed.due', {
          code: inc.code,
          due: fmtTime(inc.reportDueAt!, wc.tz, ctx.now),
          n: wc.settings.slaIncidentReportWorkdays,
        }),
        tone: 'success',
        context: inc.respondedAt ? undefined : [ti(ctx.locale, 'closed.no_statement')],
      },
    };
  },
});

const reportCmd = codeSubcommand({
  usage: USAGE.report,
  summary: ti.catalogue['report.summary'],
  prefix: 'INC',
  args: ReportArgs,
  act: async (ctx, code, { text }) => {
    const inc = await reportIncident(await verbCtx(ctx), { code, text });
    return {
      visibility: 'ephemeral',
      card: {
        title: ti(ctx.locale, 'reported.title', { code: inc.code }),
        ...lateness(ctx, inc.reportedAt!, inc.reportDueAt, {
          ontime: 'reported.ontime',
          late: 'reported.late',
        }),
      },
    };
  },
});

const listCmd = listSubcommand({
  usage: USAGE.list,
  summary: ti.catalogue['list.summary'],
  command: 'incident list',
  statuses: INCIDENT_STATUSES,
  statusLabel,
  load: (ctx, query) => listIncidents({ db: ctx.deps.db }, query),
  title: (ctx, status) =>
    status
      ? ti(ctx.locale, 'list.title_status', { status: statusLabel(ctx.locale, status) })
      : ti(ctx.locale, 'list.title'),
  line: incidentLine,
});

function incidentLine(ctx: HandlerContext, inc: Incident): string {
  const l = ctx.locale;
  const flag =
    inc.status === 'open' && inc.responseDueAt < ctx.now
      ? ` · ⚠️ ${tc(l, 'time.overdue')}`
      : inc.status === 'closed' && inc.reportDueAt && inc.reportDueAt < ctx.now
        ? ` · ⚠️ ${ti(l, 'clock.report_overdue')}`
        : '';
  const summary = inc.summary.length > 60 ? `${inc.summary.slice(0, 59)}…` : inc.summary;
  const platform = inc.platform.length > 30 ? `${inc.platform.slice(0, 29)}…` : inc.platform;
  return `${inc.code} · ${statusLabel(l, inc.status)} · ${severityLabel(l, inc.severity)} · ${platform}${flag}\n${summary}`;
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
