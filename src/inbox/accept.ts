import { insertInboxEvent, type NewInboxEvent, refuseInboxEvent } from '../../db/queries/inbox';
import { defineMessages, type Locale } from '../chat/i18n';
import type { Deps } from '../deps';
import { newErrorId } from '../log';
import { errorMessage } from '../util/errors';

const tx = defineMessages({
  db_down: {
    'zh-CN': 'mopsbot 暂时连不上它的数据库，你的命令没有保存，请一分钟后再试。',
    en: 'mopsbot cannot reach its database; your command was not saved, try again in a minute.',
  },
});

/** What the person is told when their command could not be written down (in the ack itself). */
export const notSavedText = (locale: Locale) => tx(locale, 'db_down');

/**
 * How long the ack waits for the inbox write. Slack gives 3 s and WeCom 5 s; past this the person is told
 * "not saved" while there is still time to say it.
 */
export const ACCEPT_TIMEOUT_MS = 2_000;
const SKEW_MARGIN_MS = 300;

export type Accepted =
  | { status: 'new'; id: number }
  | { status: 'duplicate' }
  | { status: 'not_saved'; errorId: string };

/**
 * Write an inbound event to the inbox before it is acknowledged. `new`: it is in the database and will be
 * processed; `duplicate`: a platform retry of an event already written; `not_saved`: the database could not
 * take it, and the ack must say so. A write that completes after its ack said "not saved" is withdrawn, so
 * nothing the person was told is lost happens behind their back.
 */
export async function acceptEvent(deps: Deps, e: Omit<NewInboxEvent, 'now'>): Promise<Accepted> {
  // The server refuses the write past the deadline; the ack waits a little longer than that (clock skew
  // between the bot and the database), so a write it gives up on has either been refused or is withdrawn.
  const deadline = new Date(Date.now() + ACCEPT_TIMEOUT_MS);
  const write = insertInboxEvent(deps.db, { ...e, now: deps.clock.now(), deadline });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ACCEPT_TIMEOUT_MS + SKEW_MARGIN_MS);
  });
  try {
    const written = await Promise.race([write, timeout]);
    if (written === 'timeout') {
      void write.then(
        (late) => (late !== 'duplicate' && late.status === 'pending' ? refuseLate(deps, late.id) : undefined),
        () => {},
      );
      return notSaved(deps, e, new Error(`the inbox write took over ${ACCEPT_TIMEOUT_MS} ms`));
    }
    if (written === 'duplicate') return { status: 'duplicate' };
    // Landed past its deadline (the server was slow to take it): it will never be processed, so the ack
    // must say "not saved" — answering as for a duplicate would leave the person in silence.
    if (written.status === 'refused') {
      return notSaved(
        deps,
        e,
        new Error(`the inbox write landed after its ${ACCEPT_TIMEOUT_MS} ms deadline`),
      );
    }
    return { status: 'new', id: written.id };
  } catch (err) {
    return notSaved(deps, e, err);
  } finally {
    clearTimeout(timer);
  }
}

/** Withdraw a write that landed after its ack said "not saved", retrying while the database is away. */
async function refuseLate(deps: Deps, id: number): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      await refuseInboxEvent(deps.db, id, deps.clock.now());
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  deps.log.error('could not withdraw an inbox event its ack said was not saved', { inboxId: id });
}

function notSaved(deps: Deps, e: Omit<NewInboxEvent, 'now'>, err: unknown): Accepted {
  const errorId = newErrorId();
  deps.log.error('inbox write failed; the sender is told to try again', {
    errorId,
    platform: e.platform,
    kind: e.kind,
    error: errorMessage(err),
  });
  return { status: 'not_saved', errorId };
}
