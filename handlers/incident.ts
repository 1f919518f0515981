import { z } from 'zod';
import type { Incident } from '../db/schema';
import type { Card, FormSpec } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import { actorKey, type CommandSpec, type HandlerContext, type Subcommand } from '../src/chat/command';
import {
  fmtDuration,
  fmtTime,
  invalid,
  pageArg,
  parseArgs,
  parseCode,
  registerErrorCatalogue,
  usageReply,
  withDomainErrors,
} from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tc } from '../src/chat/messages/common';
import { ti } from '../src/chat/messages/incident';
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
import { listCard, verbCtx } from './shared';

registerErrorCatalogue((locale, key, params) =>
  key in ti.catalogue ? ti(locale, key as keyof typeof ti.catalogue, params) : undefined,
);

const USAGE = {
  new: '/incident new platform=weibo|douyin|xiaohongshu|wechat_channels|baidu|taobao|jd|pinduoduo|website|… severity=low|medium|high|critical summary="…" [link=https://…]',
  respond: '/incident respond INC-n note="…"',
  close: '/incident close INC-n',
  report: '/incident report INC-n text="…"',
  list: '/incident list [status=open|responded|closed|reported] [page=n]',
};

const NewArgs = NewIncidentInput.strict();
const RespondArgs = z.strictObject({ note: FreeText(4000) });
const ReportArgs = z.strictObject({ text: FreeText(20000) });
const NoArgs = z.strictObject({});
const ListArgs = z.strictObject({
  status: z.enum(INCIDENT_STATUSES).optional(),
  page: z.string().optional(),
});

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

const newCmd: Subcommand = {
  usage: USAGE.new,
  summary: ti.catalogue['new.summary'],
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
            card: (inc: Incident) => encodeCard(incidentChannelCard(ctx.locale, tz, inc)),
          }
        : undefined;
      const inc = await createIncident(vc, p.data, announce);
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
    }),
};

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

const respondCmd: Subcommand = {
  usage: USAGE.respond,
  summary: ti.catalogue['respond.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, respondCmd, async () => {
      const code = parseCode(input.rest, 'INC', ctx.locale);
      const p = parseArgs(RespondArgs, input.args, ctx.locale);
      if (!code.ok || !p.ok) return invalid(ctx.locale, USAGE.respond, code, p);
      const inc = await respondIncident(await verbCtx(ctx), { code: code.code, note: p.data.note });
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
    }),
};

const closeCmd: Subcommand = {
  usage: USAGE.close,
  summary: ti.catalogue['close.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, closeCmd, async () => {
      const code = parseCode(input.rest, 'INC', ctx.locale);
      const p = parseArgs(NoArgs, input.args, ctx.locale);
      if (!code.ok || !p.ok) return invalid(ctx.locale, USAGE.close, code, p);
      const wc = await workCtx(ctx.deps, ctx.now, actorKey(ctx.actor));
      const inc = await closeIncident(wc, { code: code.code });
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
    }),
};

const reportCmd: Subcommand = {
  usage: USAGE.report,
  summary: ti.catalogue['report.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, reportCmd, async () => {
      const code = parseCode(input.rest, 'INC', ctx.locale);
      const p = parseArgs(ReportArgs, input.args, ctx.locale);
      if (!code.ok || !p.ok) return invalid(ctx.locale, USAGE.report, code, p);
      const inc = await reportIncident(await verbCtx(ctx), { code: code.code, text: p.data.text });
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
    }),
};

const listCmd: Subcommand = {
  usage: USAGE.list,
  summary: ti.catalogue['list.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, listCmd, async () => {
      const p = parseArgs(ListArgs, input.args, ctx.locale);
      if (!p.ok) return invalid(ctx.locale, USAGE.list, p);
      const page = pageArg(p.data.page);
      if (page === undefined) return usageReply(ctx.locale, USAGE.list, [tc(ctx.locale, 'err.bad_page')]);
      const res = await listIncidents({ db: ctx.deps.db }, { status: p.data.status, page });
      return listCard(ctx, {
        title: p.data.status
          ? ti(ctx.locale, 'list.title_status', { status: statusLabel(ctx.locale, p.data.status) })
          : ti(ctx.locale, 'list.title'),
        page: res,
        line: (inc) => incidentLine(ctx, inc),
        nextCommand: `incident list${p.data.status ? ` status=${p.data.status}` : ''}`,
      });
    }),
};

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
