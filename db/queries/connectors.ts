import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  type ConnectorRun,
  channelMetrics,
  connectorRuns,
  connectorState,
  type NewSourceMetric,
  type SourceMetric,
  sourceMetrics,
} from '../schema';
import { keyPairs, METRIC_COLUMNS } from './metrics';
import { one } from './one';
import { rowsOf } from './outbox';

/** Stored rows of one source for (date, channel) keys, locked until the transaction ends. */
export async function sourceMetricsForUpdate(
  tx: DbOrTx,
  source: string,
  keys: { date: string; channel: string }[],
): Promise<SourceMetric[]> {
  if (keys.length === 0) return [];
  return tx
    .select()
    .from(sourceMetrics)
    .where(
      and(
        eq(sourceMetrics.source, source),
        sql`(${sourceMetrics.date}, ${sourceMetrics.channel}) in (${keyPairs(keys)})`,
      ),
    )
    .orderBy(asc(sourceMetrics.id))
    .for('update');
}

/** Insert or replace a source's figures by (date, channel, source), many rows in one statement. */
export async function upsertSourceMetricRows(tx: DbOrTx, rows: NewSourceMetric[]): Promise<void> {
  if (rows.length === 0) return;
  const set = Object.fromEntries(
    [...METRIC_COLUMNS, 'pulledAt' as const].map((c) => [
      c,
      sql`excluded.${sql.identifier(sourceMetrics[c].name)}`,
    ]),
  );
  await tx
    .insert(sourceMetrics)
    .values(rows)
    .onConflictDoUpdate({ target: [sourceMetrics.date, sourceMetrics.channel, sourceMetrics.source], set });
}

export async function insertConnectorRun(db: DbOrTx, run: Omit<ConnectorRun, 'id'>): Promise<ConnectorRun> {
  return one(await db.insert(connectorRuns).values(run).returning(), 'insertConnectorRun');
}

export interface ConnectorStatusRow {
  source: string;
  last_success_at: Date | string | null;
  last_run_at: Date | string | null;
  last_ok: boolean | null;
  last_error: string | null;
  last_rows: number | null;
}

/** Per source: last success, the latest run and its error, and how many rows that run pulled. */
export async function connectorStatusRows(db: DbOrTx): Promise<ConnectorStatusRow[]> {
  const r = connectorRuns;
  const res = await db.execute(sql`
    select l.source, l.finished_at as last_run_at, l.ok as last_ok, l.error as last_error, l.rows as last_rows,
      (select max(s.finished_at) from ${r} s where s.source = l.source and s.ok) as last_success_at
    from (select distinct on (${r.source}) * from ${r} order by ${r.source}, ${r.id} desc) l`);
  return rowsOf<ConnectorStatusRow>(res);
}

/**
 * "As of" per (source, date): the latest successful run that covered the date. The digest prints it
 * beside the figures ("来源：百度统计，截至 08:30").
 */
export async function pulledAsOf(
  db: DbOrTx,
  date: string,
): Promise<{ source: string; as_of: Date | string }[]> {
  const r = connectorRuns;
  const res = await db.execute(sql`
    select ${r.source} as source, max(${r.finishedAt}) as as_of from ${r}
    where ${r.ok} and ${date}::date between ${r.fromDate} and ${r.toDate}
    group by ${r.source}`);
  return rowsOf<{ source: string; as_of: Date | string }>(res);
}

export type BackfillState = { from: string; to: string; doneThrough: string | null };

export async function getConnectorState(db: DbOrTx, source: string) {
  const [row] = await db.select().from(connectorState).where(eq(connectorState.source, source));
  return row;
}

/** The state row locked for a read-modify-write (token refresh), created empty when missing. */
export async function lockConnectorState(tx: DbOrTx, source: string, now: Date) {
  await tx.insert(connectorState).values({ source, updatedAt: now }).onConflictDoNothing();
  return one(
    await tx.select().from(connectorState).where(eq(connectorState.source, source)).for('update'),
    'lockConnectorState',
  );
}

export async function putBackfill(db: DbOrTx, source: string, backfill: BackfillState | null, now: Date) {
  await db
    .insert(connectorState)
    .values({ source, backfill, updatedAt: now })
    .onConflictDoUpdate({ target: connectorState.source, set: { backfill, updatedAt: now } });
}

export async function putTokens(db: DbOrTx, source: string, tokens: string, now: Date) {
  await db
    .insert(connectorState)
    .values({ source, tokens, updatedAt: now })
    .onConflictDoUpdate({ target: connectorState.source, set: { tokens, updatedAt: now } });
}

/** Failed scheduled runs of a source since its last successful one (newest first, at most `limit`). */
export async function failureStreak(db: DbOrTx, source: string, limit = 10): Promise<ConnectorRun[]> {
  const runs = await db
    .select()
    .from(connectorRuns)
    .where(and(eq(connectorRuns.source, source), eq(connectorRuns.kind, 'scheduled')))
    .orderBy(desc(connectorRuns.id))
    .limit(limit);
  const streak: ConnectorRun[] = [];
  for (const r of runs) {
    if (r.ok) break;
    streak.push(r);
  }
  return streak;
}

/** True when a successful run covering `date` finished at or after `since` (the day's figures were final). */
export async function pulledFinal(db: DbOrTx, source: string, date: string, since: Date): Promise<boolean> {
  const r = connectorRuns;
  const res = await db.execute(sql`
    select 1 from ${r} where ${r.source} = ${source} and ${r.ok}
      and ${date}::date between ${r.fromDate} and ${r.toDate} and ${r.finishedAt} >= ${since.toISOString()}::timestamptz
    limit 1`);
  return rowsOf(res).length > 0;
}

/** Channels with a metrics row on `date`, the sources of their figures and how many figures were given. */
export async function sourcesOn(
  db: DbOrTx,
  date: string,
): Promise<{ channel: string; sources: Record<string, string>; figures: number }[]> {
  const m = channelMetrics;
  const cols = sql.join(
    METRIC_COLUMNS.map((c) => m[c]),
    sql`, `,
  );
  return db
    .select({ channel: m.channel, sources: m.sources, figures: sql<number>`num_nonnulls(${cols})::int` })
    .from(m)
    .where(eq(m.date, date));
}
