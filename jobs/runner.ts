import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DbOrTx } from '../db/client';
import { claimJobRun, failJobRun, finishJobRun } from '../db/queries/job-runs';
import { enqueueOutbox } from '../db/queries/outbox';
import { claimEscalation } from '../db/queries/sla';
import type { JobRun } from '../db/schema';
import type { Card } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import { type Audience, type Destination, destinationFor } from '../src/delivery/destinations';
import type { Deps } from '../src/deps';
import { getSettings, type Settings } from '../src/domain/settings';
import { newErrorId } from '../src/log';
import { errorMessage } from '../src/util/errors';
import { type JobName, periodKeyFor } from './timing';

/** Identifies this process in job claims (for the operator reading job_runs). */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Frequent housekeeping jobs log only when they send something. */
const QUIET_JOBS = new Set<JobName>(['sla-sweep', 'delivery-report', 'inbox-prune']);

/** A 'running' claim older than this belongs to a dead process and may be taken over. */
const STALE_CLAIM_MS = 15 * 60_000;

export interface JobMessage {
  /** Unique within the run; part of the outbox dedupe key, so a re-run never posts twice. */
  key: string;
  to: Audience | Destination;
  card: Card;
  /** An escalation step this message takes; claimed in the same transaction, skipped if already taken. */
  step?: { entity: string; entityId: string; step: string };
}

/** How a run was started: late (catch-up) and, from the scheduler's coordinator, an existing claim. */
export interface RunOptions {
  late?: boolean;
  claim?: JobRun;
}

export interface JobContext {
  periodKey: string;
  late: boolean;
  settings: Settings;
}

export interface JobResult {
  job: JobName;
  periodKey: string;
  /** false when another replica (or an earlier run) already holds this period. */
  ran: boolean;
  late?: boolean;
  summary?: Record<string, unknown>;
  error?: string;
}

/** Claim (job, period) for this process; undefined when another run holds or finished it. */
export function claimJob(deps: Deps, job: JobName, periodKey: string, now: Date, late: boolean) {
  return claimJobRun(deps.db, { job, periodKey, by: INSTANCE_ID, now, late, staleMs: STALE_CLAIM_MS });
}

/**
 * Queue messages in the caller's transaction: each escalation step is claimed first (skipped when already
 * taken) and each outbox row has a dedupe key, so running the same thing twice posts once.
 */
export async function queueMessages(
  tx: DbOrTx,
  deps: Deps,
  settings: Settings,
  prefix: string,
  messages: JobMessage[],
  now: Date,
): Promise<number> {
  let queued = 0;
  const taken = new Set<string>();
  for (const m of messages) {
    if (m.step) {
      const id = `${m.step.entity}:${m.step.entityId}:${m.step.step}`;
      if (!taken.has(id) && !(await claimEscalation(tx, { ...m.step, at: now }))) continue;
      taken.add(id);
    }
    const dests = typeof m.to === 'string' ? destinationFor(m.to, { settings, config: deps.config }) : [m.to];
    for (const d of dests) {
      const id = await enqueueOutbox(tx, {
        platform: d.platform,
        destination: d.destination,
        payload: { card: encodeCard(m.card) },
        dedupeKey: `${prefix}:${m.key}:${d.platform}:${d.destination}`,
        now,
      });
      if (id !== undefined) queued++;
    }
  }
  return queued;
}

/**
 * The shared life of a job run: claim (job, period) → compute → queue every message and mark the claim
 * done in one transaction. A throw marks the claim failed (the next tick retries) and never escapes.
 */
export async function runClaimed(
  deps: Deps,
  job: JobName,
  now: Date,
  opts: RunOptions,
  compute: (ctx: JobContext) => Promise<{
    summary: Record<string, unknown>;
    messages: JobMessage[];
    /** Further writes that must commit with the messages (e.g. marking what they report as reported). */
    commit?: (tx: DbOrTx) => Promise<void>;
  }>,
): Promise<JobResult> {
  const tz = deps.config.tz;
  const periodKey = periodKeyFor(job, now, tz);
  const claim = opts.claim ?? (await claimJob(deps, job, periodKey, now, opts.late ?? false));
  if (!claim) return { job, periodKey, ran: false };
  const log = deps.log.child({ job, period_key: periodKey });
  try {
    const settings = await getSettings(deps.db, deps.config);
    const { summary, messages, commit } = await compute({ periodKey, late: claim.late, settings });
    await deps.db.transaction(async (tx) => {
      await queueMessages(tx, deps, settings, `${job}:${periodKey}`, messages, now);
      await commit?.(tx);
      await finishJobRun(tx, claim.id, INSTANCE_ID, now, { ...summary, messages: messages.length });
    });
    if (messages.length > 0 || !QUIET_JOBS.has(job)) log.info('job done', { late: claim.late, ...summary });
    return { job, periodKey, ran: true, late: claim.late, summary };
  } catch (e) {
    const errorId = newErrorId();
    log.error('job failed; claim released for the next tick', { errorId, err: e });
    await failJobRun(deps.db, claim.id, INSTANCE_ID, now, `${errorId}: ${errorMessage(e)}`).catch(() => {});
    return { job, periodKey, ran: false, error: errorId };
  }
}

/** The owner's DM when their platform is on; undefined tells the job to fall back to an audience. */
export function ownerDm(deps: Deps, owner: string): JobMessage['to'] | undefined {
  return destinationFor({ actor: owner }, deps)[0];
}
