import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/chat/card';
import {
  decidedTemplateCard,
  displayWidth,
  escapeMarkdown,
  TEMPLATE_BUTTON_STYLE,
  TEMPLATE_CARD_LIMITS,
  toMarkdown,
  toTemplateCard,
  toText,
  truncateWidth,
  wecomMentionIds,
} from '../../../src/platforms/wecom/render';

const approval: Card = {
  title: '内容审批 APR-12',
  text: '小红书 618 种草笔记',
  fields: [
    { label: '申请人', value: '张三' },
    { label: '渠道', value: 'xiaohongshu' },
    { label: '预算影响', value: '内容 92% → 97%' },
  ],
  sections: [{ heading: '合规检查', lines: ['「最」: 绝对化用语', '「全网销量第一」: 无法证实的数据'] }],
  context: ['APR-12 · 2024-06-01 14:02'],
  buttons: [
    { text: '批准', action: 'approval:APR-12:approve', style: 'primary' },
    { text: '需修改', action: 'approval:APR-12:changes' },
    { text: '拒绝', action: 'approval:APR-12:reject', style: 'danger' },
  ],
  mentions: [
    { platform: 'wecom', userId: 'lisi' },
    { platform: 'slack', userId: 'U123' },
  ],
  tone: 'warning',
};

