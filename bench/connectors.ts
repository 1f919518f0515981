/**
 * 365-day backfill of all three metrics connectors against nock (target: ≤ 30 s in total), next to two
 * baselines on the same database in the same run:
 * - "bare insert": the same rows written by hand-made multi-row INSERT … ON CONFLICT statements of 1,000
 *   rows (no HTTP, no checks, no merge, no audit): the floor for storing them;
 * - "row by row": the real ingest path, one row per call (what an unbatched upsert would cost).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { METRICS } from '../src/connectors/ga4';
import { ingestPulled } from '../src/connectors/ingest';
import { pullDefaults, pullSource } from '../src/connectors/pull';
import { CONNECTORS } from '../src/connectors/registry';
import type { PulledRow } from '../src/connectors/types';
import { addDays } from '../src/domain/dates';
import {
  type BenchDriver,
  bareQuery,
  benchDeps,
  fixedClock,
  fmt,
  loadNote,
  mdTable,
  onDrivers,
  type ScratchDb,
} from './lib';

const ROUNDS = Number(process.env.BENCH_CONNECTOR_ROUNDS ?? 3);
const TO = '2026-11-25';
const FROM = addDays(TO, -364);
const NOW = new Date('2026-11-26T02:00:00Z');
const WX = 'https://wx.bench';
const BD = 'https://baidu.bench';
const GA = 'https://ga.bench';
const GA_TOKEN = 'https://ga-token.bench';

const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
const seed = (d: string) => Number(d.replaceAll('-', '')) % 997;

let calls = 0;
function fakeProviders(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const counted =
    <T>(body: T) =>
    () => {
      calls++;
      return body;
    };
  const count = () => {
    calls++;
  };
  nock(WX)
    .persist()
    .post('/cgi-bin/stable_token')
    .reply(200, counted({ access_token: 'T', expires_in: 7200 }));
  for (const api of ['getusersummary', 'getusercumulate', 'getarticlesummary']) {
    nock(WX)
      .persist()
      .post(`/datacube/${api}`)
      .query(true)
      .reply(200, (_uri, body) => {
        count();
        const b = body as { begin_date: string; end_date: string };
        const list = days(b.begin_date, b.end_date).map((d) =>
          api === 'getusersummary'
            ? { ref_date: d, user_source: 0, new_user: seed(d), cancel_user: 3 }
            : api === 'getusercumulate'
              ? { ref_date: d, cumulate_user: 100_000 + seed(d) }
              : {
                  ref_date: d,
                  msgid: '1_1',
                  title: 't',
                  int_page_read_user: 1,
                  int_page_read_count: seed(d) * 7,
                },
        );
        return { list };
      });
  }
  nock(BD)
    .persist()
    .get('/oauth/2.0/token')
    .query(true)
    .reply(200, counted({ access_token: 'A', refresh_token: 'R2', expires_in: 2592000 }));
  nock(BD)
    .persist()
    .get('/rest/2.0/tongji/report/getData')
    .query(true)
    .reply(200, (uri) => {
      count();
      const q = new URL(uri, BD).searchParams;
      const iso = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
      const ds = days(iso(q.get('start_date')!), iso(q.get('end_date')!)).reverse();
      return {
        result: {
          total: ds.length,
          items: [
            ds.map((d) => [d.replaceAll('-', '/')]),
            ds.map((d) => [seed(d) * 10, seed(d) * 3, seed(d) * 4, 41.5]),
            [],
            [],
          ],
          fields: ['simple_date_title', 'pv_count', 'visitor_count', 'visit_count', 'bounce_ratio'],
        },
      };
    });
  nock(GA_TOKEN)
    .persist()
    .post('/token')
    .reply(200, counted({ access_token: 'ya29.bench', expires_in: 3599 }));
  const groups: [string, string][] = [
    ['Organic Search', 'google'],
    ['Organic Search', 'baidu'],
    ['Direct', '(direct)'],
    ['Referral', 'partner.example'],
    ['Email', 'newsletter'],
  ];
  nock(GA)
    .persist()
    .post(/runReport$/)
    .reply(200, (_uri, body) => {
      count();
      const r = (body as { dateRanges: { startDate: string; endDate: string }[] }).dateRanges[0]!;
      const rows = days(r.startDate, r.endDate).flatMap((d) =>
        groups.map(([g, s]) => ({
          dimensionValues: [{ value: d.replaceAll('-', '') }, { value: g }, { value: s }],
          metricValues: [seed(d), 10, seed(d) + 5, seed(d) * 2, 0.4, 2, '123.45'].map((v) => ({
            value: String(v),
          })),
        })),
      );
      return {
        dimensionHeaders: ['date', 'sessionDefaultChannelGroup', 'sessionSource'].map((name) => ({ name })),
        metricHeaders: METRICS.map((name) => ({ name })),
        rows,
        rowCount: rows.length,
      };
    });
}

const TABLES = ['source_metrics', 'channel_metrics', 'connector_runs', 'connector_state', 'audit_log'];
async function reset(h: ScratchDb) {
  await bareQuery(h)(`truncate ${TABLES.join(', ')}`);
}

interface Round {
  ms: number;
  bySource: Record<string, { ms: number; rows: number; chunks: number }>;
}

async function runOn(h: ScratchDb, env: Record<string, string>) {
  const deps = benchDeps(h, env, fixedClock(NOW));
  const q = bareQuery(h);
  const full: Round[] = [];
  const bare: number[] = [];
  const single: number[] = [];
  let pulled: PulledRow[] = [];
  let callsPerRun = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // 1. The real backfill of all three sources.
    await reset(h);
    calls = 0;
    const r: Round = { ms: 0, bySource: {} };
    const t0 = performance.now();
    for (const c of CONNECTORS) {
      const s0 = performance.now();
      let chunks = 0;
      const out = await pullSource(
        deps,
        c,
        { from: FROM, to: TO },
        { kind: 'backfill', onProgress: () => chunks++ },
      );
      if (!out.ok) throw new Error(`${c.id} failed: ${JSON.stringify(out.error)}`);
      r.bySource[c.id] = { ms: performance.now() - s0, rows: out.rows, chunks };
    }
    r.ms = performance.now() - t0;
    full.push(r);
    callsPerRun = calls;
    if (round === 0) {
      // The rows as pulled, for the baselines.
      pulled = (await q<{ date: string; channel: string; source: string }>(
        'select date::text as date, channel, source from source_metrics order by source, date, channel',
      )) as PulledRow[];
    }

    // 2. Baseline: the same number of rows as bare multi-row upserts of 1,000.
    await reset(h);
    const b0 = performance.now();
    for (let i = 0; i < pulled.length; i += 1000) {
      const chunk = pulled.slice(i, i + 1000);
      const values = chunk
        .map((_, j) => `($${j * 4 + 1}::date, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4}::bigint, now())`)
        .join(', ');
      await q(
        `insert into source_metrics (date, channel, source, pv, pulled_at) values ${values}
         on conflict (date, channel, source) do update set pv = excluded.pv`,
        chunk.flatMap((p) => [p.date, p.channel, p.source, 1]),
      );
    }
    bare.push(performance.now() - b0);

    // 3. The real ingest, one row per call (no batching).
    await reset(h);
    const sample = pulled.slice(0, 365).map((p) => ({ ...p, pv: 1 }));
    const u0 = performance.now();
    for (const p of sample) {
      await ingestPulled({ db: h.db, now: NOW, today: '2026-11-26', preferPulled: false }, p.source, [p]);
    }
    single.push(((performance.now() - u0) / sample.length) * pulled.length);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mid = full.find((r) => r.ms === median(full.map((f) => f.ms)))!;
  return {
    mid,
    fullMs: median(full.map((f) => f.ms)),
    bareMs: median(bare),
    singleMs: median(single),
    rows: pulled.length,
    calls: callsPerRun,
  };
}

export async function benchConnectors(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mops-bench-ga4-'));
  const file = join(dir, 'sa.json');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      client_email: 'bench@mops.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      token_uri: `${GA_TOKEN}/token`,
    }),
  );
  const env = {
    WECHAT_MP_APPID: 'wxbench',
    WECHAT_MP_SECRET: 'secret',
    WECHAT_MP_API_BASE: WX,
    BAIDU_TONGJI_SITE_ID: '1',
    BAIDU_TONGJI_API_KEY: 'k',
    BAIDU_TONGJI_SECRET_KEY: 's',
    BAIDU_TONGJI_REFRESH_TOKEN: 'R1',
    BAIDU_TONGJI_API_BASE: BD,
    MOPS_SECRET_KEY: 'bench-secret-key-bench-secret-key-123',
    GA4_PROPERTY_ID: '1',
    GA4_CREDENTIALS_FILE: file,
    GA4_API_BASE: GA,
  };
  pullDefaults.http = { baseDelayMs: 1 };
  fakeProviders();
  const load = loadNote();
  try {
    const results = await onDrivers(['postgres', 'embedded'] as BenchDriver[], 'connectors', (h) =>
      runOn(h, env),
    );
    const rows = results.flatMap(({ label, result: r }) => [
      [
        `${label}: **backfill, all three sources** (HTTP via nock, checks, merge, audit)`,
        fmt(r.fullMs / 1000),
        fmt(r.fullMs / r.bareMs, 1),
        r.rows,
        r.calls,
      ],
      ...Object.entries(r.mid.bySource).map(([s, v]) => [
        `${label}: ${s} (${v.chunks} chunks)`,
        fmt(v.ms / 1000),
        '',
        v.rows,
        '',
      ]),
      [
        `${label}: bare multi-row upserts of the same rows (baseline)`,
        fmt(r.bareMs / 1000),
        '1.0',
        r.rows,
        0,
      ],
      [
        `${label}: the same ingest one row per call (extrapolated from 365)`,
        fmt(r.singleMs / 1000),
        fmt(r.singleMs / r.bareMs, 1),
        r.rows,
        0,
      ],
    ]);
    const verdict = results
      .map(
        ({ label, result: r }) =>
          `${label}: **${fmt(r.fullMs / 1000, 1)} s** (target ≤ 30 s), one row per call would take ${fmt(r.singleMs / r.fullMs, 1)}× the batched backfill`,
      )
      .join('; ');
    return [
      `### Metrics connectors: 365-day backfill of all three sources (median of ${ROUNDS} rounds)`,
      '',
      `${FROM} to ${TO}: WeChat 7-day user calls and 1-day article calls, Baidu 20-day calls, GA4 31-day reports with 5 channel groups a day; every chunk is stored (one transaction, rows upserted in statements of up to 1,000) before the next.`,
      '',
      mdTable(['path', 'seconds', '× bare', 'rows', 'HTTP calls'], rows),
      '',
      verdict,
      '',
      load,
    ].join('\n');
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
    pullDefaults.http = {};
    rmSync(dir, { recursive: true, force: true });
  }
}
