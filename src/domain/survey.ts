/**
 * Satisfaction surveys (manual 4.1: 用户满意度评分, example target ≥ 4.5 on a 1–5 scale). Each day stores the
 * number of responses and the sum of their scores, so a period's mean is Σscore_sum ÷ Σresponses.
 */
import { insertAudit } from '../../db/queries/audit';
import { surveyForUpdate, upsertSurvey } from '../../db/queries/survey';
import type { VerbCtx } from './context';
import { checkDateArg } from './dates';
import { satisfaction } from './kpi';
import { parseCount } from './money';

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** One problem with one argument: the i18n key (`err.survey.*`) names the field. */
export interface SurveyIssue {
  field: 'date' | 'responses' | 'score_sum' | 'average';
  key:
    | 'err.survey.average_out_of_range'
    | 'err.survey.bad_date'
    | 'err.survey.bad_number'
    | 'err.survey.bad_responses'
    | 'err.survey.both'
    | 'err.survey.future_date'
    | 'err.survey.neither'
    | 'err.survey.sum_out_of_range';
  params?: Record<string, string | number>;
}

export interface SurveyRow {
  date: string;
  responses: number;
  /** Σscores in hundredths (exact: an average with two decimals × a count stays whole). */
  scoreSumCents: number;
}

/** A non-negative decimal with at most two places, as hundredths; null when it is not one. */
export function parseHundredths(raw: string): number | null {
  const s = raw.normalize('NFKC').trim().replaceAll(',', '');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Check `/survey log` arguments: a date not after today, a whole number of responses above zero, and
 * either `score_sum` or `average` (not both) whose mean lies within 1–5. Every problem is reported.
 */
export function validateSurvey(
  args: { date: string; responses: string; score_sum?: string; average?: string },
  today: string,
): { ok: true; row: SurveyRow } | { ok: false; issues: SurveyIssue[] } {
  const issues: SurveyIssue[] = [];
  let date: string | undefined;
  const d = checkDateArg(args.date, Number(today.slice(0, 4)));
  if (!d.ok) issues.push({ field: 'date', key: 'err.survey.bad_date', params: { value: args.date } });
  else if (d.date > today)
    issues.push({ field: 'date', key: 'err.survey.future_date', params: { value: d.date } });
  else date = d.date;

  let responses: number | undefined;
  const r = parseCount(args.responses);
  if (!r.ok || r.value <= 0 || r.value > 10_000_000) {
    issues.push({ field: 'responses', key: 'err.survey.bad_responses', params: { value: args.responses } });
  } else responses = r.value;

  let scoreSumCents: number | undefined;
  if (args.score_sum !== undefined && args.average !== undefined) {
    issues.push({ field: 'average', key: 'err.survey.both' });
  } else if (args.score_sum === undefined && args.average === undefined) {
    issues.push({ field: 'score_sum', key: 'err.survey.neither' });
  } else if (args.score_sum !== undefined) {
    const c = parseHundredths(args.score_sum);
    if (c === null) {
      issues.push({ field: 'score_sum', key: 'err.survey.bad_number', params: { value: args.score_sum } });
    } else if (
      responses !== undefined &&
      (c < responses * SCORE_MIN * 100 || c > responses * SCORE_MAX * 100)
    ) {
      issues.push({
        field: 'score_sum',
        key: 'err.survey.sum_out_of_range',
        params: {
          value: args.score_sum,
          min: responses * SCORE_MIN,
          max: responses * SCORE_MAX,
          n: responses,
        },
      });
    } else scoreSumCents = c;
  } else if (args.average !== undefined) {
    const a = parseHundredths(args.average);
    if (a === null) {
      issues.push({ field: 'average', key: 'err.survey.bad_number', params: { value: args.average } });
    } else if (a < SCORE_MIN * 100 || a > SCORE_MAX * 100) {
      issues.push({
        field: 'average',
        key: 'err.survey.average_out_of_range',
        params: { value: args.average },
      });
    } else if (responses !== undefined) scoreSumCents = a * responses;
  }
  if (issues.length > 0 || !date || responses === undefined || scoreSumCents === undefined) {
    return { ok: false, issues };
  }
  return { ok: true, row: { date, responses, scoreSumCents } };
}

const centsText = (c: number) => (c / 100).toFixed(2);

export interface SurveyLogResult {
  outcome: 'created' | 'updated' | 'unchanged';
  date: string;
  responses: number;
  scoreSum: number;
  mean: number | null;
  before: { responses: number; scoreSum: number } | null;
}

/** Store one day's survey result (logging the same day again replaces it), audited with before/after. */
export async function logSurvey(ctx: VerbCtx, row: SurveyRow): Promise<SurveyLogResult> {
  return ctx.db.transaction(async (tx) => {
    const prev = await surveyForUpdate(tx, row.date);
    const scoreSum = centsText(row.scoreSumCents);
    const before = prev ? { responses: prev.responses, scoreSum: Number(prev.scoreSum) } : null;
    const after = { responses: row.responses, scoreSum: row.scoreSumCents / 100 };
    const same =
      before !== null && before.responses === after.responses && before.scoreSum === after.scoreSum;
    if (!same) {
      await upsertSurvey(tx, {
        date: row.date,
        responses: row.responses,
        scoreSum,
        at: ctx.now,
        by: ctx.actor,
      });
      await insertAudit(tx, {
        at: ctx.now,
        actor: ctx.actor,
        action: prev ? 'survey.update' : 'survey.create',
        entity: 'survey',
        entityId: row.date,
        before,
        after,
      });
    }
    return {
      outcome: !prev ? 'created' : same ? 'unchanged' : 'updated',
      date: row.date,
      responses: after.responses,
      scoreSum: after.scoreSum,
      mean: satisfaction(after.scoreSum, after.responses),
      before,
    };
  });
}
