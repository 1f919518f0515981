/**
 * `npm run mops -- pull SOURCE [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: backfill one source with a progress
 * bar. Chunks are stored as they arrive; run the same command again after a failure (or a used-up daily
 * quota) and it resumes after the last stored chunk.
 */
import { getConnectorState } from '../../db/queries/connectors';
import { connectorErrorText, sourceLabel, tConnectors } from '../chat/messages/connectors';
import type { Deps } from '../deps';
import { addDays, localDate, parseDateArg } from '../domain/dates';
import { must } from '../util/narrow';
import { pullSource } from './pull';
import { CONNECTORS, connectorById } from './registry';

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

/** Run the backfill; returns the process exit code. Output goes through `out`/`err` (stdout/stderr). */
export async function cliPull(
  deps: Deps,
  args: string[],
  io: { out: (s: string) => void; err: (s: string) => void; progress: (s: string) => void },
): Promise<number> {
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
  const today = localDate(deps.clock.now(), deps.config.tz);
  const latest = c.intraday ? today : addDays(today, -1);
  let { from, to } = p.value;
  if (!from && !to) {
    // A bare `pull SOURCE` after a stopped backfill continues that one.
    const prior = (await getConnectorState(deps.db, c.id))?.backfill;
    if (prior && (prior.doneThrough ?? '') < prior.to) ({ from, to } = prior);
  }
  to ??= latest;
  from ??= addDays(to, -(DEFAULT_DAYS - 1));
  if (to > today) {
    io.err(`--to ${to} is in the future (today is ${today}).\n\nUsage: ${PULL_USAGE}`);
    return 2;
  }
  if (from > to) {
    io.err(`--from ${from} is after --to ${to}.\n\nUsage: ${PULL_USAGE}`);
    return 2;
  }
  const source = sourceLabel(l, c.id);
  const r = await pullSource(
    deps,
    c,
    { from, to },
    {
      kind: 'backfill',
      onProgress: (pr) =>
        io.progress(
          `\r${bar(pr.done, pr.total)} ${tConnectors(l, 'cli.progress', {
            source,
            done: pr.done,
            total: pr.total,
            pct: `${Math.round((pr.done / pr.total) * 100)}%`,
            rows: pr.rows,
            changed: pr.changed,
            through: pr.through,
          })}`,
        ),
    },
  );
  io.progress('\n');
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
