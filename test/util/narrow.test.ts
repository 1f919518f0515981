import { describe, expect, it } from 'vitest';
import { must, own } from '../../src/util/narrow';

describe('narrowing helpers', () => {
  it('own() reads only a table’s own entries: `constructor` or `toString` typed by a user is not one', () => {
    const aliases: Record<string, string> = { 反馈: 'feedback' };
    expect(own(aliases, '反馈')).toBe('feedback');
    expect(own(aliases, 'constructor')).toBeUndefined();
    expect(own(aliases, 'toString')).toBeUndefined();
  });

  it('must() passes a present value through (0 and "" included) and names the broken invariant otherwise', () => {
    expect(must(0, 'a count')).toBe(0);
    expect(must('', 'a text')).toBe('');
    expect(() => must(undefined, 'ACTION captures the approval code')).toThrow(
      'internal: ACTION captures the approval code',
    );
    expect(() => must(null, 'a decided approval has a decision time')).toThrow('internal:');
  });
});
