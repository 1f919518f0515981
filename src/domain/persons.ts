/**
 * Persons: one human behind a Slack user id and a WeCom userid, so items they own or approve are theirs
 * from either platform. Actor keys (`slack:U123`, `wecom:zhangsan`) stay what rows store; this maps them.
 */
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { insertAudit } from '../../db/queries/audit';
import {
  type IdentityPlatform,
  insertPerson,
  personByPlatformId,
  personsByIdsForUpdate,
  updatePerson,
} from '../../db/queries/persons';
import type { Person } from '../../db/schema';
import type { Mention } from '../chat/card';
import { must } from '../util/narrow';
import type { VerbCtx } from './context';
import { DomainError } from './errors';
import { hasRole } from './settings';

const platformId = z.string().trim().min(1).max(64).optional();

export const LinkIdentityInput = z.object({
  name: z.string().trim().min(1).max(100),
  slackId: platformId,
  wecomId: platformId,
});
export type LinkIdentityInput = z.infer<typeof LinkIdentityInput>;

function splitKey(actorKey: string): { platform: string; userId: string } | undefined {
  const i = actorKey.indexOf(':');
  return i > 0 ? { platform: actorKey.slice(0, i), userId: actorKey.slice(i + 1) } : undefined;
}

const isIdentityPlatform = (p: string): p is IdentityPlatform => p === 'slack' || p === 'wecom';

const keysOf = (p: Person): string[] => [
  ...(p.slackId ? [`slack:${p.slackId}`] : []),
  ...(p.wecomId ? [`wecom:${p.wecomId}`] : []),
];

const taken = (platform: IdentityPlatform, id: string, owner: Person) =>
  new DomainError('conflict', 'err.identity_taken', { id: `${platform}:${id}`, name: owner.name });

/** Link a Slack id and/or a WeCom userid to one named person (admins only; audited). */
export async function linkIdentity(
  ctx: VerbCtx,
  input: LinkIdentityInput,
): Promise<{ person: Person; created: boolean }> {
  const actor = splitKey(ctx.actor);
  // Linking decides who owns and approves items, so it is an admin decision like any other setting.
  if (!actor || !hasRole(ctx.settings.admins, actor)) throw new DomainError('forbidden', 'err.admins_only');
  const { name, slackId, wecomId } = LinkIdentityInput.parse(input);
  if (!slackId && !wecomId) throw new DomainError('invalid_input', 'err.missing_arg', { key: 'wecom' });

  return ctx.db.transaction(async (tx) => {
    const found = await personsByIdsForUpdate(tx, { slackId, wecomId });
    const [, second] = found;
    if (second) {
      // The two ids already belong to two different people: merging them is not a link.
      const other = found.find((p) => p.wecomId === wecomId) ?? second;
      throw taken('wecom', must(wecomId, 'two people match only when both ids are given'), other);
    }
    const before = found[0];
    if (!before) {
      const person = await insertPerson(tx, {
        name,
        slackId: slackId ?? null,
        wecomId: wecomId ?? null,
        createdAt: ctx.now,
      });
      await audit(tx, ctx, person, undefined);
      return { person, created: true };
    }
    // A person found under another Slack id was found by the WeCom id (and the other way round).
    if (slackId && wecomId && before.slackId && before.slackId !== slackId)
      throw taken('wecom', wecomId, before);
    if (wecomId && slackId && before.wecomId && before.wecomId !== wecomId)
      throw taken('slack', slackId, before);
    const person = await updatePerson(tx, before.id, {
      name,
      slackId: slackId ?? before.slackId,
      wecomId: wecomId ?? before.wecomId,
    });
    await audit(tx, ctx, person, before);
    return { person, created: false };
  });
}

async function audit(tx: DbOrTx, ctx: VerbCtx, after: Person, before: Person | undefined) {
  await insertAudit(tx, {
    at: ctx.now,
    actor: ctx.actor,
    action: 'person.link',
    entity: 'person',
    entityId: String(after.id),
    before,
    after,
  });
}

/** The person behind an actor key (`slack:U123`, `wecom:zhangsan`), or undefined when not linked. */
export async function personFor(db: DbOrTx, actorKey: string): Promise<Person | undefined> {
  const a = splitKey(actorKey);
  if (!a || !isIdentityPlatform(a.platform) || !a.userId) return undefined;
  return personByPlatformId(db, a.platform, a.userId);
}

/** Every actor key of the same person, the given one first; ownership checks should accept any of them. */
export async function actorKeysFor(db: DbOrTx, actorKey: string): Promise<string[]> {
  const person = await personFor(db, actorKey);
  return [actorKey, ...(person ? keysOf(person).filter((k) => k !== actorKey) : [])];
}

/** Mentions for these actor keys on every platform their person is linked on, so a WeCom post can @ a Slack owner. */
export async function mentionsFor(db: DbOrTx, actorKeys: string[]): Promise<Mention[]> {
  const seen = new Set<string>();
  const out: Mention[] = [];
  for (const key of actorKeys) {
    for (const k of await actorKeysFor(db, key)) {
      const a = splitKey(k);
      if (!a || seen.has(k)) continue;
      if (a.platform !== 'slack' && a.platform !== 'wecom' && a.platform !== 'console') continue;
      seen.add(k);
      out.push({ platform: a.platform, userId: a.userId });
    }
  }
  return out;
}
