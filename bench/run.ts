import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchAck } from './ack';
import { benchBaselines } from './baselines';
import { benchCompliance } from './compliance';
import { benchConnectors } from './connectors';
import { benchDigests } from './digests';
import { benchFootprint } from './footprint';
import { benchHome } from './home';
import { benchInbox } from './inbox';
import { benchMetrics } from './metrics';
import { benchOutbox } from './outbox';
import { benchSla } from './sla';

/** `npm run bench [suite…]`: runs the suites and writes bench/RESULTS.md. */
const suites: Record<string, () => Promise<string>> = {
  ack: benchAck,
  metrics: benchMetrics,
  digests: benchDigests,
  sla: benchSla,
  outbox: benchOutbox,
  footprint: benchFootprint,
  compliance: benchCompliance,
  home: benchHome,
  inbox: benchInbox,
  connectors: benchConnectors,
  baselines: benchBaselines,
};

const wanted = process.argv.slice(2).filter((a) => a in suites);
const names = wanted.length ? wanted : Object.keys(suites);

// Each suite owns one section of RESULTS.md, between markers, so running one suite keeps the others'.
const FILE = 'bench/RESULTS.md';
const marker = (name: string) => `<!-- suite:${name} -->`;
const previous = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '';
const sections = new Map<string, string>();
for (const name of Object.keys(suites)) {
  const start = previous.indexOf(marker(name));
  if (start < 0) continue;
  const end = previous.indexOf(`<!-- /suite:${name} -->`, start);
  if (end > start) sections.set(name, previous.slice(start + marker(name).length, end).trim());
}
const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
for (const name of names) {
  console.log(`running ${name} …`);
  const out = await suites[name]!();
  console.log(out);
  sections.set(name, `${out}\n\n_Run ${new Date().toISOString()} on ${machine}._`);
}
const header = [
  '# Benchmark results',
  '',
  'Each figure is measured side by side with its baseline in the same run; compare ratios, not absolute numbers.',
  'Each section says when and where it was run (`npm run bench [suite…]` rewrites only the suites it runs).',
  '',
].join('\n');
const body = Object.keys(suites)
  .filter((name) => sections.has(name))
  .map((name) => `${marker(name)}\n${sections.get(name)}\n<!-- /suite:${name} -->`)
  .join('\n\n');
writeFileSync(FILE, `${header}\n${body}\n`);
console.log('wrote bench/RESULTS.md');
process.exit(0);
