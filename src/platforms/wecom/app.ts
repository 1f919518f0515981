/**
 * WeCom self-built app (自建应用) adapter: the encrypted callback at GET/POST /wecom/callback. Text messages
 * run the same command grammar as Slack, template-card clicks run the same actions, and replies go back to
 * the sender as app messages. No business logic here: everything goes through handlers/index.ts.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordInbound } from '../../../db/queries/inbound';
import { sentMessageRef } from '../../../db/queries/outbox';
import { dispatchAction, dispatchCommand } from '../../../handlers/index';
import type { Card, FormField, FormSpec, Reply } from '../../chat/card';
import type { Actor, Place } from '../../chat/command';
import { defineMessages, type Locale } from '../../chat/i18n';
import { tc } from '../../chat/messages/common';
import type { Sender } from '../../delivery/dispatcher';
import type { Deps } from '../../deps';
import { localDate } from '../../domain/dates';
import { type Route, readBody, sendText, withinRequestWindow } from '../../http';
import { newErrorId } from '../../log';
import { type UpdateTemplateCardRequest, WecomApi } from './api';
import { openCallback, verifyUrl, type WecomCallbackConfig, WecomCryptoError } from './crypto';
import { decidedTemplateCard, replaceLabel } from './render';
import { RobotClient } from './robot';
import {
  appMessagesFor,
  templateCardView,
  WECOM_APP_PLATFORM,
  WECOM_ROBOT_PLATFORM,
  wecomAppSender,
  wecomRobotSender,
} from './sender';
import {
  dedupeKey,
  parseCallbackXml,
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
  /** Receives the processing of each accepted callback, so shutdown and tests can wait for it. */
  track?: (work: Promise<void>) => void;
  /** Wall-clock milliseconds for the request window (tests replay Tencent's dated sample). */
  wallClock?: () => number;
}

const wecomActor = (userId: string): Actor => ({ platform: 'wecom', userId });

