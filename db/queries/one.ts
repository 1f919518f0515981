/**
 * The one row a statement is sure to return: an INSERT … RETURNING, an upsert, an UPDATE of a row the caller
 * has just read or locked, an aggregate without GROUP BY. No row means a bug (or a row deleted under a held
 * lock), not a user error, so it throws an internal error naming the statement instead of passing undefined on.
 */
export function one<T>(rows: readonly T[], what: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`internal: ${what} returned no row`);
  return row;
}
