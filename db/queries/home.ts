/**
 * One query per section of a person's home view (Slack App Home, console Home, `/mops me`): each returns
 * the first `limit` rows and the total, so the view can show "N more".
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import type { RawSum } from './metrics';
import { rowsOf } from './outbox';

const keysArray = (keys: string[]) =>
  sql`array[${sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  )}]::text[]`;

export interface HomeSlaRow {
  kind: 'feedback' | 'incident_response' | 'incident_report' | 'retro';
  code: string;
  title: string;
  dueAt: Date;
}

/** My open clocks across feedback, incidents and retrospectives, soonest deadline first. */
export async function mySlaItems(
  db: DbOrTx,
  keys: string[],
  limit: number,
): Promise<{ rows: HomeSlaRow[]; total: number }> {
  const k = keysArray(keys);
  const res = await db.execute(sql`
    with items as (
      select 'feedback' as kind, code, text as title, due_at from feedbacks
        where status = 'open' and reporter = any(${k})
      union all
      select 'incident_response', code, summary, response_due_at from incidents
        where status = 'open' and owner = any(${k})
      union all
      select 'incident_report', code, summary, report_due_at from incidents
        where status = 'closed' and report_due_at is not null and owner = any(${k})
      union all
      select 'retro', code, name, retro_due_at from campaigns
        where status = 'ended' and retro_due_at is not null and owner = any(${k})
    )
    select kind, code, title, due_at, count(*) over () as total from items order by due_at, code limit ${limit}`);
  const rows = rowsOf<{
    kind: HomeSlaRow['kind'];
    code: string;
    title: string;
    due_at: string | Date;
    total: RawSum;
  }>(res);
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({ kind: r.kind, code: r.code, title: r.title, dueAt: new Date(r.due_at) })),
  };
}

export interface HomeApprovalRow {
  code: string;
  kind: string;
  title: string;
  requester: string;
  requesterName: string | null;
  createdAt: Date;
  highFindings: number;
}

/** Pending approvals I may decide: not my own request and not already voted on by me; oldest first. */
export async function approvalsAwaiting(
  db: DbOrTx,
  keys: string[],
  limit: number,
): Promise<{ rows: HomeApprovalRow[]; total: number }> {
  const k = keysArray(keys);
  const res = await db.execute(sql`
    select a.code, a.kind, a.title, a.requester, a.details->>'requesterName' as requester_name, a.created_at,
           (select count(*) from jsonb_array_elements(a.findings) f where f->>'severity' = 'high') as high,
           count(*) over () as total
    from approvals a
    where a.status = 'pending' and not (a.requester = any(${k}))
      and not exists (select 1 from approval_votes v where v.approval_id = a.id and v.approver = any(${k}))
    order by a.created_at, a.id
    limit ${limit}`);
  const rows = rowsOf<{
    code: string;
    kind: string;
    title: string;
    requester: string;
    requester_name: string | null;
    created_at: string | Date;
    high: RawSum;
    total: RawSum;
  }>(res);
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      code: r.code,
      kind: r.kind,
      title: r.title,
      requester: r.requester,
      requesterName: r.requester_name,
      createdAt: new Date(r.created_at),
      highFindings: Number(r.high ?? 0),
    })),
  };
}

export interface HomeCampaignRow {
  code: string;
  name: string;
  status: string;
  startDate: string;
  endDate: string;
  retroDueAt: Date | null;
}

/** My campaigns not yet reviewed: ended ones (retro clock running) first by deadline, then by end date. */
export async function myCampaigns(
  db: DbOrTx,
  keys: string[],
  limit: number,
): Promise<{ rows: HomeCampaignRow[]; total: number }> {
  const k = keysArray(keys);
  const res = await db.execute(sql`
    select code, name, status, start_date::text as start_date, end_date::text as end_date, retro_due_at,
           count(*) over () as total
    from campaigns
    where owner = any(${k}) and status <> 'reviewed'
    order by (status = 'ended') desc, retro_due_at nulls last, end_date, id
    limit ${limit}`);
  const rows = rowsOf<{
    code: string;
    name: string;
    status: string;
    start_date: string;
    end_date: string;
    retro_due_at: string | Date | null;
    total: RawSum;
  }>(res);
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      code: r.code,
      name: r.name,
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      retroDueAt: r.retro_due_at === null ? null : new Date(r.retro_due_at),
    })),
  };
}
