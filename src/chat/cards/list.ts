/** Any paginated list (`/feedback list`, `/campaign list` …): one section per row and a "more" button. */
import type { Card } from '../card';
import type { Locale } from '../i18n';
import { tCommon } from '../messages/common';

/** One page of a list, as the domain's list verbs return it. */
export interface ListPage<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
}

/** One section per row (reads well on a phone), "page n of m", and a button for the next page if any. */
export function listCard<T>(
  locale: Locale,
  opts: {
    title: string;
    /** The status the list is filtered by, in words: the title names it ("Feedback · Open"). */
    status?: string;
    page: ListPage<T>;
    line: (row: T) => string;
    /** The command that shows this list, without page=; the "more" button re-runs it with the next page. */
    nextCommand: string;
  },
): Card {
  const { rows, total, page, pages } = opts.page;
  return {
    title: opts.status
      ? tCommon(locale, 'list.title_status', { title: opts.title, status: opts.status })
      : opts.title,
    text: rows.length === 0 ? tCommon(locale, 'list.empty') : undefined,
    sections: rows.map((r) => ({ lines: opts.line(r).split('\n') })),
    context: [tCommon(locale, 'page.of', { page, pages, total })],
    buttons:
      page < pages
        ? [{ text: tCommon(locale, 'page.more'), action: `cmd:${opts.nextCommand} page=${page + 1}` }]
        : undefined,
  };
}
