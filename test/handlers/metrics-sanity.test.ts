import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelMetrics, spendEntries } from '../../db/schema';
import { dispatchAction, dispatchCommand } from '../../handlers/index';
import type { Reply } from '../../src/chat/card';
import type { Locale } from '../../src/chat/i18n';
import { createTestDb } from '../helpers/db';
import { FakeClock, testDeps } from '../helpers/deps';

// Thursday 26 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-26T02:00:00Z');
let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
const actor = { platform: 'console' as const, userId: 'lina' };

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, { clock: new FakeClock(NOW) });
});
afterAll(() => h.close());

const run = (text: string, locale: Locale = 'en') => dispatchCommand(deps, { text, actor, locale });
const text = (r: Reply) => [r.card.title, r.card.text ?? ''].join('\n');
const stored = async (date: string, channel: string) =>
  (
    await h.db
      .select()
      .from(channelMetrics)
      .where(and(eq(channelMetrics.date, date), eq(channelMetrics.channel, channel)))
  )[0];

describe('impossible metrics are refused, naming the fields', () => {
  it.each([
    ['impressions=1000 clicks=2000', /`clicks` \(2000\) cannot be more than `impressions` \(1000\)/],
    ['clicks=100 orders=150', /`orders` \(150\) cannot be more than `clicks` \(100\)/],
    ['orders=10 buyers=12', /`buyers` \(12\) cannot be more than `orders` \(10\)/],
  ])('/metrics log %s → refused, nothing written', async (figures, message) => {
    const r = await run(`metrics log date=2026-11-20 channel=douyin ${figures}`);
    expect(r.card.tone).toBe('danger');
    expect(text(r)).toMatch(message);
    expect(await stored('2026-11-20', 'douyin')).toBeUndefined();
  });

  it('zh-CN names the same fields', async () => {
    const r = await run('metrics log date=2026-11-20 channel=douyin impressions=1000 clicks=2000', 'zh-CN');
    expect(text(r)).toContain('`clicks`（2000）不能大于 `impressions`（1000）');
  });

  it('clicks beyond the impressions logged earlier for the day are refused too', async () => {
    await run('metrics log date=2026-11-21 channel=weibo impressions=1000');
    const r = await run('metrics log date=2026-11-21 channel=weibo clicks=2000');
    expect(text(r)).toContain('`clicks` (2000) cannot be more than `impressions` (1000) as logged');
    expect((await stored('2026-11-21', 'weibo'))!.clicks).toBeNull();
  });
});

describe('a value that replaces a logged one by more than 10× asks first', () => {
  it('gmv=100 over ¥24,791.70 → a warning with a Replace button, nothing changed; the button replaces it', async () => {
    await run('metrics log date=2026-11-22 channel=douyin gmv=24791.70 orders=300');
    const warn = await run('metrics log date=2026-11-22 channel=douyin gmv=100 orders=310');
    expect(warn.card.tone).toBe('warning');
    expect(text(warn)).toContain('GMV: logged ¥24,791.70, new ¥100.00 (248× apart)');
    expect(text(warn)).not.toContain('Orders');
    expect((await stored('2026-11-22', 'douyin'))!.gmvFen).toBe(2_479_170);

    const button = warn.card.buttons![0]!;
    expect(button.text).toBe('Replace');
    const done = await dispatchAction(deps, { action: button.action, actor, locale: 'en' });
    expect(done.reply.card.title).toBe('Updated Douyin · 2026-11-22');
    expect(await stored('2026-11-22', 'douyin')).toMatchObject({ gmvFen: 10_000, orders: 310 });
  });

  it('confirm=yes (or 确认) replaces at once; a change under 10× never asks', async () => {
    await run('metrics log date=2026-11-23 channel=jd spend=5000');
    const small = await run('metrics log date=2026-11-23 channel=jd spend=40000');
    expect(small.card.title).toBe('Updated JD.com · 2026-11-23');
    const zh = await run('metrics log date=2026-11-23 channel=jd spend=1 confirm=确认', 'zh-CN');
    expect(zh.card.tone).toBe('success');
    expect((await stored('2026-11-23', 'jd'))!.spendFen).toBe(100);
  });

  it('the zh-CN warning says so in Chinese', async () => {
    await run('metrics log date=2026-11-24 channel=taobao uv=50000');
    const warn = await run('metrics log date=2026-11-24 channel=taobao uv=500', 'zh-CN');
    expect(text(warn)).toContain('UV：已记录 50,000，新值 500（相差 100 倍）');
    expect(warn.card.buttons![0]!.text).toBe('确认替换');
  });
});

describe('/budget spend for a past day or month', () => {
  const last = async () => (await h.db.select().from(spendEntries).orderBy(spendEntries.id)).at(-1)!;

  it('month=2026-10 books the invoice on 31 Oct and reports October usage', async () => {
    const r = await run('budget spend amount=1.2万 category=channel_ads month=2026-10 note=十月发票');
    expect(r.card.tone).not.toBe('danger');
    expect(await last()).toMatchObject({ spentOn: '2026-10-31', month: '2026-10', amountFen: 1_200_000 });
    expect(text(r)).toContain('2026-10');
  });

  it('date=2026-10-15 books that day; 12-31 of last year works across the year end', async () => {
    await run('budget spend amount=500 category=content date=2026-10-15');
    expect(await last()).toMatchObject({ spentOn: '2026-10-15', month: '2026-10' });
    await run('budget spend amount=500 category=content month=2025-12');
    expect(await last()).toMatchObject({ spentOn: '2025-12-31', month: '2025-12' });
  });

  it.each([
    ['date=2026-12-01', '2026-12-01 is in the future'],
    ['month=2026-12', '2026-12 is in the future'],
    ['date=2026-10-15 month=2026-10', 'Give `date=` or `month=`, not both'],
    ['date=yesterdayish', '`yesterdayish` is not a date'],
  ])('%s → refused, nothing written', async (arg, message) => {
    const before = (await h.db.select().from(spendEntries)).length;
    const r = await run(`budget spend amount=500 category=content ${arg}`);
    expect(r.card.tone).toBe('danger');
    expect(text(r)).toContain(message);
    expect((await h.db.select().from(spendEntries)).length).toBe(before);
  });
});
