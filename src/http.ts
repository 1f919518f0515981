import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './log';
import { newErrorId } from './log';
import { errorStatus } from './util/errors';

export interface Route {
  method: 'GET' | 'POST' | '*';
  /** Exact path, or a prefix ending in `/*`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

/** Read a request body with a size cap (default 1 MiB). */
export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(data),
  });
  res.end(data);
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function matches(route: Route, method: string, path: string): boolean {
  if (route.method !== '*' && route.method !== method) return false;
  if (route.path.endsWith('/*'))
    return path.startsWith(route.path.slice(0, -1)) || path === route.path.slice(0, -2);
  return route.path === path;
}

/** The bot's one HTTP server: Slack, WeCom, the metrics API, the console and /healthz share the port. */
export function createHttpServer(routes: Route[], log: Logger): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const route = routes.find((r) => matches(r, method, url.pathname));
    if (!route) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    try {
      await route.handle(req, res, url);
    } catch (e) {
      const status = errorStatus(e) ?? 500;
      const errorId = newErrorId();
      log.error('http route failed', { errorId, path: url.pathname, err: e });
      if (!res.headersSent)
        sendJson(res, status, { error: status === 413 ? 'body_too_large' : 'internal', errorId });
      else res.end();
    }
  });
}

/**
 * True when a request's own timestamp (Unix seconds, as Slack and WeCom send it) is within `windowS` of
 * now in either direction. A replayed request is old; a request dated ahead is a replay prepared in
 * advance or a broken clock. Both are refused before the body is looked at.
 */
export function withinRequestWindow(timestamp: string | undefined, nowMs: number, windowS: number): boolean {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) <= windowS;
}
