import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abTests, auditLog } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import type { Locale } from '../../src/chat/i18n';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, { config: testConfig({ MOPS_ADMINS: 'UADMIN' }) });
});
afterAll(() => h.close());

const as = (userId: string, text: string, locale: Locale = 'en') =>
  dispatchCommand(deps, { text, actor: { platform: 'slack', userId }, locale });
const text = (r: Awaited<ReturnType<typeof as>>) =>
  [
    r.card.title,
    r.card.text,
    ...(r.card.fields ?? []).map((f) => `${f.label}: ${f.value}`),
    ...(r.card.context ?? []),
  ].join('\n');
const rows = async () => ({
  tests: (await h.db.select().from(abTests)).length,
  audit: (await h.db.select().from(auditLog)).length,
});

describe(`/abtest on ${driverName}`, () => {
  it('A 50/1000 vs B 80/1000 → ABT-1 with both rates, lift, CI, p ≈ 0.0065 and "B wins"', async () => {
    const r = await as(
      'U1',
      '/abtest new name="标题 A/B" metric=ctr a_visitors=1000 a_conversions=50 b_visitors=1,000 b_conversions=80 channel=抖音',
    );
    const t = text(r);
    expect(r.card.title).toBe('Created ABT-1 "标题 A/B"');
    expect(t).toContain('Arm A: 50 / 1,000 = 5.00%');
    expect(t).toContain('Arm B: 80 / 1,000 = 8.00%');
    expect(t).toContain('B vs A: +60.0% relative (difference +3.00 pp, 95% CI +0.84 pp to +5.16 pp)');
    expect(t).toContain('Two-sided p = 0.0065');
    expect(t).toContain('Verdict: B wins');
    expect(t).toContain('Channel: Douyin');
    expect(t).not.toContain('each arm needs');
  });

  it('A 50/1000 vs B 55/1000 → p ≈ 0.62, no verdict, about 31,000 per arm; in Chinese too', async () => {
    const r = await as(
      'U1',
      '/abtest new name=落地页 metric=cvr a_visitors=1000 a_conversions=50 b_visitors=1000 b_conversions=55',
    );
    const t = text(r);
    expect(t).toContain('Two-sided p = 0.62');
    expect(t).toContain('No verdict yet');
    expect(t).toMatch(/each arm needs about 31,2\d\d visitors \(now A 1,000, B 1,000\)/);
    const zh = text(await as('U1', '/abtest show ABT-2', 'zh-CN'));
    expect(zh).toContain('双侧 p 值 0.62');
    expect(zh).toContain('暂无结论');
    expect(zh).toMatch(/每组约需 31,2\d\d 个访客/);
  });

  it('bad counts name the field and write nothing', async () => {
    const before = await rows();
    const over = await as(
      'U1',
      '/abtest new name=x metric=cvr a_visitors=100 a_conversions=120 b_visitors=100 b_conversions=5',
    );
    expect(over.card.text).toContain('Argument `a_conversions`: conversions cannot exceed visitors.');
    const zero = await as(
      'U1',
      '/abtest new name=x metric=cvr a_visitors=0 a_conversions=0 b_visitors=100 b_conversions=5',
    );
    expect(zero.card.text).toContain('Argument `a_visitors` must be more than zero.');
    const neg = await as(
      'U1',
      '/abtest new name=x metric=cvr a_visitors=100 a_conversions=-3 b_visitors=100 b_conversions=5',
    );
    expect(neg.card.text).toContain(
      'Argument `a_conversions` must be a whole number of zero or more, such as 5000, 5,000 or 1.2万: `-3`',
    );
    const missing = await as('U1', '/abtest new name=x metric=cvr a_visitors=100 a_conversions=3');
    expect(missing.card.text).toContain('Missing argument `b_visitors`.');
    expect(missing.card.text).toContain('Missing argument `b_conversions`.');
    expect(missing.card.context?.join()).toContain('/abtest new');
    const upd = await as('U1', '/abtest update ABT-1 a_conversions=2000');
    expect(upd.card.text).toContain(
      'Argument `a_conversions`: after adding, conversions would exceed visitors.',
    );
    expect(await rows()).toEqual(before);
  });

  it('small expected counts: no verdict, the reply says the sample is too small', async () => {
    const r = await as(
      'U1',
      '/abtest new name=小样本 metric=cvr a_visitors=40 a_conversions=0 b_visitors=40 b_conversions=6',
    );
    expect(text(r)).toContain('the sample is too small for the normal approximation');
    expect(text(r)).not.toContain('Verdict:');
  });

  it('update adds counts; the third update warns about peeking', async () => {
    await as('U1', '/abtest update ABT-2 a_visitors=1000 a_conversions=50 b_visitors=1000 b_conversions=55');
    await as('U1', '/abtest update ABT-2 a_visitors=1000 a_conversions=50');
    const r = await as('U1', '/abtest update ABT-2 b_visitors=1000 b_conversions=55');
    const t = text(r);
    expect(t).toContain('Arm A: 150 / 3,000');
    expect(t).toContain('Arm B: 165 / 3,000');
    expect(t).toContain('Added this time: A +0 / +0, B +1,000 / +55');
    expect(t).toContain('Updated 3 times');
  });

  it('close: only owner, creator or admin; once; recorded winner against the statistics is noted', async () => {
    const denied = await as('U2', '/abtest close ABT-2 winner=b');
    expect(denied.card.text).toContain('Only the owner or creator of ABT-2, or an admin, can close it.');
    const r = await as('UADMIN', '/abtest close ABT-2 winner=b');
    expect(r.card.title).toBe('Closed ABT-2 "落地页" · winner: B');
    expect(r.card.text).toContain('differs from the statistics');
    const again = await as('U1', '/abtest close ABT-2 winner=a');
    expect(again.card.title).toBe('ABT-2 was already closed (winner: B)');
    const upd = await as('U1', '/abtest update ABT-2 a_visitors=1');
    expect(upd.card.text).toContain('ABT-2 is closed');
    const list = await as('U1', '/abtest list status=closed');
    expect(list.card.title).toBe('A/B tests · Closed');
  });

  it('list shows each test with its verdict in a few words', async () => {
    const r = await as('U1', '/abtest list');
    const lines = (r.card.sections ?? []).flatMap((s) => s.lines).join('\n');
    expect(lines).toContain('ABT-1 · Running · 标题 A/B · CTR A 5.00% / B 8.00% · B wins (p=0.0065)');
    expect(lines).toContain('ABT-2 · Closed');
    expect(lines).toContain('closed, winner: B');
  });
});
