/**
 * The local web console: a page that plays a Slack workspace, with a JSON + SSE API on the bot's one HTTP
 * server. Commands, clicks and forms go through the same dispatchers as Slack; cards are stored neutral
 * and rendered by the page. It has no login, so every API request passes the guard (guard.ts) first.
 *
 * The routes come in four groups: the page and its assets, what the page reads (state, events, Home),
 * what a person does (command, form, action, Home action), and the operator's hooks (run a job, move the
 * clock, load the demo data).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  consoleMessageById,
  insertConsoleMessage,
  publicConsoleChannels,
  updateConsoleMessageCard,
  visibleConsoleMessages,
} from '../../../db/queries/console';
import type { ConsoleMessage } from '../../../db/schema';
import {
  type ActionResult,
  dispatchAction,
  dispatchCommand,
  dispatchForm,
  formFor,
} from '../../../handlers/index';
import type { FormSpec, Reply } from '../../chat/card';
import { encodeCard } from '../../chat/card-codec';
import { homeCards } from '../../chat/cards/home';
import { type Actor, actorKey, type Place } from '../../chat/command';
import type { Locale, Params } from '../../chat/i18n';
import { consoleAddress } from '../../delivery/destinations';
import type { Deps } from '../../deps';
import { homeFigures } from '../../domain/home';
import { getSettings } from '../../domain/settings';
import { type Route, sendJson, sendText } from '../../http';
import { type Logger, newErrorId } from '../../log';
import { own, propOf } from '../../util/narrow';
import type { OperatorHooks, PlatformRuntime } from '../runtime';
import { ConsoleEvents, type ConsoleMessageView, toView } from './events';
import { guardRequest, Refusal, readJson, refusals } from './guard';
import { type ConsoleMessageKey, tConsole } from './messages';
import { PAGE_CSP, renderPage } from './page';
import {
  CONSOLE_CHANNEL_IDS,
  CONSOLE_JOBS,
  CONSOLE_PEOPLE,
  type ConsoleJobName,
  type ConsolePerson,
  consolePerson,
  consoleUserName,
  DM_VIEW,
  HOME_VIEW,
} from './people';
import { consoleSender } from './sender';

export interface ConsoleOptions extends OperatorHooks {
  /** Host names the console answers besides localhost and IP literals (e.g. CONSOLE_HOST). */
  allowedHosts?: string[];
  /**
   * Answer other machines too. Off by default: the server may listen on all interfaces for Slack or WeCom,
   * and the console has no login. Turn it on only when CONSOLE_HOST opens the console on purpose.
   */
  allowRemote?: boolean;
  /** How many recent messages the page loads (default 400). */
  historyLimit?: number;
}

/** The console as a platform: its routes, its outbox sender (`console`), the demo people's names. */
export interface ConsoleRuntime extends PlatformRuntime {
  /** Open event streams (tests and diagnostics). */
  readonly streams: number;
}

/** GET /api/console/state: everything the page needs to draw itself for one acting person. */
export interface ConsoleState {
  locale: Locale;
  tz: string;
  /** The bot's clock (moves with time travel). */
  now: string;
  actingAs: string;
  people: readonly ConsolePerson[];
  /** Channel ids, the DM view last. */
  channels: string[];
  dm: string;
  /** The Home view's id (not a channel: GET /api/console/home renders it). */
  home: string;
  jobs: readonly ConsoleJobName[];
  /** Which clock-control hooks this mode offers. */
  hooks: { runJob: boolean; advanceClock: boolean; loadDemo: boolean };
  strings: Record<string, string>;
  messages: ConsoleMessageView[];
}

/** What the POST endpoints answer; a refusal is `{ error, message }` with a 4xx/5xx status. */
export interface ConsoleApiResult {
  /** The reply or card as stored: new, or the clicked message replaced in place. */
  posted?: ConsoleMessageView;
  replaced?: boolean;
  /** Show this form (a create command with no arguments, or a button that asks for a reason). */
  form?: FormSpec;
  /** Form problems by field name; the form stays open. */
  fieldErrors?: Record<string, string>;
  formError?: string;
  ok?: boolean;
  job?: ConsoleJobName;
  /** false when the job's period had already run (each period posts once). */
  ran?: boolean;
  /** One line for the page about what a hook did. */
  summary?: string;
  now?: string;
  error?: string;
  errorId?: string;
  message?: string;
}

/** Longest time travel one request may ask for: a year. */
export const MAX_TRAVEL_HOURS = 24 * 366;

