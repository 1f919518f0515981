import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { sequences } from '../schema';
import { one } from './one';

/** Next human code for a prefix (`FB` → `FB-7`); the row lock holds until the caller's transaction ends. */
export async function nextCode(tx: DbOrTx, prefix: string): Promise<string> {
  const row = one(
    await tx
      .insert(sequences)
      .values({ name: prefix, value: 1 })
      .onConflictDoUpdate({ target: sequences.name, set: { value: sql`${sequences.value} + 1` } })
      .returning({ value: sequences.value }),
    'nextCode',
  );
  return `${prefix}-${row.value}`;
}
