/**
 * Bulk data for the database benchmarks, generated inside the database with `insert … select
 * generate_series` (a year of data loads in about a second) from a fixed seed: `setseed()` and the
 * inserts run in one transaction, so they share one session and every run gets the same rows.
 * The data is shaped like a real team's: weekends busier, a growth trend, sites without ad figures,
 * campaigns every week, most feedback answered, some late.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DbHandle, DbOrTx } from '../db/client';
import { CHANNELS, PRIVATE_CHANNELS } from '../src/domain/channels';
import { addDays } from '../src/domain/dates';

export const SEED = 0.42;

/** The moment every database benchmark runs "at": Monday 2026-11-23 09:30 in Asia/Shanghai. */
export const BENCH_NOW = new Date('2026-11-23T01:30:00Z');
/** The last day with figures (yesterday, as the daily digest at BENCH_NOW sees it). */
export const LAST_DAY = '2026-11-22';
export const TZ = 'Asia/Shanghai';

export interface YearOptions {
  /** Days of channel metrics, ending on LAST_DAY. */
  days?: number;
  spendEntries?: number;
  campaigns?: number;
  /** Feedback items per day over the year (most already answered). */
  feedbackPerDay?: number;
  incidents?: number;
  approvals?: number;
}

export interface YearCounts {
  metricRows: number;
  channels: number;
  spendEntries: number;
  campaigns: number;
  feedback: number;
  incidents: number;
  approvals: number;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Channels with their ad figures (impressions, clicks, spend) or not, and a size factor. */
function channelValues(): SQL {
  const noAds = new Set<string>(PRIVATE_CHANNELS);
  const scale: Record<string, number> = { douyin: 1.6, taobao: 1.5, jd: 1.2, xiaohongshu: 1.0, other: 0.2 };
  return sql.join(
    CHANNELS.map((c) => sql`(${c}::text, ${!noAds.has(c)}::boolean, ${scale[c] ?? 0.6}::float8)`),
    sql`, `,
  );
}

/** Run `fill` in one transaction after setseed, so random() gives the same rows on every run. */
async function seeded(db: DbHandle['db'], fill: (tx: DbOrTx) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(${SEED})`);
    await fill(tx);
  });
}

/**
 * One year of everything the /metrics card and the digests read: channel metrics for every channel and
 * day, campaigns, spend entries (a share linked to campaigns), monthly budget plans from the spend,
 * feedback, incidents and content approvals. Ends with ANALYZE, as autovacuum would have by then.
 */
export async function seedYear(h: DbHandle, opts: YearOptions = {}): Promise<YearCounts> {
  const days = opts.days ?? 365;
  const spendN = opts.spendEntries ?? 20_000;
  const campaignN = opts.campaigns ?? 50;
  const fbPerDay = opts.feedbackPerDay ?? 20;
  const incidentN = opts.incidents ?? days;
  const approvalN = opts.approvals ?? 500;
  const first = addDays(LAST_DAY, -(days - 1));
  const today = addDays(LAST_DAY, 1);
  const now = ts(BENCH_NOW);

  await seeded(h.db, async (tx) => {
    // Channel metrics: raw counts per (day, channel); ratios come out of the sums, as in production.
    await tx.execute(sql`
      with b0 as materialized (
        select (${first}::date + g) as day, c.ch, c.ads,
               c.scale * (0.8 + 0.4 * random())
                 * (case when extract(isodow from ${first}::date + g) >= 6 then 1.25 else 1 end)
                 * (1 + 0.3 * g / ${days}::float8) as f,
               random() as r2, random() as r3, random() as r4, random() as r5
        from generate_series(0, ${days - 1}::int) g
        cross join (values ${channelValues()}) as c(ch, ads, scale)
      ), b1 as materialized (
        select *, case when ads then round(200000 * f)::bigint end as imp,
               round(20000 * f * (0.9 + 0.2 * r3))::bigint as uv
        from b0
      ), b2 as materialized (
        select *, case when ads then round(imp * (0.01 + 0.03 * r2))::bigint end as clicks,
               round(uv * (0.01 + 0.03 * r2))::bigint as orders,
               round(uv * 1.15)::bigint as sessions
        from b1
      )
      insert into channel_metrics (date, channel, uv, pv, bounces, sessions, impressions, clicks, orders,
        buyers, gmv_fen, spend_fen, new_users, followers, updated_at, updated_by)
      select day, ch, uv, round(uv * (2 + 2 * r4))::bigint, round(sessions * (0.3 + 0.3 * r5))::bigint,
             sessions, imp, clicks, orders, round(orders * 0.92)::bigint,
             orders * round((150 + 300 * r3) * 100)::bigint,
             case when ads then round(orders * (150 + 300 * r3) * 100 / (1.5 + 4 * r4))::bigint end,
             round(orders * (0.1 + 0.3 * r5))::bigint, round(50 * f * r5)::bigint,
             ${now}, 'bench'
      from b2`);

    // Campaigns: one starting about every week, 1–4 weeks long, the last ones still planned; statuses
    // follow the dates as of today.
    await tx.execute(sql`
      with c0 as materialized (
        select i, (${first}::date + ((i - 1) * ${days + 14}::int) / ${campaignN}::int) as s,
               7 + floor(random() * 22)::int as len,
               random() as r1, random() as r2
        from generate_series(1, ${campaignN}::int) i
      ), c1 as (
        select *, s + len as e,
               case when s + len < ${today}::date - 10 then 'reviewed'
                    when s + len < ${today}::date then 'ended'
                    when s <= ${today}::date then 'live' else 'planned' end as st
        from c0
      )
      insert into campaigns (code, name, type, channels, start_date, end_date, budget_fen, owner,
        target_gmv_fen, target_roi, target_new_users, status, ended_at, retro_due_at, retro_at, retro_by,
        retro_roi, retro_gmv_fen, retro_new_users, retro_notes, created_by, created_at)
      select 'CMP-' || i, 'Bench campaign ' || i,
             (array['promotion','launch','referral','brand_event','other'])[1 + i % 5],
             jsonb_build_array((array['douyin','taobao','xiaohongshu','jd','weibo'])[1 + i % 5], 'wechat_official'),
             s, e, round(50000000 * (0.5 + r1))::bigint, 'slack:U' || (100 + i % 8),
             round(200000000 * (0.5 + r1))::bigint, 3, 500 + (i * 37) % 1500, st,
             case when st in ('ended', 'reviewed') then (e + 1)::timestamp at time zone ${TZ} end,
             case when st in ('ended', 'reviewed') then (e + 4)::timestamp at time zone ${TZ} end,
             case when st = 'reviewed' then (e + 3)::timestamp at time zone ${TZ} + interval '15 hours' end,
             case when st = 'reviewed' then 'slack:U' || (100 + i % 8) end,
             case when st = 'reviewed' then round((1.5 + 3 * r2)::numeric, 2) end,
             case when st = 'reviewed' then round(200000000 * (0.3 + r2))::bigint end,
             case when st = 'reviewed' then 300 + (i * 53) % 1500 end,
             case when st = 'reviewed' then 'bench retrospective' end,
             'slack:U' || (100 + i % 8), (s - 14)::timestamp at time zone ${TZ}
      from c1`);

    // Spend: channel ads and content on random days; campaign spend inside each campaign's dates.
    const campaignSpend = Math.round(spendN * 0.3);
    await tx.execute(sql`
      with s0 as materialized (
        select (${first}::date + floor(random() * ${days}::int)::int) as d,
               case when random() < 0.7 then 'channel_ads' else 'content' end as cat,
               (array[${sql.join(
                 CHANNELS.map((c) => sql`${c}`),
                 sql`, `,
               )}])[1 + floor(random() * ${CHANNELS.length}::int)::int] as ch,
               random() as r
        from generate_series(1, ${spendN - campaignSpend}::int)
      )
      insert into spend_entries (spent_on, month, category, channel, campaign_id, amount_fen, note,
        created_by, created_at)
      select d, to_char(d, 'YYYY-MM'), cat, case when cat = 'channel_ads' then ch end, null,
             round((case when cat = 'channel_ads' then 800000 else 300000 end) * (0.2 + 1.6 * r))::bigint,
             'bench', 'slack:U100', d::timestamp at time zone ${TZ} + interval '18 hours'
      from s0`);
    await tx.execute(sql`
      with s0 as materialized (
        select c.id, c.channels->>0 as ch,
               least(${LAST_DAY}::date, c.start_date + floor(random() * (c.end_date - c.start_date + 1))::int) as d,
               random() as r
        from generate_series(1, ${campaignSpend}::int) g
        join campaigns c on c.code = 'CMP-' || (1 + (g * 7919) % ${campaignN}::int)
      )
      insert into spend_entries (spent_on, month, category, channel, campaign_id, amount_fen, note,
        created_by, created_at)
      select d, to_char(d, 'YYYY-MM'), 'campaigns', ch, id, round(500000 * (0.2 + 1.6 * r))::bigint,
             'bench', 'slack:U101', d::timestamp at time zone ${TZ} + interval '18 hours'
      from s0`);

    // Monthly plans near the spend: most months land between 85% and 115% usage.
    await tx.execute(sql`
      insert into budget_plans (month, category, plan_fen, updated_at, updated_by)
      select month, category, round(sum(amount_fen) * (0.87 + 0.3 * random()))::bigint, ${now}, 'slack:U100'
      from spend_entries group by month, category order by month, category`);

    // Feedback over the year: answered within 0–30 h (so some late), the last few days still partly open.
    await tx.execute(sql`
      with f0 as materialized (
        select i, ${now} - (random() * ${days * 86400}::int) * interval '1 second' as created,
               random() as r1, random() as r2, random() as r3, random() as r4
        from generate_series(1, ${days * fbPerDay}::int) i
      ), f1 as (
        select *, case when created < ${now} - interval '3 days'
                         then case when r4 < 0.95 then 'resolved' else 'acknowledged' end
                       when r4 < 0.4 then 'open' when r4 < 0.7 then 'acknowledged' else 'resolved' end as st
        from f0
      )
      insert into feedbacks (code, source, category, severity, text, status, reporter, channel, created_at,
        due_at, acked_at, acked_by, resolved_at, resolved_by)
      select 'FB-' || i,
             (array['community','wecom','customer_service','review','other'])[1 + floor(r1 * 5)::int],
             (array['product','service','logistics','price','other'])[1 + floor(r2 * 5)::int],
             case when r3 < 0.15 then 'high' when r3 < 0.55 then 'medium' else 'low' end,
             'Bench feedback #' || i || ': the coupon did not apply at checkout on the mini-program',
             st, 'slack:U' || (200 + i % 20), null, created, created + interval '24 hours',
             case when st <> 'open' then created + (r1 * 30) * interval '1 hour' end,
             case when st <> 'open' then 'slack:U100' end,
             case when st = 'resolved' then created + (r1 * 30 + 24 * r2) * interval '1 hour' end,
             case when st = 'resolved' then 'slack:U100' end
      from f1
      order by created`);

    // Incidents: about one a day; older ones responded, closed and reported.
    await tx.execute(sql`
      with i0 as materialized (
        select i, ${now} - (random() * ${days * 86400}::int) * interval '1 second' as created,
               random() as r1, random() as r2, random() as r3
        from generate_series(1, ${incidentN}::int) i
      ), i1 as (
        select *, case when created < ${now} - interval '10 days' then 'reported'
                       when r3 < 0.25 then 'open' when r3 < 0.5 then 'responded'
                       when r3 < 0.75 then 'closed' else 'reported' end as st,
               created + (r1 * 3) * interval '1 hour' as responded,
               created + (24 + r2 * 48) * interval '1 hour' as closed
        from i0
      )
      insert into incidents (code, platform, severity, summary, status, owner, created_at, response_due_at,
        responded_at, responded_by, closed_at, closed_by, report_due_at, reported_at, reported_by, report_text)
      select 'INC-' || i, (array['weibo','douyin','xiaohongshu','wechat'])[1 + i % 4],
             (array['low','medium','high','critical'])[1 + floor(r2 * 4)::int],
             'Bench incident #' || i || ': complaint thread about delivery delays', st,
             'slack:U' || (100 + i % 8), created, created + interval '2 hours',
             case when st <> 'open' then responded end, case when st <> 'open' then 'slack:U100' end,
             case when st in ('closed', 'reported') then closed end,
             case when st in ('closed', 'reported') then 'slack:U100' end,
             case when st in ('closed', 'reported') then closed + interval '2 days' end,
             case when st = 'reported' then closed + (r3 * 72) * interval '1 hour' end,
             case when st = 'reported' then 'slack:U100' end,
             case when st = 'reported' then 'bench report' end
      from i1
      order by created`);

    // Content approvals: decided within two days, the newest still pending.
    await tx.execute(sql`
      with a0 as materialized (
        select i, ${now} - (random() * ${days * 86400}::int) * interval '1 second' as created,
               random() as r1, random() as r2
        from generate_series(1, ${approvalN}::int) i
      )
      insert into approvals (code, kind, status, title, requester, details, findings, required_approvals,
        created_at, decided_at, decided_by)
      select 'APR-' || i, 'content',
             case when created > ${now} - interval '2 days' then 'pending'
                  when r1 < 0.7 then 'approved' when r1 < 0.9 then 'changes_requested' else 'rejected' end,
             'Bench post #' || i, 'slack:U' || (100 + i % 8),
             jsonb_build_object('channel', 'xiaohongshu', 'text', 'Bench post body #' || i), '[]'::jsonb, 1,
             created,
             case when created <= ${now} - interval '2 days' then created + (r2 * 48) * interval '1 hour' end,
             case when created <= ${now} - interval '2 days' then 'slack:U999' end
      from a0
      order by created`);

    await tx.execute(sql`
      insert into sequences (name, value) values
        ('FB', ${days * fbPerDay}::int), ('CMP', ${campaignN}::int), ('INC', ${incidentN}::int),
        ('APR', ${approvalN}::int)
      on conflict (name) do update set value = excluded.value`);
  });
  await h.db.execute(sql`analyze`);
  return {
    metricRows: days * CHANNELS.length,
    channels: CHANNELS.length,
    spendEntries: spendN,
    campaigns: campaignN,
    feedback: days * fbPerDay,
    incidents: incidentN,
    approvals: approvalN,
  };
}

export interface SlaBacklog {
  open: number;
  remind: number;
  breach: number;
  manager: number;
}

/**
 * An SLA backlog at `now`: `open` unanswered feedback items on the 24 h clock, of which `due` have a
 * ladder step due (40% in the reminder window, 40% breached, 20% past twice the window). The rest were
 * logged in the last 18 h, so their reminders are still over an hour away for the steady-state sweeps.
 */
export async function seedSlaBacklog(
  h: DbHandle,
  now: Date,
  opts: { open?: number; due?: number } = {},
): Promise<SlaBacklog> {
  const open = opts.open ?? 100_000;
  const due = opts.due ?? 1000;
  const remind = Math.round(due * 0.4);
  const breach = Math.round(due * 0.4);
  const manager = due - remind - breach;
  const n = ts(now);
  await seeded(h.db, async (tx) => {
    await tx.execute(sql`
      with f0 as materialized (
        select i,
               case when i <= ${remind}::int then (19.5 + random() * 4.4)
                    when i <= ${remind + breach}::int then (24.1 + random() * 23)
                    when i <= ${due}::int then (48.5 + random() * 48)
                    else random() * 18 end as age_h,
               random() as r1, random() as r2
        from generate_series(1, ${open}::int) i
      )
      insert into feedbacks (code, source, category, severity, text, status, reporter, created_at, due_at,
                             remind_at)
      select 'FB-' || i,
             (array['community','wecom','customer_service','review','other'])[1 + floor(r1 * 5)::int],
             (array['product','service','logistics','price','other'])[1 + floor(r2 * 5)::int],
             case when r2 < 0.15 then 'high' when r2 < 0.55 then 'medium' else 'low' end,
             'Bench feedback #' || i || ': the coupon did not apply at checkout on the mini-program',
             'open', 'slack:U' || (200 + i % 50),
             ${n} - age_h * interval '1 hour', ${n} - age_h * interval '1 hour' + interval '24 hours',
             ${n} - age_h * interval '1 hour' + interval '24 hours' * 0.8
      from f0
      order by age_h desc`);
    await tx.execute(sql`
      insert into sequences (name, value) values ('FB', ${open}::int)
      on conflict (name) do update set value = excluded.value`);
  });
  await h.db.execute(sql`analyze`);
  return { open, remind, breach, manager };
}
