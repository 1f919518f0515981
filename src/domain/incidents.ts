import { z } from 'zod';
import { insertAudit } from '../../db/queries/audit';
import {
  incidentForUpdate,
  insertIncident,
  listIncidentRows,
  updateIncident,
} from '../../db/queries/incidents';
import { nextCode } from '../../db/queries/sequences';
import type { Incident, NewIncident } from '../../db/schema';
import { PAGE_SIZE, type VerbCtx } from './context';
import { DomainError, notFound } from './errors';
import { type Announce, announceCard, type CardOf, refreshAnnouncedCard } from './posted-cards';
import { redactPii } from './redact';
import { ladderRemindAt } from './sla';
import { FreeText } from './text';
import { defineVocabulary } from './vocabulary';
import type { WorkCtx } from './work-calendar';

/** The stored row, for handlers: they never import db/. */
export type { Incident } from '../../db/schema';

export const INCIDENT_SEVERITY = defineVocabulary({
  low: { 'zh-CN': '低', en: 'Low' },
  medium: { 'zh-CN': '中', en: 'Medium' },
  high: { 'zh-CN': '高', en: 'High' },
  critical: { 'zh-CN': '紧急', en: 'Critical', aliases: ['严重', '危急'] },
});
export const INCIDENT_STATUS = defineVocabulary({
  open: { 'zh-CN': '待回应', en: 'Open' },
  responded: { 'zh-CN': '已回应', en: 'Responded' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  reported: { 'zh-CN': '已报告', en: 'Reported' },
});
export const INCIDENT_SEVERITIES = INCIDENT_SEVERITY.codes;
export const INCIDENT_STATUSES = INCIDENT_STATUS.codes;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** An http(s) link to the post being discussed; anything else (javascript:, bare words) is refused. */
const Link = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (s) => {
      // Control characters never belong in a link (and NUL cannot be stored).
      if (/[\u0000-\u001f\u007f]/.test(s)) return false;
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0;
      } catch {
        return false;
      }
    },
    { message: 'err.incident_bad_link' },
  );

export const NewIncidentInput = z.object({
  /** Free text (a channel such as weibo, or any other site), but required. */
  platform: FreeText(100),
  severity: z.enum(INCIDENT_SEVERITIES),
  summary: FreeText(4000),
  link: Link.optional(),
});
export type NewIncidentInput = z.infer<typeof NewIncidentInput>;

const HOUR = 3_600_000;

/** Public-response deadline: logged time plus the SLA window (2 h by default). */
export function incidentResponseDueAt(createdAt: Date, slaHours: number): Date {
  return new Date(createdAt.getTime() + slaHours * HOUR);
}

/** Log a sentiment incident (INC-n), start the 2 h response clock, and queue the channel card. */
export async function createIncident(
  ctx: VerbCtx,
  input: NewIncidentInput,
  announce?: Announce<Incident>,
): Promise<Incident> {
  return ctx.db.transaction(async (tx) => {
    const code = await nextCode(tx, 'INC');
    const incident = await insertIncident(tx, {
      code,
      platform: input.platform,
      severity: input.severity,
      summary: redactPii(input.summary).text,
      link: input.link ?? null,
      status: 'open',
      owner: ctx.actor,
      createdAt: ctx.now,
      responseDueAt: incidentResponseDueAt(ctx.now, ctx.settings.slaIncidentResponseHours),
      responseRemindAt: ladderRemindAt(
        ctx.now,
        incidentResponseDueAt(ctx.now, ctx.settings.slaIncidentResponseHours),
      ),
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'incident.create',
      entity: 'incident',
      entityId: code,
      after: incident,
    });
    await announceCard(tx, { entity: 'incident', code, row: incident, now: ctx.now }, announce);
    return incident;
  });
}

type Action = 'respond' | 'close' | 'report';

/** Whether `action` is allowed from `status`; the refusal names the reason. */
function refusal(action: Action, inc: Incident): DomainError | undefined {
  const code = inc.code;
  const closed = inc.status === 'closed' || inc.status === 'reported';
  switch (action) {
    case 'respond':
      if (closed) return new DomainError('invalid_state', 'err.incident_closed', { code });
      if (inc.status === 'responded')
        return new DomainError('invalid_state', 'err.incident_already_responded', { code });
      return undefined;
    case 'close':
      if (closed) return new DomainError('invalid_state', 'err.incident_already_closed', { code });
      return undefined;
    case 'report':
      if (inc.status === 'reported')
        return new DomainError('invalid_state', 'err.incident_already_reported', { code });
      if (!closed) return new DomainError('invalid_state', 'err.incident_report_before_close', { code });
      return undefined;
  }
}

async function transition(
  ctx: VerbCtx,
  code: string,
  action: Action,
  patch: (before: Incident) => Partial<NewIncident>,
  render?: CardOf<Incident>,
): Promise<Incident> {
  return ctx.db.transaction(async (tx) => {
    const before = await incidentForUpdate(tx, code);
    if (!before) throw notFound('incident', code);
    const refused = refusal(action, before);
    if (refused) throw refused;
    const after = await updateIncident(tx, before.id, patch(before));
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: `incident.${action}`,
      entity: 'incident',
      entityId: code,
      before,
      after,
    });
    await refreshAnnouncedCard(tx, { entity: 'incident', code, action, after, now: ctx.now }, render);
    return after;
  });
}

/** The public statement went out: records when, and stops the response clock. */
export const respondIncident = (
  ctx: VerbCtx,
  input: { code: string; note: string },
  render?: CardOf<Incident>,
) =>
  transition(
    ctx,
    input.code,
    'respond',
    () => ({
      status: 'responded',
      respondedAt: ctx.now,
      respondedBy: ctx.actor,
      responseNote: redactPii(input.note).text,
    }),
    render,
  );

/** Close an incident; starts the post-incident report clock (2 working days by default). */
export const closeIncident = (ctx: WorkCtx, input: { code: string }, render?: CardOf<Incident>) =>
  transition(
    ctx,
    input.code,
    'close',
    () => {
      const reportDueAt = ctx.calendar.addWorkingDays(
        ctx.now,
        ctx.settings.slaIncidentReportWorkdays,
        ctx.tz,
      );
      return {
        status: 'closed',
        closedAt: ctx.now,
        closedBy: ctx.actor,
        reportDueAt,
        reportRemindAt: ladderRemindAt(ctx.now, reportDueAt),
      };
    },
    render,
  );

/** File the post-incident report (舆情处理报告) of a closed incident; closes the report clock. */
export const reportIncident = (
  ctx: VerbCtx,
  input: { code: string; text: string },
  render?: CardOf<Incident>,
) =>
  transition(
    ctx,
    input.code,
    'report',
    () => ({
      status: 'reported',
      reportedAt: ctx.now,
      reportedBy: ctx.actor,
      reportText: redactPii(input.text).text,
    }),
    render,
  );

/** One page of incidents, newest first. */
export async function listIncidents(
  ctx: Pick<VerbCtx, 'db'>,
  input: { status?: IncidentStatus; page: number },
) {
  const offset = (input.page - 1) * PAGE_SIZE;
  const { rows, total } = await listIncidentRows(ctx.db, { status: input.status, offset, limit: PAGE_SIZE });
  return { rows, total, page: input.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