/**
 * A page channel (`marketing`, or a person's id for their DMs) as an address (`#marketing`, `dm:lina`), so
 * announcements from a command come back to the channel it was typed in.
 */
export function consolePlace(channel: string): Place {
  const address = consolePerson(channel) ? consoleAddress.dm(channel) : consoleAddress.channel(channel);
  return { platform: 'console', channel: address };
}

const ActingAs = z.string().min(1).max(80);
const Channel = z.string().min(1).max(80);
const CommandBody = z.strictObject({
  text: z.string().trim().min(1).max(8000),
  channel: Channel,
  actingAs: ActingAs,
});
const FormBody = z.strictObject({
  command: z.string().min(1).max(200),
  args: z.record(z.string(), z.union([z.string().max(8000), z.array(z.string().max(2000)).max(200)])),
  channel: Channel,
  actingAs: ActingAs,
});
const ActionBody = z.strictObject({
  action: z.string().min(1).max(2000),
  messageId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  actingAs: ActingAs,
});
const HomeActionBody = z.strictObject({
  action: z.string().min(1).max(2000),
  actingAs: ActingAs,
});
const JobBody = z.strictObject({ name: z.string().max(80) });
const TravelBody = z.strictObject({ hours: z.number() });

// Beside this file under tsx; when bundled into dist/main.js, the sources' copy is read from dist/../src.
const STATIC_DIR =
  [new URL('./static/', import.meta.url), new URL('../src/platforms/console/static/', import.meta.url)].find(
    (u) => existsSync(u),
  ) ?? new URL('./static/', import.meta.url);
const staticFile = (name: string) => readFileSync(new URL(name, STATIC_DIR), 'utf8');

/** What every console route works with. */
interface Console {
  deps: Deps;
  opts: ConsoleOptions;
  locale: Locale;
  log: Logger;
  events: ConsoleEvents;
  t: (key: ConsoleMessageKey, params?: Params) => string;
  refuse: ReturnType<typeof refusals>;
  allowedHosts: ReadonlySet<string>;
}

/** Build the console: its routes, its outbox sender, and the start/stop the composition root calls. */
export function consoleRuntime(deps: Deps, opts: ConsoleOptions = {}): ConsoleRuntime {
  const locale = deps.config.locale;
  const c: Console = {
    deps,
    opts,
    locale,
    log: deps.log.child({ platform: 'console' }),
    events: new ConsoleEvents(),
    t: (key, params) => tConsole(locale, key, params),
    refuse: refusals(locale),
    allowedHosts: new Set((opts.allowedHosts ?? []).map((h) => h.toLowerCase())),
  };
  return {
    name: 'console',
    routes: [...pageRoutes(c), ...readRoutes(c), ...chatRoutes(c), ...operatorRoutes(c)],
    senders: { console: consoleSender(deps, c.events) },
    userName: consoleUserName,
    health: 'on',
    start: async ({ url }) => {
      // What a person types: localhost reads better than the loopback address the console binds to.
      const shown = url.replace('//127.0.0.1:', '//localhost:');
      c.log.info(`Console: open ${shown}/ in your browser (no login: do not expose it)`, {
        url: `${shown}/`,
      });
    },
    // Ends open event streams, which the HTTP server would otherwise wait for when it closes.
    stop: async () => c.events.close(),
    get streams() {
      return c.events.size;
    },
  };
}

// ---- what the routes share ----

/** Wraps an API handler: guard first, refusals become `{ error, message }` with their status. */
const api =
  (c: Console, handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>) =>
  async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    try {
      guardRequest(req, { allowRemote: c.opts.allowRemote, allowedHosts: c.allowedHosts }, c.refuse);
      await handle(req, res, url);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      sendJson(res, e.status, { error: e.code, message: e.message });
    }
  };

const body = <S extends z.ZodType>(c: Console, req: IncomingMessage, schema: S) =>
  readJson(req, schema, c.refuse);

function person(c: Console, id: string): ConsolePerson {
  const p = consolePerson(id);
  if (!p)
    throw c.refuse(400, 'unknown_person', 'err.unknown_person', {
      id,
      ids: CONSOLE_PEOPLE.map((x) => x.id).join(', '),
    });
  return p;
}

const actor = (p: ConsolePerson): Actor => ({ platform: 'console', userId: p.id, name: p.name });

async function channels(c: Console): Promise<string[]> {
  const extra = (await publicConsoleChannels(c.deps.db)).filter(
    (ch) => !CONSOLE_CHANNEL_IDS.includes(ch) && !consolePerson(ch),
  );
  return [...CONSOLE_CHANNEL_IDS, ...extra];
}

