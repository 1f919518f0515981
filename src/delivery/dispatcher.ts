import { z } from 'zod';
import {
  claimOutbox,
  markOutboxFailed,
  markOutboxSent,
  pace,
  renewOutboxLease,
} from '../../db/queries/outbox';
import type { OutboxRow } from '../../db/schema';
import type { Card } from '../chat/card';
import { decodeCard, type StoredCard } from '../chat/card-codec';
import type { Deps } from '../deps';
import { describeIssues, errorMessage } from '../util/errors';
import { PollLoop } from '../util/poll-loop';
import { SendError } from './failures';

export interface OutboxPayload {
  card: StoredCard;
  /** For in-place updates: the outbox row whose posted message this one replaces. */
  updateOf?: number;
  /** …and that message's platform reference (Slack ts, WeCom card ref), when it was known at enqueue time. */
  ref?: string;
}

/**
 * The part of a row's payload its sender reads beyond the card (a Slack reply's response_url, a WeCom
 * click's response_code), read back through the schema of what that sender wrote. A row that does not
 * match cannot be sent by retrying: it goes dead at once, logged with its outbox id and what was wrong.
 */
export function storedPayload<T>(row: OutboxRow, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(row.payload);
  if (parsed.success) return parsed.data;
  throw new SendError(`stored payload is malformed (${describeIssues(parsed.error)})`, 'permanent');
}

/** Every row carries a card to send; a row without one goes dead like any other malformed payload. */
const envelope = z.object({ card: z.object({ title: z.string() }) });

export interface Sender {
  /** Post one message; returns the platform's reference (Slack ts) for later updates. */
  send(row: OutboxRow, card: Card): Promise<{ ref?: string }>;
  /** Minimum spacing between two posts to one destination (Slack: ~1 per second per channel). */
  minIntervalMs: number;
}

export interface DispatcherOptions {
  batchSize?: number;
  /** How long a claimed row stays held without a renewal: a crashed sender's rows come back after it. */
  leaseMs?: number;
  /** Failures of an unknown kind before a row goes dead (transient ones never count). */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Exponential backoff: 5 s, 10 s, 20 s … capped (10 min), so a day-long outage is retried through. */
export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

/**
 * Delivers outbox rows. Rows are claimed with SKIP LOCKED (several replicas share the work), only the
 * oldest pending row per destination is eligible (order per channel survives retries), a claimed row is
 * held by a short lease renewed while its send runs (a crash frees it within seconds), and failed rows are
 * rescheduled with backoff: transient failures for as long as it takes, unknown ones up to maxAttempts,
 * permanent ones go dead at once.
 */
export class Dispatcher {
  private readonly opts: Required<DispatcherOptions>;
  private readonly loop = new PollLoop(
    async () => (await this.pass()).claimed >= this.opts.batchSize,
    (e) => this.deps.log.error('outbox tick failed', { err: e }),
  );

  constructor(
    private readonly deps: Deps,
    private readonly senders: Record<string, Sender>,
    opts: DispatcherOptions = {},
  ) {
    this.opts = {
      batchSize: opts.batchSize ?? 20,
      leaseMs: opts.leaseMs ?? 8_000,
      maxAttempts: opts.maxAttempts ?? 30,
      baseBackoffMs: opts.baseBackoffMs ?? 5_000,
      maxBackoffMs: opts.maxBackoffMs ?? 10 * 60_000,
    };
  }

  /** One pass: claim due rows and try each once. Returns how many were sent. */
  async tick(): Promise<number> {
    return (await this.pass()).sent;
  }

  private async pass(): Promise<{ claimed: number; sent: number }> {
    const now = this.deps.clock.now();
    const rows = await claimOutbox(this.deps.db, {
      now,
      limit: this.opts.batchSize,
      leaseMs: this.opts.leaseMs,
      platforms: Object.keys(this.senders),
      intervalMs: Object.fromEntries(Object.entries(this.senders).map(([p, s]) => [p, s.minIntervalMs])),
    });
    if (rows.length === 0) return { claimed: 0, sent: 0 };
    // Renew the lease of rows still being sent, so a slow send is not taken over by another replica, while
    // the rows of a crashed process come back after leaseMs.
    const held = new Set(rows.map((r) => r.id));
    const renew = setInterval(
      () => {
        if (held.size === 0) return;
        const until = new Date(this.deps.clock.now().getTime() + this.opts.leaseMs);
        renewOutboxLease(this.deps.db, [...held], until).catch((e) =>
          this.deps.log.warn('outbox lease renewal failed', { error: errorMessage(e) }),
        );
      },
      Math.max(50, Math.floor(this.opts.leaseMs / 3)),
    );
    try {
      // A claim holds at most one row per destination, so the rows may go out side by side.
      const results = await Promise.all(
        rows.map((row) => this.deliver(row).finally(() => held.delete(row.id))),
      );
      return { claimed: rows.length, sent: results.filter(Boolean).length };
    } finally {
      clearInterval(renew);
    }
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const log = this.deps.log.child({
      outboxId: row.id,
      platform: row.platform,
      destination: row.destination,
    });
    try {
      // Only the senders' platforms are claimed.
      const sender = this.senders[row.platform];
      if (!sender) throw new SendError(`no sender for ${row.platform}`, 'permanent');
      storedPayload(row, envelope);
      const { ref } = await sender.send(row, decodeCard(row.payload.card));
      // Pace from when the post landed, not from the claim: a batch sends its rows one after another,
      // so a claim-time slot could let two posts to one channel come closer than the platform allows.
      if (sender.minIntervalMs > 0) {
        await pace(
          this.deps.db,
          row.platform,
          row.destination,
          new Date(this.deps.clock.now().getTime() + sender.minIntervalMs),
        );
      }
      await markOutboxSent(this.deps.db, row.id, this.deps.clock.now(), ref);
      return true;
    } catch (e) {
      const err = e instanceof SendError ? e : new SendError(errorMessage(e), 'unknown');
      const failures = row.attempts + 1;
      const dead = err.kind === 'permanent' || (err.kind === 'unknown' && failures >= this.opts.maxAttempts);
      const delay = err.retryAfterMs ?? backoffMs(failures, this.opts.baseBackoffMs, this.opts.maxBackoffMs);
      const at = this.deps.clock.now();
      try {
        // Retry-After applies to the whole channel, not just this row.
        if (err.retryAfterMs) {
          await pace(this.deps.db, row.platform, row.destination, new Date(at.getTime() + delay));
        }
        await markOutboxFailed(
          this.deps.db,
          row.id,
          err.message,
          dead ? { dead: true, at } : { retryAt: new Date(at.getTime() + delay) },
        );
      } catch (dbErr) {
        // The row stays pending; its lease runs out and it is tried again.
        log.error('could not record an outbox failure', { err: dbErr });
      }
      (dead ? log.error : log.warn)(dead ? 'outbox message is dead' : 'outbox delivery failed; will retry', {
        failures,
        kind: err.kind,
        error: err.message,
        retryInMs: dead ? undefined : delay,
      });
      return false;
    }
  }

  /**
   * Poll every intervalMs; passes never overlap within a process. A full batch, or a poke, is followed by
   * the next pass at once, so a backlog drains at the senders' pace rather than one batch per interval.
   */
  start(intervalMs = 500): void {
    this.loop.start(intervalMs);
  }

  /** New rows were committed: run a pass now instead of at the next interval. */
  poke(): void {
    this.loop.poke();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
