import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Approval, approvals, auditLog, outbox } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import type { Card } from '../../src/chat/card';
import { decodeCard, type StoredCard } from '../../src/chat/card-codec';
import { approvalCard } from '../../src/chat/cards/approvals';
import type { PlatformName } from '../../src/chat/command';
import type { Locale } from '../../src/chat/i18n';
import { getSettings } from '../../src/domain/settings';
import { toBlocks } from '../../src/platforms/slack/render';
import { appMessagesFor } from '../../src/platforms/wecom/sender';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, {
    config: testConfig({
      MOPS_ADMINS: 'UADMIN',
      MOPS_APPROVERS: 'UBOSS',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
    }),
  });
});
afterAll(() => h.close());

const as = (userId: string, text: string, locale: Locale = 'en', platform: PlatformName = 'slack') =>
  dispatchCommand(deps, {
    text,
    actor: { platform, userId },
    place: { platform, channel: platform === 'slack' ? 'C1' : 'wangqiang' },
    locale,
  });
const text = (r: { card: Card }) => JSON.stringify(r.card);
const settingsAudit = async () =>
  (await h.db.select().from(auditLog)).filter((a) => a.entityId === 'compliancePhrases');
const phrases = async () => (await getSettings(h.db, deps.config)).compliancePhrases;
const approvalOf = async (reply: { card: Card }) => {
  const code = text(reply).match(/APR-\d+/)![0];
  const [a] = await h.db.select().from(approvals).where(eq(approvals.code, code));
  return a!;
};
const findingLines = (c: Card) => c.sections![0]!.lines;

