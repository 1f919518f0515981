import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelMetrics } from '../../db/schema';
import type { Deps } from '../../src/deps';
import { createHttpServer } from '../../src/http';
import { metricsApiRoute } from '../../src/ingest/api';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

const TOKEN = 'mops-api-token-0123456789abcdef';
let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
const servers: Server[] = [];

async function serve(d: Deps): Promise<string> {
  const server = createHttpServer([metricsApiRoute(d)], d.log);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base: string;

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, { config: testConfig({ MOPS_API_TOKEN: TOKEN }) }); // today = 2026-11-26 in Shanghai
  base = await serve(deps);
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await h.close();
});

function post(
  body: unknown,
  opts: { token?: string | null; type?: string; raw?: string; url?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json' };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TOKEN}`;
  return fetch(`${opts.url ?? base}/api/metrics`, {
    method: 'POST',
    headers,
    body: opts.raw ?? JSON.stringify(body),
  });
}

const counts = async () => ({
  rows: (await h.db.select().from(channelMetrics)).length,
  audit: (await h.db.select().from(auditLog)).length,
});

const batch = [
  { date: '2026-11-25', channel: 'douyin', impressions: 50_000, clicks: 1200, gmv: '12,000', spend: 3000 },
  { date: '2026-11-25', channel: '京东', orders: 40, buyers: 35, gmv: 8800.5, spend: '¥2000' },
  { date: '2026-11-25', channel: 'website', uv: '1.2万', sessions: 15_000, bounces: 6000 },
];

describe(`POST /api/metrics on ${driverName}`, () => {
  it('no token, a wrong token or another scheme → 401 and nothing written', async () => {
    for (const res of [
      await post(batch, { token: null }),
      await post(batch, { token: 'wrong' }),
      await post(batch, { token: `${TOKEN}x` }),
      await fetch(`${base}/api/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${TOKEN}` },
        body: '[]',
      }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect(await counts()).toEqual({ rows: 0, audit: 0 });
    expect(deps.memlog.lines.join('\n')).not.toContain(TOKEN);
  });

  it('user metrics: retained_d7 above cohort_d7 in a row → 400 naming the field; a consistent row is stored', async () => {
    const before = await counts();
    const res = await post([{ date: '2026-11-20', channel: 'website', retained_d7: 9, cohort_d7: 8 }]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ row: 0, field: 'retained_d7' });
    const ok = await post([
      {
        date: '2026-11-21',
        channel: 'website',
        active_users: 900,
        cohort_d7: 80,
        buyers: 30,
        repeat_buyers: 6,
      },
    ]);
    expect(ok.status).toBe(200);
    expect(await counts()).toEqual({ rows: before.rows + 1, audit: before.audit + 1 });
    await h.db.delete(channelMetrics);
    await h.db.delete(auditLog);
  });

  it('a bad row → 400 naming the row index and the field; the good rows are not written either', async () => {
    const res = await post([...batch, { date: '2026-11-25', channel: 'weibo', clicks: 'lots' }]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ error: 'invalid_rows', row: 3, field: 'clicks', errorCount: 1 });
    expect(body.message).toContain('rows[3]: `clicks`: `lots` is not a number');
    expect(body.message).toContain('Nothing was written');
    expect(await counts()).toEqual({ rows: 0, audit: 0 });
  });

  it.each([
    [[{ date: '2026-11-27', channel: 'jd', uv: 1 }], 0, 'date', 'future_date'],
    [[{ channel: 'jd', uv: 1 }], 0, 'date', 'missing'],
    [[batch[0], { ...batch[0] }], 1, 'channel', 'duplicate'],
    [[batch[0], 'not a row'], 1, '', 'not_an_object'],
    [[{ ...batch[0], colour: 'red' }], 0, 'colour', 'unknown_field'],
    [[{ ...batch[0], gmv: -5 }], 0, 'gmv', 'negative'],
    [[{ ...batch[0], clicks: 1.5 }], 0, 'clicks', 'not_integer'],
  ])('%j → 400 at row %i, field %s (%s)', async (rows, row, field, reason) => {
    const res = await post(rows);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ row, field });
    expect(body.errors[0]).toMatchObject({ row, field, reason });
    expect((await counts()).rows).toBe(0);
  });

  it('not JSON, not an array, or not application/json → 400/415', async () => {
    expect((await post(null, { raw: '[{"date":' })).status).toBe(400);
    const obj = await post({ date: '2026-11-25' });
    expect(obj.status).toBe(400);
    expect(await obj.json()).toMatchObject({ error: 'expected_array' });
    expect((await post(batch, { type: 'text/csv' })).status).toBe(415);
  });

  it('good rows → 200 and stored exactly; re-sending the same rows changes nothing', async () => {
    const res = await post(batch);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, received: 3, created: 3, updated: 0, unchanged: 0 });
    const rows = await h.db.select().from(channelMetrics);
    expect(rows.find((r) => r.channel === 'jd')).toMatchObject({
      gmvFen: 880_050,
      spendFen: 200_000,
      orders: 40,
    });
    expect(rows.find((r) => r.channel === 'website')).toMatchObject({ uv: 12_000, updatedBy: 'api:metrics' });
    const after = await counts();

    const again = await post(batch);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await counts()).toEqual(after);

    const changed = await post([{ date: '2026-11-25', channel: 'douyin', clicks: 1300 }]);
    expect(await changed.json()).toMatchObject({ updated: 1 });
    const douyin = (await h.db.select().from(channelMetrics)).find((r) => r.channel === 'douyin')!;
    expect(douyin).toMatchObject({ clicks: 1300, impressions: 50_000, gmvFen: 1_200_000 });
  });

  it('a database failure part-way through the batch rolls back every row of it', async () => {
    await h.db.execute(sql`
      create function refuse_666() returns trigger language plpgsql as $$
      begin
        if new.uv = 666 then raise exception 'refused by test trigger'; end if;
        return new;
      end $$`);
    await h.db.execute(
      sql`create trigger refuse_666 before insert or update on channel_metrics for each row execute function refuse_666()`,
    );
    try {
      const before = await counts();
      const res = await post([
        { date: '2026-11-24', channel: 'douyin', uv: 1 },
        { date: '2026-11-24', channel: 'jd', uv: 2 },
        { date: '2026-11-24', channel: 'other', uv: 666 },
      ]);
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ error: 'internal' });
      expect(await counts()).toEqual(before);
    } finally {
      await h.db.execute(sql`drop trigger refuse_666 on channel_metrics`);
      await h.db.execute(sql`drop function refuse_666()`);
    }
  });

  it('without MOPS_API_TOKEN the endpoint does not exist (404), whatever the token', async () => {
    const off = testDeps(h, { config: testConfig() });
    const url = await serve(off);
    const res = await post(batch, { url });
    expect(res.status).toBe(404);
    const anon = await post(batch, { url, token: null });
    expect(anon.status).toBe(404);
  });
});
