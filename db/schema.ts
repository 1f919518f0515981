import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
// The shapes the jsonb columns hold and the codes some text columns take ($type<…>() below), type-only: the
// schema names them, it runs none of it.
import type { StoredCard } from '../src/chat/card-codec';
import type { OutboxPayload } from '../src/delivery/dispatcher';
import type { AbMetric, AbStatus, AbWinner } from '../src/domain/abtests';
import type {
  ApprovalDetails,
  ApprovalKind,
  ApprovalStatus,
  CardRefs,
  KolResult,
  StoredFinding,
} from '../src/domain/approvals';
import type { CampaignStatus } from '../src/domain/campaigns';
import type {
  FeedbackCategory,
  FeedbackSeverity,
  FeedbackSource,
  FeedbackStatus,
} from '../src/domain/feedback';
import type { IncidentSeverity, IncidentStatus } from '../src/domain/incidents';
import type { Weighting } from '../src/domain/targets';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Money is integer fen (1/100 yuan): exact, and safe as a JS number up to ¥90 trillion. */
const moneyFen = (name: string) => bigint(name, { mode: 'number' });

/** Human codes (FB-1, CMP-2 …): one counter per prefix, bumped atomically inside the caller's transaction. */
export const sequences = pgTable('sequences', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

export const feedbacks = pgTable(
  'feedbacks',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    source: text('source').$type<FeedbackSource>().notNull(),
    category: text('category').$type<FeedbackCategory>().notNull(),
    severity: text('severity').$type<FeedbackSeverity>().notNull(),
    /** Redacted before storing: phone numbers and e-mail addresses are masked. */
    text: text('text').notNull(),
    status: text('status').$type<FeedbackStatus>().notNull().default('open'),
    reporter: text('reporter').notNull(),
    channel: text('channel'),
    createdAt: ts('created_at').notNull(),
    /** First-response deadline (24 h SLA by default). */
    dueAt: ts('due_at').notNull(),
    /** When the owner is reminded (80% of the window); set with the deadline, indexed for the sweep. */
    remindAt: ts('remind_at'),
    ackedAt: ts('acked_at'),
    ackedBy: text('acked_by'),
    ackNote: text('ack_note'),
    resolvedAt: ts('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolveNote: text('resolve_note'),
  },
  (t) => [
    index('feedbacks_status_idx').on(t.status, t.id),
    // The SLA sweep only looks at items still waiting for a first response.
    index('feedbacks_open_due_idx').on(t.dueAt).where(sql`${t.status} = 'open'`),
    index('feedbacks_open_remind_idx').on(t.remindAt).where(sql`${t.status} = 'open'`),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    /** The entity as it was and became: any row or patch of it, read back only as JSON. */
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId)],
);

/**
 * Outbound messages, written in the same transaction as the change that caused them.
 * `dedupeKey` makes enqueueing idempotent; `status` moves pending → sent | dead.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: ts('created_at').notNull(),
    platform: text('platform').notNull(),
    destination: text('destination').notNull(),
    kind: text('kind').notNull().default('message'),
    payload: jsonb('payload').$type<OutboxPayload>().notNull(),
    dedupeKey: text('dedupe_key').unique(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    /** Platform reference of the posted message (Slack ts), so cards can be updated in place. */
    platformRef: text('platform_ref'),
    /** When the row went dead, and when the hourly delivery report told the admins about it. */
    deadAt: ts('dead_at'),
    deadReportedAt: ts('dead_reported_at'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.nextAttemptAt, t.id).where(sql`${t.status} = 'pending'`),
    // The claim's "oldest pending row of this destination" lookup, per candidate row.
    index('outbox_dest_pending_idx').on(t.platform, t.destination, t.id).where(sql`${t.status} = 'pending'`),
    index('outbox_dead_unreported_idx')
      .on(t.id)
      .where(sql`${t.status} = 'dead' and ${t.deadReportedAt} is null`),
  ],
);

