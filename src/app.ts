import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DbHandle, openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { pingDb } from '../db/queries/health';
import { inboxBacklog } from '../db/queries/inbox';
import { sentMessageRef } from '../db/queries/outbox';
import { runDueBetween, runJob } from '../jobs/index';
import { startScheduler } from '../jobs/scheduler';
import { cachedLookup, directoryOf } from './chat/names';
import type { Config } from './config';
import { Dispatcher, type Sender } from './delivery/dispatcher';
import { loadDemoData } from './demo/seed';
import { showDemoInChannels } from './demo/show';
import { type Clock, type Deps, ShiftedClock, systemClock } from './deps';
import { createHttpServer, type Route, sendJson } from './http';
import { InboxWorker } from './inbox/worker';
import { metricsApiRoute } from './ingest/api';
import { createLogger, type Logger } from './log';
import { metricsRoute } from './ops/metrics';
import {
  type ConsoleRuntime,
  consoleRuntime,
  isLoopback,
  withConsoleDefaults,
} from './platforms/console/app';
import { CONSOLE_DEMO_PEOPLE, consoleUserName } from './platforms/console/people';
import { createSlackApp, type SlackRuntime } from './platforms/slack/app';
import { SLACK_REPLY_PLATFORM, slackReplySender } from './platforms/slack/reply-sender';
import { slackSender } from './platforms/slack/sender';
import { slackUserName } from './platforms/slack/users';
import { startWecom } from './platforms/wecom/app';

export interface Bot {
  deps: Deps;
  db: DbHandle;
  server: Server;
  url: string;
  dispatcher: Dispatcher;
  inbox: InboxWorker;
  slack?: SlackRuntime;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  clock?: Clock;
  /** Use an already open database (tests); otherwise open from config. */
  db?: DbHandle;
  /** Host to bind; defaults to all interfaces, or CONSOLE_HOST when only the console runs. */
  host?: string;
  dispatcherIntervalMs?: number;
  /** Start the cron scheduler (default true). Tests drive jobs with runJob instead. */
  scheduler?: boolean;
}

