/**
 * Card → Block Kit. Slack rejects a whole message when one limit is exceeded, so every limit is enforced
 * here by truncating; a card never fails to render. User text is escaped for mrkdwn and sent with
 * `verbatim: true`, so it can never produce a mention, link or channel ping: the only mentions are the
 * card's own `mentions`.
 */
import type { types } from '@slack/bolt';
import type { Button, Card, Mention } from '../../chat/card';
import { defineMessages, type Locale } from '../../chat/i18n';
import { BLOCK_ID, cutCodePoints, encodeAction, SLACK_ID_MAX } from './ids';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type ActionsBlock = types.ActionsBlock;
type ContextBlock = types.ContextBlock;
type MrkdwnElement = types.MrkdwnElement;
type PlainTextElement = types.PlainTextElement;

/** Slack's published Block Kit limits for messages. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  id: SLACK_ID_MAX,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  altText: 2000,
  imageTitle: 2000,
  fallbackText: 3000,
} as const;

export interface ToBlocksOptions {
  /** Language of the renderer's own words (the truncation note); default zh-CN like `LOCALE`. */
  locale?: Locale;
  /** The card image, already uploaded to Slack (files upload v2): rendered as an image block. */
  slackFileId?: string;
  /** The card image at a public URL; used only when `slackFileId` is not given. */
  imageUrl?: string;
}

export interface SlackMessage {
  blocks: KnownBlock[];
  /** Fallback for notifications and screen readers; escaped like the blocks. */
  text: string;
}

const t = defineMessages({
  truncated: {
    'zh-CN': '…另有 {count} 项未显示（消息过长）',
    en: '…and {count} more not shown (message too long)',
  },
});

const TONE_PREFIX: Record<NonNullable<Card['tone']>, string> = {
  info: '',
  success: '✅ ',
  warning: '⚠️ ',
  danger: '🚨 ',
};

/** A title that begins with an emoji or a symbol such as ⚠ or ✅. */
const LEADING_ICON = /^\s*\p{Extended_Pictographic}/u;

