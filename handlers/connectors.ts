/**
 * `/mops settings connectors`: what the status card needs (src/chat/cards/connectors.ts), looked up: each
 * source's runs and the next scheduled pull.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { METRICS_FINAL_AT } from '../jobs/timing';
import type { ConnectorsView } from '../src/chat/cards/connectors';
import type { HandlerContext } from '../src/chat/command';
import { CONNECTORS } from '../src/connectors/registry';
import { connectorStatuses } from '../src/connectors/status';
import type { Settings } from '../src/domain/settings';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The next metrics-pull fire after `now`: the next hh:15, or 08:30 when that comes first. */
function nextPullAt(now: Date, tz: string): Date {
  const t = dayjs(now).tz(tz);
  let hourly = t.minute(15).second(0).millisecond(0);
  if (!hourly.isAfter(t)) hourly = hourly.add(1, 'hour');
  let final = t.hour(METRICS_FINAL_AT.h).minute(METRICS_FINAL_AT.m).second(0).millisecond(0);
  if (!final.isAfter(t)) final = final.add(1, 'day');
  return (final.isBefore(hourly) ? final : hourly).toDate();
}

/** The status card's view: every registered source, its runs, and when the next pull fires. */
export async function connectorsView(ctx: HandlerContext, settings: Settings): Promise<ConnectorsView> {
  const status = await connectorStatuses(ctx.deps.db);
  return {
    tz: ctx.deps.config.tz,
    now: ctx.now,
    nextPull: nextPullAt(ctx.now, ctx.deps.config.tz),
    sources: CONNECTORS.map((c) => ({
      id: c.id,
      label: c.label,
      channels: c.channels,
      configured: ctx.deps.config.connectors[c.id] !== undefined,
      status: status.get(c.id),
    })),
    settings,
  };
}
