/**
 * Outbox senders for WeCom: the self-built app (markdown, text and button template cards to users) and the
 * group robot (digests and alerts as markdown plus the chart image, at most 20 messages a minute).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { OutboxRow } from '../../../db/schema';
import type { Card, CardImage } from '../../chat/card';
import { type OutboxPayload, type Sender, storedPayload } from '../../delivery/dispatcher';
import { asSendError, type FailureReader, SendError } from '../../delivery/failures';
import { type Clock, systemClock } from '../../deps';
import type { Logger } from '../../log';
import { errorMessage } from '../../util/errors';
import {
  type ButtonInteractionCard,
  buttonInteractionCard,
  type SendResult,
  type WecomApi,
  WecomApiError,
  WecomHttpError,
} from './api';
import {
  APP_MARKDOWN_MAX_BYTES,
  APP_TEXT_MAX_BYTES,
  decidedTemplateCard,
  displayWidth,
  fitsTemplateCard,
  TEMPLATE_CARD_LIMITS,
  toMarkdown,
  toTemplateCard,
  toText,
} from './render';
import {
  ROBOT_IMAGE_MAX_BYTES,
  ROBOT_MARKDOWN_MAX_BYTES,
  ROBOT_MESSAGES_PER_MINUTE,
  type RobotClient,
  RobotError,
  splitMarkdown,
} from './robot';

/** Outbox `platform` of app messages; the destination is one userid or several joined with `|`. */
export const WECOM_APP_PLATFORM = 'wecom';
/** Outbox `platform` of group-robot posts; every destination goes to the configured robot. */
export const WECOM_ROBOT_PLATFORM = 'wecom-robot';

const MINUTE = 60_000;
/** 20 messages a minute per robot, evenly spaced. */
export const ROBOT_MIN_INTERVAL_MS = MINUTE / ROBOT_MESSAGES_PER_MINUTE;
/** WeCom drops app messages beyond 30 a minute to one member. */
export const APP_MIN_INTERVAL_MS = 2_000;

/** One app message without its recipients. */
export type AppMessageBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: ButtonInteractionCard };

/**
 * The chart of a card as a WeCom app image message: the PNG is uploaded as temporary media (media/upload),
 * then sent by media_id after the text. A failure that retrying cannot fix (e.g. a refused file) costs the
 * picture only: it is logged and the text stands alone; a retryable one is thrown for the caller to retry.
 */
export async function sendChartImage(
  api: WecomApi,
  touser: string,
  image: CardImage,
  log: Logger,
): Promise<SendResult | undefined> {
  try {
    const mediaId = await api.uploadImage(image.png);
    return await api.sendAppMessage({ touser, msgtype: 'image', image: { media_id: mediaId } });
  } catch (e) {
    const err = classifyWecomError(e);
    if (err.retryable) throw err;
    log.warn('chart could not be sent to WeCom; the message went out without it', { error: err.message });
    return undefined;
  }
}

/** A card with nothing but a title and text reads the same as text, which every WeCom client shows. */
function isPlain(card: Card): boolean {
  return (
    !card.fields?.length &&
    !card.sections?.length &&
    !card.context?.length &&
    !card.mentions?.length &&
    !card.image &&
    (card.tone ?? 'info') === 'info'
  );
}

/** What of a card a template card can always show whole: title, a one-line text, fields, the last context line, buttons. */
export function actionsCard(card: Card): Card {
  const text = card.text?.trim();
  const shortText =
    text && !/[\r\n]/.test(text) && displayWidth(text) <= TEMPLATE_CARD_LIMITS.desc ? text : undefined;
  return {
    title: card.title,
    text: shortText,
    tone: card.tone,
    fields: card.fields,
    context: card.context?.slice(-1),
    buttons: card.buttons,
  };
}

/** The template card showing `card`: whole when it fits, else its actionsCard (the rest goes as markdown). */
export const templateCardView = (card: Card): Card => (fitsTemplateCard(card) ? card : actionsCard(card));

/**
 * The app messages that show `card`: a button card becomes one template card when its text fits, otherwise
 * markdown (or text) split to the app limit, followed by a template card carrying the buttons.
 */
