import type { Config } from '../config';
import type { Settings } from '../domain/settings';

export type Audience = 'digest' | 'alerts' | 'approvals' | 'product';

export interface Destination {
  platform: string;
  destination: string;
}

/** The local console's channel names, one per audience. */
export const CONSOLE_CHANNELS: Record<Audience, string> = {
  digest: '#marketing',
  alerts: '#mkt-alerts',
  approvals: '#approvals',
  product: '#marketing',
};

/**
 * Where posts for an audience go on every configured platform: the Slack channel from settings, the
 * WeCom group robot (digests and alerts), and the local console when it is on.
 */
export function destinationsFor(audience: Audience, s: Settings, config: Config): Destination[] {
  const out: Destination[] = [];
  const slackChannel = {
    digest: s.digestChannel,
    alerts: s.alertsChannel,
    approvals: s.approvalsChannel,
    product: s.productChannel,
  }[audience];
  if (config.slack && slackChannel && !slackChannel.startsWith('#'))
    out.push({ platform: 'slack', destination: slackChannel });
  if (config.wecomRobotKey && (audience === 'digest' || audience === 'alerts')) {
    out.push({ platform: 'wecom-robot', destination: 'robot' });
  }
  if (config.console.enabled && (audience !== 'product' || !s.productChannel)) {
    out.push({ platform: 'console', destination: CONSOLE_CHANNELS[audience] });
  }
  return out;
}
