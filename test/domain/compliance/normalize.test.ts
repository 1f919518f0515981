import { describe, expect, it } from 'vitest';
import { normalize, normalizeWithMap } from '../../../src/domain/compliance/normalize';

describe('normalize', () => {
  it('folds full-width ASCII and Latin case', () => {
    expect(normalize('１００％有效，ＮＯ．１！（限时）')).toBe('100%有效,no.1!(限时)');
  });

  it('drops spaces next to Chinese characters but keeps them between Latin words', () => {
    expect(normalize('最 佳\u3000选 择')).toBe('最佳选择');
    expect(normalize('提升 80 %')).toBe('提升80%');
    expect(normalize('Top 1 pick')).toBe('top 1 pick');
  });

  it('keeps line breaks so phrases never join across lines', () => {
    expect(normalize('最\n佳')).toBe('最\n佳');
  });

  it('drops invisible characters', () => {
    expect(normalize('最\u200b佳\ufeff')).toBe('最佳');
  });

  it('folds traditional characters used by the term list', () => {
    expect(normalize('全網銷量第一，醫學護膚')).toBe('全网销量第一,医学护肤');
  });

  it('maps every normalised unit back to the input', () => {
    const input = 'Ａ 最 佳\u200b𠀀';
    const { text, starts, ends } = normalizeWithMap(input);
    expect(text).toBe('a最佳𠀀');
    expect(starts).toHaveLength(text.length);
    expect(input.slice(starts[1]!, ends[2]!)).toBe('最 佳');
    expect(input.slice(starts[3]!, ends[4]!)).toBe('𠀀');
  });
});
