/**
 * `/feedback` cards: the channel card (updated in place after each step), the replies to new, ack and resolve,
 * and the list line. Pure functions of the feedback row, the locale, the team's time zone and the time now.
 */
import type { Feedback } from '../../domain/feedback';
import {
  FEEDBACK_CATEGORY,
  FEEDBACK_SEVERITY,
  FEEDBACK_SOURCE,
  FEEDBACK_STATUS,
} from '../../domain/feedback';
import type { Card, Field } from '../card';
import { actedValue, deadlineField, fmtDuration, fmtTime } from '../handler-kit';
import type { Locale } from '../i18n';
import { tCommon } from '../messages/common';
import { tFeedback } from '../messages/feedback';
import { bareId, type NameOf } from '../names';

const label = (locale: Locale, fb: Feedback) => ({
  severity: FEEDBACK_SEVERITY.label(fb.severity, locale),
  source: FEEDBACK_SOURCE.label(fb.source, locale),
  category: FEEDBACK_CATEGORY.label(fb.category, locale),
  status: FEEDBACK_STATUS.label(fb.status, locale),
});

/**
 * The card everyone in the channel sees when feedback is logged, and again after each step (it is updated
 * in place): status, who responded and resolved and when, and the deadline, struck through once met or missed.
 */
export function feedbackChannelCard(locale: Locale, tz: string, fb: Feedback, name: NameOf = bareId): Card {
  const l = label(locale, fb);
  const fields: Field[] = [
    { label: tFeedback(locale, 'field.source'), value: l.source },
    { label: tFeedback(locale, 'field.category'), value: l.category },
    { label: tFeedback(locale, 'field.status'), value: l.status },
    deadlineField(tFeedback(locale, 'field.due'), fb.dueAt, tz, fb.ackedAt !== null),
  ];
  if (fb.ackedAt && fb.ackedBy)
    fields.push({
      label: tFeedback(locale, 'field.acked'),
      value: actedValue(locale, tz, name(fb.ackedBy), fb.ackedAt, fb.dueAt),
    });
  if (fb.resolvedAt && fb.resolvedBy)
    fields.push({
      label: tFeedback(locale, 'field.resolved'),
      value: actedValue(locale, tz, name(fb.resolvedBy), fb.resolvedAt),
    });
  const notes = [
    fb.ackNote ? `${tFeedback(locale, 'field.ack_note')}: ${fb.ackNote}` : undefined,
    fb.resolveNote ? `${tFeedback(locale, 'field.resolve_note')}: ${fb.resolveNote}` : undefined,
  ].filter((x): x is string => !!x);
  return {
    title:
      fb.status === 'open'
        ? tFeedback(locale, 'channel.title', { code: fb.code, severity: l.severity })
        : tFeedback(locale, 'channel.title_status', {
            code: fb.code,
            severity: l.severity,
            status: l.status,
          }),
    text: fb.text,
    tone:
      fb.status === 'resolved'
        ? 'success'
        : fb.severity === 'high' && fb.status === 'open'
          ? 'warning'
          : 'info',
    fields,
    buttons: [],
    context: [...notes, `${tFeedback(locale, 'field.reporter')}: ${name(fb.reporter)}`],
  };
}

/** `/feedback new`: the code, when the first response is due, and how many personal details were masked. */
export function feedbackCreatedCard(
  locale: Locale,
  tz: string,
  now: Date,
  fb: Feedback,
  maskedPii: number,
): Card {
  return {
    title: tFeedback(locale, 'created.title', { code: fb.code }),
    text: tFeedback(locale, 'created.due', { due: fmtTime(fb.dueAt, tz, now) }),
    tone: 'success',
    context: maskedPii ? [tFeedback(locale, 'created.masked', { n: maskedPii })] : undefined,
  };
}

/** `/feedback ack`: on time, or how late the first response was. */
export function feedbackAckedCard(locale: Locale, now: Date, fb: Feedback): Card {
  const late = (fb.ackedAt ?? now).getTime() - fb.dueAt.getTime();
  return {
    title: tFeedback(locale, 'acked.title', { code: fb.code }),
    text:
      late > 0
        ? tFeedback(locale, 'acked.late', { late: fmtDuration(late, locale) })
        : tFeedback(locale, 'acked.ontime'),
    tone: late > 0 ? 'warning' : 'success',
  };
}

/** `/feedback resolve`: resolved, with the note. */
export function feedbackResolvedCard(locale: Locale, fb: Feedback): Card {
  return {
    title: tFeedback(locale, 'resolved.title', { code: fb.code }),
    text: fb.resolveNote ?? '',
    tone: 'success',
  };
}

/** One feedback item in `/feedback list`: code, status, severity, category (overdue marked), the text cut. */
export function feedbackLine(locale: Locale, now: Date, fb: Feedback): string {
  const l = label(locale, fb);
  const overdue = fb.status === 'open' && fb.dueAt < now ? ` · ⚠️ ${tCommon(locale, 'time.overdue')}` : '';
  const text = fb.text.length > 60 ? `${fb.text.slice(0, 59)}…` : fb.text;
  return `${fb.code} · ${l.status} · ${l.severity} · ${l.category}${overdue}\n${text}`;
}
