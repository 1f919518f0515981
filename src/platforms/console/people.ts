/**
 * Who and where the console plays: demo people with real roles, the channels that stand in for Slack
 * channels, and the scheduled jobs the "Run now" menu offers.
 */
import type { Config } from '../../config';
import { CONSOLE_CHANNELS as CONSOLE_DESTINATIONS, consoleAddress } from '../../delivery/destinations';
import type { Settings } from '../../domain/settings';

export type ConsoleRole = 'specialist' | 'manager' | 'approver' | 'admin';

export interface ConsolePerson {
  /** Console user id: the actor is `console:<id>`, and a DM to this person goes to `dm:<id>`. */
  id: string;
  name: string;
  /** The name in Latin letters, shown next to the Chinese name in the English console. */
  latin: string;
  roles: ConsoleRole[];
}

export const CONSOLE_PEOPLE: readonly ConsolePerson[] = [
  { id: 'lina', name: '李娜', latin: 'Li Na', roles: ['specialist'] },
  { id: 'wangqiang', name: '王强', latin: 'Wang Qiang', roles: ['manager', 'approver'] },
  // A second approver, so KOL deals above the two-approver fee can be decided in the console.
  { id: 'zhaomin', name: '赵敏', latin: 'Zhao Min', roles: ['approver'] },
  { id: 'chenjing', name: '陈静', latin: 'Chen Jing', roles: ['admin'] },
];

export function consolePerson(id: string): ConsolePerson | undefined {
  return CONSOLE_PEOPLE.find((p) => p.id === id);
}

/** A demo person's name for cards (`console:lina` → 李娜). */
export const consoleUserName = async (id: string): Promise<string | undefined> => consolePerson(id)?.name;

/**
 * The console's channels as the page names them (`marketing`); outbox destinations and command places are
 * addresses (`#marketing`, see consoleAddress in src/delivery/destinations.ts).
 */
export const CONSOLE_CHANNEL_IDS: readonly string[] = [
  ...new Set(
    Object.values(CONSOLE_DESTINATIONS).flatMap((c) => {
      const a = consoleAddress.parse(c);
      return a && 'channel' in a ? [a.channel] : [];
    }),
  ),
];

/** The channel id the page and API use for the acting person's direct messages. */
export const DM_VIEW = 'dm';
/** The person's Home view (what is waiting for them); commands typed there run in their DM. */
export const HOME_VIEW = 'home';

export const CONSOLE_JOBS = [
  'daily-digest',
  'weekly-digest',
  'monthly-report',
  'sla-sweep',
  'budget-watch',
] as const;
export type ConsoleJobName = (typeof CONSOLE_JOBS)[number];

const ids = (role: ConsoleRole) =>
  CONSOLE_PEOPLE.filter((p) => p.roles.includes(role)).map((p) => `console:${p.id}`);

/** Settings defaults that make the demo people's roles real and point digests, alerts and approvals at the console channels. */
export const consoleDefaults: Pick<
  Settings,
  'admins' | 'approvers' | 'managers' | 'digestChannel' | 'alertsChannel' | 'approvalsChannel'
> = {
  admins: ids('admin'),
  approvers: ids('approver'),
  managers: ids('manager'),
  // `#…` names: Slack skips them (they are not channel ids) and /mops settings shows where posts go.
  digestChannel: CONSOLE_DESTINATIONS.digest,
  alertsChannel: CONSOLE_DESTINATIONS.alerts,
  approvalsChannel: CONSOLE_DESTINATIONS.approvals,
};

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Config with the console's defaults folded in. Roles are added to any from env (`console:` ids cannot
 * collide with Slack or WeCom ids); channels only fill the ones env leaves unset, so a Slack channel wins.
 */
export function withConsoleDefaults(config: Config): Config {
  return {
    ...config,
    roles: {
      admins: union(config.roles.admins, consoleDefaults.admins),
      approvers: union(config.roles.approvers, consoleDefaults.approvers),
      managers: union(config.roles.managers, consoleDefaults.managers),
    },
    channels: {
      digest: config.channels.digest ?? consoleDefaults.digestChannel,
      alerts: config.channels.alerts ?? consoleDefaults.alertsChannel,
      approvals: config.channels.approvals ?? consoleDefaults.approvalsChannel,
    },
  };
}

/** Who owns what in the demo data: the specialist requests, the manager approves, the admin sets budgets. */
export const CONSOLE_DEMO_PEOPLE = {
  specialist: 'console:lina',
  manager: 'console:wangqiang',
  admin: 'console:chenjing',
} as const;
