/**
 * WeCom self-built app (自建应用) adapter: the encrypted callback at GET/POST /wecom/callback. Text messages
 * run the same command grammar as Slack, template-card clicks run the same actions, and replies go back to
 * the sender as app messages. No business logic here: everything goes through handlers/index.ts.
 *
 * A callback is checked in steps: the request window (`fresh`), then signature and decryption
 * (`openCallback`, refusals in `reject`), then the XML. An accepted one is written to the inbox before the
 * 200; the inbox worker runs it (`wecomInboxHandler`: `onText`, `onCardClick`) and queues the answer.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { enqueueOutbox } from '../../../db/queries/outbox';
import type { InboxRow } from '../../../db/schema';
import { dispatchAction, dispatchCommand } from '../../../handlers/index';
import type { Card, FormField, FormSpec, Reply } from '../../chat/card';
import { encodeCard } from '../../chat/card-codec';
import type { Actor, Place } from '../../chat/command';
import { defineMessages, type Locale } from '../../chat/i18n';
import { tCommon } from '../../chat/messages/common';
import type { Deps } from '../../deps';
import { localDate } from '../../domain/dates';
import { type Route, readBody, sendText, withinRequestWindow } from '../../http';
import { acceptEvent, notSavedText } from '../../inbox/accept';
import type { InboxHandler, InboxWorker } from '../../inbox/worker';
import type { Logger } from '../../log';
import { openCallback, sealReply, verifyUrl, type WecomCallbackConfig, WecomCryptoError } from './crypto';
import { decidedTemplateCard, replaceLabel } from './render';
import { type ClickPayload, templateCardView, WECOM_APP_PLATFORM } from './sender';
import {
  dedupeKey,
  parseCallbackXml,
  storedWecomMessage,
  type WecomInbound,
  type WecomTemplateCardEvent,
  type WecomTextMessage,
  WecomXmlError,
} from './xml';

export const WECOM_CALLBACK_PATH = '/wecom/callback';

/** Callback bodies are a few hundred bytes; anything near this is not WeCom. */
const MAX_CALLBACK_BYTES = 64 * 1024;

const tw = defineMessages({
  'form.no_modal': {
    'zh-CN': '企业微信里没有表单：请把参数写在命令后面再发一次，参考下面的示例。',
    en: 'WeCom has no forms: send the command again with its arguments, like the example below.',
  },
});

export interface WecomRoutesOptions {
  /** Wall-clock milliseconds for the request window (tests replay Tencent's dated sample). */
  wallClock?: () => number;
}

/** The inbox kind of accepted WeCom callbacks (text messages and card clicks). */
export const INBOX_KIND = 'wecom.callback';

const wecomActor = (userId: string): Actor => ({ platform: 'wecom', userId });

/** What the callback routes check requests with. */
interface Callback {
  cfg: WecomCallbackConfig;
  /** WECOM_CALLBACK_WINDOW_SECONDS */
  windowS: number;
  wallClock: () => number;
  log: Logger;
}

/** Routes for GET (URL verification) and POST (messages and card clicks) on /wecom/callback. */
export function wecomRoutes(deps: Deps, inbox: InboxWorker, opts: WecomRoutesOptions = {}): Route[] {
  const w = deps.config.wecom;
  if (!w) throw new Error('WeCom is not configured');
  const cb: Callback = {
    cfg: { token: w.token, aesKey: w.aesKey, corpId: w.corpId },
    windowS: w.callbackWindowS,
    wallClock: opts.wallClock ?? Date.now,
    log: deps.log.child({ platform: 'wecom' }),
  };
  inbox.register(INBOX_KIND, wecomInboxHandler(deps.config.locale));
  return [
    { method: 'GET', path: WECOM_CALLBACK_PATH, handle: (req, res, url) => verifyRoute(cb, req, res, url) },
    {
      method: 'POST',
      path: WECOM_CALLBACK_PATH,
      handle: (req, res, url) => callbackRoute(cb, deps, inbox, req, res, url),
    },
  ];
}

/** GET: WeCom checks the URL once when it is saved; the answer is the decrypted echostr. */
function verifyRoute(cb: Callback, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  if (!fresh(cb, req, res, q.get('timestamp'))) return;
  let echo: string;
  try {
    echo = verifyUrl(cb.cfg, {
      msg_signature: q.get('msg_signature') ?? '',
      timestamp: q.get('timestamp') ?? '',
      nonce: q.get('nonce') ?? '',
      // Base64 has no spaces: a space here is a `+` that was not percent-encoded.
      echostr: (q.get('echostr') ?? '').replace(/ /g, '+'),
    });
  } catch (e) {
    reject(cb, req, res, e, 'url_verification');
    return;
  }
  sendText(res, 200, echo);
}