/** The console channel (as stored and shown) a command or form runs in; the DM view is the person's own. */
async function viewChannel(c: Console, channel: string, who: ConsolePerson): Promise<string> {
  if (channel === DM_VIEW || channel === HOME_VIEW) return who.id;
  const known = await channels(c);
  if (!known.includes(channel))
    throw c.refuse(400, 'unknown_channel', 'err.unknown_channel', {
      channel,
      channels: [...known, DM_VIEW].join(', '),
    });
  return channel;
}

/** Store a reply: ephemeral ones (and anything in a DM) only for the person who acted. */
async function storeReply(
  c: Console,
  channel: string,
  reply: Reply,
  who: ConsolePerson,
): Promise<ConsoleMessage> {
  const message = await insertConsoleMessage(c.deps.db, {
    channel,
    visibleTo: reply.visibility === 'ephemeral' || consolePerson(channel) ? who.id : null,
    card: encodeCard(reply.card),
    createdAt: c.deps.clock.now(),
  });
  c.events.publish({ kind: 'message', message });
  return message;
}

// ---- the page and its assets ----

function pageRoutes(c: Console): Route[] {
  const page = renderPage(c.locale);
  const asset = (path: string, text: string, type: string): Route => ({
    method: 'GET',
    path,
    handle: api(c, async (_req, res) => sendAsset(res, text, type)),
  });
  return [
    {
      method: 'GET',
      path: '/',
      handle: api(c, async (_req, res) => {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': PAGE_CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        });
        res.end(page);
      }),
    },
    asset('/console/app.js', staticFile('app.js'), 'text/javascript; charset=utf-8'),
    asset('/console/style.css', staticFile('style.css'), 'text/css; charset=utf-8'),
  ];
}

function sendAsset(res: ServerResponse, body: string, type: string): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-cache');
  sendText(res, 200, body, type);
}

// ---- what the page reads ----

function readRoutes(c: Console): Route[] {
  const { deps } = c;
  const strings = Object.fromEntries(
    Object.entries(tConsole.catalogue).map(([k, text]) => [k, text[c.locale]]),
  );
  const historyLimit = c.opts.historyLimit ?? 400;
  return [
    {
      method: 'GET',
      path: '/api/console/state',
      handle: api(c, async (_req, res, url) => {
        const who = person(c, url.searchParams.get('as') ?? CONSOLE_PEOPLE[0].id);
        const rows = await visibleConsoleMessages(deps.db, who.id, historyLimit);
        const { runJob, advanceClock, loadDemo } = c.opts;
        const state: ConsoleState = {
          locale: c.locale,
          tz: deps.config.tz,
          now: deps.clock.now().toISOString(),
          actingAs: who.id,
          people: CONSOLE_PEOPLE,
          channels: [...(await channels(c)), DM_VIEW],
          dm: DM_VIEW,
          home: HOME_VIEW,
          jobs: CONSOLE_JOBS,
          hooks: { runJob: !!runJob, advanceClock: !!advanceClock, loadDemo: !!loadDemo },
          strings,
          messages: rows.map(toView),
        };
        sendJson(res, 200, state);
      }),
    },
    {
      method: 'GET',
      path: '/api/console/events',
      handle: api(c, async (_req, res, url) => {
        const who = person(c, url.searchParams.get('as') ?? '');
        c.events.open(res, who.id, deps.clock.now());
      }),
    },
    {
      method: 'GET',
      path: '/api/console/home',
      handle: api(c, async (_req, res, url) => {
        const who = person(c, url.searchParams.get('as') ?? '');
        const now = deps.clock.now();
        const tz = deps.config.tz;
        const settings = await getSettings(deps.db, deps.config);
        const figures = await homeFigures(deps.db, settings, actorKey(actor(who)), now, tz);
        sendJson(res, 200, { cards: homeCards(c.locale, tz, now, figures).map(encodeCard) });
      }),
    },
  ];
}

// ---- what a person does ----

function chatRoutes(c: Console): Route[] {
  return [
    { method: 'POST', path: '/api/console/command', handle: api(c, (req, res) => onCommand(c, req, res)) },
    { method: 'POST', path: '/api/console/form', handle: api(c, (req, res) => onForm(c, req, res)) },
    { method: 'POST', path: '/api/console/action', handle: api(c, (req, res) => onAction(c, req, res)) },
    {
      method: 'POST',
      path: '/api/console/home-action',
      handle: api(c, (req, res) => onHomeAction(c, req, res)),
    },
  ];
}

