import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCompliance, summarize } from '../../../src/domain/compliance/check';
import { normalize } from '../../../src/domain/compliance/normalize';
import { TERM_LIST } from '../../../src/domain/compliance/terms';

// Fragments that steer random strings towards the interesting code paths: terms, stems, allowlist
// phrases, numbers, full-width and invisible characters, source markers and lone surrogates.
const fragments = fc.constantFrom(
  ...TERM_LIST.terms.map((t) => t.term),
  ...TERM_LIST.allowlist,
  '最',
  '第',
  '一',
  '新',
  '的',
  ' ',
  '\u3000',
  '\u200b',
  '\n',
  '１',
  '０',
  '％',
  '%',
  '倍',
  '万',
  '+',
  '提升',
  '销量',
  '用户',
  '排名',
  '据',
  '统计',
  '来源：',
  '（',
  '报告',
  '）',
  '.',
  'TOP',
  'Ａ',
  '國',
  '\ud800',
  '\udc00',
);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join('')),
  fc
    .array(fc.oneof(fragments, fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 40 })
    .map((p) => p.join('')),
);

describe('checkCompliance properties', () => {
  it('never throws, and every finding points at its phrase in the normalised and original text', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const findings = checkCompliance(text);
        const norm = normalize(text);
        for (const f of findings) {
          expect(f.phrase.length).toBeGreaterThan(0);
          expect(norm.includes(f.phrase)).toBe(true);
          expect(norm.slice(f.index, f.index + f.phrase.length)).toBe(f.phrase);
          expect(text.slice(f.originalIndex, f.originalIndex + f.original.length)).toBe(f.original);
          expect(normalize(f.original)).toBe(f.phrase);
        }
        // Findings never overlap, since overlapping matches are merged.
        const spans = [...findings].sort((a, b) => a.index - b.index);
        for (let i = 1; i < spans.length; i++) {
          expect(spans[i]!.index).toBeGreaterThanOrEqual(spans[i - 1]!.index + spans[i - 1]!.phrase.length);
        }
        expect(summarize(findings).total).toBe(findings.length);
      }),
      { numRuns: 500 },
    );
  });

  it('stays fast on long hostile input', () => {
    const text = '最'.repeat(5000) + '1%'.repeat(5000) + '据'.repeat(5000) + '（报告'.repeat(2000);
    const started = performance.now();
    checkCompliance(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
