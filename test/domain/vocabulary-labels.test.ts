import { describe, expect, it } from 'vitest';
import type { Vocabulary } from '../../src/domain/vocabulary';
import { filesDefining } from '../helpers/source-files';

const isVocabulary = (v: unknown): v is Vocabulary<string> =>
  typeof v === 'object' && v !== null && 'codes' in v && 'terms' in v && 'label' in v;

describe('vocabulary labels', () => {
  it('every exported vocabulary names its codes in English as a label, capitalised ("Ended", not "ended")', async () => {
    const lower: string[] = [];
    let checked = 0;
    for (const file of filesDefining('defineVocabulary(')) {
      const mod: Record<string, unknown> = await import(file);
      for (const [name, v] of Object.entries(mod)) {
        if (!isVocabulary(v)) continue;
        for (const code of v.codes) {
          checked++;
          const en = v.label(code, 'en');
          if (/^\p{Ll}/u.test(en)) lower.push(`${name}.${code}: "${en}"`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(lower).toEqual([]);
  });
});
