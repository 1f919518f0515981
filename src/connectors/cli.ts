/**
 * `npm run mops -- pull SOURCE [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: backfill one source with a progress
 * bar. Chunks are stored as they arrive; run the same command again after a failure (or a used-up daily
 * quota) and it resumes after the last stored chunk.
 */
import { getConnectorState } from '../../db/queries/connectors';
import type { Locale } from '../chat/i18n';
import { connectorErrorText, sourceLabel, tConnectors } from '../chat/messages/connectors';
import type { Deps } from '../deps';
import { addDays, localDate, parseDateArg } from '../domain/dates';
import { must } from '../util/narrow';
import { type PullOutcome, type PullProgress, pullSource } from './pull';
import { CONNECTORS, connectorById } from './registry';
import type { Connector, DayRange } from './types';

export const PULL_USAGE = 'npm run mops -- pull SOURCE [--from YYYY-MM-DD] [--to YYYY-MM-DD]';
/** Days a bare `pull SOURCE` backfills. */
const DEFAULT_DAYS = 30;

export interface PullArgs {
  source: string;
  from?: string;
  to?: string;
}

/** Parse the CLI words; every problem is named, with the usage. */
export function parsePullArgs(
  args: string[],
): { ok: true; value: PullArgs } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const [source, ...rest] = args;
  const out: PullArgs = { source: source ?? '' };
  if (!source || source.startsWith('--'))
    problems.push(`Name a source: ${CONNECTORS.map((c) => c.id).join(', ')}`);
  else if (!connectorById(source)) {
    problems.push(
      `Unknown source "${source.slice(0, 40)}". Sources: ${CONNECTORS.map((c) => c.id).join(', ')}`,
    );
  }
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (flag !== '--from' && flag !== '--to') {
      problems.push(`Unknown option "${flag.slice(0, 40)}"`);
      continue;
    }
    const d = value ? parseDateArg(value) : null;
    if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(value ?? '')) {
      problems.push(`${flag} needs a date as YYYY-MM-DD (got "${(value ?? '').slice(0, 20)}")`);
      continue;
    }
    if (flag === '--from') out.from = d;
    else out.to = d;
  }
  if (out.from && out.to && out.from > out.to) problems.push(`--from ${out.from} is after --to ${out.to}`);
  return problems.length ? { ok: false, problems } : { ok: true, value: out };
}

function bar(done: number, total: number, width = 24): string {
  const n = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(n)}${'-'.repeat(width - n)}]`;
}

type CliIo = { out: (s: string) => void; err: (s: string) => void; progress: (s: string) => void };

/** Run the backfill; returns the process exit code. Output goes through `out`/`err` (stdout/stderr). */
export async function cliPull(deps: Deps, args: string[], io: CliIo): Promise<number> {
  const l = deps.config.locale;
  const p = parsePullArgs(args);
  if (!p.ok) {
    io.err(`${p.problems.join('\n')}\n\nUsage: ${PULL_USAGE}`);
    return 2;
  }
  const c = must(connectorById(p.value.source), 'parsePullArgs accepts only known sources');
  if (deps.config.connectors[c.id] === undefined) {
    io.err(
      `${connectorErrorText(l, { key: 'err.not_configured', params: { source: c.id } })} (${Object.keys(c.env).join(', ')})`,
    );
    return 2;
  }
  const range = await rangeToPull(deps, c, p.value);
  if (!range.ok) {
    io.err(`${range.problem}\n\nUsage: ${PULL_USAGE}`);
    return 2;
  }
  const source = sourceLabel(l, c.id);
  const r = await pullSource(deps, c, range.value, {
    kind: 'backfill',
    onProgress: (pr) => io.progress(`\r${progressLine(l, source, pr)}`),
  });
  io.progress('\n');
  return reportPull(l, io, source, range.value, r);
}

/**
 * The days to pull: as given; a bare `pull SOURCE` after a stopped backfill continues that one, else the
 * last 30 days through yesterday (today for a source with today's figures). Not past today, not backwards.
 */
async function rangeToPull(
  deps: Deps,
  c: Connector<unknown>,
  args: PullArgs,
): Promise<{ ok: true; value: DayRange } | { ok: false; problem: string }> {
  const today = localDate(deps.clock.now(), deps.config.tz);
  const latest = c.intraday ? today : addDays(today, -1);
  let { from, to } = args;
  if (!from && !to) {
    const prior = (await getConnectorState(deps.db, c.id))?.backfill;
    if (prior && (prior.doneThrough ?? '') < prior.to) ({ from, to } = prior);
  }
  to ??= latest;
  from ??= addDays(to, -(DEFAULT_DAYS - 1));
  if (to > today) return { ok: false, problem: `--to ${to} is in the future (today is ${today}).` };
  if (from > to) return { ok: false, problem: `--from ${from} is after --to ${to}.` };
  return { ok: true, value: { from, to } };
}

/** The progress bar and counts after each stored chunk. */
function progressLine(l: Locale, source: string, pr: PullProgress): string {
  return `${bar(pr.done, pr.total)} ${tConnectors(l, 'cli.progress', {
    source,
    done: pr.done,
    total: pr.total,
    pct: `${Math.round((pr.done / pr.total) * 100)}%`,
    rows: pr.rows,
    changed: pr.changed,
    through: pr.through,
  })}`;
}

/** What the backfill did (resumed, failed where, already done, or the counts); returns the exit code. */
function reportPull(l: Locale, io: CliIo, source: string, { from, to }: DayRange, r: PullOutcome): number {
  if (r.resumedFrom) {
    io.out(
      tConnectors(l, 'cli.resume', {
        from: r.resumedFrom,
        rangeFrom: from,
        before: addDays(r.resumedFrom, -1),
      }),
    );
  }
  if (!r.ok) {
    io.err(
      tConnectors(l, 'cli.failed', {
        source,
        at: r.doneThrough ? addDays(r.doneThrough, 1) : from,
        error: connectorErrorText(l, r.error),
      }),
    );
    return 1;
  }
  if (r.alreadyDone) {
    io.out(tConnectors(l, 'cli.already', { source, from, to }));
    return 0;
  }
  io.out(tConnectors(l, 'cli.done', { source, from, to, rows: r.rows, changed: r.changed, kept: r.kept }));
  return 0;
}
