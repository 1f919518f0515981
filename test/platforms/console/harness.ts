/**
 * A running console for tests: the real HTTP server with the console routes, a real outbox dispatcher with
 * the console sender, on a fresh test database. startBot does not wire the console yet, so this builds
 * the same pieces it will.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Card } from '../../../src/chat/card';
import type { Locale } from '../../../src/chat/i18n';
import { directoryOf } from '../../../src/chat/names';
import { Dispatcher } from '../../../src/delivery/dispatcher';
import type { Deps } from '../../../src/deps';
import { createHttpServer } from '../../../src/http';
import {
  type ConsoleApiResult,
  type ConsoleMessageView,
  type ConsoleOptions,
  type ConsoleRuntime,
  type ConsoleState,
  consoleRuntime,
  withConsoleDefaults,
} from '../../../src/platforms/console/app';
import { consoleUserName } from '../../../src/platforms/console/people';
import { createTestDb } from '../../helpers/db';
import { FakeClock, type MemoryLog, testConfig, testDeps } from '../../helpers/deps';

export interface ConsoleHarness {
  url: string;
  deps: Deps & { clock: FakeClock; memlog: MemoryLog };
  db: Awaited<ReturnType<typeof createTestDb>>;
  runtime: ConsoleRuntime;
  dispatcher: Dispatcher;
  server: Server;
  close(): Promise<void>;
}

export async function startConsole(
  opts: {
    locale?: Locale;
    /** The clock-control hooks, given the deps the console runs on (as src/app.ts will). */
    hooks?: (deps: Deps & { clock: FakeClock }) => ConsoleOptions;
    now?: string;
  } = {},
): Promise<ConsoleHarness> {
  const db = await createTestDb();
  const clock = new FakeClock(new Date(opts.now ?? '2026-11-26T02:00:00Z'));
  const config = withConsoleDefaults(testConfig({ LOCALE: opts.locale ?? 'en' }));
  const deps = testDeps(db, { config, clock });
  deps.names = directoryOf({ console: consoleUserName });
  const runtime = consoleRuntime(deps, opts.hooks?.(deps) ?? {});
  const dispatcher = new Dispatcher(deps, runtime.senders);
  const server = createHttpServer(runtime.routes, deps.log);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dispatcher.start(25);
  return {
    url,
    deps,
    db,
    runtime,
    dispatcher,
    server,
    close: async () => {
      await dispatcher.stop();
      await runtime.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    },
  };
}

export async function post(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: ConsoleApiResult }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as ConsoleApiResult };
}

/** GET /api/console/state as one person. */
export async function getState(base: string, as?: string): Promise<{ status: number; json: ConsoleState }> {
  const res = await fetch(
    `${base}/api/console/state${as === undefined ? '' : `?as=${encodeURIComponent(as)}`}`,
  );
  return { status: res.status, json: (await res.json()) as ConsoleState };
}

export interface SseEvent {
  event: 'message' | 'update' | 'clock' | 'reload';
  /** A message view for message/update; `{ now }` for clock. */
  data: Partial<ConsoleMessageView> & { now?: string };
}

/** A live SSE subscription that collects events, so a test can wait for the one it expects. */
export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly abort = new AbortController();
  private done?: Promise<void>;

  static async open(base: string, as: string): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(`${base}/api/console/events?as=${encodeURIComponent(as)}`, {
      signal: c.abort.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`SSE refused: ${res.status}`);
    c.done = c.read(res.body);
    return c;
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of body) {
        buf += decoder.decode(chunk, { stream: true });
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data) this.events.push({ event: event as SseEvent['event'], data: JSON.parse(data) });
          i = buf.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  }

  async waitFor(pred: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.events.find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`no matching SSE event; got ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close() {
    this.abort.abort();
    await this.done;
  }
}

export const waitFor = async <T>(fn: () => Promise<T | undefined>, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** All text a card shows, for assertions. */
export function cardText(card: Omit<Card, 'image'> | undefined): string {
  if (!card) return '';
  return [
    card.title,
    card.text,
    ...(card.fields ?? []).flatMap((f) => [f.label, f.value]),
    ...(card.sections ?? []).flatMap((s) => [s.heading, ...s.lines]),
    ...(card.context ?? []),
  ]
    .filter(Boolean)
    .join('\n');
}
