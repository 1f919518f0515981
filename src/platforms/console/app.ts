/**
 * The local web console: a page that plays a Slack workspace, with a JSON + SSE API on the bot's one HTTP
 * server. Commands, clicks and forms go through the same dispatchers as Slack; cards are stored neutral
 * and rendered by the page. It has no login, so it guards against other sites and DNS rebinding instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { z } from 'zod';
import {
  consoleMessageById,
  insertConsoleMessage,
  publicConsoleChannels,
  updateConsoleMessageCard,
  visibleConsoleMessages,
} from '../../../db/queries/console';
import type { ConsoleMessage } from '../../../db/schema';
import { dispatchAction, dispatchCommand, dispatchForm, formFor } from '../../../handlers/index';
import type { FormSpec, Reply } from '../../chat/card';
import { encodeCard } from '../../chat/card-codec';
import { type Actor, actorKey, type Place } from '../../chat/command';
import type { Locale, Params } from '../../chat/i18n';
import { homeCards } from '../../chat/messages/home';
import { consoleAddress } from '../../delivery/destinations';
import type { Sender } from '../../delivery/dispatcher';
import type { Deps } from '../../deps';
import { homeFigures } from '../../domain/home';
import { getSettings } from '../../domain/settings';
import { type Route, readBody, sendJson, sendText } from '../../http';
import { newErrorId } from '../../log';
import { ConsoleEvents, type ConsoleMessageView, toView } from './events';
import { type ConsoleMessageKey, tConsole } from './messages';
import { PAGE_CSP, renderPage } from './page';
import {
  CONSOLE_CHANNEL_IDS,
  CONSOLE_JOBS,
  CONSOLE_PEOPLE,
  type ConsoleJobName,
  type ConsolePerson,
  consolePerson,
  DM_VIEW,
  HOME_VIEW,
} from './people';
import { consoleSender } from './sender';

export interface ConsoleOptions {
  /** Run one scheduled job now, through its exactly-once claim; may return a summary to show. */
  runJob?: (name: ConsoleJobName) => Promise<unknown>;
  /** Move the bot's clock forward (console mode only). */
  advanceClock?: (ms: number) => Promise<void> | void;
  /** Fill the database with the demo data set. */
  loadDemo?: () => Promise<unknown>;
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