export function appMessagesFor(card: Card, taskId: string): AppMessageBody[] {
  const buttons = card.buttons ?? [];
  if (buttons.length > 0 && fitsTemplateCard(card)) {
    return [{ msgtype: 'template_card', template_card: toTemplateCard(card, taskId) }];
  }
  const body: Card = { ...card, buttons: undefined };
  const msgs: AppMessageBody[] = isPlain(body)
    ? splitMarkdown(toText(body), APP_TEXT_MAX_BYTES).map((content) => ({
        msgtype: 'text' as const,
        text: { content },
      }))
    : splitMarkdown(toMarkdown(body), APP_MARKDOWN_MAX_BYTES).map((content) => ({
        msgtype: 'markdown' as const,
        markdown: { content },
      }));
  if (buttons.length > 0) {
    msgs.push({ msgtype: 'template_card', template_card: toTemplateCard(actionsCard(card), taskId) });
  }
  return msgs;
}

/**
 * A template-card task_id for an outbox row: stable across retries of the row, distinct between rows, and
 * (through the creation time) distinct from cards sent before a database reset, since WeCom never reuses one.
 */
export function taskIdFor(row: Pick<OutboxRow, 'id' | 'dedupeKey' | 'createdAt'>): string {
  const stamp = row.createdAt.getTime().toString(36);
  if (!row.dedupeKey) return `mops-${row.id}-${stamp}`;
  const readable = row.dedupeKey.replace(/[^A-Za-z0-9_@-]+/g, '_').slice(0, 80);
  const hash = createHash('sha1').update(row.dedupeKey).digest('hex').slice(0, 8);
  return `${readable}-${hash}-${stamp}`;
}

/**
 * The platformRef of a sent template card: its task_id and the send's response_code, which lets the app
 * update the card once (within 72 h) without a click, e.g. when the approval is decided from Slack.
 */
export const cardRef = (taskId: string, responseCode: string) => `tc:${taskId}:${responseCode}`;

export function parseCardRef(ref: string | undefined): { taskId: string; responseCode: string } | undefined {
  const m = ref?.match(/^tc:([A-Za-z0-9_@-]+):(.+)$/);
  const [, taskId, responseCode] = m ?? [];
  return taskId && responseCode ? { taskId, responseCode } : undefined;
}

/** Frequency limits: wait a minute (WeCom counts per minute) before the next try. */
const FREQUENCY_LIMITS = new Set([45009, 45011, 45047]);

/** What a WeCom app or robot failure is, read from the clients' errors (src/delivery/failures.ts judges it). */
const readWecomError: FailureReader = (e) => {
  if (e instanceof RobotError) {
    if (e.kind === 'invalid_webhook') {
      const message = `${e.message}; add the robot to the group again and update WECOM_ROBOT_KEY`;
      return { message, failure: { code: 'refused' } };
    }
    if (e.kind === 'too_large') return { message: e.message, failure: { code: 'refused' } };
    const retryAfterMs = e.kind === 'rate_limited' ? MINUTE : undefined;
    if (e.errcode !== undefined)
      return { message: e.message, failure: { code: 'wecom', errcode: e.errcode, retryAfterMs } };
    // No errcode: the HTTP exchange failed. Busy or unreachable is transient; anything else is unknown.
    return e.kind === 'unavailable' ? { message: e.message, failure: { code: 'network' } } : undefined;
  }
  if (e instanceof WecomApiError) {
    // The client already backed off and refreshed the token once; the table says what is left to do.
    const retryAfterMs = FREQUENCY_LIMITS.has(e.errcode) ? MINUTE : undefined;
    return { message: e.message, failure: { code: 'wecom', errcode: e.errcode, retryAfterMs } };
  }
  if (e instanceof WecomHttpError) return { message: e.message, failure: { code: 'http', status: e.status } };
  return undefined;
};

/**
 * The kind of a WeCom app or robot failure, by the table in src/delivery/failures.ts (busy and frequency
 * limits are transient, 40001/60011/81013/93000 … permanent); the message never carries a token or key.
 */
export const classifyWecomError = (e: unknown): SendError => asSendError(e, readWecomError);

/**
 * Sends a row's parts in order, remembering how many went out so a retry resumes after them instead of
 * posting them twice. The memory is per process: a restart mid-row may repeat a part, never lose one.
 */
class PartProgress {
  private readonly done = new Map<number, number>();

