import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobRuns, outbox } from '../../db/schema';
import { runJob } from '../../jobs/index';
import { pgCoordinator, startScheduler } from '../../jobs/scheduler';
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
});

const dailyPosts = async () =>
  (await h.db.select().from(outbox)).filter((r) => r.dedupeKey?.startsWith('daily-digest:'));

describe(`scheduler on ${driverName}`, () => {
  it('down at 09:00, up at 11:00 → that day’s digest is posted once, marked late; a restart posts nothing more', async () => {
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
    const clock = new FakeClock(new Date('2026-11-28T02:00:00Z'));
    const deps = testDeps(h, { config, clock });
    const schedulers = await Promise.all([1, 2, 3].map(() => startScheduler(deps)));
    await Promise.all(schedulers.map((s) => s.catchUp(clock.now())));
    await Promise.all(schedulers.map((s) => s.stop()));
    expect(await dailyPosts()).toHaveLength(1);
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

  it('run-job with an unknown name says which jobs exist', async () => {
    await expect(runJob(testDeps(h, { config }), 'nightly', new Date())).rejects.toThrow(
      /daily-digest, weekly-digest/,
    );
  });
});