/** One row per (job, period): the exactly-once claim for scheduled jobs. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    job: text('job').notNull(),
    periodKey: text('period_key').notNull(),
    status: text('status').notNull().default('running'),
    claimedBy: text('claimed_by').notNull(),
    claimedAt: ts('claimed_at').notNull(),
    finishedAt: ts('finished_at'),
    late: boolean('late').notNull().default(false),
    /** What the job reports about its run (its own shape per job). */
    summary: jsonb('summary').$type<unknown>(),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_runs_job_period_uq').on(t.job, t.periodKey)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  /** Its shape depends on the key; src/domain/settings.ts parses each one. */
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * The durable inbox: every Slack command, button, view submission and WeCom callback is written here
 * before it is acknowledged. `eventKey` is the platform's delivery identity (a retry is the same row);
 * workers claim pending rows with SKIP LOCKED and mark them done in the transaction that did the work.
 */
export const inbox = pgTable(
  'inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    kind: text('kind').notNull(),
    eventKey: text('event_key').notNull().unique(),
    /** The platform's event as its adapter stored it; only that adapter reads it back. */
    payload: jsonb('payload').$type<unknown>().notNull(),
    receivedAt: ts('received_at').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Due time while pending; pushed forward as a lease while a worker holds the row. */
    nextAttemptAt: ts('next_attempt_at').notNull(),
    processedAt: ts('processed_at'),
    lastError: text('last_error'),
  },
  (t) => [
    index('inbox_pending_idx').on(t.nextAttemptAt, t.id).where(sql`${t.status} = 'pending'`),
    index('inbox_received_idx').on(t.receivedAt),
  ],
);

export type Feedback = typeof feedbacks.$inferSelect;
export type NewFeedback = typeof feedbacks.$inferInsert;
export type AuditEntry = typeof auditLog.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
export type JobRun = typeof jobRuns.$inferSelect;
export type InboxRow = typeof inbox.$inferSelect;
export type Setting = typeof settings.$inferSelect;

const day = (name: string) => date(name, { mode: 'string' });

/** A person across platforms: one human may act from Slack and WeCom. */
export const persons = pgTable('persons', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  slackId: text('slack_id').unique(),
  wecomId: text('wecom_id').unique(),
  createdAt: ts('created_at').notNull(),
});

export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    channels: jsonb('channels').$type<string[]>().notNull(),
    startDate: day('start_date').notNull(),
    endDate: day('end_date').notNull(),
    budgetFen: moneyFen('budget_fen').notNull(),
    owner: text('owner').notNull(),
    targetGmvFen: moneyFen('target_gmv_fen'),
    /** ROI target as GMV ÷ spend, e.g. '3' for 3:1; numeric keeps it exact. */
    targetRoi: numeric('target_roi'),
    targetNewUsers: integer('target_new_users'),
    /** planned → live → ended → reviewed. planned/live follow the dates; ended/reviewed are explicit or by date. */
    status: text('status').$type<CampaignStatus>().notNull().default('planned'),
    endedAt: ts('ended_at'),
    retroDueAt: ts('retro_due_at'),
    retroRemindAt: ts('retro_remind_at'),
    retroAt: ts('retro_at'),
    retroBy: text('retro_by'),
    retroRoi: numeric('retro_roi'),
    retroGmvFen: moneyFen('retro_gmv_fen'),
    retroNewUsers: integer('retro_new_users'),
    retroNotes: text('retro_notes'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('campaigns_status_idx').on(t.status, t.id),
    index('campaigns_retro_due_idx').on(t.retroDueAt).where(sql`${t.status} = 'ended'`),
    index('campaigns_retro_remind_idx').on(t.retroRemindAt).where(sql`${t.status} = 'ended'`),
  ],
);

export const incidents = pgTable(
  'incidents',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    platform: text('platform').notNull(),
    severity: text('severity').$type<IncidentSeverity>().notNull(),
    summary: text('summary').notNull(),
    link: text('link'),
    /** open → responded → closed → reported */
    status: text('status').$type<IncidentStatus>().notNull().default('open'),
    owner: text('owner').notNull(),
    createdAt: ts('created_at').notNull(),
    responseDueAt: ts('response_due_at').notNull(),
    responseRemindAt: ts('response_remind_at'),
    respondedAt: ts('responded_at'),
    respondedBy: text('responded_by'),
    responseNote: text('response_note'),
    closedAt: ts('closed_at'),
    closedBy: text('closed_by'),
    reportDueAt: ts('report_due_at'),
    reportRemindAt: ts('report_remind_at'),
    reportedAt: ts('reported_at'),
    reportedBy: text('reported_by'),
    reportText: text('report_text'),
  },
  (t) => [
    index('incidents_status_idx').on(t.status, t.id),
    index('incidents_open_due_idx').on(t.responseDueAt).where(sql`${t.status} = 'open'`),
    index('incidents_report_due_idx').on(t.reportDueAt).where(sql`${t.status} = 'closed'`),
    index('incidents_open_remind_idx').on(t.responseRemindAt).where(sql`${t.status} = 'open'`),
    index('incidents_report_remind_idx').on(t.reportRemindAt).where(sql`${t.status} = 'closed'`),
  ],
);

