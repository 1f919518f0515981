import type { types } from '@slack/bolt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/chat/card';
import {
  BLOCK_ID,
  encodeAction,
  encodeFormCallbackId,
  parseAction,
  parseFormCallbackId,
} from '../../../src/platforms/slack/ids';
import { escapeMrkdwn, SLACK_LIMITS, toBlocks } from '../../../src/platforms/slack/render';

type Block = types.KnownBlock;
type Any = Record<string, unknown>;

/** Every text string a user could see in the blocks, with the key that holds it. */
function texts(blocks: Block[]): { key: string; text: string; type?: string }[] {
  const out: { key: string; text: string; type?: string }[] = [];
  const walk = (node: unknown, key: string): void => {
    if (Array.isArray(node)) for (const n of node) walk(n, key);
    else if (node && typeof node === 'object') {
      const o = node as Any;
      if (typeof o.text === 'string' && typeof o.type === 'string')
        out.push({ key, text: o.text, type: o.type });
      for (const [k, v] of Object.entries(o)) walk(v, k);
    }
  };
  walk(blocks, 'root');
  return out;
}

function ids(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (node && typeof node === 'object') {
      const o = node as Any;
      if (typeof o.block_id === 'string') out.push(o.block_id);
      if (typeof o.action_id === 'string') out.push(o.action_id);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(blocks);
  return out;
}

function byType<T extends Block>(blocks: Block[], type: T['type']): T[] {
  return blocks.filter((b): b is T => b.type === type);
}

describe('toBlocks: limits', () => {
  it('60 sections → at most 50 blocks, a truncation note, and the header and buttons kept', () => {
    const card: Card = {
      title: 'List',
      sections: Array.from({ length: 60 }, (_, i) => ({ heading: `Item ${i}`, lines: ['x'] })),
      buttons: [{ text: 'More', action: 'more:feedback:status=open:20' }],
      context: ['page 1'],
    };
    const { blocks } = toBlocks(card, { locale: 'en' });
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blocks[0]!.type).toBe('header');
    const note = blocks.find((b) => b.block_id === BLOCK_ID.truncated) as types.ContextBlock;
    expect(note).toBeDefined();
    // header + 46 sections + note + context + actions = 50, so 14 sections were cut.
    expect(JSON.stringify(note.elements)).toContain('14 more not shown');
    expect(blocks.at(-1)!.type).toBe('actions');
  });

  it('zh-CN locale → the truncation note is in Chinese', () => {
    const card: Card = { title: 'T', sections: Array.from({ length: 60 }, () => ({ lines: ['x'] })) };
    const note = toBlocks(card, { locale: 'zh-CN' }).blocks.find((b) => b.block_id === BLOCK_ID.truncated);
    expect(JSON.stringify(note)).toContain('未显示');
  });

  it('5000-char text → a section of at most 3000 chars ending in an ellipsis', () => {
    const { blocks } = toBlocks({ title: 'T', text: 'a'.repeat(5000) });
    const section = blocks.find((b) => b.block_id === BLOCK_ID.text) as types.SectionBlock;
    expect(section.text!.text.length).toBeLessThanOrEqual(3000);
    expect(section.text!.text.endsWith('…')).toBe(true);
  });

  it('text of 2000 ampersands (10000 chars escaped) → cut between entities, never inside one', () => {
    const { blocks } = toBlocks({ title: 'T', text: '&'.repeat(2000) });
    const text = (blocks.find((b) => b.block_id === BLOCK_ID.text) as types.SectionBlock).text!.text;
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^(&amp;)+…$/);
  });

  it('200-char title → header of at most 150 chars', () => {
    const { blocks } = toBlocks({ title: 'T'.repeat(200) });
    const header = blocks[0] as types.HeaderBlock;
    expect(header.type).toBe('header');
    expect(header.text.text.length).toBeLessThanOrEqual(150);
  });

  it('100-char button text → at most 75 chars', () => {
    const { blocks } = toBlocks({ title: 'T', buttons: [{ text: 'B'.repeat(100), action: 'a:1' }] });
    const [actions] = byType<types.ActionsBlock>(blocks, 'actions');
    expect((actions!.elements[0] as types.Button).text.text.length).toBeLessThanOrEqual(75);
  });

  it('30 buttons → two actions blocks of at most 25, every action_id unique', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ text: `b${i}`, action: `x:${i}` }));
    const actions = byType<types.ActionsBlock>(toBlocks({ title: 'T', buttons }).blocks, 'actions');
    expect(actions.map((a) => a.elements.length)).toEqual([25, 5]);
  });

  it('12 fields with a 3000-char value → sections of at most 10 fields, each at most 2000 chars', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({
      label: `L${i}`,
      value: i === 0 ? 'v'.repeat(3000) : 'v',
    }));
    const sections = toBlocks({ title: 'T', fields }).blocks.filter((b) =>
      b.block_id?.startsWith(BLOCK_ID.fields),
    );
    expect(sections.map((s) => (s as types.SectionBlock).fields!.length)).toEqual([10, 2]);
    for (const s of sections) {
      for (const f of (s as types.SectionBlock).fields!) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    expect((sections[0] as types.SectionBlock).fields![1]!.text).toBe('*L1*\nv');
  });

  it('15 context lines → at most 10 elements and no line lost', () => {
    const context = Array.from({ length: 15 }, (_, i) => `line-${i}`);
    const [ctx] = byType<types.ContextBlock>(toBlocks({ title: 'T', context }).blocks, 'context');
    expect(ctx!.elements.length).toBe(10);
    const all = JSON.stringify(ctx);
    for (const l of context) expect(all).toContain(l);
  });

  it('a 300-char action → action_id within 255, full action in the value', () => {
    const action = `approval:${'A'.repeat(290)}:approve`;
    const [actions] = byType<types.ActionsBlock>(
      toBlocks({ title: 'T', buttons: [{ text: 'ok', action }] }).blocks,
      'actions',
    );
    const button = actions!.elements[0] as types.Button;
    expect(button.action_id!.length).toBeLessThanOrEqual(255);
    expect(button.action_id!.startsWith('approval:')).toBe(true);
    expect(parseAction(button.action_id!, button.value)?.action).toBe(action);
  });

  it('any card → every block_id and action_id within 255 and unique per message', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 300 }), { maxLength: 40 }),
        fc.array(fc.string({ minLength: 1, maxLength: 400 }), { maxLength: 40 }),
        (lines, actionsIn) => {
          const card: Card = {
            title: 'T',
            sections: lines.map((l) => ({ heading: l, lines: [l] })),
            buttons: actionsIn.map((a) => ({ text: a, action: a })),
          };
          const { blocks } = toBlocks(card);
          expect(blocks.length).toBeLessThanOrEqual(50);
          const all = ids(blocks);
          for (const id of all) expect(id.length).toBeLessThanOrEqual(255);
          const blockIds = blocks.map((b) => b.block_id);
          expect(new Set(blockIds).size).toBe(blockIds.length);
          for (const a of byType<types.ActionsBlock>(blocks, 'actions')) {
            const aids = a.elements.map((e) => (e as types.Button).action_id);
            expect(new Set(aids).size).toBe(aids.length);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('toBlocks: escaping and mentions', () => {
  it('<!channel>, <@U1> and & in user text → shown literally, never as a ping or mention', () => {
    const hostile = 'hi <!channel> <@U1> <!here|here> <https://evil.example|click> & co';
    const card: Card = {
      title: hostile,
      text: hostile,
      fields: [{ label: hostile, value: hostile }],
      sections: [{ heading: hostile, lines: [hostile] }],
      context: [hostile],
    };
    const { blocks, text } = toBlocks(card);
    for (const t of texts(blocks).filter((x) => x.type === 'mrkdwn')) {
      expect(t.text).not.toMatch(/[<>]/);
      expect(t.text).toContain('&lt;!channel&gt;');
      expect(t.text).toContain('&amp; co');
    }
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('&lt;@U1&gt;');
  });

  it('mrkdwn from user text → sent verbatim so Slack does not auto-link or auto-mention', () => {
    const card: Card = {
      title: 'T',
      text: '@channel see #general',
      fields: [{ label: 'a', value: 'b' }],
      context: ['c'],
    };
    const mrkdwn: Any[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if ((node as Any).type === 'mrkdwn') mrkdwn.push(node as Any);
        Object.values(node).forEach(walk);
      }
    };
    walk(toBlocks(card).blocks);
    expect(mrkdwn.length).toBe(3);
    for (const m of mrkdwn) expect(m.verbatim).toBe(true);
  });

  it('any user text → no angle bracket reaches mrkdwn except the card mentions', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        const card: Card = {
          title: a,
          text: b,
          fields: [{ label: a, value: c }],
          sections: [{ heading: b, lines: [c, a] }],
          context: [c],
          mentions: [{ platform: 'slack', userId: 'U0123ABC' }],
        };
        const { blocks, text } = toBlocks(card);
        const mrkdwn = texts(blocks).filter((x) => x.type === 'mrkdwn');
        for (const t of [...mrkdwn.map((m) => m.text), text]) {
          expect(t.replaceAll('<@U0123ABC>', '')).not.toMatch(/[<>]/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Slack mentions → rendered as <@U…> in the text and fallback; WeCom and forged ids ignored', () => {
    const card: Card = {
      title: 'Budget over 105%',
      text: 'Please check',
      mentions: [
        { platform: 'slack', userId: 'U123ABC' },
        { platform: 'slack', userId: 'U123ABC' },
        { platform: 'slack', userId: 'W999' },
        { platform: 'wecom', userId: 'zhangsan' },
        { platform: 'slack', userId: 'U1> <!channel' },
      ],
    };
    const { blocks, text } = toBlocks(card);
    const section = blocks.find((b) => b.block_id === BLOCK_ID.text) as types.SectionBlock;
    expect(section.text!.text).toBe('<@U123ABC> <@W999> Please check');
    expect(text.startsWith('<@U123ABC> <@W999>')).toBe(true);
    expect(JSON.stringify(blocks)).not.toContain('zhangsan');
    expect(JSON.stringify(blocks)).not.toContain('!channel');
  });

  it('mentions but no text → a section with just the mentions', () => {
    const { blocks } = toBlocks({ title: 'T', mentions: [{ platform: 'slack', userId: 'U1AB' }] });
    expect((blocks[1] as types.SectionBlock).text!.text).toBe('<@U1AB>');
  });

  it('escapeMrkdwn → only &, < and > change', () => {
    expect(escapeMrkdwn('a & b < c > d *e*')).toBe('a &amp; b &lt; c &gt; d *e*');
  });
});

describe('toBlocks: layout', () => {
  const card: Card = {
    title: 'FB-12 acknowledged',
    text: 'Thanks, we are on it.',
    fields: [
      { label: 'Status', value: 'open' },
      { label: 'Owner', value: '' },
    ],
    sections: [{ heading: 'Details', lines: ['line 1', 'line 2'] }],
    context: ['Due 2026-03-02 10:00'],
    buttons: [
      { text: 'Approve', action: 'approval:APR-12:approve', style: 'primary' },
      {
        text: 'Reject',
        action: 'approval:APR-12:reject',
        style: 'danger',
        confirm: { title: 'Reject?', text: 'This cannot be undone', ok: 'Reject', cancel: 'Back' },
      },
      { text: 'Later', action: 'approval:APR-12:later', style: 'default' },
    ],
    tone: 'warning',
  };

  it('a full card → header, text, fields, section, context, actions in that order', () => {
    const { blocks } = toBlocks(card);
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'context',
      'actions',
    ]);
    expect((blocks[0] as types.HeaderBlock).text.text).toBe('⚠️ FB-12 acknowledged');
    expect((blocks[2] as types.SectionBlock).fields!.map((f) => f.text)).toEqual([
      '*Status*\nopen',
      '*Owner*\n—',
    ]);
    expect((blocks[3] as types.SectionBlock).text!.text).toBe('*Details*\nline 1\nline 2');
  });

  it('buttons → styles and a confirm dialog; action ids parse back to the neutral action', () => {
    const actions = toBlocks(card).blocks.at(-1) as types.ActionsBlock;
    const [approve, reject, later] = actions.elements as types.Button[];
    expect(approve).toMatchObject({ action_id: 'approval:APR-12:approve', style: 'primary' });
    expect(later!.style).toBeUndefined();
    expect(reject!.confirm).toMatchObject({
      title: { text: 'Reject?' },
      text: { text: 'This cannot be undone' },
      confirm: { text: 'Reject' },
      deny: { text: 'Back' },
      style: 'danger',
    });
    expect(parseAction(reject!.action_id!, reject!.value)).toEqual({
      action: 'approval:APR-12:reject',
      kind: 'approval',
      args: ['APR-12', 'reject'],
    });
  });

  it('the same action twice → distinct action_ids, both values the original action', () => {
    const buttons = [
      { text: 'a', action: 'more:feedback:status=open:20' },
      { text: 'b', action: 'more:feedback:status=open:20' },
    ];
    const els = (toBlocks({ title: 'T', buttons }).blocks.at(-1) as types.ActionsBlock)
      .elements as types.Button[];
    expect(els[0]!.action_id).not.toBe(els[1]!.action_id);
    expect(els.map((e) => parseAction(e.action_id!, e.value)?.action)).toEqual([
      buttons[0]!.action,
      buttons[1]!.action,
    ]);
  });

  it('fallback text → the title and text, present even for a title-only card', () => {
    expect(toBlocks(card).text).toBe('FB-12 acknowledged\nThanks, we are on it.');
    expect(toBlocks({ title: 'Only' }).text).toBe('Only');
  });

  it('an image with a Slack file id → an image block before the context; without one → no image block', () => {
    const withImage: Card = {
      ...card,
      image: { png: new Uint8Array([1]), alt: 'GMV trend', title: 'Trend' },
    };
    const { blocks } = toBlocks(withImage, { slackFileId: 'F0123' });
    const image = blocks.find((b) => b.type === 'image');
    expect(image).toMatchObject({
      slack_file: { id: 'F0123' },
      alt_text: 'GMV trend',
      title: { text: 'Trend' },
    });
    expect(blocks.indexOf(image!)).toBe(blocks.findIndex((b) => b.type === 'context') - 1);
    expect(toBlocks(withImage).blocks.some((b) => b.type === 'image')).toBe(false);
    expect(
      toBlocks(withImage, { imageUrl: 'https://x.test/a.png' }).blocks.find((b) => b.type === 'image'),
    ).toMatchObject({ image_url: 'https://x.test/a.png' });
  });

  it('an empty title and no content → no invalid empty blocks', () => {
    const { blocks, text } = toBlocks({
      title: '',
      sections: [{ lines: [] }],
      fields: [{ label: '', value: '' }],
    });
    expect(blocks).toEqual([]);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('ids', () => {
  it('an action up to 255 chars → used as the action_id as is', () => {
    expect(encodeAction('approval:APR-12:approve')).toEqual({
      action_id: 'approval:APR-12:approve',
      value: 'approval:APR-12:approve',
    });
  });

  it('an empty action or one over 2000 chars → null (cannot round-trip)', () => {
    expect(encodeAction('')).toBeNull();
    expect(encodeAction('x'.repeat(2001))).toBeNull();
  });

  it('a shortened action_id without its value → null rather than a wrong action', () => {
    const enc = encodeAction('y'.repeat(300))!;
    expect(parseAction(enc.action_id)).toBeNull();
    expect(parseAction(enc.action_id, enc.value)?.action).toBe('y'.repeat(300));
  });

  it('more:feedback:status=open:20 → kind more with its args', () => {
    expect(parseAction('more:feedback:status=open:20')).toEqual({
      action: 'more:feedback:status=open:20',
      kind: 'more',
      args: ['feedback', 'status=open', '20'],
    });
  });

  it('any action up to 2000 chars → round-trips through action_id and value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 2000 }), fc.option(fc.string()), (action, salt) => {
        fc.pre(!action.startsWith(':'));
        const enc = encodeAction(action, salt ?? undefined)!;
        expect(enc.action_id.length).toBeLessThanOrEqual(255);
        expect(enc.value.length).toBeLessThanOrEqual(2000);
        expect(parseAction(enc.action_id, enc.value)?.action).toBe(action);
      }),
    );
  });

  it('form callback ids → form:<command> and back; foreign ids → null', () => {
    expect(encodeFormCallbackId('feedback new')).toBe('form:feedback new');
    expect(parseFormCallbackId('form:feedback new')).toBe('feedback new');
    expect(parseFormCallbackId('approval:APR-1')).toBeNull();
    expect(parseFormCallbackId('form:')).toBeNull();
  });
});

describe('toBlocks: one icon per title', () => {
  it('an alert titled "🚨 Budget overrun" with tone danger → the header shows 🚨 once, not the tone icon too', () => {
    const { blocks } = toBlocks({ title: '🚨 Budget overrun: Channel ads at 108.4%', tone: 'danger' });
    const header = blocks.find((b) => b.type === 'header') as { text: { text: string } };
    expect(header.text.text).toBe('🚨 Budget overrun: Channel ads at 108.4%');
  });

  it('a plain title with tone warning → the tone icon leads it', () => {
    const { blocks } = toBlocks({ title: 'Budget notice: Content at 90.0%', tone: 'warning' });
    const header = blocks.find((b) => b.type === 'header') as { text: { text: string } };
    expect(header.text.text).toBe('⚠️ Budget notice: Content at 90.0%');
  });
});
