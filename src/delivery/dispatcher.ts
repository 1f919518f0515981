import { claimOutbox, markOutboxFailed, markOutboxSent, pace } from '../../db/queries/outbox';
import type { OutboxRow } from '../../db/schema';
import type { Card } from '../chat/card';
import { decodeCard, type StoredCard } from '../chat/card-codec';
import type { Deps } from '../deps';

/** A platform-specific delivery failure. `retryable` false means the row goes dead at once. */
export class SendError extends Error {
  constructor(
    message: string,
    public readonly retryable: boolean,
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface OutboxPayload {
  card: StoredCard;
  /** For in-place updates: the outbox row whose posted message this one replaces. */
  updateOf?: number;
}

export interface Sender {
  /** Post one message; returns the platform's reference (Slack ts) for later updates. */
  send(row: OutboxRow, card: Card): Promise<{ ref?: string }>;
  /** Minimum spacing between two posts to one destination (Slack: ~1 per second per channel). */
  minIntervalMs: number;
}

export interface DispatcherOptions {
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Exponential backoff: 5 s, 10 s, 20 s … capped, so a one-hour outage is retried through. */
export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

/**
 * Delivers outbox rows. Rows are claimed with SKIP LOCKED (several replicas share the work), only the
 * oldest pending row per destination is eligible (order per channel survives retries), and failed
 * rows are rescheduled with backoff or marked dead after maxAttempts.
 */
export class Dispatcher {
  private readonly opts: Required<DispatcherOptions>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly deps: Deps,
    private readonly senders: Record<string, Sender>,
    opts: DispatcherOptions = {},
  ) {
    this.opts = {
      batchSize: opts.batchSize ?? 20,
      leaseMs: opts.leaseMs ?? 60_000,
      maxAttempts: opts.maxAttempts ?? 30,
      baseBackoffMs: opts.baseBackoffMs ?? 5_000,
      maxBackoffMs: opts.maxBackoffMs ?? 5 * 60_000,
    };
  }

  /** One pass: claim due rows and try each once. Returns how many were sent. */
  async tick(): Promise<number> {
    const now = this.deps.clock.now();
    const rows = await claimOutbox(this.deps.db, {
      now,
      limit: this.opts.batchSize,
      leaseMs: this.opts.leaseMs,
      platforms: Object.keys(this.senders),
      intervalMs: Object.fromEntries(Object.entries(this.senders).map(([p, s]) => [p, s.minIntervalMs])),
    });
    let sent = 0;
    for (const row of rows) {
      if (await this.deliver(row)) sent++;
    }
    return sent;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const sender = this.senders[row.platform]!;
    const log = this.deps.log.child({
      outboxId: row.id,
      platform: row.platform,
      destination: row.destination,
    });
    try {
      const payload = row.payload as OutboxPayload;
      const { ref } = await sender.send(row, decodeCard(payload.card));
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
      const err = e instanceof SendError ? e : new SendError((e as Error).message ?? String(e), true);
      const dead = !err.retryable || row.attempts >= this.opts.maxAttempts;
      const delay =
        err.retryAfterMs ?? backoffMs(row.attempts, this.opts.baseBackoffMs, this.opts.maxBackoffMs);
      // Retry-After applies to the whole channel, not just this row.
      if (err.retryAfterMs) {
        await pace(
          this.deps.db,
          row.platform,
          row.destination,
          new Date(this.deps.clock.now().getTime() + delay),
        );
      }
      await markOutboxFailed(
        this.deps.db,
        row.id,
        err.message,
        dead ? { dead: true } : { retryAt: new Date(this.deps.clock.now().getTime() + delay) },
      );
      (dead ? log.error : log.warn)(dead ? 'outbox message is dead' : 'outbox delivery failed; will retry', {
        attempts: row.attempts,
        error: err.message,
        retryInMs: dead ? undefined : delay,
      });
      return false;
    }
  }

  /** Poll every intervalMs; ticks never overlap within a process. */
  start(intervalMs = 500): void {
    const loop = async () => {
      try {
        this.running = this.tick();
        await this.running;
      } catch (e) {
        this.deps.log.error('outbox tick failed', { err: e });
      } finally {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(loop, intervalMs);
      }
    };
    this.timer = setTimeout(loop, intervalMs);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    if (t) clearTimeout(t);
    await this.running?.catch(() => {});
  }
}