describe('toMarkdown', () => {
  it('renders title, text, fields as label：value, sections, grey context, button hints and WeCom mentions', () => {
    const md = toMarkdown(approval);
    expect(md.split('\n')).toEqual([
      '<font color="warning">**内容审批 APR-12**</font>',
      '小红书 618 种草笔记',
      '',
      '申请人：张三',
      '渠道：xiaohongshu',
      '预算影响：内容 92% → 97%',
      '',
      '**合规检查**',
      '「最」: 绝对化用语',
      '「全网销量第一」: 无法证实的数据',
      '',
      '<font color="comment">APR-12 · 2024-06-01 14:02</font>',
      '<font color="comment">［批准］ ［需修改］ ［拒绝］</font>',
      '',
      '<@lisi>',
    ]);
  });

  it('a Slack mention never becomes a WeCom mention', () => {
    expect(toMarkdown(approval)).not.toContain('U123');
    expect(wecomMentionIds(approval)).toEqual(['lisi']);
  });

  it('user text cannot inject links, mentions, colours, bold, code or headings', () => {
    const evil = '[点我](http://evil.example) <@all> <font color="warning">急</font> **粗** `code`';
    const md = toMarkdown({
      title: evil,
      text: '# 标题\n> 引用',
      fields: [{ label: evil, value: evil }],
      sections: [{ heading: evil, lines: [evil] }],
      context: [evil],
      buttons: [{ text: evil, action: 'x' }],
    });
    expect(md).not.toMatch(/\]\(/);
    expect(md).not.toContain('<@');
    expect(md).not.toContain('<font color="warning">急');
    expect(md).not.toContain('**粗**');
    expect(md).not.toContain('`');
    expect(md).not.toMatch(/^#/m);
    expect(md).not.toMatch(/^>/m);
    // The words survive, only the syntax is defused.
    expect(md).toContain('点我');
    expect(md).toContain('急');
  });

  it('a malformed WeCom userid is dropped rather than rendered into the mention', () => {
    const md = toMarkdown({
      title: 't',
      mentions: [{ platform: 'wecom', userId: 'a><font color="warning">x' }],
    });
    expect(md).toBe('**t**');
  });

  it('a plain info card is just the bold title', () => {
    expect(toMarkdown({ title: '帮助' })).toBe('**帮助**');
  });

  it('a chart image is named in grey, since markdown cannot carry the picture', () => {
    const md = toMarkdown({
      title: '周报',
      image: { png: new Uint8Array([1]), alt: 'GMV 趋势', title: '本周 GMV' },
    });
    expect(md).toBe('**周报**\n\n<font color="comment">本周 GMV</font>');
  });

  it('escapeMarkdown swaps syntax characters for full-width look-alikes', () => {
    expect(escapeMarkdown('a<b>[c]*d*`e`\n#f')).toBe('a＜b＞［c］＊d＊｀e｀\n＃f');
  });
});

describe('toText', () => {
  it('is plain text with no markup, and keeps user text as typed', () => {
    const t = toText(approval);
    expect(t).toBe(
      [
        '内容审批 APR-12',
        '小红书 618 种草笔记',
        '',
        '申请人：张三',
        '渠道：xiaohongshu',
        '预算影响：内容 92% → 97%',
        '',
        '合规检查',
        '「最」: 绝对化用语',
        '「全网销量第一」: 无法证实的数据',
        '',
        'APR-12 · 2024-06-01 14:02',
        '［批准］ ［需修改］ ［拒绝］',
      ].join('\n'),
    );
    expect(toText({ title: 'a **b** <c>' })).toBe('a **b** <c>');
  });
});

describe('displayWidth / truncateWidth', () => {
  it('counts CJK as 1 and Latin as ½', () => {
    expect(displayWidth('预算')).toBe(2);
    expect(displayWidth('Budget')).toBe(3);
    expect(displayWidth('预算 ok')).toBe(3.5);
  });

  it('truncates to the width with an ellipsis, and leaves short text alone', () => {
    expect(truncateWidth('预算影响', 5)).toBe('预算影响');
    expect(truncateWidth('预算影响金额', 5)).toBe('预算影响…');
    expect(displayWidth(truncateWidth('Request changes now', 5))).toBeLessThanOrEqual(5);
    expect(truncateWidth('😀😀😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('toTemplateCard', () => {
  it('maps an approval card to a button_interaction card whose button keys are the actions', () => {
    const tc = toTemplateCard(approval, 'APR-12-a1b2');
    expect(tc).toEqual({
      card_type: 'button_interaction',
      main_title: { title: '内容审批 APR-12', desc: '小红书 618 种草笔记' },
      sub_title_text:
        '合规检查\n「最」: 绝对化用语\n「全网销量第一」: 无法证实的数据\nAPR-12 · 2024-06-01 14:02',
      horizontal_content_list: [
        { keyname: '申请人', value: '张三' },
        { keyname: '渠道', value: 'xiaohongshu' },
        { keyname: '预算影响', value: '内容 92% → 97%' },
      ],
      button_list: [
        { text: '批准', style: TEMPLATE_BUTTON_STYLE.primary, key: 'approval:APR-12:approve' },
        { text: '需修改', style: TEMPLATE_BUTTON_STYLE.default, key: 'approval:APR-12:changes' },
        { text: '拒绝', style: TEMPLATE_BUTTON_STYLE.danger, key: 'approval:APR-12:reject' },
      ],
      task_id: 'APR-12-a1b2',
    });
  });

  it('keeps every text within WeCom’s limits and caps fields and buttons at 6', () => {
    const long = '很'.repeat(200);
    const card: Card = {
      title: `超长标题${long}`,
      text: `说明${long}`,
      fields: Array.from({ length: 8 }, (_, i) => ({ label: `字段名称很长${i}`, value: `${i}${long}` })),
      buttons: Array.from({ length: 8 }, (_, i) => ({ text: `按钮文字特别特别长${i}`, action: `act:${i}` })),
    };
    const tc = toTemplateCard(card, 't1');
    const L = TEMPLATE_CARD_LIMITS;
    expect(displayWidth(tc.main_title!.title!)).toBeLessThanOrEqual(L.title);
    expect(tc.main_title!.desc).toBeUndefined(); // too long for desc: it moves to the sub title
    expect(tc.sub_title_text!.startsWith('说明很')).toBe(true);
    expect(displayWidth(tc.sub_title_text!)).toBeLessThanOrEqual(L.subTitle);
    expect(tc.horizontal_content_list).toHaveLength(6);
    for (const h of tc.horizontal_content_list!) {
      expect(displayWidth(h.keyname)).toBeLessThanOrEqual(L.keyname);
      expect(displayWidth(h.value!)).toBeLessThanOrEqual(L.value);
    }
    expect(tc.button_list.map((b) => b.key)).toEqual(['act:0', 'act:1', 'act:2', 'act:3', 'act:4', 'act:5']);
    for (const b of tc.button_list) expect(displayWidth(b.text)).toBeLessThanOrEqual(L.buttonText);
  });

  it('fields beyond six are not lost: they go to the sub title', () => {
    const card: Card = {
      title: 't',
      fields: Array.from({ length: 7 }, (_, i) => ({ label: `f${i}`, value: `v${i}` })),
      buttons: [{ text: 'ok', action: 'ok' }],
    };
    expect(toTemplateCard(card, 't').sub_title_text).toBe('f6：v6');
  });

  it('an English label that fits five Chinese characters’ width is not cut', () => {
    const tc = toTemplateCard(
      {
        title: 't',
        fields: [{ label: 'Budget', value: '97%' }],
        buttons: [{ text: 'Approve', action: 'a' }],
      },
      't',
    );
    expect(tc.horizontal_content_list![0]!.keyname).toBe('Budget');
  });

  it('duplicate actions keep only the first button', () => {
    const tc = toTemplateCard(
      {
        title: 't',
        buttons: [
          { text: 'A', action: 'same' },
          { text: 'B', action: 'same' },
        ],
      },
      't',
    );
    expect(tc.button_list).toEqual([{ text: 'A', style: TEMPLATE_BUTTON_STYLE.default, key: 'same' }]);
  });

  it('refuses a bad task_id, a card without buttons and an over-long button key', () => {
    expect(() => toTemplateCard(approval, 'APR 12')).toThrow(/task_id/);
    expect(() => toTemplateCard(approval, 'x'.repeat(129))).toThrow(/task_id/);
    expect(() => toTemplateCard(approval, '')).toThrow(/task_id/);
    expect(() => toTemplateCard({ title: 't' }, 't')).toThrow(/at least one button/);
    expect(() =>
      toTemplateCard({ title: 't', buttons: [{ text: 'x', action: 'k'.repeat(1025) }] }, 't'),
    ).toThrow(/1024/);
  });

  it('primary, default and danger buttons get the emphasis (1), neutral (3) and negative (4) styles', () => {
    const tc = toTemplateCard(approval, 't');
    expect(tc.button_list.map((b) => b.style)).toEqual([1, 3, 4]);
  });
});

describe('decidedTemplateCard', () => {
  const decided: Card = {
    title: '内容审批 APR-12',
    fields: approval.fields,
    context: ['已批准 · @lisi 14:02'],
    tone: 'success',
  };

  it('replaces the buttons with a grey replace_text and keeps the task id', () => {
    const tc = decidedTemplateCard(decided, 'APR-12-a1b2');
    expect(tc.card_type).toBe('button_interaction');
    expect(tc.task_id).toBe('APR-12-a1b2');
    expect(tc.replace_text).toBe('已批准 · @lisi 14:02');
    expect(tc.button_list).toHaveLength(1);
    expect(tc.horizontal_content_list).toHaveLength(3);
  });

  it('an explicit replace text wins and is kept short', () => {
    const tc = decidedTemplateCard(decided, 'x', 'Approved by lisi at 14:02 on a very long day indeed');
    expect(displayWidth(tc.replace_text!)).toBeLessThanOrEqual(TEMPLATE_CARD_LIMITS.replaceText);
    expect(tc.replace_text!.startsWith('Approved by lisi')).toBe(true);
  });
});
