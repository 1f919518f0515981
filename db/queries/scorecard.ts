/**
 * The scorecard inputs that are not channel-metric sums (manual 4.1): complaints, survey sums, invalid
 * spend, follower counts at the ends of two months, and e-commerce orders per visitor. One statement.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type RawSum, sumOrNull } from './metrics';
import { one } from './one';
import { rowsOf } from './outbox';

/** Feedback counts as a complaint (投诉) when it is about service or logistics and of high severity. */
export const COMPLAINT_CATEGORIES = ['service', 'logistics'] as const;
export const COMPLAINT_SEVERITY = 'high';

/** Store platforms whose CVR is orders ÷ visitors (UV). */
export const ECOMMERCE_CHANNELS = ['taobao', 'jd', 'pinduoduo'] as const;

export interface ScorecardSpan {
  /** Local days of the month and of the month before, inclusive. */
  from: string;
  to: string;
  prevFrom: string;
  prevTo: string;
  month: string;
  /** The month as instants, for feedback created in it. */
  start: Date;
  end: Date;
}

export interface ScorecardInputs {
  complaints: number;
  surveyResponses: number | null;
  surveyScoreSum: number | null;
  spendFen: number;
  invalidSpendFen: number;
  /** Days on which someone logged active_users (the divisor of the daily average). */
  activeDays: number;
  /** Orders ÷ UV on store platforms, each side only over rows that logged both. */
  ecomOrders: number | null;
  ecomUv: number | null;
  prevEcomOrders: number | null;
  prevEcomUv: number | null;
  /** Last logged follower count of each channel in the month and in the month before. */
  followers: Record<string, { cur: number | null; prev: number | null }>;
}

export async function scorecardInputs(
  db: DbOrTx,
  span: ScorecardSpan,
  followerChannels: readonly string[],
): Promise<ScorecardInputs> {
  const cats = sql.join(
    COMPLAINT_CATEGORIES.map((c) => sql`${c}`),
    sql`, `,
  );
  const ecom = sql.join(
    ECOMMERCE_CHANNELS.map((c) => sql`${c}`),
    sql`, `,
  );
  const fch = sql.join(
    followerChannels.map((c) => sql`${c}`),
    sql`, `,
  );
  const res = await db.execute(sql`
    select
      (select count(*) from feedbacks f
        where f.created_at >= ${span.start.toISOString()}::timestamptz
          and f.created_at < ${span.end.toISOString()}::timestamptz
          and f.category in (${cats}) and f.severity = ${COMPLAINT_SEVERITY}) as complaints,
      (select sum(responses) from survey_results s
        where s.date between ${span.from}::date and ${span.to}::date) as survey_responses,
      (select sum(score_sum) from survey_results s
        where s.date between ${span.from}::date and ${span.to}::date) as survey_score_sum,
      (select coalesce(sum(amount_fen), 0) from spend_entries e where e.month = ${span.month}) as spend,
      (select coalesce(sum(amount_fen) filter (where e.invalid), 0) from spend_entries e
        where e.month = ${span.month}) as invalid_spend,
      (select count(distinct date) from channel_metrics m
        where m.date between ${span.from}::date and ${span.to}::date and m.active_users is not null) as active_days,
      (select json_build_object(
          'o', sum(orders) filter (where uv is not null and date >= ${span.from}::date),
          'u', sum(uv) filter (where orders is not null and date >= ${span.from}::date),
          'po', sum(orders) filter (where uv is not null and date <= ${span.prevTo}::date),
          'pu', sum(uv) filter (where orders is not null and date <= ${span.prevTo}::date))
        from channel_metrics m
        where m.channel in (${ecom}) and m.date between ${span.prevFrom}::date and ${span.to}::date) as ecom,
      (select coalesce(json_object_agg(channel, json_build_object('cur', cur, 'prev', prev)), '{}'::json) from (
        select c.channel,
          (select followers from channel_metrics m where m.channel = c.channel and m.followers is not null
             and m.date between ${span.from}::date and ${span.to}::date order by m.date desc limit 1) as cur,
          (select followers from channel_metrics m where m.channel = c.channel and m.followers is not null
             and m.date between ${span.prevFrom}::date and ${span.prevTo}::date order by m.date desc limit 1) as prev
        from unnest(array[${fch}]::text[]) as c(channel)) x) as followers`);
  const r = one(
    rowsOf<{
      complaints: RawSum;
      survey_responses: RawSum;
      survey_score_sum: RawSum;
      spend: RawSum;
      invalid_spend: RawSum;
      active_days: RawSum;
      ecom: string | { o: RawSum; u: RawSum; po: RawSum; pu: RawSum } | null;
      followers: string | Record<string, { cur: RawSum; prev: RawSum }>;
    }>(res),
    'scorecardInputs',
  );
  const ecomRow = typeof r.ecom === 'string' ? JSON.parse(r.ecom) : r.ecom;
  const fol = typeof r.followers === 'string' ? JSON.parse(r.followers) : r.followers;
  const followers: ScorecardInputs['followers'] = {};
  for (const c of followerChannels)
    followers[c] = { cur: sumOrNull(fol?.[c]?.cur), prev: sumOrNull(fol?.[c]?.prev) };
  return {
    complaints: sumOrNull(r.complaints) ?? 0,
    surveyResponses: sumOrNull(r.survey_responses),
    surveyScoreSum: sumOrNull(r.survey_score_sum),
    spendFen: sumOrNull(r.spend) ?? 0,
    invalidSpendFen: sumOrNull(r.invalid_spend) ?? 0,
    activeDays: sumOrNull(r.active_days) ?? 0,
    ecomOrders: sumOrNull(ecomRow?.o),
    ecomUv: sumOrNull(ecomRow?.u),
    prevEcomOrders: sumOrNull(ecomRow?.po),
    prevEcomUv: sumOrNull(ecomRow?.pu),
    followers,
  };
}
