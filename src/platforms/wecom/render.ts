/**
 * Renders the neutral Card (src/chat/card.ts) for WeCom: markdown (app messages and group robot),
 * plain text, and `button_interaction` template cards for approvals.
 */
import type { Button, ButtonStyle, Card } from '../../chat/card';
import type { ButtonInteractionCard, TemplateCardButton, TemplateCardHorizontalContent } from './api';

/** App-message markdown and text are capped at 2048 UTF-8 bytes (the group robot allows 4096 for markdown). */
export const APP_MARKDOWN_MAX_BYTES = 2048;
export const APP_TEXT_MAX_BYTES = 2048;

/**
 * Template card limits from the message/send docs. Lengths are WeCom's "建议不超过 N 个字" and counted in
 * display width (see `displayWidth`); counts and byte sizes are hard limits.
 */
export const TEMPLATE_CARD_LIMITS = {
  title: 36,
  desc: 44,
  subTitle: 160,
  keyname: 5,
  value: 30,
  buttonText: 10,
  replaceText: 20,
  maxFields: 6,
  maxButtons: 6,
  keyBytes: 1024,
  taskIdBytes: 128,
} as const;

/**
 * button_list.style takes 1–4. The docs define them only by a picture; for app messages it is labelled
 * B1 强调 (emphasis), B2 次强调, B3 中性 (neutral), B4 负向 (negative).
 */
export const TEMPLATE_BUTTON_STYLE: Record<ButtonStyle, number> = { primary: 1, default: 3, danger: 4 };

const TASK_ID_RE = /^[A-Za-z0-9_@-]+$/;
const USERID_RE = /^[A-Za-z0-9_.@-]{1,64}$/;
const ELLIPSIS = '…';

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Width in WeCom "字": a CJK or full-width character is 1, anything narrower ½, so "Budget" (3) fits where
 * three Chinese characters would.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0) ?? 0) ? 1 : 0.5;
  return w;
}

/** Shortens `s` to at most `maxWidth` (see displayWidth), ending with … when cut. */
export function truncateWidth(s: string, maxWidth: number): string {
  if (displayWidth(s) <= maxWidth) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = isWide(ch.codePointAt(0) ?? 0) ? 1 : 0.5;
    if (w + cw + 1 > maxWidth) break;
    out += ch;
    w += cw;
  }
  return out.trimEnd() + ELLIPSIS;
}

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/**
 * Neutralises WeCom markdown in user text by swapping the syntax characters for full-width look-alikes
 * (WeCom documents no backslash escaping), so text cannot add links, mentions, colours, bold or code.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[<>[\]*`]/g, (c) => MARKDOWN_SWAPS[c] ?? c)
    .replace(/^(\s*)#/gm, '$1＃')
    .replace(/\r/g, '');
}

const MARKDOWN_SWAPS: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '[': '［',
  ']': '］',
  '*': '＊',
  '`': '｀',
};

/** WeCom userids mentioned on the card (only platform 'wecom', only well-formed ids). */
export function wecomMentionIds(card: Card): string[] {
  const ids = (card.mentions ?? []).filter((m) => m.platform === 'wecom').map((m) => m.userId);
  return [...new Set(ids.filter((id) => USERID_RE.test(id)))];
}

function buttonHints(buttons: Button[] | undefined, wrap: (s: string) => string): string | undefined {
  if (!buttons?.length) return undefined;
  return buttons.map((b) => `［${wrap(oneLine(b.text))}］`).join(' ');
}

const TONE_COLOR: Record<NonNullable<Card['tone']>, string | undefined> = {
  info: undefined,
  success: 'info',
  warning: 'warning',
  danger: 'warning',
};

/** WeCom markdown for an app message or robot post. Split it with splitMarkdown if it may be long. */
export function toMarkdown(card: Card): string {
  const blocks: string[][] = [];
  const title = `**${escapeMarkdown(oneLine(card.title))}**`;
  const color = TONE_COLOR[card.tone ?? 'info'];
  const head = [color ? `<font color="${color}">${title}</font>` : title];
  if (card.text) head.push(...card.text.split('\n').map(escapeMarkdown));
  blocks.push(head);

  if (card.fields?.length) {
    blocks.push(
      card.fields.map((f) => `${escapeMarkdown(oneLine(f.label))}：${escapeMarkdown(oneLine(f.value))}`),
    );
  }
  for (const s of card.sections ?? []) {
    const lines = s.lines.flatMap((l) => l.split('\n')).map(escapeMarkdown);
    blocks.push(s.heading ? [`**${escapeMarkdown(oneLine(s.heading))}**`, ...lines] : lines);
  }
  const foot: string[] = [];
  if (card.image) {
    // The picture itself goes out separately (robot image message); markdown can only name it.
    foot.push(`<font color="comment">${escapeMarkdown(oneLine(card.image.title ?? card.image.alt))}</font>`);
  }
  for (const c of card.context ?? []) foot.push(`<font color="comment">${escapeMarkdown(oneLine(c))}</font>`);
  const hints = buttonHints(card.buttons, escapeMarkdown);
  if (hints) foot.push(`<font color="comment">${hints}</font>`);
  if (foot.length) blocks.push(foot);

  const mentions = wecomMentionIds(card);
  if (mentions.length) blocks.push([mentions.map((id) => `<@${id}>`).join(' ')]);

  return blocks
    .filter((b) => b.length)
    .map((b) => b.join('\n'))
    .join('\n\n');
}

