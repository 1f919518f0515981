import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbacks } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import type { Reply } from '../../src/chat/card';
import type { Locale } from '../../src/chat/i18n';
import { tokenize } from '../../src/chat/tokenizer';
import { createTestDb } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h);
});
afterAll(() => h.close());

const run = (line: string, locale: Locale = 'en') =>
  dispatchCommand(deps, { text: line, actor: { platform: 'console', userId: 'lina' }, locale });
const text = (r: Reply) => [r.card.title, r.card.text ?? '', ...(r.card.context ?? [])].join('\n');
const stored = async (r: Reply) =>
  (
    await h.db
      .select()
      .from(feedbacks)
      .where(eq(feedbacks.code, text(r).match(/FB-\d+/)![0]))
  )[0]!;

describe('pasted links stay part of the text', () => {
  const LINK = 'https://shop.example.com/item?id=5&from=xhs';

  it('a link with ?id=5&from=xhs inside text= is kept whole', async () => {
    const r = await run(
      `feedback new source=社群 category=产品 severity=高 text=用户说链接 ${LINK} 打不开`,
      'zh-CN',
    );
    expect(r.card.tone).toBe('success');
    expect((await stored(r)).text).toBe(`用户说链接 ${LINK} 打不开`);
  });

  it('an unknown key= inside free text stays text; a real parameter after it still counts', async () => {
    const r = await run('feedback new text=订单页 ref=abc 报错 source=review category=service severity=low');
    expect(r.card.tone).toBe('success');
    expect(await stored(r)).toMatchObject({ text: '订单页 ref=abc 报错', source: 'review', severity: 'low' });
  });

  it('the tokenizer never reads a URL as a key', () => {
    expect(tokenize(`text=看 ${LINK}`).args).toEqual({ text: `看 ${LINK}` });
    expect(tokenize(LINK).positional).toEqual([LINK]);
  });

  it.each<[Locale, string]>([
    ['en', 'put the whole text in quotes: text="…"'],
    ['zh-CN', '请给整段文字加引号：text="…"'],
  ])('when it is still ambiguous the error suggests quoting (%s)', async (l, hint) => {
    // `severity=` is a parameter of the command, given twice: which one is text cannot be known.
    const r = await run(
      'feedback new source=review category=service severity=low text=写着 severity=high 的标签',
      l,
    );
    expect(r.card.tone).toBe('danger');
    expect(text(r)).toContain(hint);
    const unknown = await run('feedback new ref=abc source=review category=service severity=low text=x', l);
    expect(text(unknown)).toContain(hint);
  });
});

describe('typos get a suggestion', () => {
  it.each([
    ['feedbak new source=review', '/feedback new'],
    ['campain list', '/campaign list'],
    ['feedback nwe', '/feedback new'],
    ['/feedbak', '/feedback'],
    ['metrics lgo date=2026-11-20', '/metrics log'],
  ])('`%s` → did you mean `%s`?', async (typed, suggestion) => {
    const r = await run(typed);
    expect(r.card.tone).toBe('danger');
    expect(text(r)).toContain(`Did you mean \`${suggestion}\`?`);
  });

  it('zh-CN asks in Chinese and shows the usage of the suggested command', async () => {
    const r = await run('feedback nwe', 'zh-CN');
    expect(text(r)).toContain('你是不是想输入 `/feedback new`？');
    expect(text(r)).toContain('/feedback new source=');
  });

  it('a word far from every command is still just unknown', async () => {
    const r = await run('weather today');
    expect(text(r)).toContain('Unknown command `weather`');
    expect(text(r)).not.toContain('Did you mean');
  });
});

describe('small things', () => {
  it('/kol propose in a form names the field label for a past date and zero followers', async () => {
    const { dispatchForm } = await import('../../handlers/index');
    const r = await dispatchForm(deps, {
      command: 'kol propose',
      args: {
        name: '小鹿',
        platform: '小红书',
        followers: '0',
        fee: '5万',
        deliverables: '图文 1 篇',
        date: '2026-11-01',
      },
      actor: { platform: 'console', userId: 'lina' },
      locale: 'zh-CN',
    });
    expect(r.fieldErrors!.followers).toContain('「粉丝数」必须大于 0');
    expect(r.fieldErrors!.date).toContain('2026-11-01 已经过去');
    expect(r.fieldErrors!.date).not.toContain('`date`');
  });

  it('/mops settings shows monthly_gmv_target as money and says how to set it', async () => {
    const admin = testDeps(h, { config: testConfig({ MOPS_ADMINS: 'console:chenjing' }) });
    const as = (line: string, l: Locale) =>
      dispatchCommand(admin, { text: line, actor: { platform: 'console', userId: 'chenjing' }, locale: l });
    const set = await as('mops settings set monthly_gmv_target=500万', 'en');
    expect(text(set)).not.toContain('5000000 CNY');
    const shown = JSON.stringify((await as('mops settings', 'zh-CN')).card);
    expect(shown).toContain('monthly_gmv_target: ¥5,000,000.00');
    expect(shown).toContain('monthly_gmv_target=500万');
    const en = JSON.stringify((await as('mops settings', 'en')).card);
    expect(en).toContain('the monthly report measures all channels’ GMV against it');
  });
});
