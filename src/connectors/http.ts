/**
 * The HTTP a connector gets: JSON in and out over fetch (so nock intercepts it in tests), a timeout, and
 * retries with exponential backoff on network errors, 5xx, 429 and whatever a connector marks retryable
 * (per-minute quotas). Errors never carry the URL's query string, where access tokens travel.
 */
import { errorCode } from '../util/errors';
import { propOf } from '../util/narrow';
import { ConnectorError } from './types';

export interface HttpResponse {
  status: number;
  /** The parsed JSON body. */
  body: unknown;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface Http {
  /** One request; 2xx and 4xx return the parsed body, 5xx/429/network errors throw (retryable). */
  request(method: 'GET' | 'POST', url: string, opts?: RequestOptions): Promise<HttpResponse>;
  /** Run `fn` again with backoff while it throws a retryable ConnectorError. */
  retry<T>(fn: () => Promise<T>): Promise<T>;
}

export interface HttpOptions {
  /** Names the source in error messages. */
  source: string;
  /** Attempts in total for a retryable failure (default 5). */
  attempts?: number;
  /** First backoff delay, doubled each time (default 1 s). */
  baseDelayMs?: number;
  /** Longest single wait, whatever Retry-After says (default 60 s). */
  maxDelayMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Called before each retry (for the log); never given a URL. */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A retryable failure that says how long the provider asked us to wait. */
export class RetryAfter extends ConnectorError {
  constructor(
    kind: 'rate' | 'unavailable',
    key: string,
    params: Record<string, string | number>,
    public readonly waitMs?: number,
  ) {
    super(kind, key, params);
  }
}

function retryAfterMs(h: string | null): number | undefined {
  if (!h) return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return s * 1000;
  const t = Date.parse(h);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}

export function createHttp(opts: HttpOptions): Http {
  const source = opts.source;
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const sleep = opts.sleep ?? defaultSleep;
  const doFetch = opts.fetch ?? fetch;

  async function request(method: 'GET' | 'POST', url: string, o: RequestOptions = {}): Promise<HttpResponse> {
    const u = new URL(url);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
    let body: string | undefined;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    } else if (o.form) {
      body = new URLSearchParams(o.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const path = u.pathname;
    let res: Response;
    try {
      res = await doFetch(u, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      // fetch wraps the socket's error: ECONNREFUSED, ENOTFOUND … in its cause; a timeout is a TimeoutError.
      const code = errorCode(propOf(e, 'cause')) ?? (e instanceof Error ? e.name : 'Error');
      throw new RetryAfter('unavailable', 'err.network', { source, path, code });
    }
    const text = await res.text();
    if (res.status === 429) {
      throw new RetryAfter(
        'rate',
        'err.http_429',
        { source, path },
        retryAfterMs(res.headers.get('retry-after')),
      );
    }
    if (res.status >= 500) {
      throw new RetryAfter('unavailable', 'err.http_5xx', { source, path, status: res.status });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConnectorError('shape', 'err.not_json', { source, path, status: res.status });
    }
    return { status: res.status, body: parsed };
  }

  async function retry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof ConnectorError) || !e.retryable || attempt >= attempts) throw e;
        const backoff = Math.min(maxDelay, base * 2 ** (attempt - 1));
        const waitMs = Math.min(maxDelay, Math.max(backoff, e instanceof RetryAfter ? (e.waitMs ?? 0) : 0));
        opts.onRetry?.({ attempt, waitMs, reason: e.messageKey });
        await sleep(waitMs);
      }
    }
  }

  return { request, retry };
}
