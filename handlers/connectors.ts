/**
 * `/mops settings connectors`: each metrics source with whether it is configured, the last success, the
 * last error in words, the rows of the last pull, failures in a row and the next scheduled run.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { METRICS_FINAL_AT } from '../jobs/timing';
import type { Card, Section } from '../src/chat/card';
import type { HandlerContext } from '../src/chat/command';
import { fmtTime } from '../src/chat/handler-kit';
import { connectorErrorText, tConnectors } from '../src/chat/messages/connectors';
import { CONNECTORS } from '../src/connectors/registry';
import { connectorStatuses } from '../src/connectors/status';
import { channelLabel } from '../src/domain/channels';
import type { Settings } from '../src/domain/settings';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The next metrics-pull fire after `now`: the next hh:15, or 08:30 when that comes first. */
export function nextPullAt(now: Date, tz: string): Date {
  const t = dayjs(now).tz(tz);
  let hourly = t.minute(15).second(0).millisecond(0);
  if (!hourly.isAfter(t)) hourly = hourly.add(1, 'hour');
  let final = t.hour(METRICS_FINAL_AT.h).minute(METRICS_FINAL_AT.m).second(0).millisecond(0);
  if (!final.isAfter(t)) final = final.add(1, 'day');
  return (final.isBefore(hourly) ? final : hourly).toDate();
}

export async function connectorsCard(ctx: HandlerContext, settings: Settings): Promise<Card> {
  const l = ctx.locale;
  const tz = ctx.deps.config.tz;
  const status = await connectorStatuses(ctx.deps.db);
  const next = fmtTime(nextPullAt(ctx.now, tz), tz, ctx.now);
  const sections: Section[] = [];
  for (const c of CONNECTORS) {
    const configured = ctx.deps.config.connectors[c.id] !== undefined;
    const s = status.get(c.id);
    const lines = [
      configured ? tConnectors(l, 'status.configured') : tConnectors(l, 'status.unconfigured'),
      tConnectors(l, 'status.channels', { channels: c.channels.map((ch) => channelLabel(ch, l)).join('、') }),
    ];
    if (configured || s) {
      const ok = s?.lastSuccessAt;
      lines.push(
        tConnectors(l, 'status.last_success', {
          at: ok ? fmtTime(ok, tz, ctx.now) : tConnectors(l, 'status.never'),
        }),
      );
      if (s?.lastOk === false && s.lastRunAt) {
        lines.push(
          tConnectors(l, 'status.last_error', {
            at: fmtTime(s.lastRunAt, tz, ctx.now),
            error: connectorErrorText(l, s.lastError),
          }),
        );
        if (s.failuresInARow >= 2) lines.push(tConnectors(l, 'status.failing', { n: s.failuresInARow }));
      }
      if (s?.lastOk) lines.push(tConnectors(l, 'status.rows', { n: s.lastRows ?? 0 }));
      if (configured) lines.push(tConnectors(l, 'status.next', { at: next }));
    }
    if (c.id === 'ga4' && settings.ga4ChannelMap) {
      const map = Object.entries(settings.ga4ChannelMap).map(([k, v]) => `${k} → ${channelLabel(v, l)}`);
      lines.push(tConnectors(l, 'status.ga4_map', { map: map.join('; ') }));
    }
    sections.push({ heading: `${c.label[l]} · ${c.id}`, lines });
  }
  return {
    title: tConnectors(l, 'status.title'),
    sections,
    context: [
      tConnectors(l, settings.metricsPrefer === 'pulled' ? 'status.prefer.pulled' : 'status.prefer.manual'),
      tConnectors(l, 'status.usage'),
    ],
  };
}