  async run<T>(
    rowId: number,
    parts: (() => Promise<T>)[],
    beforeEach?: (index: number) => void,
  ): Promise<T | undefined> {
    let last: T | undefined;
    const from = this.done.get(rowId) ?? 0;
    for (const [i, part] of parts.entries()) {
      if (i < from) continue;
      try {
        beforeEach?.(i);
        last = await part();
      } catch (e) {
        const err = classifyWecomError(e);
        if (err.retryable && i > 0) this.done.set(rowId, i);
        else if (!err.retryable) this.done.delete(rowId);
        throw err;
      }
    }
    this.done.delete(rowId);
    return last;
  }
}

function checkRecipients(row: OutboxRow, result: SendResult, log: Logger): void {
  const invalid = new Set(
    [result.invaliduser, result.unlicenseduser].flatMap((s) => (s ? s.split('|') : [])).filter(Boolean),
  );
  if (invalid.size === 0) return;
  const wanted = row.destination.split('|').filter(Boolean);
  if (wanted.length > 0 && wanted.every((u) => invalid.has(u))) {
    throw new SendError(
      `no valid WeCom recipient among ${row.destination} (unknown or unlicensed userid)`,
      'permanent',
    );
  }
  log.warn('some WeCom recipients did not get the message', {
    outboxId: row.id,
    invalid: [...invalid].join('|'),
  });
}

export interface WecomAppSenderOptions {
  /**
   * The platformRef of an already-sent outbox row, for `update` rows queued before their original was
   * posted (e.g. db/queries/outbox.ts sentMessageRef). Without it such updates are posted as new messages.
   */
  lookupRef?: (outboxId: number) => Promise<string | undefined>;
}

/** A template card for an update: live buttons while the card still has them, otherwise greyed out. */
function updatedTemplateCard(card: Card, taskId: string) {
  const view = templateCardView(card);
  if (card.buttons?.length) return toTemplateCard(view, taskId);
  // The decision ("Approved at 11-26 14:02") is the first line of a decided card's text.
  return decidedTemplateCard(view, taskId, card.text?.trim().split('\n')[0] || undefined);
}

/** What an app send works with. */
interface AppSend {
  api: WecomApi;
  log: Logger;
  opts: WecomAppSenderOptions;
  progress: PartProgress;
}

/**
 * Sends outbox cards as app messages to WeCom users (destination: userids joined with `|`). Rows of kind
 * `update` rewrite the template card their original posted, and fall back to a new message when WeCom
 * no longer accepts that (a response_code is good for one update within 72 h).
 */
export function wecomAppSender(api: WecomApi, log: Logger, opts: WecomAppSenderOptions = {}): Sender {
  const s: AppSend = { api, log, opts, progress: new PartProgress() };
  return {
    minIntervalMs: APP_MIN_INTERVAL_MS,
    send: (row: OutboxRow, card: Card) =>
      row.kind === 'update'
        ? update(s, row, card)
        : row.kind === 'click'
          ? click(s, row, card)
          : post(s, row, card),
  };
}

/** A new message: its parts (text or markdown, the chart, the button card) in order, resumable. */
async function post({ api, log, progress }: AppSend, row: OutboxRow, card: Card) {
  const taskId = taskIdFor(row);
  let msgs: AppMessageBody[];
  try {
    msgs = appMessagesFor(card, taskId);
  } catch (e) {
    throw new SendError(`card cannot be shown in WeCom: ${errorMessage(e)}`, 'permanent');
  }
  const parts: (() => Promise<SendResult | undefined>)[] = msgs.map((m) => async () => {
    const result = await api.sendAppMessage({ touser: row.destination, ...m });
    checkRecipients(row, result, log);
    return result;
  });
  const cardSent = msgs.at(-1)?.msgtype === 'template_card';
  const image = card.image;
  // The chart follows the text it belongs to, before a trailing button card (whose ref is the row's).
  if (image)
    parts.splice(cardSent ? -1 : parts.length, 0, () => sendChartImage(api, row.destination, image, log));
  const last = await progress.run(row.id, parts);
  return { ref: cardSent && last?.response_code ? cardRef(taskId, last.response_code) : last?.msgid };
}

