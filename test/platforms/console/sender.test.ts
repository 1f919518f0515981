import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueOutbox } from '../../../db/queries/outbox';
import { consoleMessages, outbox } from '../../../db/schema';
import type { Card } from '../../../src/chat/card';
import { encodeCard } from '../../../src/chat/card-codec';
import { Dispatcher } from '../../../src/delivery/dispatcher';
import { getSettings, hasRole } from '../../../src/domain/settings';
import { consoleDefaults, withConsoleDefaults } from '../../../src/platforms/console/app';
import { ConsoleEvents } from '../../../src/platforms/console/events';
import { consoleSender } from '../../../src/platforms/console/sender';
import { createTestDb } from '../../helpers/db';
import { testConfig, testDeps } from '../../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
const events = new ConsoleEvents();
let dispatcher: Dispatcher;

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, { config: withConsoleDefaults(testConfig()) });
  dispatcher = new Dispatcher(deps, { console: consoleSender(deps, events) });
});

afterAll(async () => {
  events.close();
  await h?.close();
});

// A 1×1 PNG: the console inlines chart images as data: URLs from the stored base64.
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
);

async function enqueue(destination: string, card: Card, extra: Record<string, unknown> = {}) {
  const id = await enqueueOutbox(deps.db, {
    platform: 'console',
    destination,
    payload: { card: encodeCard(card), ...extra },
    now: deps.clock.now(),
  });
  return id!;
}

const byOutbox = (id: number) =>
  deps.db.select().from(consoleMessages).where(eq(consoleMessages.outboxId, id));

describe('console sender', () => {
  it('a channel card → one public console message with the image kept as base64, outbox row sent', async () => {
    const id = await enqueue('#marketing', {
      title: 'Daily digest',
      image: { png: PNG, alt: 'GMV and spend, 14 days' },
    });
    expect(await dispatcher.tick()).toBe(1);
    const [m] = await byOutbox(id);
    expect(m!.channel).toBe('marketing');
    expect(m!.visibleTo).toBeNull();
    expect((m!.card as { image: { pngBase64: string } }).image.pngBase64).toBe(
      Buffer.from(PNG).toString('base64'),
    );
    const [row] = await deps.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row!.status).toBe('sent');
    expect(row!.platformRef).toBe(String(m!.id));
  });

  it('a DM to `dm:wangqiang` → only wangqiang sees it, in his DM view', async () => {
    const id = await enqueue('dm:wangqiang', { title: 'APR-1 approved' });
    await dispatcher.tick();
    const [m] = await byOutbox(id);
    expect(m!.channel).toBe('wangqiang');
    expect(m!.visibleTo).toBe('wangqiang');
  });

  it.each(['wangqiang', 'console:wangqiang', 'marketing', 'dm:nobody'])(
    '`%s` is not a console address (one spelling: #channel or dm:person) → dead with the reason, nothing shown',
    async (destination) => {
      const id = await enqueue(destination, { title: 'misaddressed' });
      await dispatcher.tick();
      expect(await byOutbox(id)).toEqual([]);
      const [row] = await deps.db.select().from(outbox).where(eq(outbox.id, id));
      expect(row!.status).toBe('dead');
      expect(row!.lastError).toContain('not a console address');
    },
  );

  it('`#mkt-alerts` (how jobs name console channels) → the mkt-alerts channel, for everyone', async () => {
    const id = await enqueue('#mkt-alerts', { title: 'FB-3 overdue' });
    await dispatcher.tick();
    const [m] = await byOutbox(id);
    expect(m!.channel).toBe('mkt-alerts');
    expect(m!.visibleTo).toBeNull();
  });

  it('an update (updateOf) → the original message changes in place; no second message', async () => {
    const first = await enqueue('#approvals', {
      title: 'APR-2 waiting',
      buttons: [{ text: 'Approve', action: 'a' }],
    });
    await dispatcher.tick();
    const [original] = await byOutbox(first);
    await enqueue('#approvals', { title: 'APR-2 approved by 王强' }, { updateOf: first });
    await dispatcher.tick();
    const all = await deps.db.select().from(consoleMessages).where(eq(consoleMessages.channel, 'approvals'));
    expect(all).toHaveLength(1);
    expect(all[0]!.id).toBe(original!.id);
    expect((all[0]!.card as Card).title).toBe('APR-2 approved by 王强');
    expect((all[0]!.card as Card).buttons).toBeUndefined();
  });

  it('a row delivered again after a crash (lease expired before it was marked sent) → still one message', async () => {
    const id = await enqueue('#mkt-alerts', { title: 'FB-9 overdue' });
    const sender = consoleSender(deps, events);
    const [row] = await deps.db.select().from(outbox).where(eq(outbox.id, id));
    const a = await sender.send(row!, { title: 'FB-9 overdue' });
    const b = await sender.send(row!, { title: 'FB-9 overdue' });
    expect(a.ref).toBe(b.ref);
    expect(await byOutbox(id)).toHaveLength(1);
  });
});

describe('console defaults', () => {
  it('the demo approver, manager and admin really hold those roles; the specialist holds none', async () => {
    const s = await getSettings(deps.db, deps.config);
    const as = (userId: string) => ({ platform: 'console', userId });
    expect(hasRole(s.approvers, as('wangqiang'))).toBe(true);
    expect(hasRole(s.approvers, as('zhaomin'))).toBe(true);
    expect(hasRole(s.managers, as('wangqiang'))).toBe(true);
    expect(hasRole(s.admins, as('chenjing'))).toBe(true);
    expect(hasRole(s.approvers, as('lina'))).toBe(false);
    expect(hasRole(s.admins, as('lina'))).toBe(false);
    expect(s.digestChannel).toBe('#marketing');
    expect(s.alertsChannel).toBe('#mkt-alerts');
    expect(s.approvalsChannel).toBe('#approvals');
  });

  it('env roles and channels are kept: console roles are added, a set channel is not replaced', () => {
    const c = withConsoleDefaults(testConfig({ MOPS_APPROVERS: 'U1', MOPS_DIGEST_CHANNEL: 'C_DIGEST' }));
    expect(c.roles.approvers).toEqual(['U1', ...consoleDefaults.approvers]);
    expect(c.channels.digest).toBe('C_DIGEST');
    expect(c.channels.alerts).toBe('#mkt-alerts');
  });
});
