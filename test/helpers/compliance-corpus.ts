/**
 * The labelled compliance corpus (test/fixtures/compliance-corpus.jsonl) and how the check scores on it.
 * Used by the corpus test (fails below the targets) and by `npm run bench compliance` (prints the figures).
 *
 * Scoring, per sentence: a violation counts as caught when the check raises at least one high or medium
 * finding; a lawful sentence counts as a false alarm when it gets one. Low findings ("please verify",
 * e.g. an official title) are not alarms.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type CheckOptions, checkCompliance, type Finding } from '../../src/domain/compliance';

export const PRODUCT_CATEGORIES = ['cosmetics', 'food', 'apparel', 'electronics', 'services'] as const;

const base = {
  id: z.string(),
  category: z.enum(PRODUCT_CATEGORIES),
  script: z.enum(['simplified', 'traditional']),
  text: z.string().min(1),
  source: z.string().regex(/^S\d+$/),
};
const Row = z.discriminatedUnion('label', [
  z.strictObject({
    ...base,
    label: z.literal('violation'),
    kind: z.enum(['absolute', 'medical', 'efficacy', 'data', 'guarantee']),
    article: z.string().startsWith('广告法'),
  }),
  z.strictObject({ ...base, label: z.literal('lawful'), rule: z.string(), why: z.string().min(4) }),
]);
export type CorpusRow = z.infer<typeof Row>;

const Meta = z.object({
  _meta: z.literal(true),
  about: z.array(z.string()),
  sources: z.record(z.string(), z.object({ title: z.string(), url: z.string() })),
  rules: z.record(z.string(), z.string()),
});

export const CORPUS_PATH = fileURLToPath(new URL('../fixtures/compliance-corpus.jsonl', import.meta.url));

/** Reads and validates the corpus: the first line is the metadata (sources, rules), then one row a line. */
export function loadCorpus(path = CORPUS_PATH) {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const meta = Meta.parse(JSON.parse(lines[0]!));
  const rows = lines.slice(1).map((l, i) => {
    const parsed = Row.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`corpus line ${i + 2}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
  return { meta, rows };
}

const alarms = (findings: Finding[]) => findings.filter((f) => f.severity !== 'low');

export interface Tally {
  violations: number;
  caught: number;
  lawful: number;
  falseAlarms: number;
}

export interface Score extends Tally {
  /** caught ÷ violations */
  recall: number;
  /** falseAlarms ÷ lawful sentences */
  falseAlarmRate: number;
  /** caught ÷ (caught + falseAlarms): of the sentences flagged, the share that really violate */
  precision: number;
}

export interface Miss {
  row: CorpusRow;
  findings: Finding[];
}

function score(t: Tally): Score {
  const flagged = t.caught + t.falseAlarms;
  return {
    ...t,
    recall: t.violations ? t.caught / t.violations : 1,
    falseAlarmRate: t.lawful ? t.falseAlarms / t.lawful : 0,
    precision: flagged ? t.caught / flagged : 1,
  };
}

/** Runs the check on every row and scores it overall and per product category. */
export function evaluate(rows: readonly CorpusRow[], options: CheckOptions = {}) {
  const empty = (): Tally => ({ violations: 0, caught: 0, lawful: 0, falseAlarms: 0 });
  const total = empty();
  const byCategory = Object.fromEntries(PRODUCT_CATEGORIES.map((c) => [c, empty()])) as Record<
    (typeof PRODUCT_CATEGORIES)[number],
    Tally
  >;
  const missed: Miss[] = [];
  const falseAlarms: Miss[] = [];
  for (const row of rows) {
    const findings = checkCompliance(row.text, options);
    const alarmed = alarms(findings).length > 0;
    for (const t of [total, byCategory[row.category]]) {
      if (row.label === 'violation') {
        t.violations++;
        if (alarmed) t.caught++;
      } else {
        t.lawful++;
        if (alarmed) t.falseAlarms++;
      }
    }
    if (row.label === 'violation' && !alarmed) missed.push({ row, findings });
    if (row.label === 'lawful' && alarmed) falseAlarms.push({ row, findings });
  }
  return {
    total: score(total),
    byCategory: Object.fromEntries(Object.entries(byCategory).map(([k, v]) => [k, score(v)])) as Record<
      (typeof PRODUCT_CATEGORIES)[number],
      Score
    >,
    missed,
    falseAlarms,
  };
}
