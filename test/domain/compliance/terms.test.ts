import { describe, expect, it } from 'vitest';
import allowlistFile from '../../../src/domain/compliance/allowlist.json' with { type: 'json' };
import { checkCompliance } from '../../../src/domain/compliance/check';
import { PATTERN_RULES } from '../../../src/domain/compliance/patterns';
import { CATEGORIES, parseTermList, TERM_LIST } from '../../../src/domain/compliance/terms';
import termsFile from '../../../src/domain/compliance/terms.json' with { type: 'json' };

const FIELDS = ['term', 'category', 'severity', 'article', 'rewrite'] as const;

describe('terms.json', () => {
  it('has at least 150 entries, each with every field filled in', () => {
    expect(termsFile.terms.length).toBeGreaterThanOrEqual(150);
    for (const entry of termsFile.terms) {
      for (const field of FIELDS) expect(entry[field], `${entry.term}.${field}`).toBeTruthy();
    }
  });

  it('has no duplicate terms', () => {
    const seen = TERM_LIST.terms.map((t) => t.match);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('covers every category, with stems for 最 and 第一', () => {
    for (const category of CATEGORIES) {
      expect(TERM_LIST.terms.filter((t) => t.category === category).length, category).toBeGreaterThan(10);
    }
    expect(TERM_LIST.terms.filter((t) => t.stem).map((t) => t.term)).toEqual(['最', '第一']);
  });

  it('suggests rewrites that would pass the check themselves', () => {
    for (const { term, rewrite } of [...TERM_LIST.terms, ...PATTERN_RULES]) {
      expect(checkCompliance(rewrite), `rewrite for ${term}: ${rewrite}`).toEqual([]);
    }
  });

  it('finds every listed term when it stands alone', () => {
    for (const t of TERM_LIST.terms) {
      expect(
        checkCompliance(t.term).map((f) => f.term),
        t.term,
      ).toContain(t.term);
    }
  });
});

describe('parseTermList', () => {
  const entry = {
    term: '顶级',
    category: 'absolute',
    severity: 'high',
    article: '广告法 第九条第三项',
    rewrite: '改为高端',
  };
  const terms = (list: unknown[]) => ({ about: [], terms: list });
  const allow = (phrases: string[]) => ({
    about: [],
    phrases: phrases.map((phrase) => ({ phrase, reason: '测试用' })),
  });

  it('accepts the bundled files', () => {
    expect(() => parseTermList(termsFile, allowlistFile)).not.toThrow();
  });

  it.each([
    ['a missing field', [{ ...entry, rewrite: undefined }], /rewrite/],
    ['an unknown category', [{ ...entry, category: 'vulgar' }], /category/],
    ['a bad severity', [{ ...entry, severity: 'critical' }], /severity/],
    ['an article that is not a 广告法 article', [{ ...entry, article: '第九条' }], /article/],
    ['an unknown field', [{ ...entry, sevrity: 'high' }], /sevrity/],
    ['a duplicate term', [entry, { ...entry, term: '顶级' }], /duplicate term "顶级"/],
    [
      'a term that differs only in width',
      [entry, { ...entry, term: 'ＴＯＰ１' }, { ...entry, term: 'top1' }],
      /ＴＯＰ１/,
    ],
    ['a term with spaces', [{ ...entry, term: '顶 级' }], /whitespace/],
  ])('fails loudly on %s', (_name, list, message) => {
    expect(() => parseTermList(terms(list), allow([]))).toThrow(message);
  });

  it('fails loudly on an allowlist phrase that contains no term', () => {
    expect(() => parseTermList(terms([entry]), allow(['最新']))).toThrow(/"最新" contains no term/);
    expect(() => parseTermList(terms([entry]), allow(['顶级会员', '顶级会员']))).toThrow(/duplicate/);
  });
});
