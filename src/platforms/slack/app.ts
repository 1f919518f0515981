import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  App,
  type App as BoltApp,
  type HTTPReceiver as BoltReceiver,
  HTTPReceiver,
  LogLevel,
  webApi,
} from '@slack/bolt';
import { recordInbound } from '../../../db/queries/inbound';
import { dispatchAction, dispatchCommand, dispatchForm, formFor } from '../../../handlers/index';
import type { Reply } from '../../chat/card';
import { type Actor, actorKey, type Place } from '../../chat/command';
import { homeCards } from '../../chat/messages/home';
import type { Deps } from '../../deps';
import { homeFigures } from '../../domain/home';
import { getSettings } from '../../domain/settings';
import { sendText, withinRequestWindow } from '../../http';
import { TaskQueue } from '../../util/task-queue';
import { toHomeView } from './home';
import { parseAction, parseFormCallbackId } from './ids';
import { readModalValues, toFieldErrors, toModal } from './modal';
import { toBlocks } from './render';

export interface SlackRuntime {
  app: BoltApp;
  /** HTTP mode: Bolt's receiver. Absent in Socket Mode. */
  receiver?: BoltReceiver;
  /** HTTP mode: the listener to mount on POST /slack/events (the request window, then Bolt). */
  listener?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Work accepted after the ack; tests await `queue.idle()`. */
  queue: TaskQueue;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Commands handled at once after their ack. Low on purpose: under a burst the event loop keeps acking
 * (what Slack times) while replies follow through response_url, which stays valid for 30 minutes.
 */
const WORK_CONCURRENCY = 1;

/** Slack's own replay window: |now − X-Slack-Request-Timestamp| ≤ 5 minutes. */
const SLACK_WINDOW_S = 300;

const slackActor = (userId: string, name?: string): Actor => ({ platform: 'slack', userId, name });

/** Look up the bot's ids once; without them Bolt would call auth.test on every request. */
async function botIdentity(deps: Deps): Promise<{ botId: string; botUserId: string }> {
  const s = deps.config.slack!;
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
      error: (e as Error).message,
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

/** Build the Bolt app: HTTP mode (signature-verified POST /slack/events) or Socket Mode when an app token is set. */
export async function createSlackApp(deps: Deps): Promise<SlackRuntime> {
  const s = deps.config.slack;
  if (!s) throw new Error('Slack is not configured');
  const { botId, botUserId } = await botIdentity(deps);
  const authorize = async () => ({ botToken: s.botToken, botId, botUserId });
  const clientOptions = { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  const logger = boltLogger(deps);
  let receiver: BoltReceiver | undefined;
  let app: BoltApp;
  if (s.appToken) {
    app = new App({ appToken: s.appToken, socketMode: true, authorize, clientOptions, logger });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: s.signingSecret!,
      endpoints: '/slack/events',
      logger,
      // Ack is sent before the handler's work finishes: replies go through response_url.
      processBeforeResponse: false,
    });
    app = new App({ receiver, authorize, clientOptions, logger });
  }
  const queue = new TaskQueue(WORK_CONCURRENCY, (e) =>
    deps.log.error('slack background task failed', { err: e }),
  );
  registerListeners(app, deps, queue);
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
    queue,
    start: async () => {
      if (s.appToken) await app.start();
    },
    stop: async () => {
      if (s.appToken) await app.stop();
      await queue.idle();
    },
  };
}

type Respond = (msg: Record<string, unknown>) => Promise<unknown>;

async function sendReply(
  respond: Respond,
  reply: Reply,
  locale: Deps['config']['locale'],
  replaceOriginal = false,
) {
  const msg = toBlocks(reply.card, { locale });
  await respond({
    response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral',
    replace_original: replaceOriginal,
    text: msg.text,
    blocks: msg.blocks,
  });
}

/**
 * A button whose reply carries a form (an approval's Request changes / Reject asks for a reason) opens it as
 * a modal; its submission comes back through the `form:` view listener. False when nothing was opened, so
 * the caller answers with the reply's card instead (which says how to type the command).
 */
async function openActionForm(
  deps: Deps,
  client: BoltApp['client'],
  triggerId: string | undefined,
  reply: Reply,
  place: Place | undefined,
): Promise<boolean> {
  if (!reply.form || !triggerId) return false;
  try {
    await client.views.open({
      trigger_id: triggerId,
      view: toModal(reply.form, {
        locale: deps.config.locale,
        privateMetadata: place ? JSON.stringify(place) : undefined,
      }) as never,
    });
    return true;
  } catch (e) {
    deps.log.warn('views.open for a button form failed; answering with the card instead', {
      platform: 'slack',
      error: (e as Error).message,
    });
    return false;
  }
}

