import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueOutbox, markOutboxFailed, requeueDead } from '../../db/queries/outbox';
import { inbox, jobRuns, outbox } from '../../db/schema';
import { runJob } from '../../jobs/index';
import { decodeCard } from '../../src/chat/card-codec';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-11-26T02:10:00Z');
let h: Awaited<ReturnType<typeof createTestDb>>;

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.db.delete(outbox);
  await h.db.delete(jobRuns);
  await h.db.delete(inbox);
});

const config = testConfig({
  SLACK_BOT_TOKEN: 'xoxb-t',
  SLACK_SIGNING_SECRET: 's',
  MOPS_ADMINS: 'U0ADMIN,slack:U0ADMIN2',
  MOPS_ALERTS_CHANNEL: 'C0ALERTS',
});

async function deadRow(destination: string, error: string, at: Date) {
  const id = await enqueueOutbox(h.db, {
    platform: 'slack',
    destination,
    payload: { card: { title: 'x' } },
    now: at,
  });
  await markOutboxFailed(h.db, id!, error, { dead: true, at });
  return id!;
}

async function reports() {
  const rows = await h.db.select().from(outbox).orderBy(outbox.id);
  return rows
    .filter((r) => r.dedupeKey?.startsWith('delivery-report:'))
    .map((r) => ({ to: r.destination, card: decodeCard((r.payload as { card: never }).card) }));
}

describe(`hourly delivery report on ${driverName}`, () => {
  it('dead rows → one DM per admin naming each destination and error; the next hours say nothing again', async () => {
    const deps = testDeps(h, { config, clock: new FakeClock(T0) });
    await deadRow(
      'C0ALERTS',
      'slack error: not_in_channel (invite the bot to the channel (/invite @mopsbot))',
      T0,
    );
    await deadRow('C0GONE', 'slack error: channel_not_found (the channel does not exist)', T0);

    await runJob(deps, 'delivery-report', new Date(T0.getTime() + HOUR));
    await runJob(deps, 'delivery-report', new Date(T0.getTime() + HOUR + 60_000)); // same hour: claimed once
    const first = await reports();
    expect(first.map((r) => r.to).sort()).toEqual(['U0ADMIN', 'U0ADMIN2']);
    const text = JSON.stringify(first[0]!.card);
    expect(first[0]!.card.title).toBe('📮 2 messages could not be delivered');
    expect(text).toContain('alerts_channel (C0ALERTS)');
    expect(text).toContain('not_in_channel');
    expect(text).toContain('C0GONE');
    expect(text).toContain('channel_not_found');
    expect(text).toContain('outbox retry');

    await runJob(deps, 'delivery-report', new Date(T0.getTime() + 2 * HOUR));
    expect(await reports()).toHaveLength(2);

    // A new dead row is reported the hour after, alone.
    await deadRow(
      'C0NEW',
      'slack error: is_archived (the channel is archived)',
      new Date(T0.getTime() + 2 * HOUR),
    );
    await runJob(deps, 'delivery-report', new Date(T0.getTime() + 3 * HOUR));
    const all = await reports();
    expect(all).toHaveLength(4);
    expect(all[2]!.card.title).toBe('📮 1 message could not be delivered');
    expect(JSON.stringify(all[2]!.card)).not.toContain('C0GONE');
  });

  it('a dead report does not report itself hour after hour; a requeued row that dies again is reported again', async () => {
    const deps = testDeps(h, { config, clock: new FakeClock(T0) });
    const id = await deadRow('C0GONE', 'slack error: channel_not_found', T0);
    await runJob(deps, 'delivery-report', new Date(T0.getTime() + HOUR));
    for (const r of await h.db.select().from(outbox)) {
      if (r.dedupeKey?.startsWith('delivery-report:'))
        await markOutboxFailed(h.db, r.id, 'slack error: messages_tab_disabled', { dead: true, at: T0 });
    }
    await runJob(deps, 'delivery-report', new Date(T0.getTime() + 2 * HOUR));
    expect(await reports()).toHaveLength(2);

    await requeueDead(h.db, T0, [id]);
    await markOutboxFailed(h.db, id, 'slack error: channel_not_found', { dead: true, at: T0 });
    await runJob(deps, 'delivery-report', new Date(T0.getTime() + 3 * HOUR));
    expect(await reports()).toHaveLength(4);
  });

  it('no admins configured → the report goes to the alerts channel', async () => {
    const deps = testDeps(h, {
      config: testConfig({
        SLACK_BOT_TOKEN: 'xoxb-t',
        SLACK_SIGNING_SECRET: 's',
        MOPS_ALERTS_CHANNEL: 'C0ALERTS',
      }),
      clock: new FakeClock(T0),
    });
    await deadRow('C0GONE', 'slack error: channel_not_found', T0);
    await runJob(deps, 'delivery-report', new Date(T0.getTime() + HOUR));
    expect((await reports()).map((r) => r.to)).toEqual(['C0ALERTS']);
  });
});

describe(`delivery report in the console on ${driverName}`, () => {
  it("an admin's report lands in their console DMs, spelled as the console reads it", async () => {
    // No Slack or WeCom: the console is on; chenjing is the admin (a console key and a bare id alike).
    for (const admins of ['console:chenjing', 'chenjing']) {
      await h.db.delete(outbox);
      await h.db.delete(jobRuns);
      const deps = testDeps(h, { config: testConfig({ MOPS_ADMINS: admins }), clock: new FakeClock(T0) });
      await deadRow('C0GONE', 'slack error: channel_not_found', T0);
      await runJob(deps, 'delivery-report', new Date(T0.getTime() + HOUR));
      const sent = await reports();
      expect(sent.map((r) => r.to)).toEqual(['dm:chenjing']);
      expect(sent[0]?.card.title).toMatch(/1/);
    }
  });
});

describe(`inbox pruning on ${driverName}`, () => {
  it('finished inbox rows older than 7 days are deleted; newer ones and unfinished ones stay', async () => {
    const deps = testDeps(h, { config, clock: new FakeClock(T0) });
    const row = (key: string, age: number, status: string) => ({
      platform: 'slack',
      kind: 'command',
      eventKey: key,
      payload: {},
      receivedAt: new Date(T0.getTime() - age),
      nextAttemptAt: new Date(T0.getTime() - age),
      status,
    });
    await h.db
      .insert(inbox)
      .values([
        row('old-done', 8 * DAY, 'done'),
        row('old-failed', 7 * DAY + HOUR, 'failed'),
        row('old-pending', 8 * DAY, 'pending'),
        row('six-days', 6 * DAY, 'done'),
        row('fresh', HOUR, 'done'),
      ]);
    const r = await runJob(deps, 'inbox-prune', T0);
    expect(r.summary).toEqual({ pruned: 2 });
    const left = (await h.db.select().from(inbox)).map((x) => x.eventKey).sort();
    expect(left).toEqual(['fresh', 'old-pending', 'six-days']);
  });
});
