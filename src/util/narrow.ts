/**
 * Narrowing without `!`. `must` is for a value an invariant guarantees (a time the verb has just stamped, a
 * group the pattern always captures): when it is missing anyway that is a bug, so it throws an internal error
 * saying which invariant broke. Never for input a user can get wrong: that gets a message naming the field.
 */
export function must<T>(value: T | null | undefined, why: string): T {
  if (value === undefined || value === null) throw new Error(`internal: ${why}`);
  return value;
}

/** `record[key]` when it is the record's own entry, not `constructor` or `toString` from the prototype. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `{ [k]: f(k) }` for every key, typed as the whole record (Object.fromEntries forgets which keys it got). */
export function recordOf<K extends string, V>(keys: readonly K[], f: (k: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, V>;
}
