import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/queries/outbox';
import { dueLadderSteps, type SlaKind } from '../db/queries/sla';
import { runJob } from '../jobs/index';
import {
  type BenchDriver,
  benchDeps,
  explainAnalyze,
  fmt,
  loadNote,
  mdTable,
  onDrivers,
  type ScratchDb,
  SECRET,
  summarize,
  type Timing,
} from './lib';
import { BENCH_NOW, type SlaBacklog, seedSlaBacklog } from './seed';

const OPEN = Number(process.env.BENCH_SLA_OPEN ?? 100_000);
const DUE = Number(process.env.BENCH_SLA_DUE ?? 1000);
/** First sweeps (each after clearing the escalations and outbox), then steady-state sweeps. */
const FIRST_RUNS = 3;
const STEADY_RUNS = 10;
const LADDER_RUNS = 20;
const MINUTE = 60_000;
const KINDS: SlaKind[] = ['feedback', 'incident_response', 'incident_report', 'retro'];

/** The feedback ladder query as dueLadderSteps sends it, for EXPLAIN ANALYZE. */
const FEEDBACK_LADDER_SQL = `
  with cand as (
    select code, reporter as owner, text as title, created_at as started_at, due_at,
           case when $1::timestamptz >= created_at + 2 * (due_at - created_at) then 'manager'
                when $1::timestamptz >= due_at then 'breach' else 'remind' end as step
    from feedbacks
    where status = 'open' and due_at is not null and created_at is not null
      and remind_at <= $1::timestamptz
  )
  select * from cand
  where not exists (select 1 from escalations e
                    where e.entity = 'feedback' and e.entity_id = cand.code and e.step = cand.step)
  order by due_at
  limit 5000`;

interface Sweep {
  ms: number;
  steps: Record<string, number>;
}

interface DriverResult {
  backlog: SlaBacklog;
  first: Sweep[];
  steady: Timing;
  /** The first steady-state sweep, before the escalations table is analyzed. */
  unanalyzed: Sweep;
  steadySteps: Record<string, number>;
  outbox: number;
  ladderBefore: Timing;
  ladderAfter: Timing;
  found: number;
  foundAfter: number;
  plan?: string[];
}

/** The four ladder queries of one sweep (what dueLadderSteps costs without the job around it). */
async function ladder(h: ScratchDb, now: Date): Promise<{ ms: number; found: number }> {
  const t0 = performance.now();
  let found = 0;
  for (const kind of KINDS) found += (await dueLadderSteps(h.db, kind, now)).length;
  return { ms: performance.now() - t0, found };
}

async function ladderTiming(h: ScratchDb, now: Date): Promise<{ t: Timing; found: number }> {
  await ladder(h, now);
  const samples: number[] = [];
  let found = 0;
  for (let i = 0; i < LADDER_RUNS; i++) {
    const r = await ladder(h, now);
    samples.push(r.ms);
    found = r.found;
  }
  return { t: summarize(samples), found };
}