/** Monthly plan per category (channel_ads, campaigns, content). */
export const budgetPlans = pgTable(
  'budget_plans',
  {
    id: serial('id').primaryKey(),
    month: text('month').notNull(),
    category: text('category').notNull(),
    planFen: moneyFen('plan_fen').notNull(),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [uniqueIndex('budget_plans_month_category_uq').on(t.month, t.category)],
);

export const spendEntries = pgTable(
  'spend_entries',
  {
    id: serial('id').primaryKey(),
    /** Local date (TZ_NAME) the spend belongs to, and its month for fast monthly sums. */
    spentOn: day('spent_on').notNull(),
    month: text('month').notNull(),
    category: text('category').notNull(),
    channel: text('channel'),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    amountFen: moneyFen('amount_fen').notNull(),
    note: text('note'),
    /** Wasted spend (无效支出: fraud clicks, a cancelled booking …): still spent, counted in the invalid share. */
    invalid: boolean('invalid').notNull().default(false),
    /** Why it was marked invalid later (`/budget spend void SP-n reason=`), by whom and when. */
    invalidReason: text('invalid_reason'),
    invalidAt: ts('invalid_at'),
    invalidBy: text('invalid_by'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('spend_entries_month_category_idx').on(t.month, t.category),
    index('spend_entries_campaign_idx').on(t.campaignId),
  ],
);

/** The raw daily figures of a channel, shared by channel_metrics and source_metrics. */
const figureColumns = () => ({
  uv: bigint('uv', { mode: 'number' }),
  pv: bigint('pv', { mode: 'number' }),
  bounces: bigint('bounces', { mode: 'number' }),
  sessions: bigint('sessions', { mode: 'number' }),
  impressions: bigint('impressions', { mode: 'number' }),
  clicks: bigint('clicks', { mode: 'number' }),
  orders: bigint('orders', { mode: 'number' }),
  buyers: bigint('buyers', { mode: 'number' }),
  gmvFen: moneyFen('gmv_fen'),
  spendFen: moneyFen('spend_fen'),
  newUsers: bigint('new_users', { mode: 'number' }),
  followers: bigint('followers', { mode: 'number' }),
  /** Users active that day (DAU). */
  activeUsers: bigint('active_users', { mode: 'number' }),
  /** 7-day retention: of the users who joined 7 days before (the cohort), how many came back. */
  retainedD7: bigint('retained_d7', { mode: 'number' }),
  cohortD7: bigint('cohort_d7', { mode: 'number' }),
  /** Buyers that day who had bought before (repurchase rate = repeat_buyers ÷ buyers). */
  repeatBuyers: bigint('repeat_buyers', { mode: 'number' }),
});

/** One row per (date, channel); raw counts only, ratios are computed from sums. */
export const channelMetrics = pgTable(
  'channel_metrics',
  {
    id: serial('id').primaryKey(),
    date: day('date').notNull(),
    channel: text('channel').notNull(),
    ...figureColumns(),
    /** Figures a connector supplied, by field name → source code (`{ "uv": "baidu_tongji" }`); absent = hand-logged. */
    sources: jsonb('sources').$type<Record<string, string>>().notNull().default({}),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [uniqueIndex('channel_metrics_date_channel_uq').on(t.date, t.channel)],
);

/**
 * Satisfaction survey results per day (1–5 scale): the count and the sum of scores, so any period's mean
 * is Σscore_sum ÷ Σresponses (weighted), never a mean of daily means.
 */
export const surveyResults = pgTable('survey_results', {
  date: day('date').primaryKey(),
  responses: integer('responses').notNull(),
  /** Sum of all scores; numeric so an average given with 2 decimals × count stays exact. */
  scoreSum: numeric('score_sum').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * Publishing cadence per channel (manual 2.3: 每周3篇公众号文章、每日1条抖音视频): either per_week or per_day.
 * With `workdays` the cadence counts working days only (mainland calendar with 调休).
 */
export const contentPlans = pgTable('content_plans', {
  channel: text('channel').primaryKey(),
  perWeek: integer('per_week'),
  perDay: integer('per_day'),
  workdays: boolean('workdays').notNull().default(false),
  /** Who is reminded when the cadence slips. */
  owner: text('owner').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** What went out: one row per published piece; an approval can be published once. */
export const contentPosts = pgTable(
  'content_posts',
  {
    id: serial('id').primaryKey(),
    channel: text('channel').notNull(),
    title: text('title').notNull(),
    link: text('link'),
    approvalId: integer('approval_id')
      .references(() => approvals.id)
      .unique(),
    /** Local date (TZ_NAME) it went out. */
    publishedOn: day('published_on').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('content_posts_channel_day_idx').on(t.channel, t.publishedOn)],
);

/**
 * Figures as each connector pulled them, one row per (date, channel, source). channel_metrics holds the
 * effective figures every report reads; this table keeps what each source said, so a re-pull that changes
 * nothing writes nothing, and a hand-logged figure that wins still has the pulled one beside it.
 */
export const sourceMetrics = pgTable(
  'source_metrics',
  {
    id: serial('id').primaryKey(),
    date: day('date').notNull(),
    channel: text('channel').notNull(),
    source: text('source').notNull(),
    ...figureColumns(),
    /** When these figures were first seen (a re-pull with the same figures does not touch the row). */
    pulledAt: ts('pulled_at').notNull(),
  },
  (t) => [uniqueIndex('source_metrics_date_channel_source_uq').on(t.date, t.channel, t.source)],
);

/** One row per connector pull (scheduled or backfill chunk): status, last success/error and "as of" times. */
export const connectorRuns = pgTable(
  'connector_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    /** 'scheduled' (metrics-pull job) or 'backfill' (CLI). */
    kind: text('kind').notNull(),
    fromDate: day('from_date').notNull(),
    toDate: day('to_date').notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at').notNull(),
    ok: boolean('ok').notNull(),
    rows: integer('rows').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    /** A clear message (never a credential); error id included for internal errors. */
    error: text('error'),
  },
  (t) => [index('connector_runs_source_idx').on(t.source, t.id)],
);

/** Per-source state that outlives a run: backfill progress and the encrypted OAuth tokens some sources rotate. */
export const connectorState = pgTable('connector_state', {
  source: text('source').primaryKey(),
  /** The last backfill asked for and how far it got, so `pull SOURCE` resumes where it stopped. */
  backfill: jsonb('backfill').$type<{ from: string; to: string; doneThrough: string | null }>(),
  /** AES-256-GCM sealed JSON (key from MOPS_SECRET_KEY); never plain text. */
  tokens: text('tokens'),
  updatedAt: ts('updated_at').notNull(),
});

/** Content drafts and KOL deals waiting for a decision. */
export const approvals = pgTable(
  'approvals',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    kind: text('kind').$type<ApprovalKind>().notNull(),
    /** pending → approved | changes_requested | rejected */
    status: text('status').$type<ApprovalStatus>().notNull().default('pending'),
    title: text('title').notNull(),
    requester: text('requester').notNull(),
    /** Kind-specific fields (content: channel, text, link, brief; kol: name, platform, followers, fee …). */
    details: jsonb('details').$type<ApprovalDetails>().notNull(),
    findings: jsonb('findings').$type<StoredFinding[]>().notNull(),
    /** 1, or 2 for KOL deals above the configured fee. */
    requiredApprovals: integer('required_approvals').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
    /** Where the approval card was posted, per platform, so it can be updated in place. */
    cardRefs: jsonb('card_refs').$type<CardRefs>(),
    /** A KOL deal's results, once recorded. */
    result: jsonb('result').$type<KolResult>(),
  },
  (t) => [index('approvals_kind_status_idx').on(t.kind, t.status, t.id)],
);

/** One vote per approver per approval; the unique key makes a repeated click a no-op. */
export const approvalVotes = pgTable(
  'approval_votes',
  {
    id: serial('id').primaryKey(),
    approvalId: integer('approval_id')
      .notNull()
      .references(() => approvals.id),
    approver: text('approver').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason'),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('approval_votes_approval_approver_uq').on(t.approvalId, t.approver)],
);

/** Escalation ladder steps already taken: one row per (entity, id, step), so each step is sent once. */
export const escalations = pgTable(
  'escalations',
  {
    id: serial('id').primaryKey(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    step: text('step').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('escalations_entity_step_uq').on(t.entity, t.entityId, t.step)],
);

/** Cross-replica pacing: the earliest moment the next message may go to a destination. */
export const deliveryPacing = pgTable(
  'delivery_pacing',
  {
    platform: text('platform').notNull(),
    destination: text('destination').notNull(),
    nextAt: ts('next_at').notNull(),
    /** Sliding window for per-minute limits (WeCom robot: 20/min): send times in the current window. */
    window: jsonb('window').$type<number[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.platform, t.destination] })],
);

/** Messages shown in the local web console (its "channels"), written by the console sender. */
export const consoleMessages = pgTable(
  'console_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    /** Set for ephemeral replies: only this console user sees it. */
    visibleTo: text('visible_to'),
    card: jsonb('card').$type<StoredCard>().notNull(),
    outboxId: bigint('outbox_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('console_messages_channel_idx').on(t.channel, t.id)],
);

/** A/B tests (`ABT-n`): cumulative visitors and conversions per arm; the verdict is computed, not stored. */
export const abTests = pgTable(
  'ab_tests',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** ctr (impressions → clicks) or cvr (visitors → conversions): only the labels differ. */
    metric: text('metric').$type<AbMetric>().notNull(),
    channel: text('channel'),
    owner: text('owner').notNull(),
    aVisitors: bigint('a_visitors', { mode: 'number' }).notNull(),
    aConversions: bigint('a_conversions', { mode: 'number' }).notNull(),
    bVisitors: bigint('b_visitors', { mode: 'number' }).notNull(),
    bConversions: bigint('b_conversions', { mode: 'number' }).notNull(),
    /** How many times the counts were updated after creation: each is a look at the p-value (peeking). */
    updates: integer('updates').notNull().default(0),
    /** open → closed */
    status: text('status').$type<AbStatus>().notNull().default('open'),
    /** a | b | none, set on close. */
    winner: text('winner').$type<AbWinner>(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    closedAt: ts('closed_at'),
    closedBy: text('closed_by'),
  },
  (t) => [index('ab_tests_status_idx').on(t.status, t.id)],
);

/**
 * Monthly targets, one row per (month, metric). Values are integers: gmv in fen, new_users a count,
 * uv_growth in basis points (20% = 2000), roi in hundredths (3:1 = 300). `planKey` is what set the row
 * (`2027`, `2027-Q1` or `2027-03`); `overridden` months keep their value when their plan is re-split.
 */
export const targets = pgTable(
  'targets',
  {
    id: serial('id').primaryKey(),
    month: text('month').notNull(),
    metric: text('metric').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
    planKey: text('plan_key').notNull(),
    /** last_year | equal | fixed (typed for the month itself) | same (a rate: every month the period's value). */
    weighting: text('weighting').$type<Weighting>().notNull(),
    overridden: boolean('overridden').notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [uniqueIndex('targets_month_metric_uq').on(t.month, t.metric)],
);

export type Person = typeof persons.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;
export type Incident = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;
export type BudgetPlan = typeof budgetPlans.$inferSelect;
export type SpendEntry = typeof spendEntries.$inferSelect;
export type NewSpendEntry = typeof spendEntries.$inferInsert;
export type ChannelMetric = typeof channelMetrics.$inferSelect;
export type NewChannelMetric = typeof channelMetrics.$inferInsert;
export type Approval = typeof approvals.$inferSelect;
export type NewApproval = typeof approvals.$inferInsert;
export type ApprovalVote = typeof approvalVotes.$inferSelect;
export type Escalation = typeof escalations.$inferSelect;
export type ConsoleMessage = typeof consoleMessages.$inferSelect;
export type SurveyResult = typeof surveyResults.$inferSelect;
export type ContentPlan = typeof contentPlans.$inferSelect;
export type ContentPost = typeof contentPosts.$inferSelect;
export type SourceMetric = typeof sourceMetrics.$inferSelect;
export type NewSourceMetric = typeof sourceMetrics.$inferInsert;
export type ConnectorRun = typeof connectorRuns.$inferSelect;
export type AbTest = typeof abTests.$inferSelect;
export type NewAbTest = typeof abTests.$inferInsert;
export type Target = typeof targets.$inferSelect;
export type NewTarget = typeof targets.$inferInsert;
