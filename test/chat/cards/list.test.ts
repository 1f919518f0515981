/** Paginated list cards from a hand-made page: no database. */
import { describe, expect, it } from 'vitest';
import { listCard } from '../../../src/chat/cards/list';

const page = (n: number, pages: number, rows: string[]) => ({ rows, total: 45, page: n, pages });

describe('listCard (pure)', () => {
  it('a section per row, "page n of m", and a button that re-runs the list with the next page', () => {
    const card = listCard('en', {
      title: 'Feedback · open',
      page: page(1, 3, ['FB-1 · open\n包装破损', 'FB-2 · open\n发错货']),
      line: (r) => r,
      nextCommand: 'feedback list status=open',
    });
    expect(card.sections).toEqual([
      { lines: ['FB-1 · open', '包装破损'] },
      { lines: ['FB-2 · open', '发错货'] },
    ]);
    expect(card.context).toEqual(['Page 1/3 · 45 total']);
    expect(card.buttons).toEqual([{ text: 'More', action: 'cmd:feedback list status=open page=2' }]);
  });

  it('the last page has no button; an empty list says so (zh-CN)', () => {
    const last = listCard('zh-CN', {
      title: '反馈',
      page: page(3, 3, ['x']),
      line: (r) => r,
      nextCommand: 'feedback list',
    });
    expect(last.buttons).toBeUndefined();
    const empty = listCard('zh-CN', {
      title: '反馈',
      page: { rows: [], total: 0, page: 1, pages: 1 },
      line: (r: string) => r,
      nextCommand: 'feedback list',
    });
    expect(empty.sections).toEqual([]);
    expect(empty.text).toBe('没有符合条件的记录。');
  });

  it('a list filtered by a status names it after the title, in either language; unfiltered, the title alone', () => {
    const one = page(1, 1, ['x']);
    const line = (r: string) => r;
    expect(
      listCard('en', { title: 'Campaigns', status: 'live', page: one, line, nextCommand: 'c' }).title,
    ).toBe('Campaigns · live');
    expect(
      listCard('zh-CN', { title: '活动列表', status: '进行中', page: one, line, nextCommand: 'c' }).title,
    ).toBe('活动列表 · 进行中');
    expect(listCard('zh-CN', { title: '活动列表', page: one, line, nextCommand: 'c' }).title).toBe(
      '活动列表',
    );
  });
});
