import { EmbeddedDbError, explainDbError, openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { outboxByStatus, requeueDead } from '../db/queries/outbox';
import { interpolate } from './chat/i18n';
import { configOrReport } from './config';
import { errorMessage } from './util/errors';

const HELP = `mopsbot CLI — npm run mops -- <command>

  migrate                      apply database migrations (also done at every start)
  import-metrics FILE.csv      import channel metrics; every row is checked first, nothing is written if one is bad
  run-job NAME [--at ISO]      run one scheduled job as the scheduler would at that moment (exactly-once claim)
                               NAME: daily-digest | weekly-digest | monthly-report | sla-sweep | budget-watch | metrics-pull
  outbox [dead|pending]        list undelivered outbox messages
  outbox retry                 put dead messages back in the queue
  pull SOURCE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                               backfill metrics from a connector (baidu_tongji, ga4, wechat_mp) with a
                               progress bar; run it again after a failure and it resumes where it stopped
  demo                         fill the database with three months of demo data
  help                         this text

Uses DATABASE_URL (PostgreSQL) when set, else the embedded database in DATA_DIR (./data).`;

type Config = NonNullable<ReturnType<typeof configOrReport>>;
type Db = Awaited<ReturnType<typeof openDb>>;

/** Each subcommand gets the migrated database (opened once, closed after) and its own arguments. */
type Subcommand = (h: Db, config: Config, args: string[]) => Promise<number>;

const migrateCmd: Subcommand = async (h) => {
  console.log(`Migrations applied (${h.kind === 'embedded' ? 'embedded PostgreSQL' : 'DATABASE_URL'}).`);
  return 0;
};

const outboxCmd: Subcommand = async (h, _config, args) => {
  if (args[0] === 'retry') {
    const n = await requeueDead(h.db, new Date());
    console.log(interpolate('{n} dead {n|message|messages} queued again.', { n }));
    return 0;
  }
  const status = args[0] === 'pending' ? 'pending' : 'dead';
  const rows = await outboxByStatus(h.db, status, 200);
  if (rows.length === 0) console.log(`No ${status} messages.`);
  for (const r of rows) {
    console.log(
      `#${r.id} ${r.platform}:${r.destination} attempts=${r.attempts} created=${r.createdAt.toISOString()} error=${r.lastError ?? ''}`,
    );
  }
  return 0;
};

/** `run-job NAME [--at ISO]`: the arguments, or undefined when they are not usable. */
function jobArgs(args: string[]): { name: string; at: Date } | undefined {
  const [name, ...rest] = args;
  const atIdx = rest.indexOf('--at');
  const at = atIdx >= 0 ? new Date(rest[atIdx + 1] ?? '') : new Date();
  return name && !Number.isNaN(at.getTime()) ? { name, at } : undefined;
}

const runJobCmd: Subcommand = async (h, config, args) => {
  const job = jobArgs(args);
  if (!job) return 2; // checked before the database was opened
  const { runJob } = await import('../jobs/index');
  const { createLogger } = await import('./log');
  const deps = { db: h.db, config, log: createLogger(config.logLevel), clock: { now: () => job.at } };
  try {
    const r = await runJob(deps, job.name, job.at);
    if (r.error)
      console.error(`${job.name} ${r.periodKey}: failed (error id ${r.error}); the next run will retry.`);
    else if (!r.ran)
      console.log(`${job.name} ${r.periodKey}: already run for this period; nothing posted again.`);
    else
      console.log(
        `${job.name} ${r.periodKey}: done${r.late ? ' (late)' : ''} ${JSON.stringify(r.summary ?? {})}. Messages go out with the running bot's outbox.`,
      );
    return r.error ? 1 : 0;
  } catch (e) {
    console.error(errorMessage(e));
    return 2;
  }
};

const importMetricsCmd: Subcommand = async (h, config, args) => {
  const { importMetricsCsv, formatImportProgress } = await import('./ingest/csv');
  const deps = { db: h.db, config, clock: { now: () => new Date() } };
  try {
    const r = await importMetricsCsv(deps, args[0] ?? '', {
      onProgress: (p) => process.stderr.write(`\r${formatImportProgress(config.locale, p)}`),
    });
    process.stderr.write('\n');
    console.log(r.summary);
    return r.ok ? 0 : 1;
  } catch (e) {
    console.error(errorMessage(e));
    return 1;
  }
};

const pullCmd: Subcommand = async (h, config, args) => {
  const { cliPull } = await import('./connectors/cli');
  const { createLogger } = await import('./log');
  // Log lines go to stderr so stdout keeps the summary.
  const log = createLogger(config.logLevel, {}, process.stderr);
  const deps = { db: h.db, config, log, clock: { now: () => new Date() } };
  return cliPull(deps, args, {
    out: (s) => console.log(s),
    err: (s) => console.error(s),
    progress: (s) => process.stderr.write(s),
  });
};

const SUBCOMMANDS: Record<string, { run: Subcommand; usage?: (args: string[]) => string | undefined }> = {
  migrate: { run: migrateCmd },
  outbox: { run: outboxCmd },
  'run-job': {
    run: runJobCmd,
    usage: (args) =>
      jobArgs(args)
        ? undefined
        : 'Usage: npm run mops -- run-job NAME [--at ISO-8601]   (e.g. --at 2026-11-27T09:00:00+08:00)',
  },
  'import-metrics': {
    run: importMetricsCmd,
    usage: (args) => (args[0] ? undefined : 'Usage: npm run mops -- import-metrics FILE.csv'),
  },
  pull: { run: pullCmd },
};

async function main(argv: string[]): Promise<number> {
  const [cmd = 'help', ...args] = argv;
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(HELP);
    return 0;
  }
  const config = configOrReport();
  if (!config) return 2;
  if (cmd === 'demo') return (await import('./demo/seed')).cliDemo(args);
  const sub = Object.hasOwn(SUBCOMMANDS, cmd) ? SUBCOMMANDS[cmd] : undefined;
  if (!sub) {
    console.error(`Unknown command "${cmd}".\n\n${HELP}`);
    return 2;
  }
  // Bad arguments are answered before the database is opened (or the embedded server started).
  const usage = sub.usage?.(args);
  if (usage) {
    console.error(usage);
    return 2;
  }
  const h = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(h);
    return await sub.run(h, config, args);
  } finally {
    await h.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    const url = process.env.DATABASE_URL;
    console.error(e instanceof EmbeddedDbError ? e.message : (explainDbError(e, url) ?? errorMessage(e)));
    process.exit(1);
  },
);
