import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { escalations } from '../schema';
import { rowsOf } from './outbox';

export type SlaKind = 'feedback' | 'incident_response' | 'incident_report' | 'retro';
export type SlaStep = 'remind' | 'breach' | 'manager';

export interface DueItem {
  kind: SlaKind;
  code: string;
  owner: string;
  title: string;
  startedAt: Date;
  dueAt: Date;
  step: SlaStep;
}

/**
 * Each clock: its table, the open-state filter, when the clock started and when it is due. The window
 * is due − start, so fixed (24 h, 2 h) and working-day clocks share one query shape.
 */
const CLOCKS: Record<
  SlaKind,
  { table: string; open: string; start: string; due: string; remind: string; owner: string; title: string }
> = {
  feedback: {
    table: 'feedbacks',
    open: `status = 'open'`,
    start: 'created_at',
    due: 'due_at',
    remind: 'remind_at',
    owner: 'reporter',
    title: 'text',
  },
  incident_response: {
    table: 'incidents',
    open: `status = 'open'`,
    start: 'created_at',
    due: 'response_due_at',
    remind: 'response_remind_at',
    owner: 'owner',
    title: 'summary',
  },
  incident_report: {
    table: 'incidents',
    open: `status = 'closed'`,
    start: 'closed_at',
    due: 'report_due_at',
    remind: 'report_remind_at',
    owner: 'owner',
    title: 'summary',
  },
  retro: {
    table: 'campaigns',
    open: `status = 'ended'`,
    start: 'ended_at',
    due: 'retro_due_at',
    remind: 'retro_remind_at',
    owner: 'owner',
    title: 'name',
  },
};

/**
 * Open items whose next ladder step is due and not yet taken (found through the partial index on the
 * stored reminder moment): reminder at 80% of the window, breach at
 * the deadline, manager at twice the window. Only the latest applicable step is returned, so a bot that
 * was down does not send a stale "due soon" after the deadline. Uses the partial indexes on open items.
 */
export async function dueLadderSteps(db: DbOrTx, kind: SlaKind, now: Date, limit = 5000): Promise<DueItem[]> {
  const c = CLOCKS[kind];
  const n = sql`${now.toISOString()}::timestamptz`;
  const start = sql.raw(c.start);
  const due = sql.raw(c.due);
  const result = await db.execute(sql`
    with cand as (
      select code, ${sql.raw(c.owner)} as owner, ${sql.raw(c.title)} as title,
             ${start} as started_at, ${due} as due_at,
             case when ${n} >= ${start} + 2 * (${due} - ${start}) then 'manager'
                  when ${n} >= ${due} then 'breach'
                  else 'remind' end as step
      from ${sql.raw(c.table)}
      where ${sql.raw(c.open)} and ${due} is not null and ${start} is not null
        and ${sql.raw(c.remind)} <= ${n}
    )
    select * from cand
    where not exists (select 1 from escalations e
                      where e.entity = ${kind} and e.entity_id = cand.code and e.step = cand.step)
    order by due_at
    limit ${limit}`);
  return rowsOf<{
    code: string;
    owner: string;
    title: string;
    started_at: string | Date;
    due_at: string | Date;
    step: SlaStep;
  }>(result).map((r) => ({
    kind,
    code: r.code,
    owner: r.owner,
    title: r.title,
    startedAt: new Date(r.started_at),
    dueAt: new Date(r.due_at),
    step: r.step,
  }));
}

/** Claim one ladder step; false when it was already taken (another replica, an earlier sweep). */
export async function claimEscalation(
  db: DbOrTx,
  e: { entity: string; entityId: string; step: string; at: Date },
): Promise<boolean> {
  const rows = await db.insert(escalations).values(e).onConflictDoNothing().returning({ id: escalations.id });
  return rows.length === 1;
}

/** Open and overdue counts per clock, for the digests: one statement for all four clocks. */
export async function slaCounts(
  db: DbOrTx,
  now: Date,
): Promise<Record<SlaKind, { open: number; overdue: number }>> {
  const n = sql`${now.toISOString()}::timestamptz`;
  const kinds = Object.keys(CLOCKS) as SlaKind[];
  const parts = kinds.map((kind) => {
    const c = CLOCKS[kind];
    return sql`select ${kind} as kind, count(*)::int as open,
                      count(*) filter (where ${sql.raw(c.due)} < ${n})::int as overdue
               from ${sql.raw(c.table)} where ${sql.raw(c.open)}`;
  });
  const r = await db.execute(sql.join(parts, sql` union all `));
  const out = Object.fromEntries(kinds.map((k) => [k, { open: 0, overdue: 0 }])) as Record<
    SlaKind,
    { open: number; overdue: number }
  >;
  for (const row of rowsOf<{ kind: SlaKind; open: number; overdue: number }>(r)) {
    out[row.kind] = { open: Number(row.open), overdue: Number(row.overdue) };
  }
  return out;
}
