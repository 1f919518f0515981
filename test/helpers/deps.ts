import type { DbHandle } from '../../db/client';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { Clock, Deps } from '../../src/deps';
import { createLogger, type Logger } from '../../src/log';

/** A settable clock: tests pin "now" and move it. */
export class FakeClock implements Clock {
  constructor(private t: Date) {}
  now() {
    return new Date(this.t);
  }
  set(t: Date | string) {
    this.t = new Date(t);
  }
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/** Captured log lines, so tests can find an error id in the log. */
export class MemoryLog {
  lines: string[] = [];
  write(line: string) {
    this.lines.push(line);
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l));
  }
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOCALE: 'en', TZ_NAME: 'Asia/Shanghai', ...env });
}

export function testDeps(
  h: DbHandle,
  opts: { config?: Config; clock?: FakeClock; log?: MemoryLog } = {},
): Deps & { clock: FakeClock; memlog: MemoryLog; log: Logger } {
  const memlog = opts.log ?? new MemoryLog();
  return {
    db: h.db,
    config: opts.config ?? testConfig(),
    clock: opts.clock ?? new FakeClock(new Date('2026-11-26T02:00:00Z')),
    log: createLogger('debug', {}, memlog),
    memlog,
  };
}
