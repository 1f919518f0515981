import type { DbOrTx } from '../client';
import { inboundEvents } from '../schema';

/** Record an inbound delivery key; false when it was already seen (a platform retry). */
export async function recordInbound(db: DbOrTx, key: string, at: Date): Promise<boolean> {
  const rows = await db
    .insert(inboundEvents)
    .values({ key, receivedAt: at })
    .onConflictDoNothing()
    .returning({ key: inboundEvents.key });
  return rows.length === 1;
}
