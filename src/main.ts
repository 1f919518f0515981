import { EmbeddedDbError, explainDbError } from '../db/client';
import { type Bot, startBot } from './app';
import { configOrReport } from './config';
import { createLogger } from './log';

const STOP_DEADLINE_MS = 15_000;

/** Process entry: fail fast on bad config, start the bot, stop cleanly on SIGINT/SIGTERM. */
async function main() {
  const config = configOrReport();
  if (!config) process.exit(2);
  const log = createLogger(config.logLevel);
  guardDriverBug(log);
  // Listening before the start finishes: a signal during start-up (the scheduler's catch-up, say) must still
  // stop cleanly, or the embedded database server the bot started or adopted is left running.
  let bot: Bot | undefined;
  let stopping = false;
  /** Close within STOP_DEADLINE_MS: a job or delivery that will not finish must not keep the database server running. */
  const closeAndExit = async (b: Bot) => {
    const closed = await Promise.race([
      b.close().then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), STOP_DEADLINE_MS).unref()),
    ]);
    if (!closed) {
      log.warn('clean stop took too long; closing the database and exiting', { ms: STOP_DEADLINE_MS });
      await b.db.close().catch(() => {});
    }
    process.exit(0);
  };
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    if (bot) await closeAndExit(bot); // else the start finishes first, then stops
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    bot = await startBot(config, { log });
    if (stopping) await closeAndExit(bot);
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

/**
 * postgres.js 3.4.9 can throw from a setImmediate when a connection closes with a small write still
 * buffered (porsager/postgres#1154, #1208; unfixed upstream). Its query was already rejected through the
 * normal path, so that one is logged and the bot keeps serving: a database restart must not take the bot
 * down with it. Any other uncaught exception still ends the process.
 */
function guardDriverBug(log: ReturnType<typeof createLogger>) {
  process.on('uncaughtException', (e) => {
    const stack = e instanceof Error ? (e.stack ?? '') : '';
    if (
      e instanceof TypeError &&
      /nextWrite/.test(stack) &&
      /postgres[\\/]src[\\/]connection\.js/.test(stack)
    ) {
      log.warn('database connection closed under a pending write (postgres.js); continuing', {
        error: e.message,
      });
      return;
    }
    log.error('uncaught exception; stopping', { err: e });
    process.exit(1);
  });
}

void main();
