import { asc, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { channelMetrics, type NewTarget, type Target, targets } from '../schema';
import { type DayRange, rangesTable } from './digests';
import type { RawSum } from './metrics';
import { rowsOf } from './outbox';

/** The target rows of the given months ('YYYY-MM'), oldest month first; `lock` serialises two `set`s. */
export async function targetsForMonths(db: DbOrTx, months: string[], lock = false): Promise<Target[]> {
  if (months.length === 0) return [];
  const q = db
    .select()
    .from(targets)
    .where(inArray(targets.month, months))
    .orderBy(asc(targets.month), asc(targets.metric));
  return lock ? q.for('update') : q;
}

/** Insert or replace the target of each (month, metric). */
export async function upsertTargets(tx: DbOrTx, rows: NewTarget[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(targets)
    .values(rows)
    .onConflictDoUpdate({
      target: [targets.month, targets.metric],
      set: {
        value: sql`excluded.value`,
        planKey: sql`excluded.plan_key`,
        weighting: sql`excluded.weighting`,
        overridden: sql`excluded.overridden`,
        updatedAt: sql`excluded.updated_at`,
        updatedBy: sql`excluded.updated_by`,
      },
    });
}

/** GMV (fen) per month over all channels for local days `from`..`to`; months without any GMV are left out. */
export async function monthlyGmv(db: DbOrTx, from: string, to: string): Promise<Map<string, number>> {
  const m = channelMetrics;
  const res = await db.execute(sql`
    select to_char(${m.date}, 'YYYY-MM') as month, sum(${m.gmvFen}) as gmv
    from ${m}
    where ${m.date} between ${from}::date and ${to}::date and ${m.gmvFen} is not null
    group by 1`);
  return new Map(
    rowsOf<{ month: string; gmv: RawSum }>(res)
      .filter((r) => r.gmv !== null && Number(r.gmv) > 0)
      .map((r) => [r.month, Number(r.gmv)]),
  );
}

/** What a target is measured against, summed over one range of local days. */
export interface TargetActualRow {
  key: string;
  gmv: number | null;
  newUsers: number | null;
  /** UV of the `website` channel (官网), the base of uv_growth. */
  websiteUv: number | null;
  /** GMV and spend over rows that logged both (ROI = roiGmv ÷ roiSpend). */
  roiGmv: number | null;
  roiSpend: number | null;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The target rows of `months` and the figures they are measured against over each named range of local
 * days, in one statement (the home view allows one query per section).
 */
export async function targetsAndActuals(
  db: DbOrTx,
  months: string[],
  ranges: DayRange[],
): Promise<{ targets: Target[]; actuals: TargetActualRow[] }> {
  if (months.length === 0) return { targets: [], actuals: [] };
  const m = channelMetrics;
  const actuals =
    ranges.length === 0
      ? sql`'[]'::json`
      : sql`(select coalesce(json_agg(a), '[]'::json) from (
          select p.key, sum(${m.gmvFen}) as gmv, sum(${m.newUsers}) as new_users,
            sum(${m.uv}) filter (where ${m.channel} = 'website') as website_uv,
            sum(${m.gmvFen}) filter (where ${m.spendFen} is not null) as roi_gmv,
            sum(${m.spendFen}) filter (where ${m.gmvFen} is not null) as roi_spend
          from ${rangesTable(ranges)}
          join ${m} on ${m.date} between p.d0 and p.d1
          group by p.key) a)`;
  const t = targets;
  const monthList = sql.join(
    months.map((x) => sql`${x}`),
    sql`, `,
  );
  const res = await db.execute(sql`
    select ${actuals} as actuals,
      (select coalesce(json_agg(json_build_object(
          'id', ${t.id}, 'month', ${t.month}, 'metric', ${t.metric}, 'value', ${t.value},
          'planKey', ${t.planKey}, 'weighting', ${t.weighting}, 'overridden', ${t.overridden},
          'updatedAt', ${t.updatedAt}, 'updatedBy', ${t.updatedBy}) order by ${t.month}, ${t.metric}), '[]'::json)
        from ${t} where ${t.month} in (${monthList})) as targets`);
  const row = rowsOf<{ actuals: unknown; targets: unknown }>(res)[0];
  return {
    targets: json<(Omit<Target, 'updatedAt'> & { updatedAt: string })[]>(row?.targets ?? '[]').map((r) => ({
      ...r,
      value: Number(r.value),
      updatedAt: new Date(r.updatedAt),
    })),
    actuals: json<Record<string, unknown>[]>(row?.actuals ?? '[]').map((r) => ({
      key: String(r.key),
      gmv: num(r.gmv),
      newUsers: num(r.new_users),
      websiteUv: num(r.website_uv),
      roiGmv: num(r.roi_gmv),
      roiSpend: num(r.roi_spend),
    })),
  };
}
