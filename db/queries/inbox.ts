import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rowsOf } from './outbox';

/**
 * Delete finished inbox rows received before `before`, in batches so no statement holds many locks; the
 * event keys go with them, so a platform retry older than that would be taken as new (none retries a week on).
 */
export async function pruneInbox(db: DbOrTx, before: Date, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await db.execute(sql`
      with doomed as (
        select id from inbox
        where received_at < ${before.toISOString()}::timestamptz and status <> 'pending'
        limit ${batch}
      )
      delete from inbox i using doomed d where i.id = d.id
      returning i.id`);
    const n = rowsOf(res).length;
    total += n;
    if (n < batch) return total;
  }
}
