import { desc, eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type ConsoleMessage, consoleMessages } from '../schema';
import { one } from './one';

export interface NewConsoleMessageInput {
  channel: string;
  /** Console user id for an ephemeral reply or a DM; null when everyone in the channel sees it. */
  visibleTo: string | null;
  card: ConsoleMessage['card'];
  outboxId?: number;
  createdAt: Date;
}

export async function insertConsoleMessage(db: DbOrTx, m: NewConsoleMessageInput): Promise<ConsoleMessage> {
  return one(
    await db
      .insert(consoleMessages)
      .values({
        channel: m.channel,
        visibleTo: m.visibleTo,
        card: m.card,
        outboxId: m.outboxId ?? null,
        createdAt: m.createdAt,
      })
      .returning(),
    'insertConsoleMessage',
  );
}

export async function consoleMessageById(db: DbOrTx, id: number): Promise<ConsoleMessage | undefined> {
  const [row] = await db.select().from(consoleMessages).where(eq(consoleMessages.id, id));
  return row;
}

/** The message an outbox row became, so a redelivered row or an in-place update finds it. */
export async function consoleMessageByOutboxId(
  db: DbOrTx,
  outboxId: number,
): Promise<ConsoleMessage | undefined> {
  const [row] = await db
    .select()
    .from(consoleMessages)
    .where(eq(consoleMessages.outboxId, outboxId))
    .orderBy(consoleMessages.id)
    .limit(1);
  return row;
}

export async function updateConsoleMessageCard(
  db: DbOrTx,
  id: number,
  card: ConsoleMessage['card'],
): Promise<ConsoleMessage | undefined> {
  const [row] = await db.update(consoleMessages).set({ card }).where(eq(consoleMessages.id, id)).returning();
  return row;
}

/** The newest messages one console user may see (everyone's plus their own ephemeral ones), oldest first. */
export async function visibleConsoleMessages(
  db: DbOrTx,
  viewer: string,
  limit: number,
): Promise<ConsoleMessage[]> {
  const rows = await db
    .select()
    .from(consoleMessages)
    .where(or(isNull(consoleMessages.visibleTo), eq(consoleMessages.visibleTo, viewer)))
    .orderBy(desc(consoleMessages.id))
    .limit(limit);
  return rows.reverse();
}

/** Channels that received public messages, including any an admin configured beyond the defaults. */
export async function publicConsoleChannels(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ channel: consoleMessages.channel })
    .from(consoleMessages)
    .where(isNull(consoleMessages.visibleTo));
  return rows.map((r) => r.channel).sort();
}
