import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

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
    source: text('source').notNull(),
    category: text('category').notNull(),
    severity: text('severity').notNull(),
    /** Redacted before storing: phone numbers and e-mail addresses are masked. */
    text: text('text').notNull(),
    status: text('status').notNull().default('open'),
    reporter: text('reporter').notNull(),
    channel: text('channel'),
    createdAt: ts('created_at').notNull(),
    /** First-response deadline (24 h SLA by default). */
    dueAt: ts('due_at').notNull(),
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
    before: jsonb('before'),
    after: jsonb('after'),
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
    payload: jsonb('payload').notNull(),
    dedupeKey: text('dedupe_key').unique(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    /** Platform reference of the posted message (Slack ts), so cards can be updated in place. */
    platformRef: text('platform_ref'),
  },
  (t) => [index('outbox_pending_idx').on(t.nextAttemptAt, t.id).where(sql`${t.status} = 'pending'`)],
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
    summary: jsonb('summary'),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_runs_job_period_uq').on(t.job, t.periodKey)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Inbound deliveries already handled (Slack retries, WeCom MsgId), so a retry never acts twice. */
export const inboundEvents = pgTable('inbound_events', {
  key: text('key').primaryKey(),
  receivedAt: ts('received_at').notNull(),
});

export type Feedback = typeof feedbacks.$inferSelect;
export type NewFeedback = typeof feedbacks.$inferInsert;
export type AuditEntry = typeof auditLog.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
export type JobRun = typeof jobRuns.$inferSelect;
export type Setting = typeof settings.$inferSelect;

/** Keeps bigint import used for later money columns in the same style. */
export const moneyFen = (name: string) => bigint(name, { mode: 'number' });
