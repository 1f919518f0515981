import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import { auditLog, feedbacks, outbox } from '../../db/schema';
import type { VerbCtx } from '../../src/domain/context';
import { DomainError } from '../../src/domain/errors';
import {
  ackFeedback,
  createFeedback,
  feedbackDueAt,
  listFeedback,
  resolveFeedback,
} from '../../src/domain/feedback';
import { redactPii } from '../../src/domain/redact';
import { defaultSettings } from '../../src/domain/settings';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
const now = new Date('2026-11-26T02:00:00Z');
let ctx: VerbCtx;

beforeAll(async () => {
  h = await createTestDb();
  ctx = { db: h.db, now, actor: 'slack:U1', settings: defaultSettings(testConfig()) };
});
afterAll(() => h.close());

describe(`feedback domain on ${driverName}`, () => {
  it('new feedback → FB code, 24 h deadline, masked PII, audit row and outbox row in one go', async () => {
    const { feedback, maskedPii } = await createFeedback(
      ctx,
      {
        source: 'wecom',
        category: 'logistics',
        severity: 'high',
        text: '快递慢，电话 13812345678，邮箱 zhang.san@example.com',
      },
      { platform: 'slack', destination: 'C1', card: (fb) => ({ title: fb.code }) },
    );
    expect(feedback.code).toMatch(/^FB-\d+$/);
    expect(feedback.dueAt.toISOString()).toBe('2026-11-27T02:00:00.000Z');
    // The owner's reminder is due at 80% of the window, stored so the sweep finds it by index.
    expect(feedback.remindAt?.toISOString()).toBe('2026-11-26T21:12:00.000Z');
    expect(feedback.text).toBe('快递慢，电话 138****5678，邮箱 z***@example.com');
    expect(maskedPii).toBe(2);
    const audit = await auditFor(h.db, 'feedback', feedback.code);
    expect(audit.map((a) => a.action)).toEqual(['feedback.create']);
    const ob = await h.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, `feedback.created:${feedback.code}`));
    expect(ob).toHaveLength(1);
    expect(ob[0]!.destination).toBe('C1');
  });

  it('codes count up without gaps across creations', async () => {
    const a = await createFeedback(ctx, { source: 'review', category: 'price', severity: 'low', text: 'a' });
    const b = await createFeedback(ctx, { source: 'review', category: 'price', severity: 'low', text: 'b' });
    expect(Number(b.feedback.code.slice(3))).toBe(Number(a.feedback.code.slice(3)) + 1);
  });

  it('ack then resolve moves the status; a second resolve is refused and writes nothing', async () => {
    const { feedback } = await createFeedback(ctx, {
      source: 'other',
      category: 'service',
      severity: 'medium',
      text: 'x',
    });
    const later = { ...ctx, now: new Date(now.getTime() + 3_600_000) };
    const acked = await ackFeedback(later, { code: feedback.code, note: 'on it' });
    expect(acked.status).toBe('acknowledged');
    expect(acked.ackedAt?.toISOString()).toBe(later.now.toISOString());
    const resolved = await resolveFeedback(later, { code: feedback.code, note: 'refunded' });
    expect(resolved.status).toBe('resolved');
    const auditBefore = (await h.db.select().from(auditLog)).length;
    await expect(resolveFeedback(later, { code: feedback.code, note: 'again' })).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(ackFeedback(later, { code: feedback.code })).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect((await h.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it('an unknown code is not_found and nothing changes', async () => {
    await expect(ackFeedback(ctx, { code: 'FB-99999' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('list pages at 20 and filters by status', async () => {
    for (let i = 0; i < 22; i++) {
      await createFeedback(ctx, {
        source: 'community',
        category: 'product',
        severity: 'low',
        text: `bulk ${i}`,
      });
    }
    const p1 = await listFeedback(ctx, { page: 1 });
    expect(p1.rows).toHaveLength(20);
    expect(p1.pages).toBeGreaterThanOrEqual(2);
    const resolved = await listFeedback(ctx, { status: 'resolved', page: 1 });
    expect(resolved.rows.every((r) => r.status === 'resolved')).toBe(true);
    const all = await h.db.select().from(feedbacks);
    expect(p1.total).toBe(all.length);
  });
});

describe('deadline and redaction rules', () => {
  it('the first-response deadline is the SLA window after logging', () => {
    expect(feedbackDueAt(new Date('2026-12-31T20:00:00Z'), 24).toISOString()).toBe(
      '2027-01-01T20:00:00.000Z',
    );
  });

  it.each([
    ['call 13912345678 now', 'call 139****5678 now'],
    ['+86 139-1234-5678', '139****5678'],
    ['+8613912345678', '139****5678'],
    ['139 1234 5678', '139****5678'],
    ['order 2026113912345678901 stays', 'order 2026113912345678901 stays'],
    ['12345678901 is not a mobile', '12345678901 is not a mobile'],
    ['mail Li.Lei+vip@corp.example.cn', 'mail L***@corp.example.cn'],
  ])('%s → %s', (input, expected) => {
    expect(redactPii(input).text).toBe(expected);
  });
});