/** The composition root: config → db → platforms → one HTTP server → outbox dispatcher. */
export async function startBot(config: Config, opts: StartOptions = {}): Promise<Bot> {
  const log = opts.log ?? createLogger(config.logLevel);
  const db =
    opts.db ??
    (await openDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      say: (line) => log.info(line),
    }));
  try {
    if (!opts.db) await migrate(db);
    // The console plays a channel with demo people; time travel moves only this bot's clock.
    const shifted = config.console.enabled && !opts.clock ? new ShiftedClock() : undefined;
    const deps: Deps = {
      db: db.db,
      config: config.console.enabled ? withConsoleDefaults(config) : config,
      log,
      clock: opts.clock ?? shifted ?? systemClock,
    };

    const routes: Route[] = [
      {
        method: 'GET',
        path: '/healthz',
        handle: async (_req, res) => {
          try {
            await withTimeout(pingDb(db.db), 2_000);
          } catch (e) {
            log.warn('healthz: the database does not answer', { error: (e as Error).message });
            sendJson(res, 503, {
              ok: false,
              db: 'unreachable',
              error: 'mopsbot cannot reach its database',
            });
            return;
          }
          sendJson(res, 200, {
            ok: true,
            db: db.kind,
            slack: config.slack ? (config.slack.appToken ? 'socket' : 'http') : 'off',
            wecom: config.wecom ? 'on' : 'off',
          });
        },
      },
    ];

    routes.push(metricsApiRoute(deps));
    const senders: Record<string, Sender> = {};
    // The dispatcher reads `senders` on each pass, so the adapters below can still add theirs.
    const dispatcher = new Dispatcher(deps, senders);
    const inbox = new InboxWorker(deps, { onCommitted: () => dispatcher.poke() });
    let slack: SlackRuntime | undefined;
    if (config.slack) {
      slack = await createSlackApp(deps, inbox);
      const listener = slack.listener;
      if (listener) routes.push({ method: 'POST', path: '/slack/events', handle: listener });
      senders.slack = slackSender({
        lookupRef: (outboxId) => sentMessageRef(db.db, outboxId),
        token: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        locale: config.locale,
        log,
      });
      senders[SLACK_REPLY_PLATFORM] = slackReplySender({
        token: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        locale: config.locale,
        log,
        clock: deps.clock,
      });
    } else {
      log.warn(
        'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode) or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) to connect a workspace',
      );
    }

    const wecom = startWecom(deps, inbox);
    routes.push(...wecom.routes);
    Object.assign(senders, wecom.senders);

    let consoleRt: ConsoleRuntime | undefined;
    if (config.console.enabled) {
      consoleRt = consoleRuntime(deps, {
        runJob: (name) => runJob(deps, name, deps.clock.now()),
        // Moving the clock runs what the scheduler would have run in between (digests at their slots).
        advanceClock: shifted
          ? async (ms) => {
              const from = deps.clock.now();
              shifted.advance(ms);
              await runDueBetween(deps, from, deps.clock.now());
            }
          : undefined,
        loadDemo: async () => {
          const summary = await loadDemoData(deps, { now: deps.clock.now(), people: CONSOLE_DEMO_PEOPLE });
          if (!summary.alreadyLoaded) await showDemoInChannels(deps, deps.clock.now());
          return summary;
        },
        allowedHosts: [config.console.host],
        allowRemote: config.console.host !== 'localhost' && !isLoopback(config.console.host),
      });
      routes.push(...consoleRt.routes);
      senders.console = consoleRt.sender;
    }

    routes.push(
      metricsRoute(
        {
          db: db.db,
          poolMax: db.pool().max,
          inboundBacklog: () => inboxBacklog(db.db),
          now: () => deps.clock.now(),
        },
        config.metricsToken,
      ),
    );
    // Display names for cards: linked persons first (chat/names.ts), then each platform's directory.
    const onNameError = (platform: string) => (e: unknown) =>
      log.debug('display name lookup failed; showing the id', { platform, error: (e as Error).message });
    const wecomApi = wecom.api;
    deps.names = directoryOf({
      slack: config.slack
        ? cachedLookup(slackUserName({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, log }), {
            onError: onNameError('slack'),
          })
        : undefined,
      wecom: wecomApi
        ? cachedLookup((id) => wecomApi.getUserName(id), { onError: onNameError('wecom') })
        : undefined,
      console: consoleUserName,
    });

    const server = createHttpServer(routes, log);
    const host = opts.host ?? (config.slack || config.wecom ? '0.0.0.0' : config.console.host);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
    // What a person types: localhost reads better than the loopback address the console binds to.
    const shown = url.replace('//127.0.0.1:', '//localhost:');
    if (consoleRt)
      log.info(`Console: open ${shown}/ in your browser (no login: do not expose it)`, { url: `${shown}/` });
    await slack?.start();
    dispatcher.start(opts.dispatcherIntervalMs);
    // Also finishes what an earlier process acknowledged but did not get to (a crash, a kill -9).
    inbox.start(opts.dispatcherIntervalMs);
    const scheduler = opts.scheduler === false ? undefined : await startScheduler(deps);
    log.info('mopsbot is running', {
      url,
      db: db.kind,
      slack: config.slack ? (config.slack.appToken ? 'socket' : 'http') : 'off',
    });

    return {
      deps,
      db,
      server,
      url,
      dispatcher,
      inbox,
      slack,
      close: async () => {
        await scheduler?.stop();
        await slack?.stop();
        await inbox.stop();
        await dispatcher.stop();
        consoleRt?.close();
        await new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections?.();
        if (!opts.db) await db.close();
      },
    };
  } catch (e) {
    if (!opts.db) await db.close();
    throw e;
  }
}

/** Rejects when `p` has not settled within `ms` (a database that does not answer at all). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
