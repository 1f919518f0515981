/**
 * `/incident` cards: the channel card (updated in place after each step), the replies to new, respond, close
 * and report, and the list line. Pure functions of the incident row, the locale, the time zone and the time now.
 */
import { channelLabel } from '../../domain/channels';
import { INCIDENT_SEVERITY, INCIDENT_STATUS, type Incident } from '../../domain/incidents';
import { must } from '../../util/narrow';
import type { Card, Field } from '../card';
import { actedValue, deadlineField, fmtDuration, fmtTime } from '../handler-kit';
import type { Locale } from '../i18n';
import { tCommon } from '../messages/common';
import { tIncident } from '../messages/incident';
import { bareId, type NameOf } from '../names';

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

/** `/incident new`: the code and when the public statement is due. */
export function incidentCreatedCard(
  locale: Locale,
  tz: string,
  now: Date,
  inc: Incident,
  hours: number,
): Card {
  return {
    title: tIncident(locale, 'created.title', { code: inc.code }),
    text: tIncident(locale, 'created.due', {
      code: inc.code,
      due: fmtTime(inc.responseDueAt, tz, now),
      hours,
    }),
    tone: 'success',
  };
}

/** `on time` or `late by 1h 5m` for a clock that stopped at `at`. */
function lateness(
  locale: Locale,
  at: Date,
  due: Date | null,
  keys: { ontime: `${'responded' | 'reported'}.ontime`; late: `${'responded' | 'reported'}.late` },
) {
  const late = due ? at.getTime() - due.getTime() : 0;
  return {
    text:
      late > 0
        ? tIncident(locale, keys.late, { late: fmtDuration(late, locale) })
        : tIncident(locale, keys.ontime),
    tone: late > 0 ? ('warning' as const) : ('success' as const),
  };
}

/** `/incident respond`: the statement was on time, or how late. */
export function incidentRespondedCard(locale: Locale, now: Date, inc: Incident): Card {
  return {
    title: tIncident(locale, 'responded.title', { code: inc.code }),
    ...lateness(locale, inc.respondedAt ?? now, inc.responseDueAt, {
      ontime: 'responded.ontime',
      late: 'responded.late',
    }),
  };
}

/** `/incident close`: closed, when the report is due, and a note when no statement was made. */
export function incidentClosedCard(
  locale: Locale,
  tz: string,
  now: Date,
  inc: Incident,
  workdays: number,
): Card {
  return {
    title: tIncident(locale, 'closed.title', { code: inc.code }),
    text: tIncident(locale, 'closed.due', {
      code: inc.code,
      due: fmtTime(must(inc.reportDueAt, `closing ${inc.code} starts its report clock`), tz, now),
      n: workdays,
    }),
    tone: 'success',
    context: inc.respondedAt ? undefined : [tIncident(locale, 'closed.no_statement')],
  };
}

/** `/incident report`: the report was on time, or how late. */
export function incidentReportedCard(locale: Locale, now: Date, inc: Incident): Card {
  return {
    title: tIncident(locale, 'reported.title', { code: inc.code }),
    ...lateness(locale, inc.reportedAt ?? now, inc.reportDueAt, {
      ontime: 'reported.ontime',
      late: 'reported.late',
    }),
  };
}

/** One incident in `/incident list`: code, status, severity, platform (an overdue clock marked), the summary cut. */
export function incidentLine(l: Locale, now: Date, inc: Incident): string {
  const flag =
    inc.status === 'open' && inc.responseDueAt < now
      ? ` · ⚠️ ${tCommon(l, 'time.overdue')}`
      : inc.status === 'closed' && inc.reportDueAt && inc.reportDueAt < now
        ? ` · ⚠️ ${tIncident(l, 'clock.report_overdue')}`
        : '';
  const summary = inc.summary.length > 60 ? `${inc.summary.slice(0, 59)}…` : inc.summary;
  const shown = channelLabel(inc.platform, l);
  const platform = shown.length > 30 ? `${shown.slice(0, 29)}…` : shown;
  return `${inc.code} · ${INCIDENT_STATUS.label(inc.status, l)} · ${severityLabel(l, inc.severity)} · ${platform}${flag}\n${summary}`;
}
