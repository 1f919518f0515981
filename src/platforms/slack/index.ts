/** Slack as a PlatformRuntime: the Bolt app (HTTP or Socket Mode), its two outbox senders, users.info names. */
import { sentMessageRef } from '../../../db/queries/outbox';
import type { PlatformContext, PlatformRuntime } from '../runtime';
import { cachedUserNames } from '../runtime';
import { createSlackApp } from './app';
import { SLACK_REPLY_PLATFORM, slackReplySender } from './reply-sender';
import { slackSender } from './sender';
import { slackUserName } from './users';

export async function slackPlatform({ deps, inbox }: PlatformContext): Promise<PlatformRuntime | undefined> {
  const s = deps.config.slack;
  if (!s) {
    deps.log.warn(
      'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode) or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) to connect a workspace',
    );
    return undefined;
  }
  const { log, config, clock } = deps;
  const api = { token: s.botToken, apiUrl: s.apiUrl };
  const app = await createSlackApp(deps, inbox);
  return {
    name: 'slack',
    routes: app.listener ? [{ method: 'POST', path: '/slack/events', handle: app.listener }] : [],
    senders: {
      slack: slackSender({
        ...api,
        lookupRef: (outboxId) => sentMessageRef(deps.db, outboxId),
        locale: config.locale,
        log,
      }),
      [SLACK_REPLY_PLATFORM]: slackReplySender({ ...api, locale: config.locale, log, clock }),
    },
    userName: cachedUserNames(deps, 'slack', slackUserName({ ...api, log })),
    health: s.appToken ? 'socket' : 'http',
    start: app.start,
    stop: app.stop,
  };
}
