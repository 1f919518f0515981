import type { Reply } from '../src/chat/card';
import type { HandlerContext } from '../src/chat/command';
import { actorKey } from '../src/chat/command';
import { tc } from '../src/chat/messages/common';
import type { VerbCtx } from '../src/domain/context';
import { getSettings } from '../src/domain/settings';

/** Domain verb context for the caller. */
export async function verbCtx(ctx: HandlerContext): Promise<VerbCtx> {
  return {
    db: ctx.deps.db,
    now: ctx.now,
    actor: actorKey(ctx.actor),
    settings: await getSettings(ctx.deps.db, ctx.deps.config),
  };
}

/** A paginated list card: one section per row (reads well on a phone) and a "more" button. */
export function listCard<T>(
  ctx: HandlerContext,
  opts: {
    title: string;
    page: { rows: T[]; total: number; page: number; pages: number };
    line: (row: T) => string;
    /** The command that shows this list, without page=; the "more" button re-runs it with the next page. */
    nextCommand: string;
  },
): Reply {
  const { rows, total, page, pages } = opts.page;
  return {
    visibility: 'ephemeral',
    card: {
      title: opts.title,
      text: rows.length === 0 ? tc(ctx.locale, 'list.empty') : undefined,
      sections: rows.map((r) => ({ lines: opts.line(r).split('\n') })),
      context: [tc(ctx.locale, 'page.of', { page, pages, total })],
      buttons:
        page < pages
          ? [{ text: tc(ctx.locale, 'page.more'), action: `cmd:${opts.nextCommand} page=${page + 1}` }]
          : undefined,
    },
  };
}
