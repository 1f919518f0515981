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

/** A JSON object (not an array, not null): what a parsed body or document must be before its fields are read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property of a value of unknown shape (a caught error, a hook's result), or undefined when it has none. */
export function propOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** `{ [k]: f(k) }` for every key, typed as the whole record (Object.fromEntries forgets which keys it got). */
export function recordOf<K extends string, V>(keys: readonly K[], f: (k: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, V>;
}
