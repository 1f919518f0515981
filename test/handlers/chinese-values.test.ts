import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, feedbacks, incidents, spendEntries } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import type { Reply } from '../../src/chat/card';
import type { Locale } from '../../src/chat/i18n';
import { CHANNEL, CHANNELS, channelLabel, parseChannels } from '../../src/domain/channels';
import { createTestDb } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h);
});
afterAll(() => h.close());

const text = (r: Reply) => JSON.stringify(r.card);
const run = (line: string, locale: Locale = 'en') =>
  dispatchCommand(deps, { text: line, actor: { platform: 'console', userId: 'lina' }, locale });
const codeIn = (r: Reply, prefix: string) => text(r).match(new RegExp(`${prefix}-\\d+`))![0];

describe('one list of channels', () => {
  it.each<Locale>(['zh-CN', 'en'])(
    '/campaign new channels=抖音,小红书 in %s stores the channel codes',
    async (l) => {
      const r = await run(
        'campaign new name=双12 type=promotion start=2026-12-01 end=2026-12-12 budget=5万 channels=抖音,小紅書 target_gmv=20万 target_roi=3',
        l,
      );
      expect(r.card.tone).toBe('success');
      const [row] = await h.db
        .select()
        .from(campaigns)
        .where(eq(campaigns.code, codeIn(r, 'CMP')));
      expect(row!.channels).toEqual(['douyin', 'xiaohongshu']);
      // The reply names the channels with the same labels every other command uses.
      expect(text(r)).toContain(l === 'zh-CN' ? '抖音、小红书' : 'Douyin, Xiaohongshu');
    },
  );

  it('campaign channels read names with spaces and the 、 separator, and refuse an unknown one by name', async () => {
    expect(parseChannels('WeChat Channels、京东 jd pdd')).toEqual({
      channels: ['wechat_channels', 'jd', 'pinduoduo'],
      unknown: [],
    });
    const r = await run(
      'campaign new name=x type=promotion start=2026-12-01 end=2026-12-12 budget=1 channels=抖音,快手 target_gmv=1 target_roi=3',
    );
    expect(text(r)).toContain('unknown channel(s) `快手`');
  });

  it('the campaign form offers every channel with the one label function', async () => {
    const r = await run('campaign new', 'zh-CN');
    const field = r.form!.fields.find((f) => f.name === 'channels')!;
    expect(field.options).toEqual(CHANNELS.map((c) => ({ value: c, label: CHANNEL.terms[c]['zh-CN'] })));
    expect(channelLabel('wecom_community', 'zh-CN')).toBe(CHANNEL.terms.wecom_community['zh-CN']);
  });
});

describe('values in Chinese work like their codes, in both languages', () => {
  it.each<Locale>(['zh-CN', 'en'])('/feedback new source=社群 category=产品 severity=高 (%s)', async (l) => {
    const r = await run('feedback new source=社群 category=产品 severity=高 text=包装破损', l);
    expect(r.card.tone).toBe('success');
    const [row] = await h.db
      .select()
      .from(feedbacks)
      .where(eq(feedbacks.code, codeIn(r, 'FB')));
    expect(row).toMatchObject({ source: 'community', category: 'product', severity: 'high' });
  });

  it('/incident new platform=微博 severity=高 stores weibo and high; an unknown platform stays free text', async () => {
    const r = await run('incident new platform=微博 severity=高 summary=有人转发差评', 'zh-CN');
    const [row] = await h.db
      .select()
      .from(incidents)
      .where(eq(incidents.code, codeIn(r, 'INC')));
    expect(row).toMatchObject({ platform: 'weibo', severity: 'high' });
    const other = await run('incident new platform=知乎 severity=紧急 summary=问答帖', 'en');
    const [o] = await h.db
      .select()
      .from(incidents)
      .where(eq(incidents.code, codeIn(other, 'INC')));
    expect(o).toMatchObject({ platform: '知乎', severity: 'critical' });
  });

  it('/campaign new type=新品 is a launch', async () => {
    const r = await run(
      'campaign new name=新品首发 type=新品 start=2026-12-01 end=2026-12-12 budget=1万 channels=douyin target_gmv=5万 target_roi=2',
    );
    const [row] = await h.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.code, codeIn(r, 'CMP')));
    expect(row!.type).toBe('launch');
  });

  it('/budget spend category=内容制作 and list status=待响应 take the labels too', async () => {
    const spent = await run('budget spend amount=500 category=内容制作', 'en');
    expect(spent.card.tone).not.toBe('danger');
    const rows = await h.db.select().from(spendEntries);
    expect(rows.at(-1)!.category).toBe('content');
    const list = await run('feedback list status=待响应', 'en');
    expect(list.card.title).toBe('Feedback · Open');
  });

  it('an unknown value lists the options with their labels', async () => {
    const zh = await run('feedback new source=微信群聊 category=产品 severity=高 text=x', 'zh-CN');
    expect(text(zh)).toContain('community（社群）');
    const en = await run('feedback new source=社群 category=产品 severity=超级高 text=x', 'en');
    expect(text(en)).toContain('Argument `severity` must be one of: low (低), medium (中), high (高)');
  });

  it.each<Locale>(['zh-CN', 'en'])('/mops help says that Chinese names work (%s)', async (l) => {
    const r = await run('mops help', l);
    expect(text(r)).toContain('severity=高');
    expect(text(r)).toContain('platform=微博');
  });
});

// Config with zh-CN default must behave the same: the locale only changes the words, never what is accepted.
it('a zh-CN bot accepts English codes', async () => {
  const zhDeps = testDeps(h, { config: testConfig({ LOCALE: 'zh-CN' }) });
  const r = await dispatchCommand(zhDeps, {
    text: 'feedback new source=community category=product severity=high text=ok',
    actor: { platform: 'console', userId: 'lina' },
  });
  expect(r.card.tone).toBe('success');
});
