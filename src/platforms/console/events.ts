/**
 * Live updates for open console pages over Server-Sent Events. Each stream belongs to one acting person,
 * so an ephemeral reply or a DM is only ever written to that person's streams.
 */
import type { ServerResponse } from 'node:http';
import type { ConsoleMessage } from '../../../db/schema';
import type { StoredCard } from '../../chat/card-codec';

/** A console message as the page receives it. */
export interface ConsoleMessageView {
  id: number;
  channel: string;
  /** True when only the viewer sees it ("only visible to you"). */
  ephemeral: boolean;
  card: StoredCard;
  at: string;
}

export function toView(m: ConsoleMessage): ConsoleMessageView {
  return {
    id: m.id,
    channel: m.channel,
    // A DM is private too, but it sits in its own view, so only replies inside channels are marked.
    ephemeral: m.visibleTo !== null && m.visibleTo !== m.channel,
    card: m.card,
    at: m.createdAt.toISOString(),
  };
}

interface Stream {
  viewer: string;
  res: ServerResponse;
}

export type ConsoleEvent =
  | { kind: 'message' | 'update'; message: ConsoleMessage }
  | { kind: 'clock'; now: Date }
  | { kind: 'reload' };

const HEARTBEAT_MS = 20_000;

export class ConsoleEvents {
  private readonly streams = new Set<Stream>();
  private heartbeat?: NodeJS.Timeout;

  /** Turn a GET into an event stream for `viewer`; it ends when the page goes away or close() runs. */
  open(res: ServerResponse, viewer: string, now: Date): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n${frame('clock', { now: now.toISOString() })}`);
    const stream = { viewer, res };
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    if (!this.heartbeat) {
      // Comments keep proxies and idle timeouts from cutting a quiet stream.
      this.heartbeat = setInterval(() => {
        for (const s of this.streams) s.res.write(': ping\n\n');
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  publish(e: ConsoleEvent): void {
    for (const s of this.streams) {
      if (e.kind === 'message' || e.kind === 'update') {
        const to = e.message.visibleTo;
        if (to !== null && to !== s.viewer) continue;
        s.res.write(frame(e.kind, toView(e.message)));
      } else if (e.kind === 'clock') {
        s.res.write(frame('clock', { now: e.now.toISOString() }));
      } else {
        s.res.write(frame('reload', {}));
      }
    }
  }

  get size(): number {
    return this.streams.size;
  }

  /** End every stream, so the HTTP server can close. */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const s of this.streams) s.res.end();
    this.streams.clear();
  }
}

function frame(event: string, data: unknown): string {
  // JSON never contains a raw newline, so one data: line is always enough.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