/** A typed command: its reply in the channel (or the form it asks for). */
async function onCommand(c: Console, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const b = await body(c, req, CommandBody);
  const who = person(c, b.actingAs);
  const channel = await viewChannel(c, b.channel, who);
  const reply = await dispatchCommand(c.deps, {
    text: b.text,
    actor: actor(who),
    place: consolePlace(channel),
    formsSupported: true,
  });
  if (reply.form) {
    sendJson(res, 200, { form: reply.form });
    return;
  }
  sendJson(res, 200, { posted: toView(await storeReply(c, channel, reply, who)) });
}

/** A submitted form: field problems keep it open, like a Slack modal; the result only for the submitter. */
async function onForm(c: Console, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const b = await body(c, req, FormBody);
  const who = person(c, b.actingAs);
  const channel = await viewChannel(c, b.channel, who);
  const form = formFor(b.command, c.locale);
  if (!form) throw c.refuse(400, 'unknown_form', 'err.unknown_form', { command: b.command });
  const reply = await dispatchForm(c.deps, {
    command: b.command,
    args: formArgs(form, b.args),
    actor: actor(who),
    place: consolePlace(channel),
  });
  if (reply.fieldErrors && Object.keys(reply.fieldErrors).length > 0) {
    sendJson(res, 200, splitFieldErrors(form, reply.fieldErrors));
    return;
  }
  // Slack shows a form's result ephemerally to the submitter; so does the console.
  const message = await storeReply(c, channel, { ...reply, visibility: 'ephemeral' }, who);
  sendJson(res, 200, { posted: toView(message) });
}

/** A button on a message the person can see: the result replaces the message, or follows it. */
async function onAction(c: Console, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const b = await body(c, req, ActionBody);
  const who = person(c, b.actingAs);
  const original = await consoleMessageById(c.deps.db, b.messageId);
  if (!original || (original.visibleTo !== null && original.visibleTo !== who.id))
    throw c.refuse(400, 'unknown_message', 'err.unknown_message', { id: b.messageId });
  const result = await click(c, res, who, b.action, original.channel);
  if (!result) return;
  if (result.replaceOriginal) {
    const updated = await updateConsoleMessageCard(c.deps.db, original.id, encodeCard(result.reply.card));
    if (updated) {
      c.events.publish({ kind: 'update', message: updated });
      sendJson(res, 200, { posted: toView(updated), replaced: true });
      return;
    }
  }
  const message = await storeReply(c, original.channel, result.reply, who);
  sendJson(res, 200, { posted: toView(message), replaced: false });
}

/** Run a button's action as `who` in `channel`; undefined when the answer was a form, already sent. */
async function click(
  c: Console,
  res: ServerResponse,
  who: ConsolePerson,
  action: string,
  channel: string,
): Promise<ActionResult | undefined> {
  const result = await dispatchAction(c.deps, { action, actor: actor(who), place: consolePlace(channel) });
  if (!result.reply.form) return result;
  sendJson(res, 200, { form: result.reply.form });
  return undefined;
}

/** A button on the Home view: the result goes to the person's DM and the page rebuilds the view. */
async function onHomeAction(c: Console, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const b = await body(c, req, HomeActionBody);
  const who = person(c, b.actingAs);
  const result = await click(c, res, who, b.action, who.id);
  if (!result) return;
  const message = await storeReply(c, who.id, { ...result.reply, visibility: 'ephemeral' }, who);
  sendJson(res, 200, { posted: toView(message) });
}

// ---- the operator's hooks ----

function operatorRoutes(c: Console): Route[] {
  return [
    { method: 'POST', path: '/api/console/run-job', handle: api(c, (req, res) => onRunJob(c, req, res)) },
    {
      method: 'POST',
      path: '/api/console/time-travel',
      handle: api(c, (req, res) => onTimeTravel(c, req, res)),
    },
    { method: 'POST', path: '/api/console/demo', handle: api(c, (req, res) => onDemo(c, req, res)) },
  ];
}

const FAILED = Symbol('failed');

/** Runs a hook; a thrown error is logged with an id the page shows. */
async function hook(
  c: Console,
  res: ServerResponse,
  name: string,
  fn: (() => Promise<unknown>) | undefined,
  failKey: ConsoleMessageKey,
): Promise<unknown> {
  if (!fn) throw c.refuse(501, 'not_available', 'err.not_available');
  try {
    return await fn();
  } catch (err) {
    const id = newErrorId();
    c.log.error('console hook failed', { errorId: id, hook: name, err });
    sendJson(res, 500, { error: 'failed', errorId: id, message: c.t(failKey, { id, job: name }) });
    return FAILED;
  }
}

