import type { DbOrTx } from '../client';
import { inbox } from '../schema';

/** Record an inbound delivery key; false when it was already seen (a platform retry). */
export async function recordInbound(db: DbOrTx, key: string, at: Date): Promise<boolean> {
  const rows = await db
    .insert(inbox)
    .values({
      platform: key.slice(0, key.indexOf(':')),
      kind: 'seen',
      eventKey: key,
      payload: {},
      receivedAt: at,
      status: 'done',
      nextAttemptAt: at,
      processedAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: inbox.id });
  return rows.length === 1;
}
