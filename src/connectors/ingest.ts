/**
 * Pulled rows into the database, through the same validation as `/metrics log`, CSV and `POST /api/metrics`:
 *
 * 1. Every row is checked with validateMetricRow; a bad row stops the batch with the field named.
 * 2. source_metrics is upserted by (date, channel, source). A row whose figures did not change is skipped
 *    entirely, so a re-pull writes nothing.
 * 3. For changed rows the effective figures in channel_metrics (what every report reads) are merged field by
 *    field: a hand-logged figure wins over a pulled one unless the admin set `metrics_prefer=pulled`; between
 *    two sources the one listed first in the registry wins. channel_metrics.sources remembers which source
 *    gave each figure.
 * 4. One audit row per changed (date, channel): the effective figures before and after, the pulled figures,
 *    and any hand-logged figure that was kept instead, so the audit shows both.
 */
import type { Db, Tx } from '../../db/client';
import type { AuditInput } from '../../db/queries/audit';
import { sourceMetricsForUpdate, upsertSourceMetricRows } from '../../db/queries/connectors';
import { insertMetricAudits, metricsForUpdate, upsertMetricRows } from '../../db/queries/metrics';
import type { ChannelMetric, NewChannelMetric, NewSourceMetric } from '../../db/schema';
import {
  COLUMN,
  emptyFigures,
  figuresOf,
  METRIC_FIELDS,
  type MetricField,
  type MetricRow,
  metricKey,
  validateMetricRow,
} from '../domain/metrics';
import { must } from '../util/narrow';
import { rankOf } from './registry';
import { ConnectorError, type PulledRow } from './types';

export interface IngestContext {
  db: Db;
  now: Date;
  /** Local date of `now`: rows after it are refused like any other ingest path. */
  today: string;
  /** `metrics_prefer=pulled`: pulled figures replace hand-logged ones. */
  preferPulled: boolean;
}

export interface IngestResult {
  /** Rows the source returned. */
  rows: number;
  /** Rows whose pulled figures were new or different (each has an audit row). */
  changed: number;
  /** Hand-logged (or higher-precedence) figures kept instead of a different pulled one. */
  kept: number;
}

// 16 parameters per source row, 15 per metrics row: far below PostgreSQL's 65,535 per statement.
const CHUNK = 1000;

type Figures = Record<MetricField, number | null>;

/** Validate pulled rows exactly like every other ingest path; the first bad row names its field. */
export function checkPulledRows(source: string, rows: PulledRow[], today: string): MetricRow[] {
  const out: MetricRow[] = [];
  const seen = new Set<string>();
  for (const raw of rows) {
    const { source: rowSource, ...fields } = raw;
    const invalid = (field: string, reason: string) =>
      new ConnectorError('shape', 'err.invalid_row', {
        source,
        date: String(raw.date),
        channel: String(raw.channel),
        field,
        reason,
      });
    if (rowSource !== source) throw invalid('source', 'bad_type');
    const r = validateMetricRow(fields, { today });
    if (!r.ok) {
      const issue = must(r.issues[0], 'a refused row names an issue');
      throw invalid(issue.field || '-', issue.reason);
    }
    const k = metricKey(r.row);
    if (seen.has(k)) {
      throw new ConnectorError('shape', 'err.duplicate_row', { source, key: k });
    }
    seen.add(k);
    out.push(r.row);
  }
  return out;
}

/** Store one source's pulled rows (see the file header); batched, one transaction per 1,000 rows. */
export async function ingestPulled(
  ctx: IngestContext,
  source: string,
  pulled: PulledRow[],
): Promise<IngestResult> {
  const rows = checkPulledRows(source, pulled, ctx.today);
  const result: IngestResult = { rows: rows.length, changed: 0, kept: 0 };
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await ctx.db.transaction(async (tx) => {
      const changed = await changedRows(tx, source, chunk);
      if (changed.length === 0) return;
      const effective = new Map((await metricsForUpdate(tx, changed)).map((r) => [metricKey(r), r]));
      const merged = changed.map((r) => mergePulled(ctx, source, r, effective.get(metricKey(r))));
      await upsertSourceMetricRows(
        tx,
        merged.map((m) => m.pulled),
      );
      await upsertMetricRows(
        tx,
        merged.flatMap((m) => m.write ?? []),
      );
      await insertMetricAudits(
        tx,
        merged.map((m) => m.audit),
      );
      result.changed += changed.length;
      result.kept += merged.reduce((a, m) => a + m.kept, 0);
    });
  }
  return result;
}

