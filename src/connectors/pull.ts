/**
 * Run one source over a day range: chunk by chunk (the connector's chunkDays), each chunk pulled, stored
 * (ingest.ts) and recorded in connector_runs before the next, so a failure in the middle keeps what was
 * done and a backfill resumes after the last stored chunk. The metrics-pull job and the CLI both use it.
 */
import {
  type BackfillState,
  getConnectorState,
  insertConnectorRun,
  putBackfill,
} from '../../db/queries/connectors';
import type { Deps } from '../deps';
import { localDate } from '../domain/dates';
import { getSettings, type Settings } from '../domain/settings';
import { type Logger, newErrorId } from '../log';
import { createHttp, type Http, type HttpOptions } from './http';
import { type IngestResult, ingestPulled } from './ingest';
import { type Connector, ConnectorError, type DayRange, daysOf, nextDay, splitRange } from './types';

/** Backoff of connector HTTP retries; tests shorten it. */
export const pullDefaults: { http: Partial<HttpOptions> } = { http: {} };

/** A stored error: a message key and params, rendered in the reader's language later. */
export interface StoredError {
  key: string;
  params: Record<string, string | number>;
}

export function storedError(e: unknown, errorId?: string): StoredError {
  if (e instanceof ConnectorError) return { key: e.messageKey, params: e.params };
  return { key: 'err.internal', params: { id: errorId ?? '?' } };
}

export function parseStoredError(s: string | null): StoredError | undefined {
  if (!s) return undefined;
  try {
    const v = JSON.parse(s) as StoredError;
    return typeof v?.key === 'string' ? { key: v.key, params: v.params ?? {} } : undefined;
  } catch {
    return { key: 'err.raw', params: { text: s.slice(0, 120) } };
  }
}

export interface PullProgress {
  source: string;
  /** Days stored so far (this run) and in total to do. */
  done: number;
  total: number;
  rows: number;
  changed: number;
  /** The chunk just stored. */
  through: string;
}

export interface PullOutcome {
  source: string;
  ok: boolean;
  range: DayRange;
  rows: number;
  changed: number;
  kept: number;
  /** The last day stored (undefined when nothing was). */
  doneThrough?: string;
  error?: StoredError;
  /** Set when the range resumed an earlier, unfinished backfill. */
  resumedFrom?: string;
  /** The same backfill already finished: nothing was asked. */
  alreadyDone?: boolean;
}

export interface PullOptions {
  kind: 'scheduled' | 'backfill';
  onProgress?: (p: PullProgress) => void;
  /** Injected HTTP (tests); otherwise fetch with retries and backoff. */
  http?: Http;
  /** The job's moment (jobs run at `now`); the CLI uses the clock. */
  now?: Date;
}

/** What every chunk of one pull shares: the source, its credentials, HTTP, the log, the clock, settings. */
interface PullRun {
  deps: Deps;
  connector: Connector<unknown>;
  creds: unknown;
  kind: PullOptions['kind'];
  http: Http;
  log: Logger;
  clock: () => Date;
  settings: Settings;
}

/** Pull `range` for one configured source; never throws for a provider failure (it is in the outcome). */
export async function pullSource(
  deps: Deps,
  connector: Connector<unknown>,
  range: DayRange,
  opts: PullOptions,
): Promise<PullOutcome> {
  const out: PullOutcome = { source: connector.id, ok: true, range, rows: 0, changed: 0, kept: 0 };
  const creds = deps.config.connectors[connector.id];
  if (creds === undefined) {
    return { ...out, ok: false, error: { key: 'err.not_configured', params: { source: connector.id } } };
  }
  const run = await openRun(deps, connector, creds, opts);
  let from = range.from;
  if (opts.kind === 'backfill') {
    const start = await backfillStart(run, range);
    if (start.from > range.to) return { ...out, doneThrough: range.to, alreadyDone: true };
    if (start.resumed) out.resumedFrom = start.from;
    from = start.from;
  }

  const total = daysOf(range).length;
  let done = daysOf({ from: range.from, to: from }).length - 1;
  for (const chunk of splitRange({ from, to: range.to }, connector.chunkDays)) {
    const startedAt = run.clock();
    try {
      const r = await pullChunk(run, chunk);
      out.rows += r.rows;
      out.changed += r.changed;
      out.kept += r.kept;
      out.doneThrough = chunk.to;
      await recordChunk(run, chunk, startedAt, { ok: true, rows: r.rows, changed: r.changed, error: null });
      if (opts.kind === 'backfill') {
        const state: BackfillState = { from: range.from, to: range.to, doneThrough: chunk.to };
        await putBackfill(deps.db, connector.id, state, run.clock());
      }
      done += daysOf(chunk).length;
      const { rows, changed } = out;
      opts.onProgress?.({ source: connector.id, done, total, rows, changed, through: chunk.to });
    } catch (e) {
      const error = chunkFailed(run.log, e, chunk);
      await recordChunk(run, chunk, startedAt, {
        ok: false,
        rows: 0,
        changed: 0,
        error: JSON.stringify(error),
      });
      return { ...out, ok: false, error };
    }
  }
  return out;
}

