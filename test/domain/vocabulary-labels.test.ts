import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vocabulary } from '../../src/domain/vocabulary';

const ROOT = join(__dirname, '../..');

/** Every module that defines a vocabulary, so one added later is held to the same rule. */
function vocabularyModules(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (
        p.endsWith('.ts') &&
        !p.endsWith('vocabulary.ts') &&
        readFileSync(p, 'utf8').includes('defineVocabulary(')
      )
        out.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'handlers'));
  return out;
}

const isVocabulary = (v: unknown): v is Vocabulary<string> =>
  typeof v === 'object' && v !== null && 'codes' in v && 'terms' in v && 'label' in v;

describe('vocabulary labels', () => {
  it('every exported vocabulary names its codes in English as a label, capitalised ("Ended", not "ended")', async () => {
    const lower: string[] = [];
    let checked = 0;
    for (const file of vocabularyModules()) {
      const mod: Record<string, unknown> = await import(file);
      for (const [name, v] of Object.entries(mod)) {
        if (!isVocabulary(v)) continue;
        for (const code of v.codes) {
          checked++;
          const en = v.label(code, 'en');
          if (/^\p{Ll}/u.test(en)) lower.push(`${relative(ROOT, file)} ${name}.${code}: "${en}"`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(lower).toEqual([]);
  });
});
