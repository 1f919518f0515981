/**
 * The connector contract. A connector is one file in src/connectors/ that knows one provider's API: it
 * turns a day range into rows in the `POST /api/metrics` shape. Everything after that (validation, the
 * upsert keyed on (date, channel, source), precedence against hand-logged figures, the audit, progress,
 * resume, status and alerts) is shared and lives in ingest.ts / pull.ts.
 */
import type { z } from 'zod';
import type { Db } from '../../db/client';
import type { Logger } from '../log';
import type { Http } from './http';

/** Both ends inclusive, local calendar days ('YYYY-MM-DD') in TZ_NAME. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * One pulled row: `date`, `channel` and figures exactly as `POST /api/metrics` takes them (counts as
 * integers, `gmv`/`spend` in yuan), plus the source code. Figures a source does not know are left out.
 */
export interface PulledRow {
  date: string;
  channel: string;
  source: string;
  [field: string]: string | number | undefined;
}

/** What a connector may use besides HTTP: the DB (for sealed tokens), the clock and a logger. */
export interface PullContext {
  db: Db;
  now: Date;
  /** The local date of `now` in TZ_NAME. */
  today: string;
  log: Logger;
  /** MOPS_SECRET_KEY, for sources whose rotated tokens are stored sealed. */
  secretKey?: string;
  /** Admin settings a connector reads (GA4's channel-group mapping). */
  settings: { ga4ChannelMap?: Record<string, string> };
}

export type Localized = { 'zh-CN': string; en: string };

export interface Connector<Creds = unknown> {
  /** Stored in source_metrics.source and typed in `npm run mops -- pull SOURCE`. */
  id: string;
  label: Localized;
  /** Channels this source can fill, so a digest can say "no data yet" for them. */
  channels: readonly string[];
  /** True when the provider has today's partial figures (the hourly run skips sources without). */
  intraday: boolean;
  /** Days per backfill chunk: one chunk is pulled, stored and recorded before the next (resume point). */
  chunkDays: number;
  /** Earliest hour (local) at which yesterday's figures are final, e.g. WeChat after 08:00. */
  finalAfterHour: number;
  /** The env variables of this source (zod shape, merged into the one config schema). */
  env: z.ZodRawShape;
  /** Env names whose values are secrets (never logged). */
  secretEnv: readonly string[];
  /** Credentials from the parsed env; undefined when not configured; problems when half-configured. */
  configure(env: Record<string, unknown>): { creds?: Creds; problems: string[] };
  /** Pull every day of `range`; throws ConnectorError with a clear message. */
  pull(range: DayRange, creds: Creds, http: Http, ctx: PullContext): Promise<PulledRow[]>;
}

/**
 * Why a pull failed, in words a marketer can act on. `retry` says whether backing off may help (5xx, 429,
 * per-minute quotas); a daily quota or bad credentials will not get better by retrying now.
 */
export type ConnectorErrorKind = 'auth' | 'config' | 'quota' | 'rate' | 'unavailable' | 'shape' | 'api';

export class ConnectorError extends Error {
  constructor(
    public readonly kind: ConnectorErrorKind,
    /** Key in src/chat/messages/connectors.ts. */
    public readonly messageKey: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(`${kind}: ${messageKey} ${JSON.stringify(params)}`);
    this.name = 'ConnectorError';
  }

  get retryable(): boolean {
    return this.kind === 'rate' || this.kind === 'unavailable';
  }
}

/** A response that does not have the documented shape: names the field, never a silent zero. */
export const shapeError = (source: string, field: string, got: unknown) =>
  new ConnectorError('shape', 'err.shape', {
    source,
    field,
    got: typeof got === 'string' ? got.slice(0, 40) : got === undefined ? 'missing' : typeof got,
  });

/** The part of `range` up to `last` (a provider's latest day); undefined when nothing is left. */
export function clampTo(range: DayRange, last: string): DayRange | undefined {
  if (range.from > last) return undefined;
  return range.to > last ? { from: range.from, to: last } : range;
}

/** Days of a range, oldest first. */
export function daysOf(range: DayRange): string[] {
  const out: string[] = [];
  for (let d = range.from; d <= range.to; d = nextDay(d)) out.push(d);
  return out;
}

export function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** Split a range into consecutive pieces of at most `days` days (provider maximum spans). */
export function splitRange(range: DayRange, days: number): DayRange[] {
  const all = daysOf(range);
  const out: DayRange[] = [];
  for (let i = 0; i < all.length; i += days) {
    const piece = all.slice(i, i + days);
    const [from] = piece;
    const to = piece.at(-1);
    if (from && to) out.push({ from, to });
  }
  return out;
}

/** A count from a provider: a non-negative whole number, or a shape error naming the field. */
export function count(source: string, field: string, v: unknown): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw shapeError(source, field, v);
  return Math.round(n);
}