/** An update of a posted template card in place; when WeCom refuses it, the new state as a message. */
async function update(s: AppSend, row: OutboxRow, card: Card) {
  const p = row.payload;
  const ref = p.ref ?? (p.updateOf !== undefined ? await s.opts.lookupRef?.(p.updateOf) : undefined);
  const target = parseCardRef(ref);
  if (target) {
    try {
      await s.api.updateTemplateCard({
        atall: 1,
        response_code: target.responseCode,
        template_card: updatedTemplateCard(card, target.taskId),
      });
      return { ref };
    } catch (e) {
      const err = e instanceof RangeError ? new SendError(e.message, 'permanent') : classifyWecomError(e);
      if (err.kind === 'transient') throw err;
      s.log.warn('template card could not be updated; posting its new state as a message instead', {
        outboxId: row.id,
        updateOf: p.updateOf,
        error: err.message,
      });
    }
  }
  return post(s, row, card);
}

/** A card click's answer: update the clicked card with the click's response_code, then the message. */
async function click(s: AppSend, row: OutboxRow, card: Card) {
  const c = storedPayload(row, clickAnswer).click;
  let updated = false;
  try {
    await s.api.updateTemplateCard({
      userids: [row.destination],
      response_code: c.responseCode,
      ...(c.templateCard
        ? { template_card: c.templateCard }
        : { button: { replace_name: c.replaceName ?? '' } }),
    });
    updated = true;
  } catch (e) {
    const err = e instanceof RangeError ? new SendError(e.message, 'permanent') : classifyWecomError(e);
    if (err.kind === 'transient') throw err;
    s.log.warn('update_template_card failed; answering with a message instead', {
      outboxId: row.id,
      error: err.message,
    });
  }
  if (updated && c.send === 'on_failure') return {};
  return post(s, row, card);
}

/** What a card click's answer (kind `click`; the destination is the clicker) carries beside its card. */
const clickAnswer = z.object({
  click: z.object({
    /** The click's one-shot code for update_template_card. */
    responseCode: z.string(),
    /** Replace the whole card (a decided or paged card)… */
    templateCard: buttonInteractionCard.optional(),
    /** …or grey out the clicked buttons with this label. */
    replaceName: z.string().optional(),
    /** Post the card as a message always, or only when the update was refused. */
    send: z.enum(['always', 'on_failure']),
  }),
});
export type ClickPayload = OutboxPayload & z.infer<typeof clickAnswer>;

/**
 * Posts outbox cards through the group robot: markdown split to 4096 bytes (WeCom mentions as `<@userid>`),
 * then the chart as an image message. The dispatcher spaces rows 3 s apart; the sender also keeps a
 * one-minute window so a row of several parts never pushes the robot past 20 messages a minute.
 */
export function wecomRobotSender(robot: RobotClient, log: Logger, opts: { clock?: Clock } = {}): Sender {
  const clock = opts.clock ?? systemClock;
  const progress = new PartProgress();
  const recent: number[] = [];
  return {
    minIntervalMs: ROBOT_MIN_INTERVAL_MS,
    async send(row: OutboxRow, card: Card) {
      // A robot post cannot carry buttons; their labels would only look clickable.
      const markdown = toMarkdown({ ...card, buttons: undefined });
      const parts: (() => Promise<void>)[] = splitMarkdown(markdown, ROBOT_MARKDOWN_MAX_BYTES).map(
        (chunk) => () => robot.sendMarkdown(chunk),
      );
      const image = card.image;
      if (image && image.png.byteLength > ROBOT_IMAGE_MAX_BYTES) {
        log.warn('chart is too large for a robot image message; posting the text only', {
          outboxId: row.id,
          bytes: image.png.byteLength,
        });
      } else if (image) {
        parts.push(() => robot.sendImage(image.png));
      }
      await progress.run(
        row.id,
        parts.map((part) => async () => {
          await part();
          recent.push(clock.now().getTime());
        }),
        (i) => {
          const now = clock.now().getTime();
          while ((recent[0] ?? now) <= now - MINUTE) recent.shift();
          const [oldest] = recent;
          if (oldest !== undefined && recent.length >= ROBOT_MESSAGES_PER_MINUTE) {
            throw new SendError(
              `group robot is at ${ROBOT_MESSAGES_PER_MINUTE} messages a minute; part ${i + 1}/${parts.length} waits`,
              'transient',
              oldest + MINUTE - now,
            );
          }
        },
      );
      return {};
    },
  };
}
