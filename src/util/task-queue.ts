/**
 * Runs background work with bounded concurrency. Platform adapters ack a request first and queue the
 * real work here, so a burst of commands cannot starve the event loop that sends acks (Slack waits
 * 3 s, WeCom 5 s) — the database round trips of a command never delay the next ack.
 */
export class TaskQueue {
  private active = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  push(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.pump();
  }

  get size(): number {
    return this.active + this.waiting.length;
  }

  /** Resolves when every queued task has finished (tests, shutdown). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      this.active++;
      // setImmediate lets pending I/O (new requests, their acks) run before each task starts.
      setImmediate(() => {
        task()
          .catch(this.onError)
          .finally(() => {
            this.active--;
            this.pump();
            if (this.size === 0) {
              for (const r of this.idleWaiters.splice(0)) r();
            }
          });
      });
    }
  }
}