export interface ConsoleRuntime {
  routes: Route[];
  /** Delivers outbox rows whose platform is `console`. */
  sender: Sender;
  /** Ends open event streams; call it before closing the HTTP server, which would otherwise wait for them. */
  close(): void;
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

/** A refusal with an HTTP status and a clear, localised message. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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
const STATIC_DIR = [
  new URL('./static/', import.meta.url),
  new URL('../src/platforms/console/static/', import.meta.url),
].find((u) => existsSync(u))!;
const staticFile = (name: string) => readFileSync(new URL(name, STATIC_DIR), 'utf8');

/** Build the console's routes and its outbox sender. */
export function consoleRuntime(deps: Deps, opts: ConsoleOptions = {}): ConsoleRuntime {
  const locale = deps.config.locale;
  const log = deps.log.child({ platform: 'console' });
  const events = new ConsoleEvents();
  const sender = consoleSender(deps, events);
  const t = (key: ConsoleMessageKey, params?: Params) => tConsole(locale, key, params);
  const allowedHosts = new Set((opts.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const historyLimit = opts.historyLimit ?? 400;
  const page = renderPage(locale);
  const appJs = staticFile('app.js');
  const styleCss = staticFile('style.css');
  const strings = Object.fromEntries(
    (Object.keys(tConsole.catalogue) as ConsoleMessageKey[]).map((k) => [k, tConsole(locale, k)]),
  );

  const refuse = (status: number, code: string, key: ConsoleMessageKey, params?: Params) =>
    new Refusal(status, code, t(key, params));

  /**
   * This machine only: refuse other machines (unless allowRemote), other sites' pages (CSRF) and foreign
   * host names (DNS rebinding).
   */
  function guard(req: IncomingMessage): void {
    if (!opts.allowRemote && !isLoopback(req.socket?.remoteAddress))
      throw refuse(403, 'forbidden_remote', 'err.forbidden_remote');
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    const host = hostHeader.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (host !== 'localhost' && isIP(host) === 0 && !allowedHosts.has(host))
      throw refuse(403, 'forbidden_host', 'err.forbidden_host', { host: host || '∅' });
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let originHost = '';
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        originHost = '';
      }
      if (originHost !== hostHeader) throw refuse(403, 'forbidden_origin', 'err.forbidden_origin');
    }
    if (req.headers['sec-fetch-site'] === 'cross-site')
      throw refuse(403, 'forbidden_origin', 'err.forbidden_origin');
  }

  async function body<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
    // JSON only: a cross-site form or text/plain POST cannot send it without a preflight we never grant.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      throw refuse(415, 'content_type', 'err.content_type');
    let raw: unknown;
    try {
      raw = JSON.parse((await readBody(req, 256 * 1024)).toString('utf8'));
    } catch (e) {
      if ((e as { status?: number }).status === 413) throw e;
      throw refuse(400, 'bad_json', 'err.bad_json');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw refuse(400, 'bad_json', 'err.bad_json');
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys')
      throw refuse(400, 'bad_request', 'err.unknown_field', { field: issue.keys.join(', ') });
    const field = issue.path.map(String).join('.') || '?';
    const missing = (raw as Record<string, unknown>)[String(issue.path[0])] === undefined;
    throw refuse(400, 'bad_request', missing ? 'err.missing_field' : 'err.bad_field', { field });
  }

  function person(id: string): ConsolePerson {
    const p = consolePerson(id);
    if (!p)
      throw refuse(400, 'unknown_person', 'err.unknown_person', {
        id,
        ids: CONSOLE_PEOPLE.map((x) => x.id).join(', '),
      });
    return p;
  }

  async function channels(): Promise<string[]> {
    const extra = (await publicConsoleChannels(deps.db)).filter(
      (c) => !CONSOLE_CHANNEL_IDS.includes(c) && !consolePerson(c),
    );
    return [...CONSOLE_CHANNEL_IDS, ...extra];
  }

  /** The console channel (as stored and shown) a command or form runs in; the DM view is the person's own. */
  async function viewChannel(channel: string, who: ConsolePerson): Promise<string> {
    if (channel === DM_VIEW || channel === HOME_VIEW) return who.id;
    const known = await channels();
    if (!known.includes(channel))
      throw refuse(400, 'unknown_channel', 'err.unknown_channel', {
        channel,
        channels: [...known, DM_VIEW].join(', '),
      });
    return channel;
  }

  const actor = (p: ConsolePerson): Actor => ({ platform: 'console', userId: p.id, name: p.name });

  /** Store a reply: ephemeral ones (and anything in a DM) only for the person who acted. */
  async function storeReply(channel: string, reply: Reply, who: ConsolePerson): Promise<ConsoleMessage> {
    const message = await insertConsoleMessage(deps.db, {
      channel,
      visibleTo: reply.visibility === 'ephemeral' || consolePerson(channel) ? who.id : null,
      card: encodeCard(reply.card),
      createdAt: deps.clock.now(),
    });
    events.publish({ kind: 'message', message });
    return message;
  }

  /** Wraps an API handler: guard first, refusals become `{ error, message }` with their status. */
  const api =
    (handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      try {
        guard(req);
        await handle(req, res, url);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        sendJson(res, e.status, { error: e.code, message: e.message });
      }
    };

  /** Runs a clock-control hook; a thrown error is logged with an id the page shows. */
  async function hook(
    res: ServerResponse,
    name: string,
    fn: (() => Promise<unknown>) | undefined,
    failKey: ConsoleMessageKey,
  ): Promise<unknown> {
    if (!fn) throw refuse(501, 'not_available', 'err.not_available');
    try {
      return await fn();
    } catch (err) {
      const id = newErrorId();
      log.error('console hook failed', { errorId: id, hook: name, err });
      sendJson(res, 500, { error: 'failed', errorId: id, message: t(failKey, { id, job: name }) });
      return FAILED;
    }
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/',
      handle: api(async (_req, res) => {
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
    {
      method: 'GET',
      path: '/console/app.js',
      handle: api(async (_req, res) => sendAsset(res, appJs, 'text/javascript; charset=utf-8')),
    },
    {
      method: 'GET',
      path: '/console/style.css',
      handle: api(async (_req, res) => sendAsset(res, styleCss, 'text/css; charset=utf-8')),
    },
    {
      method: 'GET',
      path: '/api/console/state',
      handle: api(async (_req, res, url) => {
        const who = person(url.searchParams.get('as') ?? CONSOLE_PEOPLE[0]!.id);
        const rows = await visibleConsoleMessages(deps.db, who.id, historyLimit);
        const state: ConsoleState = {
          locale,
          tz: deps.config.tz,
          now: deps.clock.now().toISOString(),
          actingAs: who.id,
          people: CONSOLE_PEOPLE,
          channels: [...(await channels()), DM_VIEW],
          dm: DM_VIEW,
          home: HOME_VIEW,
          jobs: CONSOLE_JOBS,
          hooks: { runJob: !!opts.runJob, advanceClock: !!opts.advanceClock, loadDemo: !!opts.loadDemo },
          strings,
          messages: rows.map(toView),
        };
        sendJson(res, 200, state);
      }),
    },
    {
      method: 'GET',
      path: '/api/console/events',
      handle: api(async (_req, res, url) => {
        const who = person(url.searchParams.get('as') ?? '');
        events.open(res, who.id, deps.clock.now());
      }),
    },
    {
      method: 'POST',
      path: '/api/console/command',
      handle: api(async (req, res) => {
        const b = await body(req, CommandBody);
        const who = person(b.actingAs);
        const channel = await viewChannel(b.channel, who);
        const reply = await dispatchCommand(deps, {
          text: b.text,
          actor: actor(who),
          place: consolePlace(channel),
          formsSupported: true,
        });
        if (reply.form) {
          sendJson(res, 200, { form: reply.form });
          return;
        }
        sendJson(res, 200, { posted: toView(await storeReply(channel, reply, who)) });
      }),
    },
    {
      method: 'POST',
      path: '/api/console/form',
      handle: api(async (req, res) => {
        const b = await body(req, FormBody);
        const who = person(b.actingAs);
        const channel = await viewChannel(b.channel, who);
        const form = formFor(b.command, locale);
        if (!form) throw refuse(400, 'unknown_form', 'err.unknown_form', { command: b.command });
        const reply = await dispatchForm(deps, {
          command: b.command,
          args: formArgs(form, b.args),
          actor: actor(who),
          place: consolePlace(channel),
        });
        if (reply.fieldErrors && Object.keys(reply.fieldErrors).length > 0) {
          // Like a Slack modal: the form stays open with the problems next to their fields.
          sendJson(res, 200, splitFieldErrors(form, reply.fieldErrors));
          return;
        }
        // Slack shows a form's result ephemerally to the submitter; so does the console.
        const message = await storeReply(channel, { ...reply, visibility: 'ephemeral' }, who);
        sendJson(res, 200, { posted: toView(message) });
      }),
    },
    {
      method: 'POST',
      path: '/api/console/action',
      handle: api(async (req, res) => {
        const b = await body(req, ActionBody);
        const who = person(b.actingAs);
        const original = await consoleMessageById(deps.db, b.messageId);
        if (!original || (original.visibleTo !== null && original.visibleTo !== who.id))
          throw refuse(400, 'unknown_message', 'err.unknown_message', { id: b.messageId });
        const result = await dispatchAction(deps, {
          action: b.action,
          actor: actor(who),
          place: consolePlace(original.channel),
        });
        if (result.reply.form) {
          sendJson(res, 200, { form: result.reply.form });
          return;
        }
        if (result.replaceOriginal) {
          const updated = await updateConsoleMessageCard(deps.db, original.id, encodeCard(result.reply.card));
          if (updated) {
            events.publish({ kind: 'update', message: updated });
            sendJson(res, 200, { posted: toView(updated), replaced: true });
            return;
          }
        }
        const message = await storeReply(original.channel, result.reply, who);
        sendJson(res, 200, { posted: toView(message), replaced: false });
      }),
    },
    {
      method: 'GET',
      path: '/api/console/home',
      handle: api(async (_req, res, url) => {
        const who = person(url.searchParams.get('as') ?? '');
        const now = deps.clock.now();
        const tz = deps.config.tz;
        const settings = await getSettings(deps.db, deps.config);
        const figures = await homeFigures(deps.db, settings, actorKey(actor(who)), now, tz);
        sendJson(res, 200, { cards: homeCards(locale, tz, now, figures).map(encodeCard) });
      }),
    },
    {
      method: 'POST',
      path: '/api/console/home-action',
      handle: api(async (req, res) => {
        // A button on the Home view: the result goes to the person's DM and the page rebuilds the view.
        const b = await body(req, HomeActionBody);
        const who = person(b.actingAs);
        const result = await dispatchAction(deps, {
          action: b.action,
          actor: actor(who),
          place: consolePlace(who.id),
        });
        if (result.reply.form) {
          sendJson(res, 200, { form: result.reply.form });
          return;
        }
        const message = await storeReply(who.id, { ...result.reply, visibility: 'ephemeral' }, who);
        sendJson(res, 200, { posted: toView(message) });
      }),
    },
    {
      method: 'POST',
      path: '/api/console/run-job',
      handle: api(async (req, res) => {
        const b = await body(req, JobBody);
        const name = CONSOLE_JOBS.find((j) => j === b.name);
        if (!name)
          throw refuse(400, 'unknown_job', 'err.unknown_job', {
            name: b.name,
            names: CONSOLE_JOBS.join(', '),
          });
        const runJob = opts.runJob;
        const label = t(`job.${name}`);
        const result = await hook(res, label, runJob && (() => runJob(name)), 'err.job_failed');
        if (result === FAILED) return;
        const r = (result ?? {}) as { ran?: unknown; periodKey?: unknown; error?: unknown };
        if (typeof r.error === 'string') {
          // The runner already logged it under this id and released the claim.
          sendJson(res, 500, {
            error: 'failed',
            errorId: r.error,
            message: t('err.job_failed', { job: label, id: r.error }),
          });
          return;
        }
        log.info('job run from the console', { job: name, ran: r.ran });
        const period = typeof r.periodKey === 'string' ? r.periodKey : undefined;
        const summary =
          r.ran === false && period
            ? t('jobs.already', { job: label, period })
            : [t('jobs.ran', { job: label }), period && t('jobs.period', { period }), summaryOf(result)]
                .filter(Boolean)
                .join(' · ');
        sendJson(res, 200, { ok: true, job: name, ran: r.ran !== false, summary });
      }),
    },
    {
      method: 'POST',
      path: '/api/console/time-travel',
      handle: api(async (req, res) => {
        const b = await body(req, TravelBody);
        if (!Number.isFinite(b.hours) || b.hours <= 0 || b.hours > MAX_TRAVEL_HOURS)
          throw refuse(400, 'bad_request', 'err.bad_hours', { max: MAX_TRAVEL_HOURS });
        const advance = opts.advanceClock;
        const ms = Math.round(b.hours * 3_600_000);
        const result = await hook(
          res,
          'time-travel',
          advance && (async () => advance(ms)),
          'err.clock_failed',
        );
        if (result === FAILED) return;
        const now = deps.clock.now();
        log.info('console clock moved', { hours: b.hours, now: now.toISOString() });
        events.publish({ kind: 'clock', now });
        sendJson(res, 200, { now: now.toISOString() });
      }),
    },
    {
      method: 'POST',
      path: '/api/console/demo',
      handle: api(async (req, res) => {
        await body(req, z.strictObject({}));
        const result = await hook(res, 'demo', opts.loadDemo, 'err.demo_failed');
        if (result === FAILED) return;
        events.publish({ kind: 'reload' });
        sendJson(res, 200, { ok: true, summary: summaryOf(result) });
      }),
    },
  ];

  return {
    routes,
    sender,
    close: () => events.close(),
    get streams() {
      return events.size;
    },
  };
}

const FAILED = Symbol('failed');

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (what a dual-stack listener reports). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function sendAsset(res: ServerResponse, body: string, type: string): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-cache');
  sendText(res, 200, body, type);
}

/** A hook's result as one line for the page: its text, or a job summary's plain figures (`posted=2`). */
function summaryOf(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (!result || typeof result !== 'object') return undefined;
  const r = result as { message?: unknown; summary?: unknown };
  if (typeof r.message === 'string') return r.message;
  if (typeof r.summary === 'string') return r.summary;
  if (r.summary && typeof r.summary === 'object') {
    const parts = Object.entries(r.summary)
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
    if (!Object.hasOwn(values, field.name)) continue;
    const v = values[field.name]!;
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
