/**
 * The ack's promise: "new" means the command is in the inbox and will be processed; anything the database
 * did not take in time is answered "not saved". Nothing in between may leave the person in silence.
 */
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { inbox } from '../../db/schema';
import { ACCEPT_TIMEOUT_MS, acceptEvent } from '../../src/inbox/accept';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testDeps } from '../helpers/deps';

describe(`inbox accept (${driverName})`, () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb();
  });
  afterAll(async () => {
    await h?.close();
  });

  const event = (key: string) => ({
    platform: 'slack',
    kind: 'command',
    eventKey: key,
    payload: { text: `feedback list ${key}` },
  });

  it('a new event is "new" and pending; the same key again is a duplicate, written once', async () => {
    const deps = testDeps(h, { clock: new FakeClock(new Date()) });
    const first = await acceptEvent(deps, event('k-new'));
    expect(first.status).toBe('new');
    expect((await acceptEvent(deps, event('k-new'))).status).toBe('duplicate');
    const rows = await h.db.select().from(inbox).where(eq(inbox.eventKey, 'k-new'));
    expect(rows.map((r) => r.status)).toEqual(['pending']);
  });

  it('a write the server takes only after its deadline → "not saved" (with an error id in the log), never processed', async () => {
    const deps = testDeps(h, { clock: new FakeClock(new Date()) });
    // Another session holds the inbox table, so the write waits on the server past its deadline and lands
    // just after it: refused by the server, and the ack must say so rather than pass it off as a duplicate.
    const blocker = postgres(h.url, { max: 1, onnotice: () => {} });
    try {
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const held = blocker.begin(async (tx) => {
        await tx`lock table inbox in exclusive mode`;
        locked();
        await new Promise((r) => setTimeout(r, ACCEPT_TIMEOUT_MS + 200));
      });
      await isLocked;
      const accepted = await acceptEvent(deps, event('k-late'));
      await held;
      expect(accepted.status).toBe('not_saved');
      const errorId = accepted.status === 'not_saved' ? accepted.errorId : '';
      expect(deps.memlog.entries().some((l) => l.errorId === errorId)).toBe(true);
      // Whether the ack gave up first or saw the refusal, the row is never left to be processed.
      await expect
        .poll(async () =>
          (await h.db.select().from(inbox).where(eq(inbox.eventKey, 'k-late'))).map((r) => r.status),
        )
        .not.toContain('pending');
    } finally {
      await blocker.end();
    }
  });
});
