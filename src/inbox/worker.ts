import { claimInbox, lockPendingInboxRow, markInboxDone, markInboxRetry } from '../../db/queries/inbox';
import type { InboxRow } from '../../db/schema';
import { backoffMs } from '../delivery/dispatcher';
import type { Deps } from '../deps';
import { newErrorId } from '../log';
import { errorMessage } from '../util/errors';
import { PollLoop } from '../util/poll-loop';

/** What the worker does with one kind of inbox row. */
export interface InboxHandler {
  /**
   * Do the work and queue every reply through the outbox, all with `tx` (deps.db is the transaction). The
   * row is marked done in the same transaction, so the work commits exactly once with its replies.
   */
  run(deps: Deps, row: InboxRow): Promise<void>;
  /** After the last failed attempt: queue a reply with the error id, so the person is not left waiting. */
  giveUp(deps: Deps, row: InboxRow, errorId: string): Promise<void>;
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

  private readonly handlers: Record<string, InboxHandler> = {};

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
  register(kind: string, handler: InboxHandler): void {
    this.handlers[kind] = handler;
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
    const attempts = (row?.attempts ?? 0) + 1;
    const last = attempts >= this.opts.maxAttempts;
    const log = this.deps.log.child({ inboxId: id, kind: row?.kind, platform: row?.platform });
    log.error(last ? 'inbox event failed for good' : 'inbox event failed; will retry', {
      errorId,
      attempts,
      err: e,
    });
    const now = this.deps.clock.now();
    try {
      if (last && row) {
        const handler = this.handlers[row.kind];
        const failedRow = row;
        await this.deps.db.transaction(async (tx) => {
          await handler?.giveUp({ ...this.deps, db: tx }, failedRow, errorId);
          await markInboxRetry(tx, id, { failed: true, error: `${errorId}: ${errorMessage(e)}`, now });
        });
        this.opts.onCommitted?.();
      } else {
        const retryAt = new Date(now.getTime() + backoffMs(attempts, this.opts.baseBackoffMs, 60_000));
        await markInboxRetry(this.deps.db, id, { retryAt, error: `${errorId}: ${errorMessage(e)}` });
      }
    } catch (dbErr) {
      // The database is away: the row's lease runs out and the work is tried again when it is back.
      log.warn('could not record an inbox failure', { error: errorMessage(dbErr) });
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