// Slack user ids are U… or W… (Enterprise Grid); anything else could smuggle markup into `<@…>`.
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Escapes user text for mrkdwn: `&`, `<`, `>` become entities, so `<!channel>` shows literally. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts plain text to `max` UTF-16 units, ending with `…` when cut. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutCodePoints(text, max - 1)}…`;
}

/**
 * Cuts already-escaped mrkdwn to `max` units, ending with `…` when cut, without splitting an entity
 * (`&amp;`) or a mention (`<@U1>`), which would show as garbage or break the markup.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = cutCodePoints(text, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const lt = cut.lastIndexOf('<');
  if (lt >= 0 && !cut.slice(lt).includes('>')) cut = cut.slice(0, lt);
  return `${cut}…`;
}

function mrkdwn(text: string, max: number): MrkdwnElement {
  // verbatim: Slack must not auto-link or auto-mention anything inside user text.
  return { type: 'mrkdwn', text: truncateMrkdwn(text, max), verbatim: true };
}

function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncatePlain(text, max), emoji: true };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Bold in mrkdwn needs the asterisks next to non-space characters. */
function bold(text: string): string {
  const s = oneLine(text);
  return s ? `*${escapeMrkdwn(s)}*` : '';
}

/** The card's Slack mentions as `<@U123>`, deduplicated; other platforms' mentions are ignored. */
export function slackMentions(mentions: Mention[] | undefined): string {
  const ids = new Set<string>();
  for (const m of mentions ?? []) {
    if (m.platform === 'slack' && SLACK_USER_ID.test(m.userId)) ids.add(m.userId);
  }
  return [...ids].map((id) => `<@${id}>`).join(' ');
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function blockId(base: string, index?: number): string {
  return cutCodePoints(index === undefined ? base : `${base}_${index}`, SLACK_LIMITS.id);
}

function renderButtons(buttons: Button[]): ActionsBlock[] {
  const seen = new Set<string>();
  const elements: types.Button[] = [];
  buttons.forEach((b, i) => {
    let encoded = encodeAction(b.action);
    // Slack rejects a message whose action_ids repeat; the value still carries the action.
    if (encoded && seen.has(encoded.action_id)) encoded = encodeAction(b.action, String(i));
    if (!encoded) return;
    seen.add(encoded.action_id);
    const label = oneLine(b.text) || oneLine(b.action);
    const button: types.Button = {
      type: 'button',
      text: plain(label, SLACK_LIMITS.buttonText),
      action_id: encoded.action_id,
      value: encoded.value,
    };
    if (b.style === 'primary' || b.style === 'danger') button.style = b.style;
    if (b.confirm) {
      button.confirm = {
        title: plain(oneLine(b.confirm.title) || label, SLACK_LIMITS.confirmTitle),
        text: plain(b.confirm.text || label, SLACK_LIMITS.confirmText),
        confirm: plain(oneLine(b.confirm.ok) || 'OK', SLACK_LIMITS.confirmButton),
        deny: plain(oneLine(b.confirm.cancel) || 'Cancel', SLACK_LIMITS.confirmButton),
        ...(b.style === 'danger' ? { style: 'danger' as const } : {}),
      };
    }
    elements.push(button);
  });
  return chunk(elements, SLACK_LIMITS.actionsElements).map((els, i) => ({
    type: 'actions',
    block_id: blockId(BLOCK_ID.actions, i),
    elements: els,
  }));
}

function renderContext(lines: string[]): ContextBlock | null {
  const texts = lines.map((l) => l.trim()).filter(Boolean);
  if (texts.length === 0) return null;
  const max = SLACK_LIMITS.contextElements;
  // Context holds at most 10 elements: the overflow joins the last one rather than being dropped.
  const grouped = texts.length <= max ? texts : [...texts.slice(0, max - 1), texts.slice(max - 1).join('\n')];
  return {
    type: 'context',
    block_id: BLOCK_ID.context,
    elements: grouped.map((line) => mrkdwn(escapeMrkdwn(line), SLACK_LIMITS.sectionText)),
  };
}

function imageBlock(card: Card, opts: ToBlocksOptions): KnownBlock | null {
  const alt = truncatePlain(
    oneLine(card.image?.alt ?? '') || oneLine(card.title) || 'image',
    SLACK_LIMITS.altText,
  );
  const title = card.image?.title ? { title: plain(oneLine(card.image.title), SLACK_LIMITS.imageTitle) } : {};
  if (opts.slackFileId) {
    return {
      type: 'image',
      block_id: BLOCK_ID.image,
      slack_file: { id: opts.slackFileId },
      alt_text: alt,
      ...title,
    };
  }
  if (opts.imageUrl) {
    return { type: 'image', block_id: BLOCK_ID.image, image_url: opts.imageUrl, alt_text: alt, ...title };
  }
  return null;
}

/** Renders a neutral Card as Block Kit blocks plus fallback text, within every Slack limit. */
export function toBlocks(card: Card, opts: ToBlocksOptions = {}): SlackMessage {
  const locale = opts.locale ?? 'zh-CN';
  const mentions = slackMentions(card.mentions);
  const title = oneLine(card.title ?? '');
  const text = card.text?.trim() ?? '';

  // head: always kept; body: dropped from the end when over 50 blocks; tail: kept so buttons still work.
  const head: KnownBlock[] = [];
  const body: KnownBlock[] = [];
  const tail: KnownBlock[] = [];

  if (title) {
    // One icon: a title that already starts with its own (🚨 Budget overrun) gets no tone icon besides.
    const prefix = LEADING_ICON.test(title) ? '' : (TONE_PREFIX[card.tone ?? 'info'] ?? '');
    head.push({
      type: 'header',
      block_id: BLOCK_ID.header,
      text: plain(prefix + title, SLACK_LIMITS.headerText),
    });
  }
  const lead = [mentions, escapeMrkdwn(text)].filter(Boolean).join(' ');
  if (lead) {
    head.push({ type: 'section', block_id: BLOCK_ID.text, text: mrkdwn(lead, SLACK_LIMITS.sectionText) });
  }

  const fields = (card.fields ?? []).filter((f) => oneLine(f.label) || f.value?.trim());
  chunk(fields, SLACK_LIMITS.fieldsPerSection).forEach((group, i) => {
    const section: SectionBlock = {
      type: 'section',
      block_id: blockId(BLOCK_ID.fields, i),
      fields: group.map((f) => {
        const plain = escapeMrkdwn(f.value?.trim() || '—');
        const value = f.struck && f.value?.trim() ? `~${plain}~` : plain;
        return mrkdwn([bold(f.label), value].filter(Boolean).join('\n'), SLACK_LIMITS.fieldText);
      }),
    };
    body.push(section);
  });

  (card.sections ?? []).forEach((s, i) => {
    const lines = (s.lines ?? []).map((l) => escapeMrkdwn(l));
    const content = [bold(s.heading ?? ''), ...lines].filter((l, j) => j > 0 || l).join('\n');
    if (!content.trim()) return;
    body.push({
      type: 'section',
      block_id: blockId(BLOCK_ID.section, i),
      text: mrkdwn(content, SLACK_LIMITS.sectionText),
    });
  });

  const image = imageBlock(card, opts);
  if (image) tail.push(image);
  const context = renderContext(card.context ?? []);
  if (context) tail.push(context);
  tail.push(...renderButtons(card.buttons ?? []));

  const fallback = truncateMrkdwn(
    [mentions, escapeMrkdwn(title), escapeMrkdwn(text)].filter(Boolean).join('\n') || ' ',
    SLACK_LIMITS.fallbackText,
  );
  return { blocks: fitBlocks(head, body, tail, locale), text: fallback };
}

/** Keeps at most 50 blocks: head first, then tail, then as much body as fits, plus a note saying so. */
function fitBlocks(head: KnownBlock[], body: KnownBlock[], tail: KnownBlock[], locale: Locale): KnownBlock[] {
  const max = SLACK_LIMITS.blocks;
  const total = head.length + body.length + tail.length;
  if (total <= max) return [...head, ...body, ...tail];
  let budget = max - 1; // one block for the note
  const headKept = head.slice(0, budget);
  budget -= headKept.length;
  const tailKept = tail.slice(0, budget);
  budget -= tailKept.length;
  const bodyKept = body.slice(0, budget);
  const dropped = total - headKept.length - tailKept.length - bodyKept.length;
  const note: ContextBlock = {
    type: 'context',
    block_id: BLOCK_ID.truncated,
    elements: [mrkdwn(escapeMrkdwn(t(locale, 'truncated', { count: dropped })), SLACK_LIMITS.sectionText)],
  };
  return [...headKept, ...bodyKept, note, ...tailKept];
}