async function openRun(
  deps: Deps,
  connector: Connector<unknown>,
  creds: unknown,
  opts: PullOptions,
): Promise<PullRun> {
  const log = deps.log.child({ connector: connector.id });
  const settings = await getSettings(deps.db, deps.config);
  const http =
    opts.http ??
    createHttp({
      source: connector.id,
      ...pullDefaults.http,
      onRetry: (i) => log.warn('connector retry', i),
    });
  const clock = () => opts.now ?? deps.clock.now();
  return { deps, connector, creds, kind: opts.kind, http, log, clock, settings };
}

/**
 * Where a backfill of `range` starts: the day after the last stored chunk when the same range was begun
 * before (`resumed`; past its end when it finished), else its first day, and a new range is remembered.
 */
async function backfillStart(run: PullRun, range: DayRange): Promise<{ from: string; resumed: boolean }> {
  const { db } = run.deps;
  const prior = (await getConnectorState(db, run.connector.id))?.backfill;
  const same = prior?.from === range.from && prior?.to === range.to;
  if (same && prior?.doneThrough) {
    if (prior.doneThrough >= range.to) return { from: nextDay(range.to), resumed: false };
    return { from: nextDay(prior.doneThrough), resumed: true };
  }
  if (!same) {
    await putBackfill(
      db,
      run.connector.id,
      { from: range.from, to: range.to, doneThrough: null },
      run.clock(),
    );
  }
  return { from: range.from, resumed: false };
}

/** One chunk asked of the provider and stored (ingest.ts). */
async function pullChunk(run: PullRun, chunk: DayRange): Promise<IngestResult> {
  const { db, config } = run.deps;
  const now = run.clock();
  const today = localDate(now, config.tz);
  const rows = await run.connector.pull(chunk, run.creds, run.http, {
    db,
    now,
    today,
    log: run.log,
    secretKey: config.secretKey,
    settings: { ga4ChannelMap: run.settings.ga4ChannelMap },
  });
  const preferPulled = run.settings.metricsPrefer === 'pulled';
  return ingestPulled({ db, now, today, preferPulled }, run.connector.id, rows);
}

/** The chunk's row in connector_runs (the source's status and history). */
async function recordChunk(
  run: PullRun,
  chunk: DayRange,
  startedAt: Date,
  r: { ok: boolean; rows: number; changed: number; error: string | null },
): Promise<void> {
  await insertConnectorRun(run.deps.db, {
    source: run.connector.id,
    kind: run.kind,
    fromDate: chunk.from,
    toDate: chunk.to,
    startedAt,
    finishedAt: run.clock(),
    ...r,
  });
}

/** A failed chunk logged (a provider's error as a warning, anything else as an error with an id) and stored. */
function chunkFailed(log: Logger, e: unknown, chunk: DayRange): StoredError {
  if (e instanceof ConnectorError) {
    log.warn('connector pull failed', { kind: e.kind, key: e.messageKey, params: e.params });
    return storedError(e);
  }
  const errorId = newErrorId();
  log.error('connector pull failed', { errorId, err: e, from: chunk.from, to: chunk.to });
  return storedError(e, errorId);
}
