import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AllMiddlewareArgs,
  App,
  type App as BoltApp,
  type HTTPReceiver as BoltReceiver,
  HTTPReceiver,
  LogLevel,
  type SlackActionMiddlewareArgs,
  type SlackCommandMiddlewareArgs,
  type SlackViewMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import { z } from 'zod';
import type { InboxRow } from '../../../db/schema';
import {
  dispatchAction,
  dispatchCommand,
  dispatchForm,
  formFor,
  internalError,
} from '../../../handlers/index';
import type { Reply } from '../../chat/card';
import { homeCards } from '../../chat/cards/home';
import { type Actor, actorKey, PLATFORM, type Place } from '../../chat/command';
import type { Deps } from '../../deps';
import { homeFigures } from '../../domain/home';
import { getSettings } from '../../domain/settings';
import { sendText, withinRequestWindow } from '../../http';
import { acceptEvent, notSavedText } from '../../inbox/accept';
import type { InboxHandler, InboxWorker } from '../../inbox/worker';
import type { Logger } from '../../log';
import { errorMessage } from '../../util/errors';
import { must } from '../../util/narrow';
import { toHomeView } from './home';
import { parseAction, parseFormCallbackId } from './ids';
import { readModalValues, toFieldErrors, toModal, viewStateValues } from './modal';
import { enqueueSlackReply } from './reply-sender';

