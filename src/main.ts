import { EmbeddedDbError, explainDbError } from '../db/client';
import { startBot } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';

const STOP_DEADLINE_MS = 15_000;

/** Process entry: fail fast on bad config, start the bot, stop cleanly on SIGINT/SIGTERM. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  try {
    const bot = await startBot(config, { log });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { signal });
      // A job or delivery that will not finish must not keep the database server running after we exit.
      const closed = await Promise.race([
        bot.close().then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), STOP_DEADLINE_MS).unref()),
      ]);
      if (!closed) {
        log.warn('clean stop took too long; closing the database and exiting', { ms: STOP_DEADLINE_MS });
        await bot.db.close().catch(() => {});
      }
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  } catch (e) {
    if (e instanceof EmbeddedDbError) {
      console.error(e.message);
      process.exit(3);
    }
    const dbProblem = explainDbError(e, config.databaseUrl);
    if (dbProblem) {
      console.error(dbProblem);
      process.exit(3);
    }
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${config.port} is already in use. Set PORT to another port.`);
      process.exit(4);
    }
    log.error('start failed', { err: e });
    process.exit(1);
  }
}

void main();
