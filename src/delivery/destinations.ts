/**
 * Where a message goes: the one place that spells an address. Everything that queues an outbox row (jobs,
 * domain verbs, handlers, the demo) asks `destinationFor`; the platform senders read the spelling back.
 *
 * Spellings, one per platform:
 * - Slack: a channel id (`C123`), or a user id (`U123`) for a DM.
 * - WeCom app: one userid, or several joined with `|`; the group robot: `robot`.
 * - Console: `#marketing` for a channel, `dm:lina` for a person's DMs (see `consoleAddress`).
 */

import type { Place } from '../chat/command';
import { parseActorKey } from '../chat/command';
import type { Config } from '../config';
import type { Settings } from '../domain/settings';

export type Audience = 'digest' | 'alerts' | 'approvals' | 'product';

export interface Destination {
  platform: string;
  destination: string;
}

/** Who a message is for: everyone following an audience, or one person (an actor key, `slack:U123`). */
export type Recipient = Audience | { actor: string };

/** What addressing reads: the channels from settings and which platforms are configured. */
export interface AddressBook {
  settings: Settings;
  config: Config;
}

/** The console's one spelling: `#marketing` for a channel, `dm:lina` for a demo person's DMs. */
export const consoleAddress = {
  channel: (name: string) => `#${name}`,
  dm: (personId: string) => `dm:${personId}`,
  /** An address read back; undefined for anything not spelled by `channel` or `dm`. */
  parse(address: string): { channel: string } | { dm: string } | undefined {
    if (address.startsWith('#') && address.length > 1) return { channel: address.slice(1) };
    if (address.startsWith('dm:') && address.length > 3) return { dm: address.slice(3) };
    return undefined;
  },
};

/** The local console's channels, one per audience. */
export const CONSOLE_CHANNELS: Record<Audience, string> = {
  digest: consoleAddress.channel('marketing'),
  alerts: consoleAddress.channel('mkt-alerts'),
  approvals: consoleAddress.channel('approvals'),
  product: consoleAddress.channel('marketing'),
};

/** The settings key naming each audience's Slack channel. */
const SLACK_CHANNEL_SETTING = {
  digest: 'digestChannel',
  alerts: 'alertsChannel',
  approvals: 'approvalsChannel',
  product: 'productChannel',
} as const satisfies Record<Audience, keyof Settings>;

/** The audience's Slack channel id from settings; `#…` names are the console's channels, not Slack ids. */
function slackChannel(audience: Audience, s: Settings): string | undefined {
  const channel = s[SLACK_CHANNEL_SETTING[audience]];
  return channel && !channel.startsWith('#') ? channel : undefined;
}

/** WeCom user ids among the approvers (`wecom:zhangsan`, or a bare id), joined the way the app API takes them. */
function wecomApprovers(s: Settings): string | undefined {
  const ids = s.approvers
    .filter((k) => k.startsWith('wecom:') || !k.includes(':'))
    .map((k) => k.replace(/^wecom:/, ''));
  return ids.length > 0 ? [...new Set(ids)].join('|') : undefined;
}

/** A person's direct messages on their own platform; undefined for a key that names no platform. */
function dmOf(actor: string): Destination | undefined {
  const a = parseActorKey(actor);
  if (!a) return undefined;
  const destination = a.platform === 'console' ? consoleAddress.dm(a.userId) : a.userId;
  return { platform: a.platform, destination };
}

/** Whether DMs on `platform` can go out. The console's are always queued (they show once it runs). */
const reachable = (platform: string, config: Config) =>
  platform === 'slack' ? !!config.slack : platform === 'wecom' ? !!config.wecom : true;

/** An audience on every configured platform: the Slack channel, the WeCom group robot, the console. */
function everywhere(audience: Audience, { settings, config }: AddressBook): Destination[] {
  const out: Destination[] = [];
  const slack = slackChannel(audience, settings);
  if (config.slack && slack) out.push({ platform: 'slack', destination: slack });
  if (config.wecomRobotKey && (audience === 'digest' || audience === 'alerts')) {
    out.push({ platform: 'wecom-robot', destination: 'robot' });
  }
  if (config.console.enabled && (audience !== 'product' || !settings.productChannel)) {
    out.push({ platform: 'console', destination: CONSOLE_CHANNELS[audience] });
  }
  return out;
}

/**
 * An audience seen from where a command was typed: that platform's channel for it, else the place itself.
 * WeCom has no channels, so there the audience is its people (the approvers get approval cards).
 */
function fromPlace(audience: Audience, settings: Settings, place: Place): Destination {
  const here = { platform: place.platform, destination: place.channel };
  switch (place.platform) {
    case 'slack':
      return { ...here, destination: slackChannel(audience, settings) ?? place.channel };
    case 'wecom':
      return {
        ...here,
        destination: (audience === 'approvals' && wecomApprovers(settings)) || place.channel,
      };
    case 'console':
      return { ...here, destination: CONSOLE_CHANNELS[audience] };
  }
}

/**
 * Where a message for `to` goes:
 * - an audience, with no place: every configured platform (jobs, the demo);
 * - an audience from a place: one destination on the place's platform (the approval card of a command);
 * - a person: their DM on their own platform. With a `book`, only when that platform is configured, so a
 *   caller can fall back to an audience; without one, the DM as spelled (a domain verb answering the person
 *   who just acted through that platform).
 */
export function destinationFor(to: { actor: string }, book?: Pick<AddressBook, 'config'>): Destination[];
export function destinationFor(to: Audience, book: AddressBook, place?: Place): Destination[];
export function destinationFor(to: Recipient, book?: Partial<AddressBook>, place?: Place): Destination[] {
  if (typeof to !== 'string') {
    const dm = dmOf(to.actor);
    return dm && (!book?.config || reachable(dm.platform, book.config)) ? [dm] : [];
  }
  const { settings, config } = book ?? {};
  if (!settings || !config) throw new Error(`destinationFor('${to}') needs the settings and config`);
  return place ? [fromPlace(to, settings, place)] : everywhere(to, { settings, config });
}
