import { markDeadReported, unreportedDead } from '../db/queries/outbox';
import type { OutboxRow } from '../db/schema';
import type { Card } from '../src/chat/card';
import { PLATFORM } from '../src/chat/command';
import { fmtTime } from '../src/chat/handler-kit';
import { mentionOf } from '../src/chat/mentions';
import { tJobs } from '../src/chat/messages/jobs';
import type { Destination } from '../src/delivery/destinations';
import type { Deps } from '../src/deps';
import type { Settings } from '../src/domain/settings';
import { type JobMessage, type JobResult, type RunOptions, runClaimed } from './runner';

/** Rows named one by one; the rest are counted. */
const MAX_LINES = 15;
const BATCH = 500;

/** Where the report goes: a DM to each admin on a connected platform, else the alerts audience. */
export function reportDestinations(deps: Deps, s: Settings): Destination[] | 'alerts' {
  const fallback = deps.config.slack ? 'slack' : 'wecom';
  const dests: Destination[] = [];
  for (const key of s.admins) {
    const m = mentionOf(key, fallback);
    if (!m) continue;
    if (m.platform === 'slack' && deps.config.slack) dests.push({ platform: 'slack', destination: m.userId });
    if (m.platform === 'wecom' && deps.config.wecom) dests.push({ platform: 'wecom', destination: m.userId });
    if (m.platform === 'console' && deps.config.console.enabled)
      dests.push({ platform: 'console', destination: m.userId });
  }
  return dests.length > 0 ? dests : 'alerts';
}

function destinationLabel(deps: Deps, s: Settings, row: OutboxRow): string {
  const l = deps.config.locale;
  const known: Record<string, string | undefined> = {
    [s.digestChannel ?? '']: 'digest_channel',
    [s.alertsChannel ?? '']: 'alerts_channel',
    [s.approvalsChannel ?? '']: 'approvals_channel',
    [s.productChannel ?? '']: 'product_channel',
  };
  const role = row.destination ? known[row.destination] : undefined;
  const id = role ? `${role} (${row.destination})` : row.destination;
  switch (row.platform) {
    case 'slack':
    case 'wecom':
    case 'console':
      return tJobs(l, 'dest.platform', { platform: PLATFORM.label(row.platform, l), id });
    case 'wecom-robot':
      return tJobs(l, 'dest.wecom-robot');
    default:
      return `${row.platform} ${id}`;
  }
}

/** The card naming each dead row's destination and error. */
export function deadReportCard(deps: Deps, s: Settings, rows: OutboxRow[], now: Date): Card {
  const l = deps.config.locale;
  const lines = rows.slice(0, MAX_LINES).map((r) =>
    tJobs(l, 'dead.line', {
      dest: destinationLabel(deps, s, r),
      error: r.lastError ?? '?',
      at: r.deadAt ? fmtTime(r.deadAt, deps.config.tz, now) : '—',
    }),
  );
  if (rows.length > MAX_LINES) lines.push(tJobs(l, 'dead.more', { n: rows.length - MAX_LINES }));
  return {
    title: tJobs(l, 'dead.title', { n: rows.length }),
    text: tJobs(l, 'dead.text'),
    tone: 'danger',
    sections: [{ lines }],
  };
}

/**
 * Hourly: one message to the admins naming every outbox row that went dead since the last report (its
 * destination and error). Each dead row is reported once: marking it is committed with the report.
 */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'delivery-report', now, opts, async ({ settings }) => {
    const rows = await unreportedDead(deps.db, BATCH);
    if (rows.length === 0) return { summary: { dead: 0 }, messages: [] };
    const card = deadReportCard(deps, settings, rows, now);
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
