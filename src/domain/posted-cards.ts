import type { DbOrTx, Tx } from '../../db/client';
import { cardMessage, enqueueOutbox, outboxByDedupeKey, replaceUnsentCard } from '../../db/queries/outbox';
import type { StoredCard } from '../chat/card-codec';

/**
 * A card's new state for a changed record, built by the caller (the domain stays text-free). It runs inside
 * the change's transaction and may read through `tx` (e.g. display names of the people involved).
 */
export type CardOf<T> = (row: T, tx: DbOrTx) => Promise<StoredCard>;

/** Where a card was posted: its outbox row, platform and destination. */
export interface PostedCard {
  outboxId: number;
  platform: string;
  destination: string;
}

/**
 * Bring one posted card up to date with its record. A card not yet picked up by a sender is rewritten in
 * place; otherwise an 'update' row follows it to the same destination (the dispatcher keeps per-destination
 * order, so it runs after the original), carrying the platform ref (Slack ts) when it is already known.
 * Senders turn it into chat.update, a WeCom template-card update or follow-up, or the console's in-place edit.
 * `dedupeKey` names the change, so a retried transaction queues one update.
 */
export async function refreshPostedCard(
  tx: Tx,
  posted: PostedCard,
  card: StoredCard,
  dedupeKey: string,
  now: Date,
): Promise<void> {
  const original = await cardMessage(tx, posted.outboxId);
  // A dead card was never posted: there is nothing to update.
  if (!original || original.status === 'dead') return;
  if (original.status === 'pending' && (await replaceUnsentCard(tx, posted.outboxId, { card }))) return;
  await enqueueOutbox(tx, {
    platform: posted.platform,
    destination: posted.destination,
    kind: 'update',
    payload: {
      card,
      updateOf: posted.outboxId,
      ...(original.platformRef ? { ref: original.platformRef } : {}),
    },
    dedupeKey,
    now,
  });
}

/** Where a new item's channel announcement goes, and its card (built by the caller: the domain stays text-free). */
export interface Announce<T> {
  platform: string;
  destination: string;
  card: (row: T) => StoredCard;
}

/** The items that announce themselves in a channel and keep that card up to date. */
type Announcing = 'feedback' | 'incident' | 'campaign';

const announcedKey = (entity: Announcing, code: string) => `${entity}.created:${code}`;

/** Queue the card announcing a new item, in the item's transaction; nothing without `announce`. */
export async function announceCard<T>(
  tx: Tx,
  item: { entity: Announcing; code: string; row: T; now: Date },
  announce: Announce<T> | undefined,
): Promise<void> {
  if (!announce) return;
  await enqueueOutbox(tx, {
    platform: announce.platform,
    destination: announce.destination,
    payload: { card: announce.card(item.row) },
    dedupeKey: announcedKey(item.entity, item.code),
    now: item.now,
  });
}

/** The channel card an item announced under `dedupeKey` (e.g. `feedback.created:FB-3`), if it posted one. */
async function announcedCard(tx: Tx, dedupeKey: string): Promise<PostedCard | undefined> {
  const row = await outboxByDedupeKey(tx, dedupeKey);
  return row ? { outboxId: row.id, platform: row.platform, destination: row.destination } : undefined;
}

/**
 * After `action` changed an item: the channel card it announced when it was created (announceCard) brought
 * up to date with `render(after)`. Nothing without `render`, or when it announced nothing.
 */
export async function refreshAnnouncedCard<T>(
  tx: Tx,
  change: { entity: Announcing; code: string; action: string; after: T; now: Date },
  render: CardOf<T> | undefined,
): Promise<void> {
  if (!render) return;
  const { entity, code, action, after, now } = change;
  const posted = await announcedCard(tx, announcedKey(entity, code));
  if (posted)
    await refreshPostedCard(tx, posted, await render(after, tx), `${entity}.update:${code}:${action}`, now);
}
