import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { auditLog } from '../schema';

export interface AuditInput {
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Append one audit row; call it inside the mutation's transaction. */
export async function insertAudit(tx: DbOrTx, e: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({ ...e, before: e.before ?? null, after: e.after ?? null });
}

export async function auditFor(db: DbOrTx, entity: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));
}
