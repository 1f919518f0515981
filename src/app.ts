import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DbHandle, openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { pingDb } from '../db/queries/health';
import { inboxBacklog } from '../db/queries/inbox';
import { runDueBetween, runJob } from '../jobs/index';
import { startScheduler } from '../jobs/scheduler';
import { directoryOf } from './chat/names';
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
import { withConsoleDefaults } from './platforms/console/app';
import { CONSOLE_DEMO_PEOPLE, consoleUserName } from './platforms/console/people';
import { createPlatforms, PLATFORM_NAMES } from './platforms/index';
import type { OperatorHooks, PlatformRuntime } from './platforms/runtime';
import { errorMessage } from './util/errors';

export interface Bot {
  deps: Deps;
  db: DbHandle;
  server: Server;
  url: string;
  dispatcher: Dispatcher;
  inbox: InboxWorker;
  /** The configured platforms, in start order. */
  platforms: PlatformRuntime[];
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

/**
 * The composition root: config → db → deps → platforms (each configured one) → one HTTP server → outbox
 * dispatcher, inbox worker and scheduler.
 */
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
    const { deps, hooks } = botDeps(config, db, log, opts.clock);
    const senders: Record<string, Sender> = {};
    const dispatcher = new Dispatcher(deps, senders);
    const inbox = new InboxWorker(deps, { onCommitted: () => dispatcher.poke() });
    const platforms = await createPlatforms({ deps, inbox, hooks });
    for (const p of platforms) Object.assign(senders, p.senders);
    deps.names = namesDirectory(platforms);
    const health = Object.fromEntries(
      PLATFORM_NAMES.map((name) => [name, platforms.find((p) => p.name === name)?.health ?? 'off']),
    );

    const server = createHttpServer(
      [
        healthzRoute(db, log, health),
        metricsApiRoute(deps),
        ...platforms.flatMap((p) => p.routes),
        metricsRoute(
          {
            db: db.db,
            poolMax: db.pool().max,
            inboundBacklog: () => inboxBacklog(db.db),
            now: () => deps.clock.now(),
          },
          config.metricsToken,
        ),
      ],
      log,
    );
    const url = await listen(server, config.port, opts.host ?? bindHost(config));
    for (const p of platforms) await p.start({ url });
    dispatcher.start(opts.dispatcherIntervalMs);
    // Also finishes what an earlier process acknowledged but did not get to (a crash, a kill -9).
    inbox.start(opts.dispatcherIntervalMs);
    const scheduler = opts.scheduler === false ? undefined : await startScheduler(deps);
    log.info('mopsbot is running', { url, db: db.kind, ...health });

    return {
      deps,
      db,
      server,
      url,
      dispatcher,
      inbox,
      platforms,
      close: async () => {
        await scheduler?.stop();
        for (const p of [...platforms].reverse()) await p.stop();
        await inbox.stop();
        await dispatcher.stop();
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

/**
 * The bot's deps, and the operator's hooks over them. With the console on, the config gets the console's
 * people and channels, and the clock can be moved (time travel moves only this bot's clock).
 */
function botDeps(
  config: Config,
  db: DbHandle,
  log: Logger,
  clock: Clock | undefined,
): { deps: Deps; hooks: OperatorHooks } {
  const shifted = config.console.enabled && !clock ? new ShiftedClock() : undefined;
  const deps: Deps = {
    db: db.db,
    config: config.console.enabled ? withConsoleDefaults(config) : config,
    log,
    clock: clock ?? shifted ?? systemClock,
  };
  const hooks: OperatorHooks = {
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
  };
  return { deps, hooks };
}

/**
 * Display names for cards: linked persons first (chat/names.ts), then each platform's directory. The demo
 * people keep their names when the console is off (demo data loaded for a Slack workspace).
 */
function namesDirectory(platforms: PlatformRuntime[]) {
  return directoryOf({
    console: consoleUserName,
    ...Object.fromEntries(platforms.map((p) => [p.name, p.userName])),
  });
}

/** GET /healthz: 503 when the database does not answer within 2 s, else which platforms run and how. */
function healthzRoute(db: DbHandle, log: Logger, platforms: Record<string, string>): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handle: async (_req, res) => {
      try {
        await withTimeout(pingDb(db.db), 2_000);
      } catch (e) {
        log.warn('healthz: the database does not answer', { error: errorMessage(e) });
        sendJson(res, 503, { ok: false, db: 'unreachable', error: 'mopsbot cannot reach its database' });
        return;
      }
      sendJson(res, 200, { ok: true, db: db.kind, ...platforms });
    },
  };
}

/** All interfaces when Slack or WeCom must reach the bot; the console alone stays on CONSOLE_HOST. */
const bindHost = (config: Config) => (config.slack || config.wecom ? '0.0.0.0' : config.console.host);

/** Listen on host:port; the URL a person can open (localhost rather than 0.0.0.0). */
async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}`;
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