/** POST: a message or card click, written to the inbox before the 200; the answer goes through the outbox. */
async function callbackRoute(
  cb: Callback,
  deps: Deps,
  inbox: InboxWorker,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const q = url.searchParams;
  if (!fresh(cb, req, res, q.get('timestamp'))) return;
  const body = (await readBody(req, MAX_CALLBACK_BYTES)).toString('utf8');
  let msg: WecomInbound;
  try {
    const signed = {
      msg_signature: q.get('msg_signature') ?? '',
      timestamp: q.get('timestamp') ?? '',
      nonce: q.get('nonce') ?? '',
    };
    msg = parseCallbackXml(openCallback(cb.cfg, signed, body));
  } catch (e) {
    reject(cb, req, res, e, 'message');
    return;
  }
  if (msg.kind === 'other') {
    cb.log.debug('ignored wecom callback', { msgType: msg.MsgType, event: msg.Event });
    sendText(res, 200, '');
    return;
  }
  // Written down before the 200 (WeCom waits 5 s, then retries).
  const key = dedupeKey(msg);
  const r = await acceptEvent(deps, {
    platform: 'wecom',
    kind: INBOX_KIND,
    eventKey: `wecom:${key}`,
    payload: msg,
  });
  if (r.status === 'not_saved') {
    sendText(res, 200, notSavedReply(cb.cfg, deps.config.locale, msg), 'application/xml; charset=utf-8');
    return;
  }
  sendText(res, 200, '');
  if (r.status === 'new') inbox.poke();
  else cb.log.info('ignored repeated wecom callback', { key });
}

/**
 * A callback dated more than the window (WECOM_CALLBACK_WINDOW_SECONDS) from now either way is refused
 * with 403 before anything is decrypted: a captured callback cannot be replayed later. Wall-clock time,
 * as WeCom's servers stamp it.
 */
function fresh(cb: Callback, req: IncomingMessage, res: ServerResponse, timestamp: string | null): boolean {
  if (withinRequestWindow(timestamp ?? undefined, cb.wallClock(), cb.windowS)) return true;
  cb.log.warn('wecom callback rejected', {
    reason: 'stale_or_future_timestamp',
    status: 403,
    remote: req.socket.remoteAddress,
  });
  sendText(res, 403, 'forbidden');
  return false;
}

/** Refuses a callback that fails verification; logs the reason only, never the query, body or keys. */
function reject(cb: Callback, req: IncomingMessage, res: ServerResponse, e: unknown, stage: string): void {
  if (!(e instanceof WecomCryptoError || e instanceof WecomXmlError)) throw e;
  const reason = e instanceof WecomCryptoError ? e.reason : 'bad_xml';
  // A wrong signature or receiver is someone else's request: forbidden. Anything else is malformed.
  const status = reason === 'bad_signature' || reason === 'wrong_receive_id' ? 403 : 400;
  cb.log.warn('wecom callback rejected', { stage, reason, status, remote: req.socket.remoteAddress });
  sendText(res, status, status === 403 ? 'forbidden' : 'bad request');
}

/** The passive reply (an encrypted text message in the 200) that says the message was not saved. */
function notSavedReply(
  cfg: WecomCallbackConfig,
  locale: Locale,
  msg: WecomTextMessage | WecomTemplateCardEvent,
): string {
  const now = String(Math.floor(Date.now() / 1000));
  const plain =
    `<xml><ToUserName><![CDATA[${msg.FromUserName}]]></ToUserName>` +
    `<FromUserName><![CDATA[${cfg.corpId}]]></FromUserName><CreateTime>${now}</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${notSavedText(locale)}]]></Content></xml>`;
  return sealReply(cfg, plain, now, randomBytes(8).toString('hex'));
}

/** Work on an accepted callback, in the transaction that marks its inbox row done. */
function wecomInboxHandler(locale: Locale): InboxHandler<WecomTextMessage | WecomTemplateCardEvent> {
  return {
    payload: storedWecomMessage,
    async run(d, row, msg) {
      if (msg.kind === 'text') await onText(d, row, msg);
      else await onCardClick(d, row, msg);
    },
    async giveUp(d, row, msg, errorId) {
      await sendCard(d, row, msg.FromUserName, {
        title: tCommon(locale, 'err.title'),
        text: tCommon(locale, 'err.internal', { id: errorId }),
        tone: 'danger',
      });
    },
  };
}

/** A typed command: run it, and answer with its card (or how to type what a form would have asked). */
async function onText(d: Deps, row: InboxRow, msg: WecomTextMessage): Promise<void> {
  const actor = wecomActor(msg.FromUserName);
  const place: Place = { platform: 'wecom', channel: msg.FromUserName };
  const reply = await dispatchCommand(d, { text: msg.Content, actor, place, formsSupported: false });
  const card = reply.form ? formHelp(d, reply, reply.form, actor) : reply.card;
  await sendCard(d, row, msg.FromUserName, card);
}

