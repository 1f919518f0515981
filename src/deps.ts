import type { Db } from '../db/client';
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
}
