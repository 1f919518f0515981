import { eq, or } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type Person, persons } from '../schema';
import { one } from './one';

type NewPerson = typeof persons.$inferInsert;

export type IdentityPlatform = 'slack' | 'wecom';

const column = (platform: IdentityPlatform) => (platform === 'slack' ? persons.slackId : persons.wecomId);

/** The person a platform user id belongs to, if linked. */
export async function personByPlatformId(
  db: DbOrTx,
  platform: IdentityPlatform,
  userId: string,
): Promise<Person | undefined> {
  const [row] = await db
    .select()
    .from(persons)
    .where(eq(column(platform), userId));
  return row;
}

/** Every person holding either id, locked for the rest of the transaction so concurrent links serialise. */
export async function personsByIdsForUpdate(
  tx: DbOrTx,
  ids: { slackId?: string; wecomId?: string },
): Promise<Person[]> {
  const conds = [
    ...(ids.slackId ? [eq(persons.slackId, ids.slackId)] : []),
    ...(ids.wecomId ? [eq(persons.wecomId, ids.wecomId)] : []),
  ];
  if (conds.length === 0) return [];
  return tx
    .select()
    .from(persons)
    .where(or(...conds))
    .orderBy(persons.id)
    .for('update');
}

export async function insertPerson(tx: DbOrTx, row: NewPerson): Promise<Person> {
  return one(await tx.insert(persons).values(row).returning(), 'insertPerson');
}

export async function updatePerson(tx: DbOrTx, id: number, patch: Partial<NewPerson>): Promise<Person> {
  return one(await tx.update(persons).set(patch).where(eq(persons.id, id)).returning(), 'updatePerson');
}
