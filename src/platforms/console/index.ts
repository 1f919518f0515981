/** The local web console as a PlatformRuntime, when it is on (CONSOLE=1, or no Slack and no WeCom). */
import type { PlatformContext, PlatformRuntime } from '../runtime';
import { consoleRuntime } from './app';
import { isLoopback } from './guard';

export async function consolePlatform({
  deps,
  hooks,
}: PlatformContext): Promise<PlatformRuntime | undefined> {
  const c = deps.config.console;
  if (!c.enabled) return undefined;
  return consoleRuntime(deps, {
    ...hooks,
    allowedHosts: [c.host],
    // It has no login: other machines only when CONSOLE_HOST opens it on purpose.
    allowRemote: c.host !== 'localhost' && !isLoopback(c.host),
  });
}
