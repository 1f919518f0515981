/** How a card names a person: their display name for an actor key (`slack:U123`, `console:lina`). */
export type NameOf = (actorKey: string) => string;

/** The bare user id of an actor key: the last resort when no display name is known. */
export const bareId: NameOf = (actorKey) => {
  const i = actorKey.indexOf(':');
  return i >= 0 ? actorKey.slice(i + 1) : actorKey;
};
