import { describe, expect, it } from 'vitest';
import { one } from '../../db/queries/one';

describe('one(rows, what)', () => {
  it('gives the single row a statement returned', () => {
    expect(one([{ id: 7 }], 'insertFeedback')).toEqual({ id: 7 });
  });

  it('names the statement when it returned no row, instead of passing undefined on', () => {
    expect(() => one([], 'updateCampaign')).toThrow('internal: updateCampaign returned no row');
  });
});
