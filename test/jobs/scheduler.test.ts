import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { putSetting } from '../../db/queries/settings';
import { channelMetrics, jobRuns, outbox, settings } from '../../db/schema';
import { runJob } from '../../jobs/index';
import { pgCoordinator, startScheduler } from '../../jobs/scheduler';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { systemClock } from '../../src/deps';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
const config = testConfig({ CONSOLE: '1' });

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.db.delete(outbox);
  await h.db.delete(jobRuns);
  await h.db.delete(channelMetrics);
  await h.db.delete(settings);
});

/** A bot in use since November with GMV logged on the given days. */
async function inUseWithMetrics(...dates: string[]) {
  await putSetting(h.db, 'installed_at', '2026-11-01T00:00:00.000Z', 'system', new Date('2026-11-01'));
  for (const date of dates) {
    await h.db.insert(channelMetrics).values({
      date,
      channel: 'douyin',
      gmvFen: 1_000_000,
      updatedAt: new Date(`${date}T12:00:00Z`),
      updatedBy: 'slack:U1',
    });
  }
}

const digestPosts = async () =>
  (await h.db.select().from(outbox)).filter((r) => /^(daily|weekly|monthly)-/.test(r.dedupeKey ?? ''));

const dailyPosts = async () =>
  (await h.db.select().from(outbox)).filter((r) => r.dedupeKey?.startsWith('daily-digest:'));

