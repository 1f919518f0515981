import { describe, expect, it } from 'vitest';
import { consoleAddress, destinationFor } from '../../src/delivery/destinations';
import { defaultSettings, type Settings } from '../../src/domain/settings';
import { withConsoleDefaults } from '../../src/platforms/console/app';
import { testConfig } from '../helpers/deps';

const slackOnly = testConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', CONSOLE: '0' });
const all = withConsoleDefaults(
  testConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', WECOM_ROBOT_KEY: 'k', CONSOLE: '1' }),
);
const settings = (config = all, over: Partial<Settings> = {}): Settings => ({
  ...defaultSettings(config),
  ...over,
});

describe('destinationFor: an audience everywhere', () => {
  it('the Slack channel from settings, the group robot (digests and alerts), the console channel', () => {
    const s = settings(all, { digestChannel: 'C_DIGEST' });
    expect(destinationFor('digest', { settings: s, config: all })).toEqual([
      { platform: 'slack', destination: 'C_DIGEST' },
      { platform: 'wecom-robot', destination: 'robot' },
      { platform: 'console', destination: '#marketing' },
    ]);
    // `#approvals` is the console's name (its default), not a Slack channel id: Slack is skipped.
    expect(destinationFor('approvals', { settings: s, config: all })).toEqual([
      { platform: 'console', destination: '#approvals' },
    ]);
  });

  it('a product channel set for Slack takes product posts off the console', () => {
    const s = settings(all, { productChannel: 'C_PROD' });
    expect(destinationFor('product', { settings: s, config: all })).toEqual([
      { platform: 'slack', destination: 'C_PROD' },
    ]);
  });
});

describe('destinationFor: an audience from where a command was typed', () => {
  const book = (over: Partial<Settings>) => ({ settings: settings(all, over), config: all });

  it('Slack: the approvals channel from settings, else the channel the command came from', () => {
    const place = { platform: 'slack', channel: 'C_HERE' } as const;
    expect(destinationFor('approvals', book({ approvalsChannel: 'C_APR' }), place)).toEqual([
      { platform: 'slack', destination: 'C_APR' },
    ]);
    expect(destinationFor('approvals', book({}), place)).toEqual([
      { platform: 'slack', destination: 'C_HERE' },
    ]);
  });

  it('WeCom: the WeCom approvers as app-message recipients, else the sender', () => {
    const place = { platform: 'wecom', channel: 'zhangsan' } as const;
    const approvers = ['wecom:lisi', 'slack:U1', 'wangwu', 'wecom:lisi'];
    expect(destinationFor('approvals', book({ approvers }), place)).toEqual([
      { platform: 'wecom', destination: 'lisi|wangwu' },
    ]);
    expect(destinationFor('approvals', book({ approvers: ['slack:U1'] }), place)).toEqual([
      { platform: 'wecom', destination: 'zhangsan' },
    ]);
  });

  it("the console: the audience's console channel, wherever it was typed", () => {
    const place = { platform: 'console', channel: 'dm:lina' } as const;
    expect(destinationFor('approvals', book({}), place)).toEqual([
      { platform: 'console', destination: '#approvals' },
    ]);
  });
});

describe('destinationFor: a person', () => {
  it("their DM on their own platform, spelled the platform's way", () => {
    expect(destinationFor({ actor: 'slack:U1' })).toEqual([{ platform: 'slack', destination: 'U1' }]);
    expect(destinationFor({ actor: 'wecom:lisi' })).toEqual([{ platform: 'wecom', destination: 'lisi' }]);
    expect(destinationFor({ actor: 'console:lina' })).toEqual([
      { platform: 'console', destination: 'dm:lina' },
    ]);
    expect(destinationFor({ actor: 'system:scheduler' })).toEqual([]);
  });

  it('with the config: nothing when their platform is off, so the caller can fall back to an audience', () => {
    expect(destinationFor({ actor: 'wecom:lisi' }, { config: slackOnly })).toEqual([]);
    expect(destinationFor({ actor: 'slack:U1' }, { config: slackOnly })).toEqual([
      { platform: 'slack', destination: 'U1' },
    ]);
  });
});

describe('consoleAddress', () => {
  it('reads back exactly what it spells, and nothing else', () => {
    expect(consoleAddress.parse(consoleAddress.channel('marketing'))).toEqual({ channel: 'marketing' });
    expect(consoleAddress.parse(consoleAddress.dm('lina'))).toEqual({ dm: 'lina' });
    for (const other of ['marketing', 'lina', 'console:lina', '#', 'dm:']) {
      expect(consoleAddress.parse(other)).toBeUndefined();
    }
  });
});
