import { openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { outboxByStatus, requeueDead } from '../db/queries/outbox';
import { ConfigError, loadConfig } from './config';

const HELP = `mopsbot CLI — npm run mops -- <command>

  migrate                      apply database migrations (also done at every start)
  import-metrics FILE.csv      import channel metrics; every row is checked first, nothing is written if one is bad
  run-job NAME [--at ISO]      run one scheduled job as the scheduler would at that moment (exactly-once claim)
                               NAME: daily-digest | weekly-digest | monthly-report | sla-sweep | budget-watch
  outbox [dead|pending]        list undelivered outbox messages
  outbox retry                 put dead messages back in the queue
  demo                         fill the database with three months of demo data
  help                         this text

Uses DATABASE_URL (PostgreSQL) when set, else the embedded database in DATA_DIR (./data).`;

/** Extra commands registered by other modules (import-metrics, run-job, demo). */
export type CliCommand = (args: string[]) => Promise<number>;
export const extraCommands: Record<string, () => Promise<CliCommand>> = {};

async function main(argv: string[]): Promise<number> {
  const [cmd = 'help', ...args] = argv;
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(HELP);
    return 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  if (cmd === 'migrate') {
    const h = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(h);
      console.log(`Migrations applied (${h.driver}).`);
      return 0;
    } finally {
      await h.close();
    }
  }
  if (cmd === 'outbox') {
    const h = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(h);
      if (args[0] === 'retry') {
        const n = await requeueDead(h.db, new Date());
        console.log(`${n} dead message(s) queued again.`);
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
    } finally {
      await h.close();
    }
  }
  const extra = extraCommands[cmd];
  if (extra) return (await extra())(args);
  console.error(`Unknown command "${cmd}".\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