describe(`/mops settings compliance on ${driverName}`, () => {
  it('an admin allows a phrase with a reason: stored, audited, and the reply says what it clears', async () => {
    const r = await as(
      'UADMIN',
      '/mops settings compliance allow 全网销量第一 reason="第三方销量报告已存档"',
    );
    expect(r.card.title).toBe('Allowed “全网销量第一”');
    expect(text(r)).toContain('Drafts containing it no longer get: [high] absolute term「全网销量第一」');
    expect(r.card.sections).toEqual([
      { heading: 'Allowed (no finding raised)', lines: ['“全网销量第一” — 第三方销量报告已存档'] },
    ]);
    expect(await phrases()).toEqual([
      { phrase: '全网销量第一', action: 'allow', reason: '第三方销量报告已存档' },
    ]);
    const audit = await settingsAudit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'slack:UADMIN',
      action: 'settings.update',
      before: [],
      after: [{ phrase: '全网销量第一', action: 'allow', reason: '第三方销量报告已存档' }],
    });
  });

  it('an admin blocks a phrase in Chinese (禁用) and a spaced English phrase; the list shows both kinds', async () => {
    const r = await as('UADMIN', '/mops settings 合规 禁用 闭眼入 reason=品牌调性不符', 'zh-CN');
    expect(r.card.title).toBe('已禁用「闭眼入」');
    expect(text(r)).toContain('含此短语的稿件将出现高风险问题');
    await as('UADMIN', '/mops settings compliance block "no brainer"');
    const list = await as('U1', '/mops settings compliance');
    expect(list.card.title).toBe('Company compliance list (3)');
    expect(list.card.sections).toEqual([
      { heading: 'Allowed (no finding raised)', lines: ['“全网销量第一” — 第三方销量报告已存档'] },
      {
        heading: 'Blocked (high-severity finding)',
        lines: ['“闭眼入” — 品牌调性不符', '“no brainer”'],
      },
    ]);
    expect(text(await as('U1', '/mops settings'))).toContain('1 allowed, 2 blocked');
  });

  it('the same phrase in another script or case replaces its entry instead of adding one', async () => {
    const r = await as('UADMIN', '/mops settings compliance allow "No Brainer" reason=英文口号');
    expect(text(r)).toContain('It replaces the earlier entry: blocked');
    expect(text(r)).toContain('raises no finding by itself');
    const list = await phrases();
    expect(list.filter((e) => e.phrase.toLowerCase() === 'no brainer')).toEqual([
      { phrase: 'No Brainer', action: 'allow', reason: '英文口号' },
    ]);
    const removed = await as('UADMIN', '/mops settings compliance remove "NO BRAINER"');
    expect(removed.card.title).toBe('Removed “No Brainer” from the list');
    expect(text(removed)).toContain('It was: allowed — 英文口号');
    expect((await phrases()).map((e) => e.phrase)).toEqual(['全网销量第一', '闭眼入']);
  });

  it('two admins changing the list at the same moment both keep their entry', async () => {
    await Promise.all([
      as('UADMIN', '/mops settings compliance block 秒杀价'),
      as('UADMIN', '/mops settings compliance block 清仓价'),
    ]);
    expect((await phrases()).map((e) => e.phrase)).toEqual(expect.arrayContaining(['秒杀价', '清仓价']));
    await as('UADMIN', '/mops settings compliance remove 秒杀价');
    await as('UADMIN', '/mops settings compliance remove 清仓价');
  });

  it('a non-admin may look but not change; nothing is written', async () => {
    const before = (await settingsAudit()).length;
    for (const cmd of ['allow 最好 reason=x', 'block 秒杀', 'remove 闭眼入']) {
      const r = await as('U1', `/mops settings compliance ${cmd}`);
      expect(r.card.tone).toBe('danger');
      expect(text(r)).toContain('Only admins can change settings');
    }
    expect((await settingsAudit()).length).toBe(before);
    expect((await phrases()).map((e) => e.phrase)).toEqual(['全网销量第一', '闭眼入']);
  });

  it.each([
    ['an empty phrase', 'allow reason=x', 'Name the phrase'],
    ['a quoted empty phrase', 'block ""', 'Name the phrase'],
    ['a phrase of zero-width marks only', 'block \u200b\u200b', 'Name the phrase'],
    ['an overly long phrase', `allow ${'好'.repeat(41)}`, 'The phrase has 41 characters; at most 40'],
    ['an unknown verb', 'permit 最好', 'Unknown action `permit`: use allow, block or remove'],
    ['an unknown argument', 'allow 最好 reson=typo', '`reson`'],
    ['an overly long reason', `allow 最好 reason=${'x'.repeat(201)}`, '`reason` is at most 200 characters'],
    ['removing a phrase not on the list', 'remove 最好', '“最好” is not on the company compliance list'],
  ])('%s → named with the usage, nothing written', async (_what, cmd, message) => {
    const before = (await settingsAudit()).length;
    const r = await as('UADMIN', `/mops settings compliance ${cmd}`);
    expect(r.card.tone).toBe('danger');
    expect(r.card.text).toContain(message);
    expect(r.card.context!.join('\n')).toContain('/mops settings compliance [allow|block <phrase>');
    expect((await settingsAudit()).length).toBe(before);
  });

  it('bad input is named in Chinese too', async () => {
    const r = await as('UADMIN', '/mops settings compliance 放行', 'zh-CN');
    expect(r.card.text).toContain('请给出短语');
    const verb = await as('UADMIN', '/mops settings compliance 同意 最好', 'zh-CN');
    expect(verb.card.text).toContain('不认识的操作 `同意`');
  });
});

