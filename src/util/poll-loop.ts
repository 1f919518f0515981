/**
 * Runs a pass every intervalMs, never two at once. A pass that reports more work waiting, or a poke while
 * one runs, is followed by the next at once; an idle one waits the interval. The outbox dispatcher and
 * the inbox worker both drain their tables this way.
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private active = false;
  private poked = false;
  private intervalMs = 500;

  constructor(
    /** One pass; resolves true when more work is waiting right now. */
    private readonly pass: () => Promise<boolean>,
    private readonly onError: (e: unknown) => void,
  ) {}

  start(intervalMs: number, firstAfterMs = intervalMs): void {
    this.intervalMs = intervalMs;
    this.active = true;
    this.schedule(firstAfterMs);
  }

  /** New work was just committed: run a pass now instead of at the next interval. */
  poke(): void {
    if (!this.active) return;
    if (this.running) {
      this.poked = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), ms);
  }

  private async loop(): Promise<void> {
    this.timer = undefined;
    this.poked = false;
    let again = false;
    try {
      const p = this.pass();
      this.running = p;
      again = await p;
    } catch (e) {
      this.onError(e);
    } finally {
      this.running = undefined;
      if (this.active) this.schedule(again || this.poked ? 0 : this.intervalMs);
    }
  }
}