describe(`scheduler on ${driverName}`, () => {
  it('down at 09:00, up at 11:00 → that day’s digest is posted once, marked late; a restart posts nothing more', async () => {
    await inUseWithMetrics('2026-11-25');
    const clock = new FakeClock(new Date('2026-11-26T03:00:00Z')); // 11:00 in Shanghai
    const deps = testDeps(h, { config, clock });
    const s1 = await startScheduler(deps);
    await s1.stop();
    const posts = await dailyPosts();
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.payload)).toContain('Posted late: scheduled for');
    const [run] = await h.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.job, 'daily-digest'), eq(jobRuns.periodKey, '2026-11-26')));
    expect(run?.late).toBe(true);
    const s2 = await startScheduler(deps);
    await s2.stop();
    expect(await dailyPosts()).toHaveLength(1);
  });

  it('started at 08:00, before today’s run → yesterday’s stale digest is not posted', async () => {
    const clock = new FakeClock(new Date('2026-11-27T00:00:00Z')); // 08:00 in Shanghai
    const s = await startScheduler(testDeps(h, { config, clock }));
    await s.stop();
    expect(await dailyPosts()).toHaveLength(0);
  });

  it('three replicas catching up at once post the digest once', async () => {
    await inUseWithMetrics('2026-11-27');
    const clock = new FakeClock(new Date('2026-11-28T02:00:00Z'));
    const deps = testDeps(h, { config, clock });
    const schedulers = await Promise.all([1, 2, 3].map(() => startScheduler(deps)));
    await Promise.all(schedulers.map((s) => s.catchUp(clock.now())));
    await Promise.all(schedulers.map((s) => s.stop()));
    expect(await dailyPosts()).toHaveLength(1);
  });

  it('fresh install at 11:00 on the 1st, empty database → no late 日报/周报/月报; the log says why', async () => {
    const clock = new FakeClock(new Date('2026-12-01T03:00:00Z')); // Tue 1 Dec, 11:00 in Shanghai
    const deps = testDeps(h, { config, clock });
    const s = await startScheduler(deps);
    await s.stop();
    expect(await digestPosts()).toHaveLength(0);
    const skipped = deps.memlog.entries().filter((e) => e.msg === 'catch-up skipped');
    expect(skipped.map((e) => [e.job, e.reason])).toEqual([
      ['daily-digest', 'before_install'],
      ['weekly-digest', 'before_install'],
      ['monthly-report', 'before_install'],
    ]);
    // The next minute's tick does not post them either, nor log them again.
    await s.catchUp(new Date('2026-12-01T03:01:00Z'));
    expect(await digestPosts()).toHaveLength(0);
    expect(deps.memlog.entries().filter((e) => e.msg === 'catch-up skipped')).toHaveLength(3);
  });

  it('in use since November, only yesterday has data → the late 日报 is posted; the quiet week and month are skipped', async () => {
    await inUseWithMetrics('2026-12-01');
    const clock = new FakeClock(new Date('2026-12-02T03:00:00Z')); // Wed 2 Dec, 11:00 in Shanghai
    const deps = testDeps(h, { config, clock });
    const s = await startScheduler(deps);
    await s.stop();
    expect((await digestPosts()).map((r) => r.dedupeKey?.split(':')[0])).toEqual(['daily-digest']);
    const skipped = deps.memlog.entries().filter((e) => e.msg === 'catch-up skipped');
    expect(skipped.map((e) => [e.job, e.reason])).toEqual([
      ['weekly-digest', 'no_data'],
      ['monthly-report', 'no_data'],
    ]);
  });

  it('node-cron’s coordinator elects one replica per fire through the job_runs claim', async () => {
    const deps = testDeps(h, { config });
    const claims = [new Map(), new Map(), new Map()];
    const key = 'weekly-digest:2026-11-30T01:30:00.000Z';
    const votes = await Promise.all(claims.map((c) => pgCoordinator(deps, c).shouldRun(key, 60_000)));
    expect(votes.filter(Boolean)).toHaveLength(1);
    const winner = claims.find((c) => c.size === 1)!;
    const r = await runJob(deps, 'weekly-digest', new Date('2026-11-30T01:30:00Z'), {
      claim: winner.get(key),
    });
    expect(r.ran).toBe(true);
    expect(await runJob(deps, 'weekly-digest', new Date('2026-11-30T02:00:00Z'))).toMatchObject({
      ran: false,
    });
  });

  it('a job that throws logs job and period_key, releases its claim, and the next tick retries', async () => {
    const deps = testDeps(h, { config });
    const at = new Date('2026-11-26T05:07:00Z');
    const realExecute = h.db.execute.bind(h.db);
    (h.db as { execute: unknown }).execute = () => Promise.reject(new Error('db hiccup'));
    let r: Awaited<ReturnType<typeof runJob>>;
    try {
      r = await runJob(deps, 'sla-sweep', at);
    } finally {
      (h.db as { execute: unknown }).execute = realExecute;
    }
    expect(r).toMatchObject({ ran: false });
    const line = deps.memlog.entries().find((e) => e.msg === 'job failed; claim released for the next tick');
    expect(line).toMatchObject({ job: 'sla-sweep', period_key: '2026-11-26T13:07', errorId: r.error });
    expect(await runJob(deps, 'sla-sweep', at)).toMatchObject({ ran: true });
  });

  it('run-job --at a future moment → its digest goes out with the next outbox pass, not at that wall-clock time', async () => {
    await inUseWithMetrics();
    const future = new Date(Date.now() + 30 * 86_400_000);
    const r = await runJob(testDeps(h, { config, clock: new FakeClock(future) }), 'daily-digest', future);
    expect(r.ran).toBe(true);
    const sent: string[] = [];
    const dispatcher = new Dispatcher(
      { ...testDeps(h, { config }), clock: systemClock },
      {
        console: {
          minIntervalMs: 0,
          send: async (_row, card) => {
            sent.push(card.title);
            return {};
          },
        },
      },
    );
    expect(await dispatcher.tick()).toBe(1);
    expect(sent[0]).toMatch(/Daily/);
  });

  it('run-job with an unknown name says which jobs exist', async () => {
    await expect(runJob(testDeps(h, { config }), 'nightly', new Date())).rejects.toThrow(
      /daily-digest, weekly-digest/,
    );
  });
});
