import type { z } from 'zod';
import { claimInbox, lockPendingInboxRow, markInboxDone, markInboxRetry } from '../../db/queries/inbox';
import type { InboxRow } from '../../db/schema';
import { backoffMs } from '../delivery/dispatcher';
import type { Deps } from '../deps';
import { type Logger, newErrorId } from '../log';
import { describeIssues, errorMessage } from '../util/errors';
import { PollLoop } from '../util/poll-loop';

/** What the worker does with one kind of inbox row. */
export interface InboxHandler<P> {
  /**
   * What this kind's adapter stored. The row is read back through it before any work: a row it refuses
   * (written by an older version, or edited by hand) is marked failed at once and logged with its id,
   * never retried and never run on a guessed shape.
   */
  payload: z.ZodType<P>;
  /**
   * Do the work and queue every reply through the outbox, all with `tx` (deps.db is the transaction). The
   * row is marked done in the same transaction, so the work commits exactly once with its replies.
   */
  run(deps: Deps, row: InboxRow, payload: P): Promise<void>;
  /** After the last failed attempt: queue a reply with the error id, so the person is not left waiting. */
  giveUp(deps: Deps, row: InboxRow, payload: P, errorId: string): Promise<void>;
}

/** A handler with its payload type sealed in: the worker holds handlers of every kind side by side. */
interface Registered {
  run(deps: Deps, row: InboxRow): Promise<void>;
  giveUp(deps: Deps, row: InboxRow, errorId: string): Promise<void>;
}

/** A stored payload its kind's schema refuses: retrying cannot mend it, and nobody can be answered from it. */
class MalformedPayload extends Error {
  constructor(readonly issues: string) {
    super(`stored payload is malformed (${issues})`);
  }
}

function seal<P>(h: InboxHandler<P>): Registered {
  const read = (row: InboxRow): P => {
    const parsed = h.payload.safeParse(row.payload);
    if (!parsed.success) throw new MalformedPayload(describeIssues(parsed.error));
    return parsed.data;
  };
  return {
    run: (deps, row) => h.run(deps, row, read(row)),
    giveUp: (deps, row, errorId) => h.giveUp(deps, row, read(row), errorId),
  };
}

export interface InboxWorkerOptions {
  /** Rows processed side by side (each in its own transaction). */
  concurrency?: number;
  /** A claimed row not locked by its processor comes back after this (a crash between claim and work). */
  leaseMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  /** Called after work committed (its replies are in the outbox): the dispatcher's poke. */
  onCommitted?: () => void;
}

/**
 * Processes the durable inbox. Rows are claimed with SKIP LOCKED, so replicas and a restarted bot share
 * the backlog; each row is then locked for the length of its transaction, which also marks it done, so an
 * event id is processed once however many workers see it. The backlog lives in the table: the worker
 * holds at most `concurrency` rows in memory, whatever the burst.
 */
export class InboxWorker {
  private readonly opts: Required<Omit<InboxWorkerOptions, 'onCommitted'>> &
    Pick<InboxWorkerOptions, 'onCommitted'>;
  private readonly loop = new PollLoop(
    async () => (await this.tick()) >= this.opts.concurrency,
    (e) => this.deps.log.warn('inbox pass failed', { error: errorMessage(e) }),
  );

  private readonly handlers: Record<string, Registered> = {};

  constructor(
    private readonly deps: Deps,
    opts: InboxWorkerOptions = {},
  ) {
    this.opts = {
      concurrency: opts.concurrency ?? 4,
      leaseMs: opts.leaseMs ?? 10_000,
      maxAttempts: opts.maxAttempts ?? 5,
      baseBackoffMs: opts.baseBackoffMs ?? 2_000,
      onCommitted: opts.onCommitted,
    };
  }

  /** Platform adapters register the work for their kinds of event. */
  register<P>(kind: string, handler: InboxHandler<P>): void {
    this.handlers[kind] = seal(handler);
  }

  /** One pass: claim up to `concurrency` due rows and process them. Returns how many were claimed. */
  async tick(): Promise<number> {
    const rows = await claimInbox(this.deps.db, {
      now: this.deps.clock.now(),
      limit: this.opts.concurrency,
      leaseMs: this.opts.leaseMs,
      kinds: Object.keys(this.handlers),
    });
    await Promise.all(rows.map((r) => this.process(r.id)));
    return rows.length;
  }

  /**
   * Process one row now (a view submission whose answer the ack carries). Resolves with whether this call
   * did the work; false when another worker holds or finished the row, or the work failed and will be retried.
   */
  async process(id: number): Promise<boolean> {
    let row: InboxRow | undefined;
    try {
      const done = await this.deps.db.transaction(async (tx) => {
        row = await lockPendingInboxRow(tx, id);
        if (!row) return false;
        const handler = this.handlers[row.kind];
        if (!handler) throw new Error(`no inbox handler for kind ${row.kind}`);
        await handler.run({ ...this.deps, db: tx }, row);
        await markInboxDone(tx, id, this.deps.clock.now());
        return true;
      });
      if (done) this.opts.onCommitted?.();
      return done;
    } catch (e) {
      await this.failed(id, row, e);
      return false;
    }
  }

  private async failed(id: number, row: InboxRow | undefined, e: unknown): Promise<void> {
    const errorId = newErrorId();
    const log = this.deps.log.child({ inboxId: id, kind: row?.kind, platform: row?.platform });
    const now = this.deps.clock.now();
    if (e instanceof MalformedPayload) {
      // Nothing to retry and nobody to answer: the row is set aside as failed, for an operator to read.
      log.error('inbox event not processed: its stored payload is malformed; marked failed', {
        errorId,
        issues: e.issues,
      });
      await this.record(log, () =>
        markInboxRetry(this.deps.db, id, { failed: true, error: `${errorId}: ${e.message}`, now }),
      );
      return;
    }
    const attempts = (row?.attempts ?? 0) + 1;
    const last = attempts >= this.opts.maxAttempts;
    log.error(last ? 'inbox event failed for good' : 'inbox event failed; will retry', {
      errorId,
      attempts,
      err: e,
    });
    const error = `${errorId}: ${errorMessage(e)}`;
    if (last && row) {
      const handler = this.handlers[row.kind];
      const failedRow = row;
      const recorded = await this.record(log, () =>
        this.deps.db.transaction(async (tx) => {
          await handler?.giveUp({ ...this.deps, db: tx }, failedRow, errorId);
          await markInboxRetry(tx, id, { failed: true, error, now });
        }),
      );
      if (recorded) this.opts.onCommitted?.();
    } else {
      const retryAt = new Date(now.getTime() + backoffMs(attempts, this.opts.baseBackoffMs, 60_000));
      await this.record(log, () => markInboxRetry(this.deps.db, id, { retryAt, error }));
    }
  }

  /** Write down a failure; when the database is away the row's lease runs out and it is tried again then. */
  private async record(log: Logger, write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (dbErr) {
      log.warn('could not record an inbox failure', { error: errorMessage(dbErr) });
      return false;
    }
  }

  /**
   * Poll every intervalMs (the first pass at once: it finishes what an earlier process acknowledged); a
   * full pass, or a poke (a new row was just written), is followed by the next at once.
   */
  start(intervalMs = 500): void {
    this.loop.start(intervalMs, 0);
  }

  /** A row was just written: claim now rather than at the next interval. */
  poke(): void {
    this.loop.poke();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
