/**
 * The platform contract. Each chat platform (src/platforms/<name>/index.ts) builds one PlatformRuntime
 * from the bot's deps when it is configured; the composition root (src/app.ts) loops over them: it mounts
 * their routes on the one HTTP server, gives their senders to the outbox dispatcher, names users on cards
 * through their directories, reports them in /healthz, and starts and stops them with the bot.
 */

import type { PlatformName } from '../chat/command';
import { cachedLookup } from '../chat/names';
import type { Sender } from '../delivery/dispatcher';
import type { Deps } from '../deps';
import type { Route } from '../http';
import type { InboxWorker } from '../inbox/worker';
import { errorMessage } from '../util/errors';
import type { ConsoleJobName } from './console/people';

export interface PlatformRuntime {
  name: PlatformName;
  /** HTTP routes to mount on the bot's server (none in Slack Socket Mode). */
  routes: Route[];
  /** Outbox senders by outbox platform: `slack` and `slack-reply`, `wecom` and `wecom-robot`, `console`. */
  senders: Record<string, Sender>;
  /** A user's display name on this platform, for cards (src/chat/names.ts); absent when it has no directory. */
  userName?: (userId: string) => Promise<string | undefined>;
  /** What /healthz says about it (`http`, `socket`, `on`, `off`). */
  health: string;
  /** After the HTTP server listens at `url` (Socket Mode connects here). */
  start(server: { url: string }): Promise<void>;
  /** Before the HTTP server closes: end connections and streams the server would wait for. */
  stop(): Promise<void>;
}

/** What the operator can do besides chatting; the console offers them as buttons. */
export interface OperatorHooks {
  /** Run one scheduled job now, through its exactly-once claim; may return a summary to show. */
  runJob?: (name: ConsoleJobName) => Promise<unknown>;
  /** Move the bot's clock forward (console mode only). */
  advanceClock?: (ms: number) => Promise<void> | void;
  /** Fill the database with the demo data set. */
  loadDemo?: () => Promise<unknown>;
}

/** What a platform is built from. */
export interface PlatformContext {
  deps: Deps;
  /** Inbound events are written here before their ack and worked on by it. */
  inbox: InboxWorker;
  hooks: OperatorHooks;
}

/** Builds a platform's runtime, or undefined when its configuration is absent. */
export type PlatformFactory = (ctx: PlatformContext) => Promise<PlatformRuntime | undefined>;

/** A directory lookup with a cache; a failed lookup is logged at debug and the card shows the id. */
export function cachedUserNames(
  deps: Pick<Deps, 'log'>,
  platform: PlatformName,
  fetch: (userId: string) => Promise<string | undefined>,
): (userId: string) => Promise<string | undefined> {
  return cachedLookup(fetch, {
    onError: (e) =>
      deps.log.debug('display name lookup failed; showing the id', { platform, error: errorMessage(e) }),
  });
}
