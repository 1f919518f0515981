import { count, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putSetting } from '../../db/queries/settings';
import { approvals, auditLog, channelMetrics, feedbacks, settings } from '../../db/schema';
import { DemoLoadError, loadDemoData } from '../../src/demo/seed';
import { createTestDb, driverName } from '../helpers/db';
import { testDeps } from '../helpers/deps';

const now = new Date('2026-11-26T02:00:00Z');
const people = { specialist: 'console:lina', manager: 'console:wang', admin: 'console:chen' };
let h: Awaited<ReturnType<typeof createTestDb>>;

beforeEach(async () => {
  h = await createTestDb();
}, 60_000);
afterEach(() => h.close());

const counts = async () =>
  Promise.all(
    [channelMetrics, feedbacks, approvals, auditLog, settings].map(async (t) =>
      Number((await h.db.select({ n: count() }).from(t))[0]!.n),
    ),
  );

describe(`demo --force after real use on ${driverName}`, () => {
  it('a lowered two-approver fee (¥100) → the demo still loads whole, with its approved KOL deal and results', async () => {
    await putSetting(h.db, 'kolSecondApproverFeeFen', 10_000, 'console:chen', now);
    const r = await loadDemoData(testDeps(h), { now, people });
    expect(r.alreadyLoaded).toBe(false);
    if (r.alreadyLoaded) return;
    expect(r.pendingApprovals).toBe(3);
    const [{ n }] = await h.db.select({ n: count() }).from(approvals);
    expect(n).toBe(6);
  }, 120_000);

  it('a failure halfway → nothing at all is written, and the message says so and why', async () => {
    await putSetting(h.db, 'sla_note', 'real use', 'console:chen', now);
    // A real failure late in the load (approvals come after metrics, feedback and incidents).
    await h.db.execute(sql`
      create function refuse_approvals() returns trigger language plpgsql as
        $$ begin raise exception 'approvals are read-only here'; end $$;
      create trigger refuse before insert on approvals for each row execute function refuse_approvals();`);
    const before = await counts();
    const deps = testDeps(h);
    const err = await loadDemoData(deps, { now, people }).catch((e) => e);
    expect(err).toBeInstanceOf(DemoLoadError);
    expect(err.message).toBe(
      'Demo data was not loaded and the database is as it was (nothing was written). Reason: approvals are read-only here',
    );
    expect(await counts()).toEqual(before);
  }, 120_000);
});
