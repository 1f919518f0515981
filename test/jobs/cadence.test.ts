/**
 * Publishing cadence: plans, published pieces and the 18:00 reminder across a week with a holiday
 * (Dragon Boat Festival, Friday 2026-06-19: that week has four working days).
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { approvals, contentPlans, contentPosts, outbox } from '../../db/schema';
import { dispatchAction, dispatchCommand } from '../../handlers/index';
import { run as runCadence } from '../../jobs/content-cadence';
import { buildWeeklyCard } from '../../jobs/weekly-digest';
import type { StoredCard } from '../../src/chat/card-codec';
import { approvalDm } from '../../src/chat/cards/approvals';
import { getSettings } from '../../src/domain/settings';
import { createTestDb } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText } from './digest-seed';

const config = testConfig({ CONSOLE: '1', MOPS_ADMINS: 'console:chen', MOPS_APPROVERS: 'console:wang' });
const admin = { platform: 'console' as const, userId: 'chen', name: '陈静' };
const lina = { platform: 'console' as const, userId: 'lina', name: '李娜' };
const wang = { platform: 'console' as const, userId: 'wang', name: '王强' };

let h: DbHandle;
const clock = new FakeClock(new Date('2026-06-15T02:00:00Z'));
const deps = () => testDeps(h, { config, clock });
const run = (text: string, actor = lina) => dispatchCommand(deps(), { text, actor, locale: 'en' });
/** 18:00 in Shanghai on a June day. */
const at18 = (day: string) => new Date(`${day}T10:00:00Z`);

async function reminders() {
  const rows = await h.db.select().from(outbox).orderBy(outbox.id);
  return rows
    .filter((r) => r.dedupeKey?.startsWith('content-cadence:'))
    .map((r) => ({
      key: r.dedupeKey!,
      to: r.destination,
      text: cardText((r.payload as { card: StoredCard }).card),
    }));
}

async function publish(day: string, text: string) {
  clock.set(`${day}T04:00:00Z`);
  const r = await run(text);
  expect(r.card.tone, r.card.text).toBe('success');
}

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h.close();
});

describe('/content plan', () => {
  it('bad input names the field and writes nothing; only admins set a plan', async () => {
    const zero = await run('/content plan channel=wechat_official per_week=0', admin);
    expect(zero.card.text).toContain('Argument `per_week` must be a whole number from 1 to 100: `0`.');
    const both = await run('/content plan channel=douyin per_week=3 per_day=1', admin);
    expect(both.card.text).toContain('Give one of `per_week` or `per_day`.');
    const badFlag = await run('/content plan channel=douyin per_day=1 workdays=maybe', admin);
    expect(badFlag.card.text).toContain('Argument `workdays` must be yes or no (true/false): `maybe`.');
    const notAdmin = await run('/content plan channel=douyin per_day=1');
    expect(notAdmin.card.text).toContain('Only admins can set the publishing cadence.');
    expect(Number((await h.db.select({ n: sql<number>`count(*)` }).from(contentPlans))[0]!.n)).toBe(0);
  });

  it('admins set 3 a week (working days) for 公众号, 1 a day for 抖音 (working days) and 小红书 (every day)', async () => {
    for (const line of [
      '/content plan channel=公众号 per_week=3 workdays=yes owner=@lina',
      '/content plan channel=抖音 per_day=1 workdays=yes owner=@lina',
      '/content plan channel=xiaohongshu per_day=1 owner=@lina',
    ]) {
      const r = await run(line, admin);
      expect(r.card.tone, r.card.text).toBe('success');
    }
    clock.set('2026-06-15T02:00:00Z');
    const shown = cardText((await run('/content plan')).card);
    expect(shown).toContain(
      'WeChat Official Account: 3 per week (working days only) · 0 of 3 out this week, 0 due by today',
    );
    expect(shown).toContain('Douyin: 1 per day (working days only) · 0 of 1 out today');
  });
});

