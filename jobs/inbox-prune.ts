import { pruneInbox } from '../db/queries/inbox';
import type { Deps } from '../src/deps';
import { type JobResult, type RunOptions, runClaimed } from './runner';

/** Inbox rows (and with them the dedupe keys of platform retries) are kept this long. */
export const INBOX_RETENTION_MS = 7 * 24 * 60 * 60_000;

/** Hourly: delete processed inbox rows older than seven days. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'inbox-prune', now, opts, async () => {
    const pruned = await pruneInbox(deps.db, new Date(now.getTime() - INBOX_RETENTION_MS));
    return { summary: { pruned }, messages: [] };
  });
}