async function runOn(h: ScratchDb): Promise<DriverResult> {
  const backlog = await seedSlaBacklog(h, BENCH_NOW, { open: OPEN, due: DUE });
  // Slack configured, so reminders go to the owner's DM and breaches to the alerts channel, both via the outbox.
  const deps = benchDeps(h, {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    MOPS_ALERTS_CHANNEL: 'CALERTS',
    MOPS_MANAGERS: 'slack:UMGR',
  });

  const before = await ladderTiming(h, BENCH_NOW);
  const plan = await explainAnalyze(h, FEEDBACK_LADDER_SQL, [BENCH_NOW.toISOString()]);

  let minute = 0;
  const sweep = async (): Promise<Sweep> => {
    const now = new Date(BENCH_NOW.getTime() + minute++ * MINUTE);
    const t0 = performance.now();
    const r = await runJob(deps, 'sla-sweep', now);
    const ms = performance.now() - t0;
    if (!r.ran) throw new Error(`sla-sweep did not run at ${now.toISOString()}: ${r.error ?? 'claimed'}`);
    return { ms, steps: (r.summary?.steps as Record<string, number>) ?? {} };
  };

  // (a) The sweep that finds the whole due set: each run starts from the same state.
  const first: Sweep[] = [];
  for (let i = 0; i < FIRST_RUNS; i++) {
    if (i > 0) {
      await h.db.execute(sql`delete from escalations`);
      await h.db.execute(sql`delete from outbox`);
      await h.db.execute(sql`vacuum analyze escalations`);
      await h.db.execute(sql`vacuum analyze outbox`);
    }
    first.push(await sweep());
  }
  const taken = Object.values(first[first.length - 1]!.steps).reduce((a, b) => a + b, 0);
  if (taken !== DUE) throw new Error(`first sweep took ${taken} steps, expected ${DUE}`);
  const outbox =
    rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from outbox`))[0]?.n ?? 0;

  // (b) Steady state: the same items, their current steps already taken. The first such sweep runs before
  // ANALYZE has seen the new escalation rows; autovacuum analyzes them within about a minute in production.
  const unanalyzed = await sweep();
  await h.db.execute(sql`analyze escalations`);
  await h.db.execute(sql`analyze outbox`);
  const steady: number[] = [];
  const steadySteps: Record<string, number> = {};
  for (let i = 0; i < STEADY_RUNS; i++) {
    const s = await sweep();
    steady.push(s.ms);
    for (const [k, v] of Object.entries(s.steps)) steadySteps[k] = (steadySteps[k] ?? 0) + v;
  }
  const after = await ladderTiming(h, new Date(BENCH_NOW.getTime() + minute * MINUTE));
  return {
    backlog,
    first,
    steady: summarize(steady),
    unanalyzed,
    steadySteps,
    outbox: Number(outbox),
    ladderBefore: before.t,
    ladderAfter: after.t,
    found: before.found,
    foundAfter: after.found,
    plan,
  };
}

/** The SLA sweep over a large open backlog: the escalating sweep, steady-state sweeps, the bare ladder query. */
export async function benchSla(): Promise<string> {
  const load = loadNote();
  const drivers: BenchDriver[] = ['postgres', 'embedded'];
  const results = await onDrivers(drivers, 'sla', (h) => runOn(h));
  if (results.length === 0) return '### SLA sweep\n\nNo database available.';
  const b = results[0]!.result.backlog;
  const rows = results.flatMap(({ label, result: r }) => [
    [
      `${label}: (a) first sweep, escalates ${DUE.toLocaleString('en')}`,
      r.first.map((s) => fmt(s.ms, 0)).join(' / '),
      `${r.first[0]!.steps.remind ?? 0} remind, ${r.first[0]!.steps.breach ?? 0} breach, ${r.first[0]!.steps.manager ?? 0} manager; ${r.outbox} outbox rows`,
    ],
    [
      `${label}: (b) steady-state sweep, before ANALYZE sees the new escalations`,
      fmt(r.unanalyzed.ms, 1),
      'escalations not yet analyzed',
    ],
    [
      `${label}: (b) steady-state sweep (${STEADY_RUNS} runs, after ANALYZE)`,
      `p50 ${fmt(r.steady.p50, 1)}, max ${fmt(r.steady.max, 1)}`,
      // Items whose next threshold passes during these minutes take their next step: that is real work.
      Object.keys(r.steadySteps).length === 0
        ? 'no steps'
        : `${Object.entries(r.steadySteps)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')} in all (items crossing their next threshold meanwhile)`,
    ],
    [
      `${label}: dueLadderSteps × 4 kinds, before the sweep (${LADDER_RUNS} runs)`,
      `p50 ${fmt(r.ladderBefore.p50, 1)}, max ${fmt(r.ladderBefore.max, 1)}`,
      `${r.found} rows`,
    ],
    [
      `${label}: dueLadderSteps × 4 kinds, steady state`,
      `p50 ${fmt(r.ladderAfter.p50, 1)}, max ${fmt(r.ladderAfter.max, 1)}`,
      `${r.foundAfter} rows`,
    ],
  ]);
  const planned = results.find((r) => r.result.plan);
  const plan = planned?.result.plan ?? [];
  const scan = plan.find((l) => /Scan/.test(l))?.trim();
  const exec = plan.find((l) => l.startsWith('Execution Time'));
  const removed = plan.find((l) => /Rows Removed by Filter/.test(l))?.match(/\d+/)?.[0];
  return [
    `### SLA sweep over ${b.open.toLocaleString('en')} open feedback items, ${DUE.toLocaleString('en')} due`,
    '',
    `Data: ${b.open.toLocaleString('en')} unanswered feedback items on the 24 h clock; ${b.remind} in the reminder ` +
      `window, ${b.breach} breached, ${b.manager} past twice the window; the rest logged in the last 18 h. ` +
      "Partial index `feedbacks_open_remind_idx` (remind_at, the stored 80% moment) where status = 'open'. `runJob(deps, 'sla-sweep', now)` " +
      'at distinct minutes, Slack and an alerts channel configured, so every step is claimed and queued in the outbox.',
    '',
    mdTable(['what', 'ms per sweep', 'work'], rows),
    '',
    `(a) is run ${FIRST_RUNS} times, clearing escalations and outbox in between; each figure is one run.` +
      (scan
        ? ` The feedback ladder query on ${planned!.label} plans as \`${scan.replace(/\s+\(cost.*$/, '')}\`` +
          `${exec ? ` (${exec.toLowerCase()})` : ''}${removed ? `, rows removed by filter: ${removed}` : ''}. ` +
          'The reminder moment (80% of the window) is stored per item, so the partial index on it where the ' +
          'item is open returns only the items whose ladder is due, however many are open.'
        : ''),
    '',
    load,
  ].join('\n');
}
