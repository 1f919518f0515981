import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueOutbox } from '../../db/queries/outbox';
import { startBot } from '../../src/app';
import { createLogger } from '../../src/log';
import { createTestDb } from '../helpers/db';
import { MemoryLog, testConfig } from '../helpers/deps';

/** A bot with only the console on, bound to every interface so a non-loopback address can reach it too. */
async function bot(env: Record<string, string>) {
  const h = await createTestDb();
  const b = await startBot(testConfig({ PORT: '0', CONSOLE: '1', ...env }), {
    db: h,
    log: createLogger('error', {}, new MemoryLog()),
    host: '0.0.0.0',
    scheduler: false,
  });
  const port = (b.server.address() as { port: number }).port;
  return { b, h, port };
}

/** An address of this machine that is not loopback, if it has one. */
async function outsideAddress(): Promise<string | undefined> {
  const { networkInterfaces } = await import('node:os');
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

describe('GET /metrics without METRICS_TOKEN: loopback only', () => {
  let ctx: Awaited<ReturnType<typeof bot>>;
  beforeAll(async () => {
    ctx = await bot({});
  });
  afterAll(async () => {
    await ctx.b.close();
    await ctx.h.close();
  });

  it('a scrape from this machine → Prometheus text with backlog, outbox, jobs, command latency and pool figures', async () => {
    // Far in the future, so the dispatcher (no Slack sender here) leaves it pending.
    await enqueueOutbox(ctx.h.db, {
      platform: 'slack',
      destination: 'C1',
      payload: { card: { title: 'x' } },
      now: new Date(Date.now() + 86_400_000),
    });
    const r = await fetch(`http://127.0.0.1:${ctx.port}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await r.text();
    expect(text).toMatch(/^mopsbot_inbound_backlog 0$/m);
    expect(text).toMatch(/^mopsbot_outbox_messages\{platform="slack",status="pending"\} 1$/m);
    expect(text).toContain('# TYPE mopsbot_command_duration_seconds histogram');
    expect(text).toContain('# TYPE mopsbot_job_lag_seconds gauge');
    expect(text).toMatch(/^mopsbot_db_pool_connections\{state="active"\} [1-9]/m);
    expect(text).toMatch(/^mopsbot_process_resident_memory_bytes \d+/m);
  });

  it('a scrape from another address → 403, no figures', async (t) => {
    const ip = await outsideAddress();
    if (!ip) t.skip();
    const r = await fetch(`http://${ip}:${ctx.port}/metrics`);
    expect(r.status).toBe(403);
    expect(await r.text()).not.toContain('mopsbot_');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let ctx: Awaited<ReturnType<typeof bot>>;
  beforeAll(async () => {
    ctx = await bot({ METRICS_TOKEN: 'scrape-me-please' });
  });
  afterAll(async () => {
    await ctx.b.close();
    await ctx.h.close();
  });

  it('no token or a wrong one → 401; the right bearer token → 200', async () => {
    const url = `http://127.0.0.1:${ctx.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer scrape-me-pleasE' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: 'Bearer scrape-me-please' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('mopsbot_outbox_messages');
  });
});
