/**
 * The chat platforms the bot can run. Each factory builds its PlatformRuntime when its configuration is
 * there (src/platforms/runtime.ts); adding a platform is one factory in its folder and one line here.
 */
import { PLATFORM, type PlatformName } from '../chat/command';
import { consolePlatform } from './console/index';
import type { PlatformContext, PlatformFactory, PlatformRuntime } from './runtime';
import { slackPlatform } from './slack/index';
import { wecomPlatform } from './wecom/index';

/** Started in the order of PLATFORM's codes; /healthz reports each by name (`off` when it is not configured). */
const PLATFORMS: Record<PlatformName, PlatformFactory> = {
  slack: slackPlatform,
  wecom: wecomPlatform,
  console: consolePlatform,
};

export const PLATFORM_NAMES = PLATFORM.codes;

/** The runtimes of the configured platforms. */
export async function createPlatforms(ctx: PlatformContext): Promise<PlatformRuntime[]> {
  const out: PlatformRuntime[] = [];
  for (const name of PLATFORM_NAMES) {
    const runtime = await PLATFORMS[name](ctx);
    if (runtime) out.push(runtime);
  }
  return out;
}
