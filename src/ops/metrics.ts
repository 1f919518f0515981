/**
 * GET /metrics in Prometheus text format (prom-client). Figures that live in the database (outbox,
 * jobs, connections) are read at scrape time, so every replica reports the same shared state and
 * nothing is counted in memory that a restart would lose.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { jobLastSuccess, outboxBacklog, poolConnections } from '../../db/queries/ops';
import { type Route, sendText } from '../http';

/** Command latency from parse to reply, per platform; observed by handlers/index.ts. */
export const commandDuration = new Histogram({
  name: 'mopsbot_command_duration_seconds',
  help: 'Time from a command line to its reply (parse, rules, database), per platform.',
  labelNames: ['platform'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [],
});

export interface MetricsSources {
  db: Db;
  /** Pool size the process opened. */
  poolMax: number;
  /** Inbound work accepted but not yet processed. */
  inboundBacklog: () => number | Promise<number>;
  now: () => Date;
}

/** The registry for one bot: process metrics, the command histogram and the database-backed gauges. */
export function metricsRegistry(src: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mopsbot_' });
  registry.registerMetric(commandDuration);
  new Gauge({
    name: 'mopsbot_inbound_backlog',
    help: 'Commands and callbacks acknowledged but not yet processed.',
    registers: [registry],
    async collect() {
      this.set(await src.inboundBacklog());
    },
  });
  new Gauge({
    name: 'mopsbot_outbox_messages',
    help: 'Outbox messages not delivered yet, per platform and status (pending: queued or retrying; dead: gave up).',
    labelNames: ['platform', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await outboxBacklog(src.db)) this.set({ platform: r.platform, status: r.status }, r.n);
    },
  });
  const lastRuns = async () => jobLastSuccess(src.db);
  new Gauge({
    name: 'mopsbot_job_last_success_timestamp_seconds',
    help: 'When each scheduled job last finished successfully (Unix time).',
    labelNames: ['job'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await lastRuns()) this.set({ job: r.job }, r.at);
    },
  });
  new Gauge({
    name: 'mopsbot_job_lag_seconds',
    help: "Seconds since each job's last success; alert when it exceeds the job's period.",
    labelNames: ['job'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = src.now().getTime() / 1000;
      for (const r of await lastRuns()) this.set({ job: r.job }, Math.max(0, now - r.at));
    },
  });
  new Gauge({
    name: 'mopsbot_db_pool_connections',
    help: "This process's database connections by state (active, idle, …) as the server reports them.",
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await poolConnections(src.db, `mopsbot:${process.pid}`))
        this.set({ state: r.state }, r.n);
    },
  });
  new Gauge({
    name: 'mopsbot_db_pool_max',
    help: 'Connections the process may open.',
    registers: [registry],
    collect() {
      this.set(src.poolMax);
    },
  });
  return registry;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function allowed(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(req.socket.remoteAddress ?? '');
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics. With METRICS_TOKEN set it needs `Authorization: Bearer <token>` from anywhere; without it,
 * it answers requests from this machine (loopback) only.
 */
export function metricsRoute(src: MetricsSources, token: string | undefined): Route {
  let registry: Registry | undefined;
  return {
    method: 'GET',
    path: '/metrics',
    handle: async (req, res) => {
      if (!allowed(req, token)) {
        res.writeHead(token ? 401 : 403, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(
          token
            ? 'metrics: missing or wrong bearer token\n'
            : 'metrics: loopback only (set METRICS_TOKEN to scrape from elsewhere)\n',
        );
        return;
      }
      registry ??= metricsRegistry(src);
      sendText(res, 200, await registry.metrics(), registry.contentType);
    },
  };
}