/** The rows whose pulled figures are new or differ from what the source gave last time (locked). */
async function changedRows(tx: Tx, source: string, rows: MetricRow[]): Promise<MetricRow[]> {
  const stored = new Map((await sourceMetricsForUpdate(tx, source, rows)).map((r) => [metricKey(r), r]));
  return rows.filter((r) => {
    const before = figuresOf(stored.get(metricKey(r)));
    return !before || METRIC_FIELDS.some((f) => (r.values[f] ?? null) !== before[f]);
  });
}

/** One changed row merged: the source's own row, the effective figures (when they move) and the audit. */
interface Merged {
  pulled: NewSourceMetric;
  write?: NewChannelMetric;
  audit: AuditInput;
  /** Figures kept instead of a different pulled one. */
  kept: number;
}

/** Merge one pulled row into the effective figures `prev`, field by field by precedence (file header, 3). */
function mergePulled(
  ctx: IngestContext,
  source: string,
  r: MetricRow,
  prev: ChannelMetric | undefined,
): Merged {
  const actor = `connector:${source}`;
  const pulled: NewSourceMetric = { date: r.date, channel: r.channel, source, pulledAt: ctx.now };
  for (const f of METRIC_FIELDS) pulled[COLUMN[f]] = r.values[f] ?? null;

  const before = figuresOf(prev);
  const after: Figures = { ...(before ?? emptyFigures()) };
  const sources: Record<string, string> = { ...(prev?.sources ?? {}) };
  const kept: Partial<Figures> = {};
  const write: NewChannelMetric = { date: r.date, channel: r.channel, updatedAt: ctx.now, updatedBy: actor };
  let touched = false;
  for (const f of METRIC_FIELDS) {
    const v = r.values[f];
    if (v === undefined) continue;
    const verdict = precedence(ctx, source, after[f], sources[f], v);
    if (verdict === 'keep') kept[f] = after[f];
    if (verdict !== 'take') continue;
    touched ||= after[f] !== v || sources[f] !== source;
    after[f] = v;
    sources[f] = source;
    write[COLUMN[f]] = v;
  }
  return {
    pulled,
    // Only when a figure or its attribution moves; a pull that lost to hand-logged figures is audit-only.
    write: touched ? { ...write, sources } : undefined,
    audit: {
      at: ctx.now,
      actor,
      action: 'metrics.pull',
      entity: 'metrics',
      entityId: metricKey(r),
      before,
      after: { ...after, source, pulled: { ...emptyFigures(), ...r.values }, kept },
    },
    kept: Object.keys(kept).length,
  };
}

/**
 * What becomes of a pulled figure `v` against the effective `cur` (given by `owner`; none: hand-logged):
 * `keep` the current one when they differ and it was hand-logged (unless `metrics_prefer=pulled`) or came
 * from a source ranked higher; `same` when it equals a hand-logged figure that stays hand-logged; else `take`.
 */
function precedence(
  ctx: IngestContext,
  source: string,
  cur: number | null,
  owner: string | undefined,
  v: number,
): 'keep' | 'same' | 'take' {
  const handLogged = cur !== null && owner === undefined;
  const outranked = owner !== undefined && owner !== source && rankOf(owner) < rankOf(source);
  if (cur !== null && cur !== v && ((handLogged && !ctx.preferPulled) || outranked)) return 'keep';
  if (handLogged && cur === v && !ctx.preferPulled) return 'same';
  return 'take';
}
