/**
 * WeCom as a PlatformRuntime: the self-built app (callback routes, app-message sender, user/get names) when
 * WECOM_CORP_ID … are set, and the group robot's sender when WECOM_ROBOT_KEY is; either may stand alone.
 */
import { sentMessageRef } from '../../../db/queries/outbox';
import type { PlatformContext, PlatformRuntime } from '../runtime';
import { cachedUserNames } from '../runtime';
import { WecomApi } from './api';
import { type WecomRoutesOptions, wecomRoutes } from './app';
import { RobotClient } from './robot';
import { WECOM_APP_PLATFORM, WECOM_ROBOT_PLATFORM, wecomAppSender, wecomRobotSender } from './sender';

export async function wecomPlatform(
  { deps, inbox }: PlatformContext,
  opts: Pick<WecomRoutesOptions, 'wallClock'> = {},
): Promise<PlatformRuntime | undefined> {
  const { config } = deps;
  const w = config.wecom;
  if (!w && !config.wecomRobotKey) return undefined;
  const log = deps.log.child({ platform: 'wecom' });
  const runtime: PlatformRuntime = {
    name: 'wecom',
    routes: [],
    senders: {},
    // The callback is what /healthz reports; the robot alone only posts.
    health: w ? 'on' : 'off',
    start: async () => {},
    stop: async () => {},
  };
  if (w) {
    const api = new WecomApi({
      corpId: w.corpId,
      secret: w.secret,
      agentId: w.agentId,
      apiBase: w.apiBase,
      logger: log,
    });
    runtime.routes = wecomRoutes(deps, inbox, { wallClock: opts.wallClock });
    runtime.senders[WECOM_APP_PLATFORM] = wecomAppSender(api, log, {
      lookupRef: (outboxId) => sentMessageRef(deps.db, outboxId),
    });
    runtime.userName = cachedUserNames(deps, 'wecom', (id) => api.getUserName(id));
  }
  if (config.wecomRobotKey) {
    const robot = new RobotClient({ key: config.wecomRobotKey, apiBase: config.wecomApiBase });
    runtime.senders[WECOM_ROBOT_PLATFORM] = wecomRobotSender(robot, log, { clock: deps.clock });
  }
  return runtime;
}