/** Build and publish one person's App Home: one query per section, within Block Kit's 100 blocks. */
export async function publishHome(deps: Deps, client: BoltApp['client'], userId: string): Promise<void> {
  const now = deps.clock.now();
  const tz = deps.config.tz;
  const settings = await getSettings(deps.db, deps.config);
  const figures = await homeFigures(deps.db, settings, actorKey(slackActor(userId)), now, tz);
  const view = toHomeView(homeCards(deps.config.locale, tz, now, figures), deps.config.locale);
  await client.views.publish({ user_id: userId, view: view as never });
}

function registerListeners(app: BoltApp, deps: Deps, queue: TaskQueue) {
  const locale = deps.config.locale;
  const log = deps.log.child({ platform: 'slack' });

  const refreshHome = (client: BoltApp['client'], userId: string) =>
    publishHome(deps, client, userId).catch((e) =>
      log.warn('views.publish of the home tab failed', { error: (e as Error).message }),
    );

  // The Home tab is rebuilt every time it is opened (and after an action taken from it).
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    queue.push(() => refreshHome(client, event.user));
  });

  app.command(/.*/, async ({ command, ack, respond, client, context }) => {
    // Ack first: Slack gives 3 s, and the database may be slow. The work runs from the queue.
    await ack();
    queue.push(async () => {
      const fresh = await recordInbound(deps.db, `slack:cmd:${command.trigger_id}`, deps.clock.now());
      if (!fresh) {
        log.info('ignored repeated slash command delivery', {
          retryNum: context.retryNum,
          command: command.command,
        });
        return;
      }
      const place: Place = { platform: 'slack', channel: command.channel_id };
      const reply = await dispatchCommand(deps, {
        text: `${command.command} ${command.text ?? ''}`,
        actor: slackActor(command.user_id, command.user_name),
        place,
        formsSupported: true,
      });
      if (reply.form) {
        try {
          await client.views.open({
            trigger_id: command.trigger_id,
            view: toModal(reply.form, { locale, privateMetadata: JSON.stringify(place) }) as never,
          });
          return;
        } catch (e) {
          log.warn('views.open failed; answering with usage instead', { error: (e as Error).message });
        }
      }
      await sendReply(respond as Respond, reply, locale);
    });
  });

  app.action(/.*/, async ({ body, action, ack, respond, client }) => {
    await ack();
    const a = action as { action_id?: string; value?: string; action_ts?: string };
    const parsed = parseAction(a.action_id ?? '', a.value);
    const b = body as {
      user: { id: string };
      channel?: { id: string };
      container?: { message_ts?: string };
      trigger_id?: string;
      view?: { type?: string };
    };
    const fresh = await recordInbound(
      deps.db,
      `slack:act:${b.user.id}:${a.action_ts ?? ''}:${a.action_id ?? ''}`,
      deps.clock.now(),
    );
    if (!fresh || !parsed) return;
    const place: Place | undefined = b.channel ? { platform: 'slack', channel: b.channel.id } : undefined;
    const result = await dispatchAction(deps, { action: parsed.action, actor: slackActor(b.user.id), place });
    if (await openActionForm(deps, client, b.trigger_id, result.reply, place)) return;
    if (b.view?.type === 'home') {
      // A click on the Home tab has no message to answer in: the result goes to the DM, the tab is rebuilt.
      const msg = toBlocks(result.reply.card, { locale });
      await client.chat
        .postMessage({ channel: b.user.id, text: msg.text, blocks: msg.blocks })
        .catch((e) => log.warn('could not DM the result of a home action', { error: (e as Error).message }));
      await refreshHome(client, b.user.id);
      return;
    }
    await sendReply(respond as Respond, result.reply, locale, result.replaceOriginal);
  });

  app.view(/^form:/, async ({ view, body, ack, client }) => {
    const command = parseFormCallbackId(view.callback_id);
    const form = command ? formFor(command, locale) : undefined;
    if (!command || !form) {
      await ack();
      return;
    }
    let place: Place | undefined;
    try {
      place = view.private_metadata ? (JSON.parse(view.private_metadata) as Place) : undefined;
    } catch {
      place = undefined;
    }
    const reply = await dispatchForm(deps, {
      command,
      args: readModalValues(form, view.state.values as never),
      actor: slackActor(body.user.id),
      place,
    });
    if (reply.fieldErrors && Object.keys(reply.fieldErrors).length > 0) {
      await ack(toFieldErrors(reply.fieldErrors, form) as never);
      return;
    }
    await ack();
    const msg = toBlocks(reply.card, { locale });
    try {
      if (place?.channel) {
        await client.chat.postEphemeral({
          channel: place.channel,
          user: body.user.id,
          text: msg.text,
          blocks: msg.blocks,
        });
      } else {
        await client.chat.postMessage({ channel: body.user.id, text: msg.text, blocks: msg.blocks });
        // A form opened from the Home tab (a reason for Reject): the tab shows the decision too.
        await refreshHome(client, body.user.id);
      }
    } catch (e) {
      log.warn('could not show the form result to the user', { error: (e as Error).message });
    }
  });
}