/** "Run now": one job through its exactly-once claim; a period already run says so. */
async function onRunJob(c: Console, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { t } = c;
  const b = await body(c, req, JobBody);
  const name = CONSOLE_JOBS.find((j) => j === b.name);
  if (!name)
    throw c.refuse(400, 'unknown_job', 'err.unknown_job', { name: b.name, names: CONSOLE_JOBS.join(', ') });
  const runJob = c.opts.runJob;
  const label = t(`job.${name}`);
  const result = await hook(c, res, label, runJob && (() => runJob(name)), 'err.job_failed');
  if (result === FAILED) return;
  const error = propOf(result, 'error');
  if (typeof error === 'string') {
    // The runner already logged it under this id and released the claim.
    const message = t('err.job_failed', { job: label, id: error });
    sendJson(res, 500, { error: 'failed', errorId: error, message });
    return;
  }
  const ran = propOf(result, 'ran');
  c.log.info('job run from the console', { job: name, ran });
  const periodKey = propOf(result, 'periodKey');
  const period = typeof periodKey === 'string' ? periodKey : undefined;
  const summary =
    ran === false && period
      ? t('jobs.already', { job: label, period })
      : [t('jobs.ran', { job: label }), period && t('jobs.period', { period }), summaryOf(result)]
          .filter(Boolean)
          .join(' · ');
  sendJson(res, 200, { ok: true, job: name, ran: ran !== false, summary });
}

/** "+1 小时" and the like: move the bot's clock; open pages hear the new time. */
async function onTimeTravel(c: Console, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const b = await body(c, req, TravelBody);
  if (!Number.isFinite(b.hours) || b.hours <= 0 || b.hours > MAX_TRAVEL_HOURS)
    throw c.refuse(400, 'bad_request', 'err.bad_hours', { max: MAX_TRAVEL_HOURS });
  const advance = c.opts.advanceClock;
  const ms = Math.round(b.hours * 3_600_000);
  const result = await hook(c, res, 'time-travel', advance && (async () => advance(ms)), 'err.clock_failed');
  if (result === FAILED) return;
  const now = c.deps.clock.now();
  c.log.info('console clock moved', { hours: b.hours, now: now.toISOString() });
  c.events.publish({ kind: 'clock', now });
  sendJson(res, 200, { now: now.toISOString() });
}

/** "Load demo data": open pages reload to show it. */
async function onDemo(c: Console, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await body(c, req, z.strictObject({}));
  const result = await hook(c, res, 'demo', c.opts.loadDemo, 'err.demo_failed');
  if (result === FAILED) return;
  c.events.publish({ kind: 'reload' });
  sendJson(res, 200, { ok: true, summary: summaryOf(result) });
}

/** A hook's result as one line for the page: its text, or a job summary's plain figures (`posted=2`). */
function summaryOf(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  const message = propOf(result, 'message');
  if (typeof message === 'string') return message;
  const summary = propOf(result, 'summary');
  if (typeof summary === 'string') return summary;
  if (summary && typeof summary === 'object') {
    const parts = Object.entries(summary)
      .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
      .map(([k, v]) => `${k}=${String(v)}`);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return undefined;
}

/** Submitted values as `key=value` args, like readModalValues: only the form's fields, trimmed, empties left out. */
export function formArgs(form: FormSpec, values: Record<string, string | string[]>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const field of form.fields) {
    const v = own(values, field.name);
    if (v === undefined) continue;
    const joined = (Array.isArray(v) ? v.map((s) => s.trim()).filter(Boolean) : [v]).join(',').trim();
    if (joined) args[field.name] = joined;
  }
  return args;
}

/** Field errors for the form's own fields, and the rest as one message for the top of the form. */
export function splitFieldErrors(
  form: FormSpec,
  errors: Record<string, string>,
): { fieldErrors: Record<string, string>; formError?: string } {
  const names = new Set(form.fields.map((f) => f.name));
  const fieldErrors: Record<string, string> = {};
  const stray: string[] = [];
  for (const [name, message] of Object.entries(errors)) {
    if (names.has(name)) fieldErrors[name] = message;
    else stray.push(message);
  }
  return { fieldErrors, formError: stray.length > 0 ? stray.join('\n') : undefined };
}

// Re-exported so the composition root imports everything console from one place.
export type { ConsoleMessageView } from './events';
export {
  type ConsoleJobName,
  consoleDefaults,
  withConsoleDefaults,
} from './people';