/** Routes for GET (URL verification) and POST (messages and card clicks) on /wecom/callback. */
export function wecomRoutes(deps: Deps, api: WecomApi, opts: WecomRoutesOptions = {}): Route[] {
  const w = deps.config.wecom;
  if (!w) throw new Error('WeCom is not configured');
  const cfg: WecomCallbackConfig = { token: w.token, aesKey: w.aesKey, corpId: w.corpId };
  const log = deps.log.child({ platform: 'wecom' });
  const locale = deps.config.locale;

  /**
   * A callback dated more than the window (WECOM_CALLBACK_WINDOW_SECONDS) from now either way is refused
   * with 403 before anything is decrypted: a captured callback cannot be replayed later. Wall-clock time,
   * as WeCom's servers stamp it.
   */
  function fresh(req: IncomingMessage, res: ServerResponse, timestamp: string | null): boolean {
    const now = opts.wallClock?.() ?? Date.now();
    if (withinRequestWindow(timestamp ?? undefined, now, w!.callbackWindowS)) return true;
    log.warn('wecom callback rejected', {
      reason: 'stale_or_future_timestamp',
      status: 403,
      remote: req.socket.remoteAddress,
    });
    sendText(res, 403, 'forbidden');
    return false;
  }

  /** Refuses a callback that fails verification; logs the reason only, never the query, body or keys. */
  function reject(req: IncomingMessage, res: ServerResponse, e: unknown, stage: string): void {
    if (!(e instanceof WecomCryptoError || e instanceof WecomXmlError)) throw e;
    const reason = e instanceof WecomCryptoError ? e.reason : 'bad_xml';
    // A wrong signature or receiver is someone else's request: forbidden. Anything else is malformed.
    const status = reason === 'bad_signature' || reason === 'wrong_receive_id' ? 403 : 400;
    log.warn('wecom callback rejected', { stage, reason, status, remote: req.socket.remoteAddress });
    sendText(res, status, status === 403 ? 'forbidden' : 'bad request');
  }

  const sendCard = async (touser: string, card: Card) => {
    // Reply cards are not outbox rows; a random task_id keeps their buttons' cards distinct.
    for (const m of appMessagesFor(card, `reply-${randomBytes(8).toString('hex')}`)) {
      await api.sendAppMessage({ touser, ...m });
    }
  };

  const onText = async (msg: WecomTextMessage) => {
    const actor = wecomActor(msg.FromUserName);
    const place: Place = { platform: 'wecom', channel: msg.FromUserName };
    const reply = await dispatchCommand(deps, { text: msg.Content, actor, place, formsSupported: false });
    const card = reply.form ? formHelpCard(reply, reply.form, locale, exampleValue(deps, actor)) : reply.card;
    await sendCard(msg.FromUserName, card);
  };

  /** Updates the clicked card for the clicker with the click's one-shot response_code; false when refused. */
  const updateClicked = async (ev: WecomTemplateCardEvent, change: Partial<UpdateTemplateCardRequest>) => {
    try {
      await api.updateTemplateCard({ userids: [ev.FromUserName], response_code: ev.ResponseCode, ...change });
      return true;
    } catch (e) {
      log.warn('update_template_card failed; answering with a message instead', {
        taskId: ev.TaskId,
        error: (e as Error).message,
      });
      return false;
    }
  };

  const onCardClick = async (ev: WecomTemplateCardEvent) => {
    const actor = wecomActor(ev.FromUserName);
    const result = await dispatchAction(deps, {
      action: ev.EventKey,
      actor,
      place: { platform: 'wecom', channel: ev.FromUserName },
    });
    const { reply } = result;
    const from = ev.FromUserName;
    if (reply.form) {
      // A button that needs more input (a rejection reason): no forms here, so say how to type it.
      await sendCard(from, formHelpCard(reply, reply.form, locale, exampleValue(deps, actor)));
      return;
    }
    // An error leaves the card clickable, so the user can fix the cause and click again.
    if (reply.card.tone === 'danger' || !ev.ResponseCode || !ev.TaskId) {
      await sendCard(from, reply.card);
      return;
    }
    const card = reply.card;
    if (result.replaceOriginal) {
      // The result is the card's new state (the next page): show it in place, greyed out.
      const view = templateCardView(card);
      const updated = await updateClicked(ev, { template_card: decidedTemplateCard(view, ev.TaskId) });
      // The greyed card cannot offer the result's own buttons (a further page) or text cut to fit it.
      if (!updated || card.buttons?.length || view !== card) await sendCard(from, card);
      return;
    }
    // The outcome is the clicker's ("You approved APR-3"): grey out their buttons with it so nobody clicks
    // twice, and answer with the details. Every copy of an approval card is brought up to date by the outbox.
    await updateClicked(ev, { button: { replace_name: replaceLabel(card.title) } });
    await sendCard(from, card);
  };

  const handleInbound = async (msg: WecomInbound) => {
    if (msg.kind === 'other') {
      log.debug('ignored wecom callback', { msgType: msg.MsgType, event: msg.Event });
      return;
    }
    const key = dedupeKey(msg);
    try {
      if (!(await recordInbound(deps.db, `wecom:${key}`, deps.clock.now()))) {
        log.info('ignored repeated wecom callback', { key });
        return;
      }
      if (msg.kind === 'text') await onText(msg);
      else await onCardClick(msg);
    } catch (e) {
      log.error('wecom callback processing failed', { errorId: newErrorId(), key, kind: msg.kind, err: e });
    }
  };

  return [
    {
      method: 'GET',
      path: WECOM_CALLBACK_PATH,
      handle: (req, res, url) => {
        const q = url.searchParams;
        if (!fresh(req, res, q.get('timestamp'))) return;
        let echo: string;
        try {
          echo = verifyUrl(cfg, {
            msg_signature: q.get('msg_signature') ?? '',
            timestamp: q.get('timestamp') ?? '',
            nonce: q.get('nonce') ?? '',
            // Base64 has no spaces: a space here is a `+` that was not percent-encoded.
            echostr: (q.get('echostr') ?? '').replace(/ /g, '+'),
          });
        } catch (e) {
          reject(req, res, e, 'url_verification');
          return;
        }
        sendText(res, 200, echo);
      },
    },
    {
      method: 'POST',
      path: WECOM_CALLBACK_PATH,
      handle: async (req, res, url) => {
        const q = url.searchParams;
        if (!fresh(req, res, q.get('timestamp'))) return;
        const body = (await readBody(req, MAX_CALLBACK_BYTES)).toString('utf8');
        let msg: WecomInbound;
        try {
          const plain = openCallback(
            cfg,
            {
              msg_signature: q.get('msg_signature') ?? '',
              timestamp: q.get('timestamp') ?? '',
              nonce: q.get('nonce') ?? '',
            },
            body,
          );
          msg = parseCallbackXml(plain);
        } catch (e) {
          reject(req, res, e, 'message');
          return;
        }
        // WeCom waits 5 s and then retries: answer empty now, the real answer goes through the API.
        sendText(res, 200, '');
        const work = handleInbound(msg);
        opts.track?.(work);
      },
    },
  ];
}

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
  const label = `${tc(locale, 'usage.example')}: `;
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

export interface WecomRuntime {
  /** GET/POST /wecom/callback; empty when the app (WECOM_CORP_ID …) is not configured. */
  routes: Route[];
  /** `wecom` (app messages) and/or `wecom-robot` (group robot), whichever is configured. */
  senders: Record<string, Sender>;
  api?: WecomApi;
  /** Resolves once every callback accepted so far has been processed (graceful shutdown, tests). */
  drain(): Promise<void>;
  /** Callbacks accepted and still being processed. */
  backlog(): number;
}

/** Builds the WeCom app routes and outbox senders from config; the composition root mounts them. */
export function startWecom(deps: Deps, opts: Pick<WecomRoutesOptions, 'wallClock'> = {}): WecomRuntime {
  const log = deps.log.child({ platform: 'wecom' });
  const inflight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };
  const routes: Route[] = [];
  const senders: Record<string, Sender> = {};
  let api: WecomApi | undefined;
  const w = deps.config.wecom;
  if (w) {
    api = new WecomApi({
      corpId: w.corpId,
      secret: w.secret,
      agentId: w.agentId,
      apiBase: w.apiBase,
      logger: log,
    });
    routes.push(...wecomRoutes(deps, api, { track, wallClock: opts.wallClock }));
    senders[WECOM_APP_PLATFORM] = wecomAppSender(api, log, {
      lookupRef: (outboxId) => sentMessageRef(deps.db, outboxId),
    });
  }
  if (deps.config.wecomRobotKey) {
    const robot = new RobotClient({ key: deps.config.wecomRobotKey, apiBase: deps.config.wecomApiBase });
    senders[WECOM_ROBOT_PLATFORM] = wecomRobotSender(robot, log, { clock: deps.clock });
  }
  return {
    routes,
    senders,
    api,
    drain: async () => {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    backlog: () => inflight.size,
  };
}
