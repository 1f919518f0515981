/**
 * Where the digest's figures came from: per channel "来源：百度统计，截至 08:30" when a connector supplied
 * them, and for channels a configured connector fills but that have no figures for the day, a line saying
 * so instead of zeros.
 */
import { pulledAsOf, sourcesOn } from '../db/queries/connectors';
import { fmtTime } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { sourceLabel, tConnectors } from '../src/chat/messages/connectors';
import { CONNECTORS } from '../src/connectors/registry';
import type { Deps } from '../src/deps';
import { channelLabel } from '../src/domain/channels';
import { localDate } from '../src/domain/dates';

export interface SourceNotes {
  /** The source line of each channel with pulled figures. */
  byChannel: Map<string, string>;
  /** "No data yet" lines for channels a configured connector fills. */
  missing: string[];
}

export async function sourceNotes(deps: Deps, date: string, now: Date, locale: Locale): Promise<SourceNotes> {
  const tz = deps.config.tz;
  const [rows, asOf] = await Promise.all([sourcesOn(deps.db, date), pulledAsOf(deps.db, date)]);
  const when = new Map(asOf.map((r) => [r.source, new Date(r.as_of)]));
  const at = (d: Date) =>
    localDate(d, tz) === localDate(now, tz) ? fmtTime(d, tz).slice(6) : fmtTime(d, tz, now);
  const byChannel = new Map<string, string>();
  const present = new Set<string>();
  for (const r of rows) {
    present.add(r.channel);
    const sources = [...new Set(Object.values(r.sources ?? {}))];
    if (sources.length === 0) continue;
    const parts = sources.map((s) => {
      const t = when.get(s);
      const name = sourceLabel(locale, s);
      return t ? tConnectors(locale, 'digest.source_at', { source: name, at: at(t) }) : name;
    });
    const handLogged = Object.keys(r.sources).length < r.figures;
    byChannel.set(
      r.channel,
      tConnectors(locale, handLogged ? 'digest.sources_and_manual' : 'digest.sources', {
        sources: parts.join('、'),
      }),
    );
  }
  const missing: string[] = [];
  for (const c of CONNECTORS) {
    if (deps.config.connectors[c.id] === undefined) continue;
    for (const ch of c.channels) {
      if (present.has(ch)) continue;
      present.add(ch);
      missing.push(
        tConnectors(locale, 'digest.no_data', { channel: channelLabel(ch, locale), source: c.label[locale] }),
      );
    }
  }
  return { byChannel, missing };
}
