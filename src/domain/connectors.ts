/**
 * The metrics sources as `/mops settings connectors` shows them (src/chat/cards/connectors.ts): every
 * registered source, whether it is configured, its runs, and when the scheduled pull fires next.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { CONNECTORS } from '../connectors/registry';
import { type ConnectorStatus, connectorStatuses } from '../connectors/status';
import type { Deps } from '../deps';
import type { Settings } from './settings';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * When the metrics-pull job runs (jobs/timing.ts turns this into its crons): every hour at :15 for today
 * so far, and at 08:30 for yesterday's final figures, before the 09:00 digest.
 */
export const METRICS_PULL = { hourlyMinute: 15, finalAt: { h: 8, m: 30 } } as const;

/** The next metrics-pull fire after `now`: the next hh:15, or 08:30 when that comes first. */
export function nextPullAt(now: Date, tz: string): Date {
  const t = dayjs(now).tz(tz);
  let hourly = t.minute(METRICS_PULL.hourlyMinute).second(0).millisecond(0);
  if (!hourly.isAfter(t)) hourly = hourly.add(1, 'hour');
  const { h, m } = METRICS_PULL.finalAt;
  let final = t.hour(h).minute(m).second(0).millisecond(0);
  if (!final.isAfter(t)) final = final.add(1, 'day');
  return (final.isBefore(hourly) ? final : hourly).toDate();
}

/** One source as the status card shows it: its name, the channels it fills, and its runs so far. */
export interface ConnectorRow {
  id: string;
  label: { 'zh-CN': string; en: string };
  channels: readonly string[];
  /** Its environment variables are set. */
  configured: boolean;
  /** Its runs; undefined when it never ran. */
  status?: ConnectorStatus;
}

export interface ConnectorsView {
  tz: string;
  now: Date;
  /** When the metrics-pull job fires next. */
  nextPull: Date;
  sources: readonly ConnectorRow[];
  settings: Pick<Settings, 'ga4ChannelMap' | 'metricsPrefer'>;
}

/** The status card's view: every registered source, its runs, and when the next pull fires. */
export async function connectorsView(
  deps: Pick<Deps, 'db' | 'config'>,
  now: Date,
  settings: Settings,
): Promise<ConnectorsView> {
  const status = await connectorStatuses(deps.db);
  return {
    tz: deps.config.tz,
    now,
    nextPull: nextPullAt(now, deps.config.tz),
    sources: CONNECTORS.map((c) => ({
      id: c.id,
      label: c.label,
      channels: c.channels,
      configured: deps.config.connectors[c.id] !== undefined,
      status: status.get(c.id),
    })),
    settings,
  };
}
