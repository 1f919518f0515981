import { count, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type Incident, incidents, type NewIncident } from '../schema';
import { one } from './one';

export async function insertIncident(tx: DbOrTx, row: NewIncident): Promise<Incident> {
  return one(await tx.insert(incidents).values(row).returning(), 'insertIncident');
}

/** Row locked for the rest of the transaction, so concurrent respond/close/report serialise. */
export async function incidentForUpdate(tx: DbOrTx, code: string): Promise<Incident | undefined> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.code, code)).for('update');
  return row;
}

export async function updateIncident(tx: DbOrTx, id: number, patch: Partial<NewIncident>): Promise<Incident> {
  return one(await tx.update(incidents).set(patch).where(eq(incidents.id, id)).returning(), 'updateIncident');
}

export async function listIncidentRows(
  db: DbOrTx,
  opts: { status?: Incident['status']; offset: number; limit: number },
): Promise<{ rows: Incident[]; total: number }> {
  const where = opts.status ? eq(incidents.status, opts.status) : undefined;
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(incidents)
      .where(where)
      .orderBy(desc(incidents.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(incidents).where(where),
  ]);
  return { rows, total: Number(totals?.n ?? 0) };
}