export interface SlackRuntime {
  app: BoltApp;
  /** HTTP mode: Bolt's receiver. Absent in Socket Mode. */
  receiver?: BoltReceiver;
  /** HTTP mode: the listener to mount on POST /slack/events (the request window, then Bolt). */
  listener?: (req: IncomingMessage, res: ServerResponse) => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Slack's own replay window: |now − X-Slack-Request-Timestamp| ≤ 5 minutes. */
const SLACK_WINDOW_S = 300;

/** A trigger_id opens a modal only within 3 s of the click or command. */
const TRIGGER_LIFE_MS = 2_500;

/** Inbox kinds of the Slack events. */
const KIND = { command: 'slack.command', action: 'slack.action', view: 'slack.view' } as const;

const slackActor = (userId: string, name?: string): Actor => ({ platform: 'slack', userId, name });

/** Look up the bot's ids once; without them Bolt would call auth.test on every request. */
async function botIdentity(
  deps: Deps,
  s: NonNullable<Deps['config']['slack']>,
): Promise<{ botId: string; botUserId: string }> {
  const client = new webApi.WebClient(s.botToken, {
    slackApiUrl: s.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 5000,
  });
  try {
    const r = await client.auth.test();
    return { botId: String(r.bot_id ?? ''), botUserId: String(r.user_id ?? '') };
  } catch (e) {
    deps.log.warn('slack auth.test failed at start; continuing, Slack calls will be retried by the outbox', {
      error: errorMessage(e),
    });
    return { botId: '', botUserId: '' };
  }
}

function boltLogger(deps: Deps) {
  const log = deps.log.child({ component: 'bolt' });
  return {
    debug: () => {},
    info: (...m: unknown[]) => log.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => log.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => log.error(m.map(String).join(' ')),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/**
 * Build the Bolt app: HTTP mode (signature-verified POST /slack/events) or Socket Mode when an app token is
 * set. Every command, button and form submission is written to the inbox before its ack; `inbox` does the
 * work, and replies go through the outbox (`slack-reply`).
 */
export async function createSlackApp(deps: Deps, inbox: InboxWorker): Promise<SlackRuntime> {
  const s = deps.config.slack;
  if (!s) throw new Error('Slack is not configured');
  const { botId, botUserId } = await botIdentity(deps, s);
  const authorize = async () => ({ botToken: s.botToken, botId, botUserId });
  const clientOptions = { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  const logger = boltLogger(deps);
  let receiver: BoltReceiver | undefined;
  let app: BoltApp;
  if (s.appToken) {
    app = new App({ appToken: s.appToken, socketMode: true, authorize, clientOptions, logger });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: must(s.signingSecret, 'the config asks for a signing secret without an app token'),
      endpoints: '/slack/events',
      logger,
      // The ack goes out as soon as the listener calls ack(), right after the inbox write.
      processBeforeResponse: false,
    });
    app = new App({ receiver, authorize, clientOptions, logger });
  }
  const client = new webApi.WebClient(s.botToken, { ...clientOptions, timeout: 5_000 });
  const inline = new Map<number, { fieldErrors?: Record<string, string> }>();
  inbox.register(KIND.command, commandHandler(client));
  inbox.register(KIND.action, actionHandler(client));
  inbox.register(KIND.view, viewHandler(client, inline));
  registerListeners(app, deps, inbox, inline);
  const http = receiver;
  return {
    app,
    receiver,
    listener: http
      ? (req, res) => {
          // Bolt refuses requests older than 5 minutes but not ones dated ahead; both are replays.
          const ts = req.headers['x-slack-request-timestamp'];
          if (!withinRequestWindow(typeof ts === 'string' ? ts : undefined, Date.now(), SLACK_WINDOW_S)) {
            deps.log.warn('slack request refused: timestamp outside ±5 minutes', {
              platform: 'slack',
              status: 401,
              remote: req.socket.remoteAddress,
            });
            sendText(res, 401, 'request timestamp outside the allowed window');
            return;
          }
          http.requestListener(req, res);
        }
      : undefined,
    start: async () => {
      if (s.appToken) await app.start();
    },
    stop: async () => {
      if (s.appToken) await app.stop();
    },
  };
}

/** A place as the inbox and a modal's private_metadata carry it. */
const storedPlace = z.object({ platform: z.enum(PLATFORM.codes), channel: z.string() });

/** What the inbox keeps of a slash command (no verification token). */
const storedCommand = z.object({
  command: z.string(),
  text: z.string().optional(),
  user_id: z.string(),
  user_name: z.string().optional(),
  channel_id: z.string(),
  response_url: z.string(),
  trigger_id: z.string(),
});
type StoredCommand = z.infer<typeof storedCommand>;

/** What the inbox keeps of a button click. */
const storedAction = z.object({
  /** Clicked on the Home tab: no message to answer in, the result goes to the DM. */
  home: z.boolean().optional(),
  action_id: z.string(),
  value: z.string().optional(),
  user: z.string(),
  channel: z.string().optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
});
type StoredAction = z.infer<typeof storedAction>;

/** What the inbox keeps of a submitted modal: its form's command, the answers, and where it was opened. */
const storedView = z.object({
  command: z.string(),
  values: viewStateValues,
  user: z.string(),
  place: storedPlace.optional(),
});
type StoredView = z.infer<typeof storedView>;

const fresh = (deps: Deps, row: InboxRow) =>
  deps.clock.now().getTime() - row.receivedAt.getTime() < TRIGGER_LIFE_MS;

/** Where an event's reply goes: its response_url while that lives, else the channel or a DM. */
interface ReplyTarget {
  user: string;
  channel?: string;
  responseUrl?: string;
}

/** What an event's work produced: the reply to queue, or nothing (a modal was opened instead). */
type Outcome = { reply: Reply; replaceOriginal?: boolean } | undefined;

/**
 * An inbox handler for one kind of Slack event: `work` runs in the transaction that marks the row done and
 * its reply is queued there too; after the last failed attempt the person gets an error id instead.
 */
function slackHandler<P>(
  payload: z.ZodType<P>,
  target: (p: P) => ReplyTarget,
  work: (deps: Deps, row: InboxRow, p: P) => Promise<Outcome>,
): InboxHandler<P> {
  const answer = (deps: Deps, row: InboxRow, p: P, reply: Reply, replaceOriginal?: boolean) =>
    enqueueSlackReply(deps.db, {
      key: `inbox:${row.id}`,
      reply,
      ...target(p),
      replaceOriginal,
      receivedAt: row.receivedAt,
      now: deps.clock.now(),
    });
  return {
    payload,
    async run(deps, row, p) {
      const out = await work(deps, row, p);
      if (out) await answer(deps, row, p, out.reply, out.replaceOriginal);
    },
    async giveUp(deps, row, p, errorId) {
      const reply = internalError(deps, deps.config.locale, new Error(`inbox event ${row.id} failed`), {
        inboxErrorId: errorId,
      });
      await answer(deps, row, p, reply);
    },
  };
}

type Inline = Map<number, { fieldErrors?: Record<string, string> }>;

/** Open the reply's form as a modal while the trigger lives; false when the card must answer instead. */
async function openModal(
  client: webApi.WebClient,
  deps: Deps,
  row: InboxRow,
  triggerId: string | undefined,
  reply: Reply,
  place?: Place,
): Promise<boolean> {
  if (!reply.form || !triggerId || !fresh(deps, row)) return false;
  try {
    await client.views.open({
      trigger_id: triggerId,
      view: toModal(reply.form, {
        locale: deps.config.locale,
        privateMetadata: place ? JSON.stringify(place) : undefined,
      }),
    });
    return true;
  } catch (e) {
    deps.log.warn('views.open failed; answering with the card instead', {
      platform: 'slack',
      error: errorMessage(e),
    });
    return false;
  }
}

/** A slash command: run it where it was typed; a create command without arguments opens its form. */
function commandHandler(client: webApi.WebClient): InboxHandler<StoredCommand> {
  return slackHandler(
    storedCommand,
    (c) => ({ user: c.user_id, channel: c.channel_id, responseUrl: c.response_url }),
    async (deps, row, c) => {
      const place: Place = { platform: 'slack', channel: c.channel_id };
      const reply = await dispatchCommand(deps, {
        text: `${c.command} ${c.text ?? ''}`,
        actor: slackActor(c.user_id, c.user_name),
        place,
        formsSupported: true,
      });
      if (await openModal(client, deps, row, c.trigger_id, reply, place)) return undefined;
      return { reply };
    },
  );
}

/** A button: run its action; a click on the Home tab answers in the DM and rebuilds the tab. */
function actionHandler(client: webApi.WebClient): InboxHandler<StoredAction> {
  return slackHandler(
    storedAction,
    (a) => ({ user: a.user, channel: a.channel, responseUrl: a.response_url }),
    async (deps, row, a) => {
      const parsed = parseAction(a.action_id, a.value);
      if (!parsed) return undefined;
      const place: Place | undefined = a.channel ? { platform: 'slack', channel: a.channel } : undefined;
      const result = await dispatchAction(deps, {
        action: parsed.action,
        actor: slackActor(a.user),
        place,
      });
      if (await openModal(client, deps, row, a.trigger_id, result.reply, place)) return undefined;
      if (a.home) {
        await refreshHome(deps, client, a.user);
        return { reply: result.reply };
      }
      return result;
    },
  );
}

/** A submitted modal: run its command; field errors go back to the still-open modal when it waits. */
function viewHandler(client: webApi.WebClient, inline: Inline): InboxHandler<StoredView> {
  return slackHandler(
    storedView,
    (v) => ({ user: v.user, channel: v.place?.channel }),
    async (deps, row, v) => {
      const form = formFor(v.command, deps.config.locale);
      if (!form) return undefined;
      const reply = await dispatchForm(deps, {
        command: v.command,
        args: readModalValues(form, v.values),
        actor: slackActor(v.user),
        place: v.place,
      });
      const waiting = inline.get(row.id);
      if (reply.fieldErrors && Object.keys(reply.fieldErrors).length > 0 && waiting) {
        // The modal is still open: its ack shows the errors beside the fields.
        waiting.fieldErrors = reply.fieldErrors;
        return undefined;
      }
      // A form opened from the Home tab (a reason for Reject): the tab shows the decision too.
      if (!v.place?.channel) await refreshHome(deps, client, v.user);
      return { reply };
    },
  );
}

/** Build and publish one person's App Home: one query per section, within Block Kit's 100 blocks. */
export async function publishHome(deps: Deps, client: BoltApp['client'], userId: string): Promise<void> {
  const now = deps.clock.now();
  const tz = deps.config.tz;
  const settings = await getSettings(deps.db, deps.config);
  const figures = await homeFigures(deps.db, settings, actorKey(slackActor(userId)), now, tz);
  const view = toHomeView(homeCards(deps.config.locale, tz, now, figures), deps.config.locale);
  await client.views.publish({ user_id: userId, view: view });
}

/** Rebuild the Home tab, logging (not failing) when Slack refuses. */
const refreshHome = (deps: Deps, client: BoltApp['client'], userId: string) =>
  publishHome(deps, client, userId).catch((e) =>
    deps.log.warn('views.publish of the home tab failed', { platform: 'slack', error: errorMessage(e) }),
  );

/** What the ack path works with. */
interface AckCtx {
  deps: Deps;
  inbox: InboxWorker;
  inline: Inline;
  log: Logger;
}

/** The ack path: write the event to the inbox, then ack; a failed write is said in the ack itself. */
function registerListeners(app: BoltApp, deps: Deps, inbox: InboxWorker, inline: Inline) {
  const ctx: AckCtx = { deps, inbox, inline, log: deps.log.child({ platform: 'slack' }) };
  // The Home tab is rebuilt every time it is opened (a read: nothing to write down first).
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await refreshHome(deps, client, event.user);
  });
  app.command(/.*/, (args) => ackCommand(ctx, args));
  app.action(/.*/, (args) => ackAction(ctx, args));
  app.view(/^form:/, (args) => ackView(ctx, args));
}

