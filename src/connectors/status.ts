/** Each source's latest run, last success and failures in a row, for `/mops settings connectors`. */
import type { Db } from '../../db/client';
import { connectorStatusRows, failureStreak } from '../../db/queries/connectors';
import { parseStoredError, type StoredError } from './pull';

export interface ConnectorStatus {
  lastSuccessAt?: Date;
  lastRunAt?: Date;
  lastOk?: boolean;
  lastError?: StoredError;
  lastRows?: number;
  /** Failed scheduled runs since the last success. */
  failuresInARow: number;
}

const asDate = (v: Date | string | null | undefined) => (v ? new Date(v) : undefined);

export async function connectorStatuses(db: Db): Promise<Map<string, ConnectorStatus>> {
  const out = new Map<string, ConnectorStatus>();
  for (const r of await connectorStatusRows(db)) {
    out.set(r.source, {
      lastSuccessAt: asDate(r.last_success_at),
      lastRunAt: asDate(r.last_run_at),
      lastOk: r.last_ok ?? undefined,
      lastError: parseStoredError(r.last_error),
      lastRows: r.last_rows ?? undefined,
      failuresInARow: r.last_ok === false ? (await failureStreak(db, r.source)).length : 0,
    });
  }
  return out;
}
