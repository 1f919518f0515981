import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchAck } from './ack';
import { benchDigests } from './digests';
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
};

const wanted = process.argv.slice(2).filter((a) => a in suites);
const names = wanted.length ? wanted : Object.keys(suites);
const parts: string[] = [];
for (const name of names) {
  console.log(`running ${name} …`);
  const out = await suites[name]!();
  console.log(out);
  parts.push(out);
}
const header = [
  '# Benchmark results',
  '',
  `Run ${new Date().toISOString()} on ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  'Each figure is measured side by side with its baseline in the same run; compare ratios, not absolute numbers.',
  '',
].join('\n');
writeFileSync('bench/RESULTS.md', `${header}\n${parts.join('\n\n')}\n`);
console.log('wrote bench/RESULTS.md');
process.exit(0);
