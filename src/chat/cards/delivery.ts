/**
 * The hourly delivery report to the admins: every outbox message that could not be delivered since the last
 * report, with where it was going (the settings' name for a known channel) and the platform's error.
 */
import type { Settings } from '../../domain/settings';
import type { Card } from '../card';
import { PLATFORM } from '../command';
import { fmtTime } from '../handler-kit';
import type { Locale } from '../i18n';
import { tJobs } from '../messages/jobs';

/** Rows named one by one; the rest are counted. */
const MAX_LINES = 15;

/** A dead outbox row as the report needs it. */
export interface DeadMessage {
  platform: string;
  destination: string | null;
  lastError: string | null;
  deadAt: Date | null;
}

export interface ReportContext {
  locale: Locale;
  tz: string;
  now: Date;
  settings: Pick<Settings, 'digestChannel' | 'alertsChannel' | 'approvalsChannel' | 'productChannel'>;
}

function destinationLabel(row: DeadMessage, c: ReportContext): string {
  const s = c.settings;
  const known: Record<string, string | undefined> = {
    [s.digestChannel ?? '']: 'digest_channel',
    [s.alertsChannel ?? '']: 'alerts_channel',
    [s.approvalsChannel ?? '']: 'approvals_channel',
    [s.productChannel ?? '']: 'product_channel',
  };
  const role = row.destination ? known[row.destination] : undefined;
  const id = role ? `${role} (${row.destination})` : (row.destination ?? '');
  switch (row.platform) {
    case 'slack':
    case 'wecom':
    case 'console':
      return tJobs(c.locale, 'dest.platform', { platform: PLATFORM.label(row.platform, c.locale), id });
    case 'wecom-robot':
      return tJobs(c.locale, 'dest.wecom-robot');
    default:
      return `${row.platform} ${id}`;
  }
}

/** The card naming each dead row's destination and error. */
export function deadReportCard(rows: readonly DeadMessage[], c: ReportContext): Card {
  const l = c.locale;
  const lines = rows.slice(0, MAX_LINES).map((r) =>
    tJobs(l, 'dead.line', {
      dest: destinationLabel(r, c),
      error: r.lastError ?? '?',
      at: r.deadAt ? fmtTime(r.deadAt, c.tz, c.now) : '—',
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
