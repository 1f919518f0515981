import { cpus, loadavg } from 'node:os';
import AhoCorasick from 'modern-ahocorasick';
import { type CompanyPhrase, checkCompliance } from '../src/domain/compliance/check';
import { indexOfMatcher, type LiteralMatcher } from '../src/domain/compliance/matcher';
import { normalize } from '../src/domain/compliance/normalize';
import { TERM_LIST } from '../src/domain/compliance/terms';
import { COMPANY_PHRASES_MAX } from '../src/domain/settings';
import { evaluate, loadCorpus, PRODUCT_CATEGORIES, type Score } from '../test/helpers/compliance-corpus';
import { mdTable, summarize, type Timing } from './lib';

const ITERATIONS = Number(process.env.BENCH_COMPLIANCE_ITERATIONS ?? 3000);
const WARMUP = 300;
const DRAFT_CHARS = 2000;
const TARGET_P99_MS = 5;

/** The kept Aho–Corasick library behind the check's matcher interface, to compare with indexOf. */
function ahoMatcher(needles: readonly string[]): LiteralMatcher {
  const ac = new AhoCorasick([...needles]);
  return {
    name: 'aho',
    find: (text) => ac.search(text).map((m) => ({ needle: m.patternIndex, start: m.start, end: m.end })),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => x.toFixed(3);

/**
 * Time variants of synchronous work iteration by iteration (alternating order), so machine drift hits all
 * alike. Wall time includes the moments the OS gives the core to another process (the bench machine is
 * shared), so CPU time of this process (process.cpuUsage, µs resolution) is recorded beside it.
 */
function interleaved<K extends string>(
  variants: Record<K, () => unknown>,
): Record<K, { wall: Timing; cpu: Timing }> {
  const keys = Object.keys(variants) as K[];
  const wall = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = -WARMUP; i < ITERATIONS; i++) {
    for (const k of i % 2 === 0 ? keys : [...keys].reverse()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      variants[k]();
      const elapsed = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (i >= 0) {
        wall[k].push(elapsed);
        cpu[k].push((c.user + c.system) / 1000);
      }
    }
  }
  return Object.fromEntries(
    keys.map((k) => [k, { wall: summarize(wall[k]), cpu: summarize(cpu[k]) }]),
  ) as Record<K, { wall: Timing; cpu: Timing }>;
}

function scoreRow(name: string, s: Score): (string | number)[] {
  return [
    name,
    `${s.caught}/${s.violations}`,
    pct(s.recall),
    `${s.falseAlarms}/${s.lawful}`,
    pct(s.falseAlarmRate),
    pct(s.precision),
  ];
}

/** `npm run bench compliance`: accuracy on the labelled corpus, and speed on a 2,000-character draft. */
export async function benchCompliance(): Promise<string> {
  const { rows } = loadCorpus();
  const result = evaluate(rows);
  const traditional = evaluate(rows.filter((r) => r.script === 'traditional')).total;

  // A realistic long draft: corpus sentences (violations and lawful copy) joined until 2,000 characters.
  let draft = '';
  for (let i = 0; draft.length < DRAFT_CHARS; i = (i + 7) % rows.length) draft += rows[i]!.text;
  draft = draft.slice(0, DRAFT_CHARS);
  const needles = [...TERM_LIST.terms.map((t) => t.match), ...TERM_LIST.allowlist];
  const literal = { indexof: indexOfMatcher(needles), aho: ahoMatcher(needles) };
  const normDraft = normalize(draft);
  const findings = checkCompliance(draft).length;
  // A full company list (the most /mops settings compliance keeps): half allow, half block, cut from corpus
  // sentences so some of them occur in the draft.
  const policy: CompanyPhrase[] = Array.from({ length: COMPANY_PHRASES_MAX }, (_, i) => ({
    phrase: rows[(i * 13) % rows.length]!.text.slice(2, 6 + (i % 5)),
    action: i % 2 === 0 ? 'block' : 'allow',
  }));

  const whole = interleaved({
    'check, indexOf matcher': () => checkCompliance(draft, { matcher: indexOfMatcher }),
    'check, Aho–Corasick matcher': () => checkCompliance(draft, { matcher: ahoMatcher }),
    [`check, indexOf, ${COMPANY_PHRASES_MAX} company phrases`]: () =>
      checkCompliance(draft, { matcher: indexOfMatcher, policy }),
  });
  const literalOnly = interleaved({
    'literal terms, indexOf': () => literal.indexof.find(normDraft),
    'literal terms, Aho–Corasick': () => literal.aho.find(normDraft),
  });
  const p99 = Object.fromEntries(Object.entries(whole).map(([k, t]) => [k, t.wall.p99])) as Record<
    string,
    number
  >;
  const ratio = p99['check, Aho–Corasick matcher']! / p99['check, indexOf matcher']!;
  const cpuRatio = whole['check, Aho–Corasick matcher'].cpu.p99 / whole['check, indexOf matcher'].cpu.p99;
  const missLine = (m: (typeof result.missed)[number]) =>
    `- ${m.row.id} (${m.row.label === 'violation' ? m.row.kind : ''}) ${m.row.text}${m.findings.length ? ` — only low: ${m.findings.map((f) => f.phrase).join('、')}` : ''}`;
  const faLine = (m: (typeof result.falseAlarms)[number]) =>
    `- ${m.row.id} (${m.row.label === 'lawful' ? m.row.rule : ''}) ${m.row.text} — ${m.findings
      .filter((f) => f.severity !== 'low')
      .map((f) => `${f.severity} ${f.rule} 「${f.phrase}」`)
      .join('；')}`;

  return [
    `### Compliance check on the labelled corpus (${rows.length} sentences, ${result.total.lawful} lawful-but-suspicious) and on a ${DRAFT_CHARS.toLocaleString('en')}-character draft`,
    '',
    'Corpus: test/fixtures/compliance-corpus.jsonl (sources cited in its first line). A violation is caught when the',
    'check raises a high or medium finding; a lawful sentence with one is a false alarm (low = "verify", e.g. a title,',
    'is not an alarm). Recall = caught ÷ violations; false-alarm rate = false alarms ÷ lawful sentences; precision =',
    'caught ÷ (caught + false alarms). Targets: recall ≥ 95%, false alarms ≤ 5%.',
    '',
    mdTable(
      ['category', 'caught', 'recall', 'false alarms', 'false-alarm rate', 'precision'],
      [
        ...PRODUCT_CATEGORIES.map((c) => scoreRow(c, result.byCategory[c])),
        scoreRow('traditional script (all categories)', traditional),
        scoreRow('**all**', result.total),
      ],
    ),
    '',
    `Missed violations (${result.missed.length}):`,
    ...(result.missed.length ? result.missed.map(missLine) : ['- none']),
    '',
    `False alarms (${result.falseAlarms.length}):`,
    ...(result.falseAlarms.length ? result.falseAlarms.map(faLine) : ['- none']),
    '',
    `Speed: the whole check (normalise, ${TERM_LIST.terms.length} terms, ${TERM_LIST.allowlist.length} allowlist phrases, patterns, context rules) on one ${DRAFT_CHARS.toLocaleString('en')}-character draft with ${findings} findings (the company-phrase variant adds a full company list: ${COMPANY_PHRASES_MAX} phrases of 4–8 characters cut from corpus sentences, half allowed, half blocked), ${ITERATIONS.toLocaleString('en')} runs per variant after ${WARMUP} warm-up, interleaved. Target p99 ≤ ${TARGET_P99_MS} ms. Load average during the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )} on ${cpus().length} cores (wall time counts time the core was lent to other processes; CPU time does not).`,
    '',
    mdTable(
      [
        'variant',
        'wall p50 ms',
        'wall p99 ms',
        'CPU p50 ms',
        'CPU p99 ms',
        `p99 ≤ ${TARGET_P99_MS} ms (wall / CPU)`,
      ],
      [...Object.entries(whole), ...Object.entries(literalOnly)].map(([k, t]) => [
        k,
        ms(t.wall.p50),
        ms(t.wall.p99),
        ms(t.cpu.p50),
        ms(t.cpu.p99),
        k.startsWith('check')
          ? `${t.wall.p99 <= TARGET_P99_MS ? 'yes' : '**no**'} / ${t.cpu.p99 <= TARGET_P99_MS ? 'yes' : '**no**'}`
          : '—',
      ]),
    ),
    '',
    `Aho–Corasick (modern-ahocorasick) ÷ indexOf for the whole check: wall p99 ${ratio.toFixed(2)}×, CPU p99 ${cpuRatio.toFixed(2)}×. ` +
      `The check uses indexOf (src/domain/compliance/matcher.ts): ${cpuRatio < 1 ? '**the library is faster in this run: switch the default**' : 'the library does not beat one vectorised indexOf scan per term at this list size, so it stays a dev dependency for this comparison'}.`,
  ].join('\n');
}
