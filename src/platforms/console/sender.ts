import {
  consoleMessageByOutboxId,
  insertConsoleMessage,
  updateConsoleMessageCard,
} from '../../../db/queries/console';
import type { OutboxRow } from '../../../db/schema';
import type { Card } from '../../chat/card';
import { encodeCard } from '../../chat/card-codec';
import { consoleAddress } from '../../delivery/destinations';
import type { Sender } from '../../delivery/dispatcher';
import { SendError } from '../../delivery/failures';
import type { Deps } from '../../deps';
import type { ConsoleEvents } from './events';
import { consolePerson } from './people';

/**
 * Where an outbox destination shows in the console: `#marketing` in that channel for everyone, `dm:lina`
 * in Li Na's DMs for her only (the spellings of consoleAddress). Anything else was never addressed here.
 */
export function consoleDestination(destination: string): { channel: string; visibleTo: string | null } {
  const a = consoleAddress.parse(destination);
  if (a && 'channel' in a) return { channel: a.channel, visibleTo: null };
  if (a && consolePerson(a.dm)) return { channel: a.dm, visibleTo: a.dm };
  throw new SendError(
    `'${destination}' is not a console address (#channel, or dm: and a demo person's id)`,
    'permanent',
  );
}

/**
 * Delivers outbox rows for platform `console`: writes the card into console_messages and pushes it to open
 * pages. A destination that is a demo person is a DM only they see; anything else is a channel.
 */
export function consoleSender(deps: Pick<Deps, 'db' | 'clock'>, events: ConsoleEvents): Sender {
  return {
    // A local page has no rate limit to respect.
    minIntervalMs: 0,
    async send(row: OutboxRow, card: Card) {
      const payload = row.payload;
      const stored = encodeCard(card);
      if (payload.updateOf !== undefined) {
        const original = await consoleMessageByOutboxId(deps.db, payload.updateOf);
        if (original) {
          const updated = await updateConsoleMessageCard(deps.db, original.id, stored);
          if (updated) events.publish({ kind: 'update', message: updated });
          return { ref: String(original.id) };
        }
      }
      // A row redelivered after a crash between insert and markOutboxSent must not show twice.
      const already = await consoleMessageByOutboxId(deps.db, row.id);
      if (already) return { ref: String(already.id) };
      const message = await insertConsoleMessage(deps.db, {
        ...consoleDestination(row.destination),
        card: stored,
        outboxId: row.id,
        createdAt: deps.clock.now(),
      });
      events.publish({ kind: 'message', message });
      return { ref: String(message.id) };
    },
  };
}
