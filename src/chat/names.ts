import type { DbOrTx } from '../../db/client';
import { personFor } from '../domain/persons';
import { parseActorKey } from './command';

/** How a card names a person: their display name for an actor key (`slack:U123`, `console:lina`). */
export type NameOf = (actorKey: string) => string;

/** A platform's user directory: Slack users.info, WeCom user/get, the console's demo people. */
export type NameLookup = (platform: string, userId: string) => Promise<string | undefined>;

/** The bare user id of an actor key: the last resort when no display name is known. */
export const bareId: NameOf = (actorKey) => {
  const i = actorKey.indexOf(':');
  return i >= 0 ? actorKey.slice(i + 1) : actorKey;
};

/**
 * Display names for these actor keys: the linked person's name (persons table), else the platform's
 * directory (deps.names), else the bare id. Looked up once per key, before a card is built.
 */
export async function namesFor(
  deps: { db: DbOrTx; names?: NameLookup },
  keys: readonly (string | null | undefined)[],
): Promise<NameOf> {
  const found = new Map<string, string>();
  for (const key of new Set(keys.filter((k): k is string => !!k))) {
    const person = await personFor(deps.db, key);
    if (person) {
      found.set(key, person.name);
      continue;
    }
    const a = parseActorKey(key);
    const name = a && deps.names ? await deps.names(a.platform, a.userId).catch(() => undefined) : undefined;
    if (name) found.set(key, name);
  }
  return (key) => found.get(key) ?? bareId(key);
}

const HOUR = 3_600_000;

/**
 * A directory lookup with a cache: a name is fetched once per `ttlMs` (a miss or a failure is remembered
 * for a tenth of it, so an unknown id does not cost a call per card), concurrent asks share one call, and
 * the cache holds at most `max` people.
 */
export function cachedLookup(
  fetch: (userId: string) => Promise<string | undefined>,
  opts: { ttlMs?: number; max?: number; now?: () => number; onError?: (e: unknown) => void } = {},
): (userId: string) => Promise<string | undefined> {
  const ttl = opts.ttlMs ?? 6 * HOUR;
  const max = opts.max ?? 5000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { name?: string; until: number }>();
  const inflight = new Map<string, Promise<string | undefined>>();
  return async (userId) => {
    const hit = cache.get(userId);
    if (hit && hit.until > now()) return hit.name;
    const pending = inflight.get(userId);
    if (pending) return pending;
    const call = fetch(userId)
      .catch((e) => {
        opts.onError?.(e);
        return undefined;
      })
      .then((name) => {
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(userId, { name, until: now() + (name ? ttl : ttl / 10) });
        return name;
      })
      .finally(() => inflight.delete(userId));
    inflight.set(userId, call);
    return call;
  };
}

/** One lookup over the platforms' directories, by the platform part of the actor key. */
export function directoryOf(
  byPlatform: Record<string, ((userId: string) => Promise<string | undefined>) | undefined>,
): NameLookup {
  return async (platform, userId) => byPlatform[platform]?.(userId);
}