/** Plain text (text messages render nothing, so nothing is escaped). Mentions go in mentioned_list instead. */
export function toText(card: Card): string {
  const blocks: string[][] = [[oneLine(card.title), ...(card.text ? [card.text] : [])]];
  if (card.fields?.length) blocks.push(card.fields.map((f) => `${oneLine(f.label)}：${oneLine(f.value)}`));
  for (const s of card.sections ?? [])
    blocks.push(s.heading ? [oneLine(s.heading), ...s.lines] : [...s.lines]);
  const foot = [...(card.context ?? [])];
  const hints = buttonHints(card.buttons, (s) => s);
  if (hints) foot.push(hints);
  if (foot.length) blocks.push(foot);
  return blocks
    .filter((b) => b.length)
    .map((b) => b.join('\n'))
    .join('\n\n');
}

function checkTaskId(taskId: string): void {
  if (!TASK_ID_RE.test(taskId) || Buffer.byteLength(taskId) > TEMPLATE_CARD_LIMITS.taskIdBytes) {
    throw new RangeError('task_id must be 1–128 bytes of letters, digits and _-@');
  }
}

function textFitsDesc(text: string | undefined): text is string {
  return !!text && !/[\r\n]/.test(text) && displayWidth(text) <= TEMPLATE_CARD_LIMITS.desc;
}

/** Whatever has no dedicated slot goes into the free-text sub title, in reading order. */
function subTitleOf(card: Card): string {
  const text = card.text?.trim();
  const sub: string[] = [];
  if (text && !textFitsDesc(text)) sub.push(text);
  for (const f of (card.fields ?? []).slice(TEMPLATE_CARD_LIMITS.maxFields))
    sub.push(`${oneLine(f.label)}：${oneLine(f.value)}`);
  for (const s of card.sections ?? []) {
    if (s.heading) sub.push(oneLine(s.heading));
    sub.push(...s.lines);
  }
  sub.push(...(card.context ?? []));
  return sub.join('\n').trim();
}

/** A one-line label for a greyed-out button (`replace_text`, update_template_card's `replace_name`). */
export function replaceLabel(text: string): string {
  return truncateWidth(oneLine(text), TEMPLATE_CARD_LIMITS.replaceText);
}

/** True when a template card shows all of `card`'s text, i.e. nothing is cut to fit the sub title. */
export function fitsTemplateCard(card: Card): boolean {
  return displayWidth(subTitleOf(card)) <= TEMPLATE_CARD_LIMITS.subTitle;
}

function cardBody(card: Card): Omit<ButtonInteractionCard, 'button_list' | 'task_id'> {
  const L = TEMPLATE_CARD_LIMITS;
  const text = card.text?.trim();
  const fields = card.fields ?? [];

  const horizontal: TemplateCardHorizontalContent[] = fields.slice(0, L.maxFields).map((f) => ({
    keyname: truncateWidth(oneLine(f.label), L.keyname),
    value: truncateWidth(oneLine(f.value), L.value),
  }));
  const subTitle = subTitleOf(card);

  return {
    card_type: 'button_interaction',
    main_title: {
      title: truncateWidth(oneLine(card.title), L.title),
      ...(textFitsDesc(text) ? { desc: text } : {}),
    },
    ...(subTitle ? { sub_title_text: truncateWidth(subTitle, L.subTitle) } : {}),
    ...(horizontal.length ? { horizontal_content_list: horizontal } : {}),
  };
}

function templateButtons(buttons: Button[]): TemplateCardButton[] {
  const seen = new Set<string>();
  const out: TemplateCardButton[] = [];
  for (const b of buttons) {
    // WeCom rejects duplicate keys; the first button for an action wins.
    if (seen.has(b.action)) continue;
    if (Buffer.byteLength(b.action) > TEMPLATE_CARD_LIMITS.keyBytes) {
      throw new RangeError(`button action is longer than ${TEMPLATE_CARD_LIMITS.keyBytes} bytes`);
    }
    seen.add(b.action);
    out.push({
      text: truncateWidth(oneLine(b.text), TEMPLATE_CARD_LIMITS.buttonText),
      style: TEMPLATE_BUTTON_STYLE[b.style ?? 'default'],
      key: b.action,
    });
    if (out.length === TEMPLATE_CARD_LIMITS.maxButtons) break;
  }
  return out;
}

/** A `button_interaction` template card; each button's key is its Card action, echoed back as EventKey. */
export function toTemplateCard(card: Card, taskId: string): ButtonInteractionCard {
  checkTaskId(taskId);
  const button_list = templateButtons(card.buttons ?? []);
  if (button_list.length === 0) throw new RangeError('a button_interaction card needs at least one button');
  return { ...cardBody(card), button_list, task_id: taskId };
}

/**
 * The card after a decision, for update_template_card: `replace_text` turns the buttons into one grey,
 * unclickable label (default: the card's last context line, else its title).
 */
export function decidedTemplateCard(card: Card, taskId: string, replaceText?: string): ButtonInteractionCard {
  checkTaskId(taskId);
  const label = truncateWidth(
    oneLine(replaceText ?? card.context?.at(-1) ?? card.title),
    TEMPLATE_CARD_LIMITS.replaceText,
  );
  // button_list is mandatory for this card type even though replace_text hides it.
  const fromCard = templateButtons(card.buttons ?? []);
  const button_list = fromCard.length
    ? fromCard
    : [
        {
          text: truncateWidth(label, TEMPLATE_CARD_LIMITS.buttonText),
          style: TEMPLATE_BUTTON_STYLE.default,
          key: `decided:${taskId}`,
        },
      ];
  return { ...cardBody(card), button_list, task_id: taskId, replace_text: label };
}