/** A slash command: into the inbox, then an empty ack (the reply follows through the outbox). */
async function ackCommand(
  { deps, inbox, log }: AckCtx,
  { command, ack, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const stored: StoredCommand = {
    command: command.command,
    text: command.text,
    user_id: command.user_id,
    user_name: command.user_name,
    channel_id: command.channel_id,
    response_url: command.response_url,
    trigger_id: command.trigger_id,
  };
  const r = await acceptEvent(deps, {
    platform: 'slack',
    kind: KIND.command,
    eventKey: `slack:cmd:${command.trigger_id}`,
    payload: stored,
  });
  if (r.status === 'not_saved') {
    await ack({ response_type: 'ephemeral', text: notSavedText(deps.config.locale) });
    return;
  }
  await ack();
  if (r.status === 'new') inbox.poke();
  else
    log.info('ignored repeated slash command delivery', {
      retryNum: context.retryNum,
      command: command.command,
    });
}

/** A button click: into the inbox, then the ack; a click not saved is told through its response_url. */
async function ackAction(
  { deps, inbox, log }: AckCtx,
  { body, action, ack, respond }: SlackActionMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  // Bolt types every interaction here (block actions, legacy attachments, dialogs); only block actions
  // carry all of these, so each is read where it exists.
  const actionId = 'action_id' in action ? action.action_id : '';
  const stored: StoredAction = {
    home: ('view' in body && body.view?.type === 'home') || undefined,
    action_id: actionId,
    value: 'value' in action && typeof action.value === 'string' ? action.value : undefined,
    user: body.user.id,
    channel: 'channel' in body ? body.channel?.id : undefined,
    trigger_id: 'trigger_id' in body ? body.trigger_id : undefined,
    response_url: 'response_url' in body ? body.response_url : undefined,
  };
  const r = await acceptEvent(deps, {
    platform: 'slack',
    kind: KIND.action,
    eventKey: `slack:act:${body.user.id}:${'action_ts' in action ? action.action_ts : ''}:${actionId}`,
    payload: stored,
  });
  await ack();
  if (r.status === 'new') inbox.poke();
  if (r.status === 'not_saved') {
    // A click's ack carries no message: say it through the response_url, best effort.
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: notSavedText(deps.config.locale),
    }).catch((e: unknown) =>
      log.warn('could not tell the clicker the click was not saved', { error: errorMessage(e) }),
    );
  }
}

