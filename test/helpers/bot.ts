import type { PgTable } from 'drizzle-orm/pg-core';
import nock from 'nock';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '../../db/client';
import { type Bot, startBot } from '../../src/app';
import { createLogger } from '../../src/log';
import { createTestDb } from './db';
import { FakeClock, MemoryLog, testConfig } from './deps';
import { allowLocalNetworkOnly, restoreNetwork } from './e2e';
import {
  apiBody,
  blockText,
  captureResponse,
  mockAuthTest,
  postSigned,
  SIGNING_SECRET,
  SLACK_API,
  slashBody,
} from './slack';

type Msg = Record<string, unknown>;

/** The bot token in tests; e2e files check that it never reaches the log. */
export const SLACK_TEST_TOKEN = 'xoxb-test-token';

let tsCounter = 100;

/** What Slack answers for each recorded Web API method (only chat.postMessage's ts is used by the bot). */
function slackAnswer(method: string, body: Msg, userNames: Record<string, string>): Msg {
  switch (method) {
    case 'users.info': {
      const name = userNames[String(body.user)];
      if (!name) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: { id: body.user, name: String(body.user).toLowerCase(), profile: { display_name: name } },
      };
    }
    case 'views.open':
      return { ok: true, view: { id: 'V1' } };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: '1.1' };
    default: {
      const ts = method === 'chat.update' ? body.ts : `1700000000.${String(tsCounter++).padStart(6, '0')}`;
      return { ok: true, ts, channel: body.channel };
    }
  }
}

/**
 * Intercept the Web API methods that are keys of `calls` for the rest of the file and push every request
 * onto its list, as Slack received it plus `postedTs` (the ts answered, to find the message's updates).
 */
function recordSlackCalls(calls: Record<string, Msg[]>, userNames: Record<string, string>): void {
  for (const [method, list] of Object.entries(calls)) {
    // Recorders, not expectations: a file need not call every method it records.
    nock(SLACK_API)
      .persist()
      .post(`/api/${method}`)
      .optionally()
      .reply(200, (_u, b) => {
        const body = apiBody(b);
        const answer = slackAnswer(method, body, userNames);
        list.push({ ...body, postedTs: answer.ts });
        return answer;
      });
  }
}

export interface SlackTestBotOptions {
  /** Defaults to Thursday 26 Nov 2026, 10:00 in Shanghai. */
  clock?: FakeClock;
  /** Config on top of the Slack credentials (approvers, admins …). */
  env?: Record<string, string>;
  dispatcherIntervalMs?: number;
  /** Web API methods to record in `calls` (e.g. `chat.postMessage`, `views.open`). */
  record?: readonly string[];
  /** Display names users.info answers with (record `users.info` too); other ids are user_not_found. */
  userNames?: Record<string, string>;
  /** Who types `run` commands, and where, unless a test says otherwise. */
  user?: string;
  channel?: string;
}

export interface SlackTestBot {
  readonly bot: Bot;
  /** The bot's database (the file's own). */
  readonly db: Db;
  /** Where the bot listens, for postSigned. */
  readonly url: string;
  clock: FakeClock;
  memlog: MemoryLog;
  /** Requests to the recorded Web API methods, by method. */
  calls: Record<string, Msg[]>;
  /** Post a signed slash command and resolve with what the bot sent to its response_url. */
  run(command: string, text: string, user?: string): Promise<Msg>;
  /**
   * Run a command that must be refused: one ephemeral reply that contains `message` and the usage line,
   * and no row added to or removed from any of `tables`.
   */
  expectRefused(command: string, text: string, message: string, tables: PgTable[]): Promise<void>;
}

/**
 * The real bot over signed HTTP for one e2e file: a fresh database, Slack's auth.test mocked and no other
 * network, started before the file's tests and closed after them. Call it at the top of the file.
 */
export function useSlackTestBot(opts: SlackTestBotOptions = {}): SlackTestBot {
  const clock = opts.clock ?? new FakeClock(new Date('2026-11-26T02:00:00Z'));
  const memlog = new MemoryLog();
  // users.info is always answered (names from `userNames`, others user_not_found): cards show names.
  const calls: Record<string, Msg[]> = Object.fromEntries(
    [...new Set([...(opts.record ?? []), 'users.info'])].map((m) => [m, []]),
  );
  let bot: Bot | undefined;
  let h: Awaited<ReturnType<typeof createTestDb>> | undefined;

  beforeAll(async () => {
    allowLocalNetworkOnly();
    h = await createTestDb();
    mockAuthTest();
    recordSlackCalls(calls, opts.userNames ?? {});
    const config = testConfig({
      PORT: '0',
      SLACK_BOT_TOKEN: SLACK_TEST_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${SLACK_API}/api/`,
      ...opts.env,
    });
    bot = await startBot(config, {
      db: h,
      clock,
      log: createLogger('debug', {}, memlog),
      host: '127.0.0.1',
      dispatcherIntervalMs: opts.dispatcherIntervalMs ?? 50,
    });
  });

  afterAll(async () => {
    await bot?.close();
    await h?.close();
    restoreNetwork();
  });

  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the test bot is not running: use it inside a test or hook');
    return v;
  };

  const run: SlackTestBot['run'] = async (command, text, user = opts.user ?? 'U_SPEC') => {
    const { body, responsePath } = slashBody(command, text, user, opts.channel);
    const reply = captureResponse(responsePath);
    const res = await postSigned(started(bot).url, body);
    expect(res.status).toBe(200);
    return reply;
  };
  const rowCounts = (tables: PgTable[]) =>
    Promise.all(tables.map(async (t) => (await started(h).db.select().from(t)).length));

  return {
    get bot() {
      return started(bot);
    },
    get db() {
      return started(h).db;
    },
    get url() {
      return started(bot).url;
    },
    clock,
    memlog,
    calls,
    run,
    async expectRefused(command, text, message, tables) {
      const before = await rowCounts(tables);
      const reply = await run(command, text);
      expect(reply.response_type).toBe('ephemeral');
      expect(blockText(reply)).toContain(message);
      expect(blockText(reply)).toMatch(/Usage/);
      expect(await rowCounts(tables)).toEqual(before);
    },
  };
}
