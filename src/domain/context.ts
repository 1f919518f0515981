import type { Db } from '../../db/client';
import type { Settings } from './settings';

/** What every domain verb receives: the database, the moment, who acts (`slack:U123`) and settings. */
export interface VerbCtx {
  db: Db;
  now: Date;
  actor: string;
  settings: Settings;
}

export const PAGE_SIZE = 20;