/** A template-card click: run its action, then grey out the clicked card and answer with the result. */
async function onCardClick(d: Deps, row: InboxRow, ev: WecomTemplateCardEvent): Promise<void> {
  const actor = wecomActor(ev.FromUserName);
  const from = ev.FromUserName;
  const result = await dispatchAction(d, {
    action: ev.EventKey,
    actor,
    place: { platform: 'wecom', channel: from },
  });
  const { reply } = result;
  if (reply.form) {
    // A button that needs more input (a rejection reason): no forms here, so say how to type it.
    await sendCard(d, row, from, formHelp(d, reply, reply.form, actor));
    return;
  }
  // An error leaves the card clickable, so the user can fix the cause and click again.
  if (reply.card.tone === 'danger' || !ev.ResponseCode || !ev.TaskId) {
    await sendCard(d, row, from, reply.card);
    return;
  }
  const card = reply.card;
  if (result.replaceOriginal) {
    // The result is the card's new state (the next page): show it in place, greyed out. The greyed card
    // cannot offer the result's own buttons (a further page) or text cut to fit it: those go as a message.
    const view = templateCardView(card);
    const send = card.buttons?.length || view !== card ? 'always' : 'on_failure';
    const templateCard = decidedTemplateCard(view, ev.TaskId);
    await answerClick(d, row, ev, { responseCode: ev.ResponseCode, templateCard, send }, card);
    return;
  }
  // The outcome is the clicker's ("You approved APR-3"): grey out their buttons with it so nobody clicks
  // twice, and answer with the details. Every copy of an approval card is brought up to date by the outbox.
  const click = {
    responseCode: ev.ResponseCode,
    replaceName: replaceLabel(card.title),
    send: 'always',
  } as const;
  await answerClick(d, row, ev, click, card);
}

/** Queue a card to one user in the caller's transaction (one answer per inbox row). */
const sendCard = (d: Deps, row: InboxRow, touser: string, card: Card) =>
  enqueueOutbox(d.db, {
    platform: WECOM_APP_PLATFORM,
    destination: touser,
    payload: { card: encodeCard(card) },
    dedupeKey: `wecom-reply:${row.id}`,
    now: d.clock.now(),
  });

/** Queue a click's answer: the clicked card updated with its response_code, then (or instead) the card. */
const answerClick = (
  d: Deps,
  row: InboxRow,
  ev: WecomTemplateCardEvent,
  click: ClickPayload['click'],
  card: Card,
) => {
  const payload: ClickPayload = { card: encodeCard(card), click };
  return enqueueOutbox(d.db, {
    platform: WECOM_APP_PLATFORM,
    destination: ev.FromUserName,
    kind: 'click',
    payload,
    dedupeKey: `wecom-reply:${row.id}`,
    now: d.clock.now(),
  });
};

/** The form help card for this deployment's locale, with example values for this person. */
const formHelp = (d: Deps, reply: Reply, form: FormSpec, actor: Actor) =>
  formHelpCard(reply, form, d.config.locale, exampleValue(d, actor));
/** A sample value per form field, for the example line WeCom users get instead of a form. */
function exampleValue(deps: Deps, actor: Actor) {
  return (f: FormField): string => {
    switch (f.kind) {
      case 'select':
      case 'multiselect':
        return f.options?.[0]?.value ?? f.name;
      case 'amount':
        return '5万';
      case 'count':
        return '1000';
      case 'date':
        return localDate(deps.clock.now(), deps.config.tz);
      case 'user':
        return `@${actor.userId}`;
      default:
        return `"${(f.placeholder ?? f.label).replace(/["“”]/g, '')}"`;
    }
  };
}

/**
 * WeCom has no modals: a command that would open a form (a create command without arguments, a button that
 * asks for a reason) answers with how to type it, the usage when known, and a filled-in example.
 */
export function formHelpCard(
  reply: Reply,
  form: FormSpec,
  locale: Locale,
  sample: (f: FormField) => string,
): Card {
  const label = `${tCommon(locale, 'usage.example')}: `;
  const context = reply.card.context ?? [];
  const required = form.fields.filter((f) => f.required);
  const example = [
    form.command,
    ...(required.length ? required : form.fields).map((f) => `${f.name}=${sample(f)}`),
  ];
  // The generic usage reply only repeats the form title as its text; a handler's own prompt is kept.
  const text =
    reply.card.text && reply.card.text !== form.title ? reply.card.text : tw(locale, 'form.no_modal');
  return {
    title: form.title,
    text,
    tone: 'info',
    context: context.some((l) => l.startsWith(label))
      ? context
      : [...context, `${label}${example.join(' ')}`],
  };
}
