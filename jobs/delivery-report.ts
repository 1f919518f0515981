import { markDeadReported, unreportedDead } from '../db/queries/outbox';
import { deadReportCard } from '../src/chat/cards/delivery';
import { mentionOf } from '../src/chat/mentions';
import { type Destination, destinationFor } from '../src/delivery/destinations';
import type { Deps } from '../src/deps';
import type { Settings } from '../src/domain/settings';
import { type JobMessage, type JobResult, type RunOptions, runClaimed } from './runner';

const BATCH = 500;

/**
 * Where the report goes: a DM to each admin on their own platform when it is connected (a bare id is taken
 * as the first chat platform configured), else the alerts audience.
 */
export function reportDestinations(deps: Deps, s: Settings): Destination[] | 'alerts' {
  const fallback = deps.config.slack ? 'slack' : deps.config.wecom ? 'wecom' : 'console';
  const dests = s.admins.flatMap((key) => {
    const m = mentionOf(key, fallback);
    return m ? destinationFor({ actor: `${m.platform}:${m.userId}` }, deps) : [];
  });
  // An admin's console DMs would wait unseen while the console is off.
  const reachable = dests.filter((d) => d.platform !== 'console' || deps.config.console.enabled);
  return reachable.length > 0 ? reachable : 'alerts';
}

/**
 * Hourly: one message to the admins naming every outbox row that went dead since the last report (its
 * destination and error). Each dead row is reported once: marking it is committed with the report.
 */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'delivery-report', now, opts, async ({ settings }) => {
    const rows = await unreportedDead(deps.db, BATCH);
    if (rows.length === 0) return { summary: { dead: 0 }, messages: [] };
    const card = deadReportCard(rows, {
      locale: deps.config.locale,
      tz: deps.config.tz,
      now,
      settings,
    });
    const to = reportDestinations(deps, settings);
    const messages: JobMessage[] =
      to === 'alerts'
        ? [{ key: 'dead', to: 'alerts', card }]
        : to.map((d) => ({ key: `dead:${d.platform}:${d.destination}`, to: d, card }));
    return {
      summary: { dead: rows.length },
      messages,
      commit: (tx) =>
        markDeadReported(
          tx,
          rows.map((r) => r.id),
          now,
        ),
    };
  });
}
