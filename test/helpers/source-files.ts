import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The source files (src/, handlers/, jobs/) whose text contains `marker`, e.g. `defineVocabulary(`: tests
 * that hold every vocabulary or catalogue to a rule import them all, so one added later is checked too.
 */
export function filesDefining(marker: string): string[] {
  return ['src', 'handlers', 'jobs']
    .flatMap((dir) => readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => readFileSync(p, 'utf8').includes(marker))
    .sort();
}