describe('cadence reminders across a week with a holiday (Fri 2026-06-19)', () => {
  it('reminds the owner at 18:00 when behind, never on a day that does not count, once per day', async () => {
    // Monday: 抖音 and 小红书 post; 公众号 owes ⌊3 × 1/4⌋ = 0.
    await publish('2026-06-15', '/content published channel=douyin title="Mon video"');
    await publish('2026-06-15', '/content published channel=xiaohongshu title="Mon note"');
    await runCadence(deps(), at18('2026-06-15'));
    expect(await reminders()).toEqual([]);

    // Tuesday: nothing out; 公众号 owes ⌊3 × 2/4⌋ = 1, 抖音 and 小红书 owe 1 each.
    await runCadence(deps(), at18('2026-06-16'));
    await runCadence(deps(), new Date(at18('2026-06-16').getTime() + 60_000));
    let r = await reminders();
    expect(r.map((x) => x.key.split(':').slice(2, 3)[0]).sort()).toEqual([
      'douyin',
      'wechat_official',
      'xiaohongshu',
    ]);
    expect(r.every((x) => x.to === 'dm:lina')).toBe(true);
    expect(r.find((x) => x.key.includes('wechat_official'))!.text).toContain(
      'By today (2026-06-16) 0 of 3 are out this week; 1 was due.',
    );

    // Wednesday: one article; ⌊3 × 3/4⌋ = 2 due → reminded (1 of 3). Videos and notes out.
    await publish('2026-06-17', '/content published channel=wechat_official title="Article 1"');
    await publish('2026-06-17', '/content published channel=douyin title="Wed video"');
    await publish('2026-06-17', '/content published channel=xiaohongshu title="Wed note"');
    await runCadence(deps(), at18('2026-06-17'));
    r = (await reminders()).filter((x) => x.key.includes('2026-06-17'));
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toContain('By today (2026-06-17) 1 of 3 are out this week; 2 were due.');

    // Thursday (the week's last working day): two more articles → 3 of 3; the others post too.
    await publish('2026-06-18', '/content published channel=wechat_official title="Article 2"');
    await publish('2026-06-18', '/content published channel=wechat_official title="Article 3"');
    await publish('2026-06-18', '/content published channel=douyin title="Thu video"');
    await publish('2026-06-18', '/content published channel=xiaohongshu title="Thu note"');
    await runCadence(deps(), at18('2026-06-18'));
    expect((await reminders()).filter((x) => x.key.includes('2026-06-18'))).toEqual([]);

    // Friday is the holiday: working-days plans owe nothing; 小红书 (every day) still owes its note.
    await runCadence(deps(), at18('2026-06-19'));
    r = (await reminders()).filter((x) => x.key.includes('2026-06-19'));
    expect(r.map((x) => x.key.split(':')[2])).toEqual(['xiaohongshu']);
    expect(r[0]!.text).toContain('Today (2026-06-19) 0 of 1 are out.');

    clock.set(at18('2026-06-19'));
    const shown = cardText((await run('/content plan')).card);
    expect(shown).toContain(
      '✅ WeChat Official Account: 3 per week (working days only) · 3 of 3 out this week, 3 due by today',
    );
    expect(shown).toContain(
      'Douyin: 1 per day (working days only) · today does not count (not a working day)',
    );
  });
});

describe('weekly digest', () => {
  it('shows planned vs published per channel for the week (the holiday takes a day off working-days plans)', async () => {
    const at = new Date('2026-06-22T01:30:00Z');
    clock.set(at);
    const settings = await getSettings(h.db, config);
    const text = cardText((await buildWeeklyCard(deps(), at, settings, { locale: 'en' })).card);
    expect(text).toContain('✅ WeChat Official Account: 3 published of 3 planned');
    expect(text).toContain('⚠️ Douyin: 3 published of 4 planned');
    expect(text).toContain('⚠️ Xiaohongshu: 3 published of 7 planned');
    const zh = cardText((await buildWeeklyCard(deps(), at, settings, { locale: 'zh-CN' })).card);
    expect(zh).toContain('⚠️ 抖音：已发 3 / 计划 4');
  });
});

describe('mark published from the approval of a content draft', () => {
  it('the requester’s “approved” DM has the button; one click logs it, a second says it is done', async () => {
    clock.set('2026-06-22T02:00:00Z');
    const sub = await run('/content submit title="夏季上新" channel=douyin text="夏天来了，新品上架"');
    expect(sub.card.tone, sub.card.text).not.toBe('danger');
    const pending = await dispatchAction(deps(), { action: 'publish:APR-1', actor: lina, locale: 'en' });
    expect(pending.reply.card.text).toContain('APR-1 is not approved, so it cannot be marked published.');
    const ok = await run('/content approve APR-1', wang);
    expect(ok.card.tone, ok.card.text).not.toBe('danger');
    const [row] = await h.db.select().from(approvals).where(eq(approvals.code, 'APR-1'));
    expect(row!.status).toBe('approved');
    const approved = approvalDm('en', config.tz, row!, []);
    expect(approved.buttons?.map((b) => b.action)).toEqual(['publish:APR-1']);
    const first = await dispatchAction(deps(), { action: 'publish:APR-1', actor: lina, locale: 'en' });
    expect(first.replaceOriginal).toBe(false);
    expect(first.reply.card.title).toBe('Logged as published: Douyin “夏季上新”');
    const again = await dispatchAction(deps(), { action: 'publish:APR-1', actor: lina, locale: 'en' });
    expect(again.reply.card.text).toContain('APR-1 was already marked published on 2026-06-22.');
    const posts = await h.db.select().from(contentPosts);
    expect(posts.filter((p) => p.approvalId !== null)).toHaveLength(1);
  });
});
