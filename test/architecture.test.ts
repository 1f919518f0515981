/**
 * The import rules of docs/ARCHITECTURE.md, checked on the source text (type-only imports count too):
 * the domain knows no platform, handler or job, and no Slack or HTTP client; handlers reach the database
 * only through domain verbs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

/** Every module a file names: `import … from`, `export … from`, `import '…'`, `import('…')`, `require('…')`. */
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

/** A relative specifier as a path from the repository root (`src/platforms/slack/app`); a package as is. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec;
}

interface Rule {
  files: string;
  forbidden: { why: string; test: (target: string) => boolean }[];
}

const under = (dir: string) => (t: string) => t === dir || t.startsWith(`${dir}/`);
const pkg = (name: string) => (t: string) => t === name || t.startsWith(`${name}/`);

const RULES: Rule[] = [
  {
    files: 'src/domain',
    forbidden: [
      { why: 'a platform adapter', test: under('src/platforms') },
      { why: 'a handler', test: under('handlers') },
      { why: 'a job', test: under('jobs') },
      { why: 'the Slack SDK', test: (t) => t.startsWith('@slack/') },
      { why: 'an HTTP client', test: pkg('axios') },
    ],
  },
  {
    files: 'handlers',
    forbidden: [
      { why: 'the database layer (call a domain verb; take row types from src/domain)', test: under('db') },
    ],
  },
];

function violations(rule: Rule, files: { path: string; source: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const spec of importsOf(f.source)) {
      const t = target(f.path, spec);
      const broken = rule.forbidden.find((r) => r.test(t));
      if (broken) out.push(`${f.path} imports '${spec}': ${rule.files}/ must not import ${broken.why}`);
    }
  }
  return out;
}

describe('import rules', () => {
  for (const rule of RULES) {
    it(`${rule.files}/ imports none of: ${rule.forbidden.map((r) => r.why.split(' (')[0]).join(', ')}`, () => {
      const files = sourceFiles(rule.files).map((path) => ({
        path,
        source: readFileSync(join(ROOT, path), 'utf8'),
      }));
      expect(files.length).toBeGreaterThan(3);
      expect(violations(rule, files)).toEqual([]);
    });
  }

  it('a forbidden import is caught in every form it can be written', () => {
    const [domain, handlers] = RULES as [Rule, Rule];
    const bad = [
      "import { toBlocks } from '../platforms/slack/render';",
      "import type { Feedback } from '../../db/schema';",
      "import {\n  a,\n  b,\n} from '../../handlers/index';",
      "export { run } from '../../jobs/daily-digest';",
      "const m = await import('../../jobs/index');",
      "import axios from 'axios';",
      "import type { types } from '@slack/bolt';",
    ];
    const found = [
      ...violations(domain, [{ path: 'src/domain/x.ts', source: bad.join('\n') }]),
      ...violations(handlers, [
        { path: 'handlers/x.ts', source: "import type { Feedback } from '../db/schema';" },
      ]),
    ];
    expect(found).toHaveLength(7);
    expect(found[0]).toBe(
      "src/domain/x.ts imports '../platforms/slack/render': src/domain/ must not import a platform adapter",
    );
    // The domain may use the database layer; handlers may use the domain.
    expect(violations(domain, [{ path: 'src/domain/x.ts', source: bad[1]! }])).toEqual([]);
    expect(
      violations(handlers, [
        { path: 'handlers/x.ts', source: "import { x } from '../src/domain/feedback';" },
      ]),
    ).toEqual([]);
  });
});
