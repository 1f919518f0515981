import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertInboxEvent } from '../../db/queries/inbox';
import { inbox, outbox } from '../../db/schema';
import { useSlackTestBot } from '../helpers/bot';
import { waitFor } from '../helpers/e2e';
import { blockText } from '../helpers/slack';

const app = useSlackTestBot();
const { clock, memlog, run } = app;

/** Write a row as the ack path would, but with a payload its kind does not read back. */
async function storeMalformed(kind: string, payload: unknown, key: string): Promise<number> {
  const r = await insertInboxEvent(app.db, {
    platform: 'slack',
    kind,
    eventKey: key,
    payload,
    now: clock.now(),
  });
  if (r === 'duplicate' || r.status !== 'pending') throw new Error('the row was not written');
  app.bot.inbox.poke();
  return r.id;
}

const settled = (id: number) =>
  waitFor(async () => {
    const [row] = await app.db.select().from(inbox).where(eq(inbox.id, id));
    return row && row.status !== 'pending' ? row : undefined;
  });

describe('a Slack inbox row whose stored payload is malformed', () => {
  it.each([
    ['slack.command', { command: '/feedback', text: 'list' }, 'user_id'],
    ['slack.action', { action_id: 'cmd', value: 'feedback list', user: 42 }, 'user'],
    ['slack.view', { command: 'feedback new', user: 'U_SPEC', values: 'not a view state' }, 'values'],
  ])(
    '%s: marked failed at once with an error id in the log, no retry, no reply, and the bot goes on',
    async (kind, payload, field) => {
      const id = await storeMalformed(kind, payload, `test:malformed:${kind}`);
      const row = await settled(id);
      expect(row.status).toBe('failed');
      // One try: a payload that does not read back cannot be mended by trying again.
      expect(row.attempts).toBe(1);
      const logged = memlog
        .entries()
        .find((e) => e.inboxId === id && String(e.msg).includes('stored payload is malformed'));
      expect(logged).toMatchObject({ level: 'error', kind });
      expect(String(logged?.issues)).toContain(field);
      expect(row.lastError).toMatch(new RegExp(`^${String(logged?.errorId)}: stored payload is malformed`));
      // Nobody can be answered from a payload that does not say who asked.
      expect(
        await app.db
          .select()
          .from(outbox)
          .where(like(outbox.dedupeKey, `%inbox:${id}`)),
      ).toEqual([]);

      const reply = await run('/feedback', 'list');
      expect(blockText(reply)).toMatch(/feedback/i);
    },
  );
});
