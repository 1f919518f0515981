import { webApi } from '@slack/bolt';
import type { Logger } from '../../log';

/**
 * A Slack member's display name from `users.info` (scope users:read): the profile's display name, else the
 * real name, else the handle. Callers cache it (chat/names.ts cachedLookup).
 */
export function slackUserName(opts: { token: string; apiUrl?: string; log: Logger }) {
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 5_000,
  });
  return async (userId: string): Promise<string | undefined> => {
    const r = await client.users.info({ user: userId });
    const u = r.user;
    const name = u?.profile?.display_name?.trim() || u?.real_name?.trim() || u?.name?.trim();
    return name || undefined;
  };
}
