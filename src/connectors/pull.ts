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
import { getSettings } from '../domain/settings';
import { newErrorId } from '../log';
import { createHttp, type Http, type HttpOptions } from './http';
import { ingestPulled } from './ingest';
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

/** Pull `range` for one configured source; never throws for a provider failure (it is in the outcome). */
export async function pullSource(
  deps: Deps,
  connector: Connector<unknown>,
  range: DayRange,
  opts: PullOptions,
): Promise<PullOutcome> {
  const creds = deps.config.connectors[connector.id];
  const clock = () => opts.now ?? deps.clock.now();
  const log = deps.log.child({ connector: connector.id });
  const out: PullOutcome = { source: connector.id, ok: true, range, rows: 0, changed: 0, kept: 0 };
  if (creds === undefined) {
    return { ...out, ok: false, error: { key: 'err.not_configured', params: { source: connector.id } } };
  }
  const settings = await getSettings(deps.db, deps.config);
  const http =
    opts.http ??
    createHttp({
      source: connector.id,
      ...pullDefaults.http,
      onRetry: (i) => log.warn('connector retry', i),
    });

  let from = range.from;
  if (opts.kind === 'backfill') {
    const prior = (await getConnectorState(deps.db, connector.id))?.backfill;
    if (prior && prior.from === range.from && prior.to === range.to && prior.doneThrough) {
      if (prior.doneThrough >= range.to) from = nextDay(range.to);
      else {
        from = nextDay(prior.doneThrough);
        out.resumedFrom = from;
      }
    }
    if (from > range.to) return { ...out, doneThrough: range.to, alreadyDone: true };
    if (!prior || prior.from !== range.from || prior.to !== range.to) {
      await putBackfill(
        deps.db,
        connector.id,
        { from: range.from, to: range.to, doneThrough: null },
        clock(),
      );
    }
  }

  const total = daysOf(range).length;
  let done = daysOf({ from: range.from, to: from }).length - 1;
  for (const chunk of splitRange({ from, to: range.to }, connector.chunkDays)) {
    const startedAt = clock();
    const record = (r: { ok: boolean; rows: number; changed: number; error: string | null }) =>
      insertConnectorRun(deps.db, {
        source: connector.id,
        kind: opts.kind,
        fromDate: chunk.from,
        toDate: chunk.to,
        startedAt,
        finishedAt: clock(),
        ...r,
      });
    try {
      const now = clock();
      const today = localDate(now, deps.config.tz);
      const rows = await connector.pull(chunk, creds, http, {
        db: deps.db,
        now,
        today,
        log,
        secretKey: deps.config.secretKey,
        settings: { ga4ChannelMap: settings.ga4ChannelMap },
      });
      const r = await ingestPulled(
        { db: deps.db, now, today, preferPulled: settings.metricsPrefer === 'pulled' },
        connector.id,
        rows,
      );
      out.rows += r.rows;
      out.changed += r.changed;
      out.kept += r.kept;
      out.doneThrough = chunk.to;
      await record({ ok: true, rows: r.rows, changed: r.changed, error: null });
      if (opts.kind === 'backfill') {
        const state: BackfillState = { from: range.from, to: range.to, doneThrough: chunk.to };
        await putBackfill(deps.db, connector.id, state, clock());
      }
      done += daysOf(chunk).length;
      opts.onProgress?.({
        source: connector.id,
        done,
        total,
        rows: out.rows,
        changed: out.changed,
        through: chunk.to,
      });
    } catch (e) {
      const errorId = e instanceof ConnectorError ? undefined : newErrorId();
      if (errorId) log.error('connector pull failed', { errorId, err: e, from: chunk.from, to: chunk.to });
      else
        log.warn('connector pull failed', {
          kind: (e as ConnectorError).kind,
          key: (e as ConnectorError).messageKey,
          params: (e as ConnectorError).params,
        });
      const error = storedError(e, errorId);
      await record({ ok: false, rows: 0, changed: 0, error: JSON.stringify(error) });
      return { ...out, ok: false, error };
    }
  }
  return out;
}
