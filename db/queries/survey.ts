import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type SurveyResult, surveyResults } from '../schema';
import { type RawSum, sumOrNull } from './metrics';
import { rowsOf } from './outbox';

/** The stored result of one day, locked until the transaction ends (the audit's "before" stays true). */
export async function surveyForUpdate(tx: DbOrTx, date: string): Promise<SurveyResult | undefined> {
  const [row] = await tx.select().from(surveyResults).where(eq(surveyResults.date, date)).for('update');
  return row;
}

/** Insert or replace one day's result. */
export async function upsertSurvey(
  tx: DbOrTx,
  row: { date: string; responses: number; scoreSum: string; at: Date; by: string },
): Promise<void> {
  const values = {
    date: row.date,
    responses: row.responses,
    scoreSum: row.scoreSum,
    updatedAt: row.at,
    updatedBy: row.by,
  };
  await tx
    .insert(surveyResults)
    .values(values)
    .onConflictDoUpdate({
      target: surveyResults.date,
      set: { responses: values.responses, scoreSum: values.scoreSum, updatedAt: row.at, updatedBy: row.by },
    });
}

/** Σresponses and Σscore_sum over local days [from, to]; both null when nothing was logged. */
export async function surveySums(
  db: DbOrTx,
  from: string,
  to: string,
): Promise<{ responses: number | null; scoreSum: number | null }> {
  const s = surveyResults;
  const res = await db.execute(sql`
    select sum(${s.responses}) as responses, sum(${s.scoreSum}) as score_sum
    from ${s} where ${s.date} between ${from}::date and ${to}::date`);
  const r = rowsOf<{ responses: RawSum; score_sum: RawSum }>(res)[0];
  return { responses: sumOrNull(r?.responses), scoreSum: sumOrNull(r?.score_sum) };
}