describe(`company list on the approval card on ${driverName}`, () => {
  const DRAFT = '双十一全网销量第一！这款面霜闭眼入，秋冬最佳选择。';
  let a: Approval;

  it('an allowed phrase raises no finding and the card says the company list allowed it; a blocked one is high', async () => {
    const reply = await as('USPEC', `/content submit title=面霜上新 channel=小红书 text="${DRAFT}"`);
    a = await approvalOf(reply);
    // 全网销量第一 (absolute, allowed) is not a finding; 闭眼入 (blocked) and 最佳 are high.
    expect(a.findings).toMatchObject([
      { phrase: '闭眼入', severity: 'high', rule: 'company-block', policy: { action: 'block' } },
      { phrase: '最佳', severity: 'high', rule: 'absolute' },
    ]);
    expect(text(reply)).toContain('2 issues, 2 high severity');

    const en = approvalCard('en', 'Asia/Shanghai', a, []);
    expect(en.text).toContain('2 high-severity compliance findings');
    expect(findingLines(en)).toEqual([
      '[high] “闭眼入” (text) blocked by company list: “闭眼入” — 品牌调性不符',
      expect.stringContaining('[high] “最佳” (text) rule: absolute term'),
      '✓ allowed by company list: “全网销量第一” — 第三方销量报告已存档 (otherwise [high] absolute term: “全网销量第一” in text)',
    ]);
    const zh = approvalCard('zh-CN', 'Asia/Shanghai', a, []);
    expect(findingLines(zh)).toContain(
      '✓ 公司名单放行：「全网销量第一」 — 第三方销量报告已存档（否则为[高] 绝对化用语：「全网销量第一」，正文）',
    );
    expect(findingLines(zh)[0]).toBe('[高] 「闭眼入」（正文）公司名单禁用：「闭眼入」 — 品牌调性不符');
  });

  it('with only allowed phrases the draft is clean: no confirm dialog, and the card still says why', async () => {
    const reply = await as(
      'USPEC',
      '/content submit title=活动预告 channel=小红书 text="双十一全网销量第一，敬请期待。"',
    );
    const clean = await approvalOf(reply);
    expect(clean.findings).toEqual([]);
    expect(text(reply)).toContain('The compliance check found nothing.');
    expect(text(reply)).toContain('allowed by company list: “全网销量第一”');
    const card = approvalCard('en', 'Asia/Shanghai', clean, []);
    expect(card.buttons![0]!.confirm).toBeUndefined();
    expect(findingLines(card)).toEqual([
      'Advertising-law check: no findings.',
      expect.stringContaining('✓ allowed by company list: “全网销量第一”'),
    ]);
  });

  it('Slack, WeCom and console all show the company-list lines of the card as queued', async () => {
    const queued = async (code: string) => {
      const rows = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.card:${code}`));
      return decodeCard((rows[0]!.payload as { card: StoredCard }).card);
    };
    const slack = JSON.stringify(toBlocks(await queued(a.code)));
    expect(slack).toContain('allowed by company list: “全网销量第一”');
    expect(slack).toContain('blocked by company list: “闭眼入”');

    const wecomReply = await as(
      'wangqiang',
      `/content submit title=面霜上新 channel=小红书 text="${DRAFT}"`,
      'zh-CN',
      'wecom',
    );
    const onWecom = JSON.stringify(
      appMessagesFor(await queued((await approvalOf(wecomReply)).code), 'task1'),
    );
    expect(onWecom).toContain('公司名单放行：「全网销量第一」');
    expect(onWecom).toContain('公司名单禁用：「闭眼入」');

    // The console page shows a card's section lines as they are queued.
    const consoleReply = await as(
      'lina',
      `/content submit title=面霜上新 channel=小红书 text="${DRAFT}"`,
      'en',
      'console',
    );
    const onConsole = (await queued((await approvalOf(consoleReply)).code)).sections![0]!.lines;
    expect(onConsole.join('\n')).toContain('allowed by company list: “全网销量第一”');
  });

  it('after the phrase is removed, the next draft gets the finding again', async () => {
    await as('UADMIN', '/mops settings compliance remove 全网销量第一');
    const reply = await as(
      'USPEC',
      '/content submit title=活动预告 channel=小红书 text="双十一全网销量第一，敬请期待。"',
    );
    const again = await approvalOf(reply);
    expect(again.findings).toMatchObject([{ phrase: '全网销量第一', severity: 'high', rule: 'absolute' }]);
    expect((again.details as { allowedFindings?: unknown }).allowedFindings).toBeUndefined();
  });

  it('a KOL deal proposal applies the list to its deliverables too', async () => {
    await as('UADMIN', '/mops settings compliance allow 全网销量第一 reason=报告已存档');
    const reply = await as(
      'USPEC',
      '/kol propose name=小鹿爱测评 platform=小红书 followers=500000 fee=8000 deliverables="图文 1 篇：全网销量第一的面霜，闭眼入" date=2026-12-10',
    );
    const deal = await approvalOf(reply);
    expect(deal.findings).toMatchObject([{ field: 'deliverables', phrase: '闭眼入', rule: 'company-block' }]);
    expect((deal.details as { allowedFindings?: unknown }).allowedFindings).toMatchObject([
      { field: 'deliverables', original: '全网销量第一', policy: { reason: '报告已存档' } },
    ]);
    expect(findingLines(approvalCard('en', 'Asia/Shanghai', deal, []))).toContain(
      '✓ allowed by company list: “全网销量第一” — 报告已存档 (otherwise [high] absolute term: “全网销量第一” in deliverables)',
    );
  });
});
