/**
 * The import rules of docs/ARCHITECTURE.md, checked on the source text (type-only imports count too):
 * the domain knows no platform, handler or job, and no Slack or HTTP client; handlers reach the database
 * only through domain verbs. And addresses have one spelling: only src/delivery/destinations.ts (and the
 * platform that reads them back) spells a console channel or DM.
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
      {
        why: 'the outbox dispatcher (queue rows with enqueueOutbox; addresses come from src/delivery/destinations)',
        test: (t) => under('src/delivery')(t) && t !== 'src/delivery/destinations',
      },
    ],
  },
  {
    files: 'handlers',
    forbidden: [
      { why: 'the database layer (call a domain verb; take row types from src/domain)', test: under('db') },
      // Cards come from src/chat/cards and figures from src/domain; a handler may only ask the budget watch to
      // look at the month right after a spend entry (when the metrics pull runs is src/domain/connectors.ts).
      {
        why: 'a job (cards live in src/chat/cards, figures come from src/domain; only jobs/budget-watch is shared)',
        test: (t) => under('jobs')(t) && t !== 'jobs/budget-watch',
      },
      { why: 'a platform adapter', test: under('src/platforms') },
    ],
  },
  {
    // Cards are pure: figures in, Card out. Their tests need no database.
    files: 'src/chat/cards',
    forbidden: [
      {
        why: 'a query or the database client (take figures from a loader)',
        test: (t) => under('db/queries')(t) || under('db/client')(t),
      },
      { why: 'a job', test: under('jobs') },
      { why: 'the chart renderer', test: under('src/charts') },
    ],
  },
  // The platform contract flows one way: platforms hand their routes and senders to src/app.ts through
  // PlatformRuntime, and nothing below them names one. Each platform stands alone behind the contract.
  { files: 'jobs', forbidden: [{ why: 'a platform adapter', test: under('src/platforms') }] },
  {
    files: 'src/delivery',
    forbidden: [
      { why: 'a platform adapter (senders come in through PlatformRuntime)', test: under('src/platforms') },
    ],
  },
  ...(['slack', 'wecom', 'console'] as const).map((p) => ({
    files: `src/platforms/${p}`,
    forbidden: [
      {
        why: 'another platform (share through src/platforms/runtime.ts or src/delivery)',
        test: (t: string) =>
          under('src/platforms')(t) &&
          !under(`src/platforms/${p}`)(t) &&
          !t.startsWith('src/platforms/runtime'),
      },
    ],
  })),
];

/** Comments removed, so a sentence about `#marketing` is not a spelling of it. */
const code = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/**
 * Address spellings outside src/delivery/destinations.ts: a console channel (`'#marketing'`, not a colour
 * such as `'#e8772e'`), a console DM (`'dm:'`), or the address book's console names imported directly.
 */
function spellings(path: string, source: string): string[] {
  const out: string[] = [];
  const text = code(source);
  for (const m of text.matchAll(/['"`](#(?![0-9a-f]{3,8}['"`])[a-z][\w-]*)['"`]/gi))
    out.push(`${path} spells the console channel '${m[1]}'`);
  for (const m of text.matchAll(/['"`]dm:[^'"`]*/g)) out.push(`${path} spells a console DM (${m[0]})`);
  for (const m of text.matchAll(/\b(CONSOLE_CHANNELS|consoleAddress)\b/g))
    out.push(`${path} uses ${m[1]}: ask destinationFor instead`);
  return out;
}

/** Where addresses may be spelled: the address book itself, and the platforms (they read them back). */
const SPELLERS = (path: string) =>
  path.startsWith('src/delivery/destinations') || path.startsWith('src/platforms/');

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
      expect(files.length).toBeGreaterThan(2);
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

describe('db/ stands below the rest', () => {
  it('db/ imports nothing of ours above it, except that schema.ts names the shapes of its jsonb columns (type-only)', () => {
    const above = (t: string) => ['src', 'handlers', 'jobs'].some((d) => under(d)(t));
    const found = sourceFiles('db').flatMap((path) => {
      const source = readFileSync(join(ROOT, path), 'utf8');
      return importsOf(source)
        .filter((spec) => above(target(path, spec)))
        .filter((spec) => !(path === 'db/schema.ts' && typeOnly(source, spec)))
        .map((spec) => `${path} imports '${spec}'`);
    });
    expect(found).toEqual([]);
  });
});

/** Whether every import of `spec` in `source` is `import type { … } from spec`. */
function typeOnly(source: string, spec: string): boolean {
  const all = [...code(source).matchAll(/\bimport\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)];
  return all.filter((m) => m[2] === spec).every((m) => m[1] !== undefined);
}

describe('addresses have one spelling', () => {
  it('only src/delivery/destinations.ts (and the platforms reading them back) spells an address', () => {
    const files = ['src', 'handlers', 'jobs']
      .flatMap(sourceFiles)
      .filter((path) => !SPELLERS(path))
      .map((path) => spellings(path, readFileSync(join(ROOT, path), 'utf8')));
    expect(files.flat()).toEqual([]);
  });

  it('a spelled address is caught; colours, dedupe keys and comments are not', () => {
    const bad = [
      "const to = { platform: 'console', destination: '#approvals' };",
      "const dm = 'dm:' + a.userId;",
      "import { CONSOLE_CHANNELS } from '../src/delivery/destinations';",
    ];
    expect(spellings('jobs/x.ts', bad.join('\n'))).toHaveLength(3);
    const fine = [
      "const SPEND_COLOR = '#e8772e';",
      "const key = 'approval.dm:' + code;",
      '// posts to `#marketing` (see destinationFor)',
    ];
    expect(spellings('jobs/x.ts', fine.join('\n'))).toEqual([]);
  });
});
