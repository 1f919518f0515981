import type { Mention } from './card';
import { parseActorKey } from './command';

/** A stored actor key (`slack:U1`) as a mention; bare ids take `fallback`'s platform. */
export function mentionOf(key: string, fallback: Mention['platform'] = 'slack'): Mention | undefined {
  const a = parseActorKey(key);
  if (a) return { platform: a.platform, userId: a.userId };
  return key ? { platform: fallback, userId: key } : undefined;
}
