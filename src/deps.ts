import type { Db } from '../db/client';
import type { NameLookup } from './chat/names';
import type { Config } from './config';
import type { Logger } from './log';

/** A clock so tests and the console's time travel can move "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Shared dependencies built once in main.ts (or a test fixture). */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  clock: Clock;
  /** Display names from the platforms' user directories (cached); without it cards fall back to ids. */
  names?: NameLookup;
}

/** The console's movable clock: real time plus an offset that "time travel" advances. */
export class ShiftedClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
