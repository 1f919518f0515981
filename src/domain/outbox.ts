import type { DbOrTx } from '../../db/client';
import { outboxByStatus } from '../../db/queries/outbox';

/** How many messages the dispatcher gave up on (counted up to `max`), for the settings card's delivery line. */
export async function deadMessageCount(db: DbOrTx, max = 100): Promise<number> {
  return (await outboxByStatus(db, 'dead', max)).length;
}
