/**
 * `/mops settings connectors`: each metrics source with whether it is configured, the last success, the
 * last error in words, the rows of the last pull, failures in a row and the next scheduled run. Pure: the
 * view (the sources' runs and the next pull time) comes from connectorsView in src/domain/connectors.ts.
 */
import { channelLabel } from '../../domain/channels';
import type { ConnectorRow, ConnectorsView } from '../../domain/connectors';
import type { Card, Section } from '../card';
import { fmtTime } from '../handler-kit';
import { type Locale, listOf } from '../i18n';
import { mentionOf } from '../mentions';
import { connectorErrorText, sourceLabel, tConnectors } from '../messages/connectors';

/** Last success, the last error (and how many failures in a row), rows pulled, the next run. */
function runLines(locale: Locale, view: ConnectorsView, row: ConnectorRow): string[] {
  const at = (d: Date) => fmtTime(d, view.tz, view.now);
  const s = row.status;
  const lines = [
    tConnectors(locale, 'status.last_success', {
      at: s?.lastSuccessAt ? at(s.lastSuccessAt) : tConnectors(locale, 'status.never'),
    }),
  ];
  if (s?.lastOk === false && s.lastRunAt) {
    lines.push(
      tConnectors(locale, 'status.last_error', {
        at: at(s.lastRunAt),
        error: connectorErrorText(locale, s.lastError),
      }),
    );
    if (s.failuresInARow >= 2) lines.push(tConnectors(locale, 'status.failing', { n: s.failuresInARow }));
  }
  if (s?.lastOk) lines.push(tConnectors(locale, 'status.rows', { n: s.lastRows ?? 0 }));
  if (row.configured) lines.push(tConnectors(locale, 'status.next', { at: at(view.nextPull) }));
  return lines;
}

function sourceSection(locale: Locale, view: ConnectorsView, row: ConnectorRow): Section {
  const lines = [
    row.configured ? tConnectors(locale, 'status.configured') : tConnectors(locale, 'status.unconfigured'),
    tConnectors(locale, 'status.channels', {
      channels: listOf(
        locale,
        row.channels.map((ch) => channelLabel(ch, locale)),
      ),
    }),
    ...(row.configured || row.status ? runLines(locale, view, row) : []),
  ];
  const map = view.settings.ga4ChannelMap;
  if (row.id === 'ga4' && map) {
    const pairs = Object.entries(map).map(([k, v]) => `${k} → ${channelLabel(v, locale)}`);
    lines.push(tConnectors(locale, 'status.ga4_map', { map: pairs.join('; ') }));
  }
  return { heading: `${row.label[locale]} · ${row.id}`, lines };
}

export function connectorsCard(locale: Locale, view: ConnectorsView): Card {
  return {
    title: tConnectors(locale, 'status.title'),
    sections: view.sources.map((row) => sourceSection(locale, view, row)),
    context: [
      tConnectors(
        locale,
        view.settings.metricsPrefer === 'pulled' ? 'status.prefer.pulled' : 'status.prefer.manual',
      ),
      tConnectors(locale, 'status.usage'),
    ],
  };
}

/** To the alerts audience when a source has failed `failures` pulls in a row: its name, the error in words. */
export function connectorAlertCard(
  locale: Locale,
  alert: { source: string; error: string; failures: number; admins: readonly string[] },
): Card {
  const source = sourceLabel(locale, alert.source);
  return {
    title: tConnectors(locale, 'alert.title', { source }),
    text: tConnectors(locale, 'alert.text', { source, n: alert.failures, error: alert.error }),
    context: [tConnectors(locale, 'alert.context')],
    mentions: alert.admins.map((a) => mentionOf(a)).filter((m) => m !== undefined),
    tone: 'danger',
  };
}