/**
 * A submitted modal: into the inbox, held by this process while it answers inline, so field errors can go
 * back in the ack beside their fields; after a crash the worker takes it when the lease ends.
 */
async function ackView(
  { deps, inbox, inline }: AckCtx,
  { view, body, ack }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const locale = deps.config.locale;
  const command = parseFormCallbackId(view.callback_id);
  const form = command ? formFor(command, locale) : undefined;
  if (!command || !form) {
    await ack();
    return;
  }
  const stored: StoredView = { command, values: view.state.values, user: body.user.id, place: placeOf(view) };
  const r = await acceptEvent(deps, {
    platform: 'slack',
    kind: KIND.view,
    eventKey: `slack:view:${('trigger_id' in body ? body.trigger_id : undefined) ?? view.id}`,
    payload: stored,
    leasedUntil: new Date(deps.clock.now().getTime() + 30_000),
  });
  if (r.status === 'not_saved') {
    await ack(toFieldErrors({ _: notSavedText(locale) }, form));
    return;
  }
  if (r.status === 'duplicate') {
    await ack();
    return;
  }
  const waiting: { fieldErrors?: Record<string, string> } = {};
  inline.set(r.id, waiting);
  try {
    await inbox.process(r.id);
  } finally {
    inline.delete(r.id);
  }
  if (waiting.fieldErrors) await ack(toFieldErrors(waiting.fieldErrors, form));
  else await ack();
}

/** The place a modal was opened from, carried in its private_metadata. */
function placeOf(view: { private_metadata?: string }): Place | undefined {
  try {
    if (!view.private_metadata) return undefined;
    const place = storedPlace.safeParse(JSON.parse(view.private_metadata));
    return place.success ? place.data : undefined;
  } catch {
    return undefined;
  }
}
