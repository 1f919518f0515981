/**
 * GA4 Data API runReport against recorded responses in the documented shape (dimensionHeaders,
 * metricHeaders, rows of dimensionValues/metricValues, rowCount; `rows` absent when empty), with the
 * service-account token fetched by google-auth-library from the file's token_uri.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { connectorErrorText } from '../../src/chat/messages/connectors';
import { ConfigError } from '../../src/config';
import { channelOf, type Ga4Creds, ga4, METRICS, resetGa4Clients } from '../../src/connectors/ga4';
import { createHttp } from '../../src/connectors/http';
import type { PullContext } from '../../src/connectors/types';
import { createLogger } from '../../src/log';
import { connectorFailure } from '../helpers/connectors';
import { MemoryLog, testConfig } from '../helpers/deps';

const API = 'https://ga.test';
const TOKEN_HOST = 'https://ga-token.test';
let dir: string;
let file: string;
let creds: Ga4Creds;
const ctx: PullContext = {
  db: undefined as unknown as Db, // the library keeps the GA4 token in memory
  now: new Date('2026-11-26T02:00:00Z'),
  today: '2026-11-26',
  log: createLogger('error', {}, new MemoryLog()),
  settings: {},
};
const http = () => createHttp({ source: 'ga4', baseDelayMs: 1, attempts: 3 });
const tokenOk = (n = 1, token = 'ya29.test') =>
  nock(TOKEN_HOST)
    .post(
      '/token',
      (b) =>
        b.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && typeof b.assertion === 'string',
    )
    .times(n)
    .reply(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });

type Row = [string, string, string, (string | number)[]];
const report = (rows: Row[] | undefined, rowCount = rows?.length) => ({
  dimensionHeaders: [{ name: 'date' }, { name: 'sessionDefaultChannelGroup' }, { name: 'sessionSource' }],
  metricHeaders: METRICS.map((name) => ({
    name,
    type: name === 'purchaseRevenue' ? 'TYPE_CURRENCY' : 'TYPE_INTEGER',
  })),
  ...(rows
    ? {
        rows: rows.map(([d, g, s, m]) => ({
          dimensionValues: [{ value: d }, { value: g }, { value: s }],
          metricValues: m.map((v) => ({ value: String(v) })),
        })),
        rowCount,
      }
    : {}),
  metadata: { currencyCode: 'CNY', timeZone: 'Asia/Shanghai' },
  kind: 'analyticsData#runReport',
});
const run = (
  from: string,
  to: string,
  body: unknown,
  opts: { offset?: number; token?: string; status?: number } = {},
) =>
  nock(API, { reqheaders: { authorization: `Bearer ${opts.token ?? 'ya29.test'}` } })
    .post(
      '/v1beta/properties/123456789:runReport',
      (b) =>
        b.dateRanges[0].startDate === from &&
        b.dateRanges[0].endDate === to &&
        b.offset === (opts.offset ?? 0) &&
        b.dimensions.map((d: { name: string }) => d.name).join() ===
          'date,sessionDefaultChannelGroup,sessionSource' &&
        b.metrics.map((m: { name: string }) => m.name).join() === METRICS.join(),
    )
    .reply(opts.status ?? 200, body as nock.Body);

beforeAll(() => {
  nock.disableNetConnect();
  dir = mkdtempSync(join(tmpdir(), 'mops-ga4-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  file = join(dir, 'sa.json');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      project_id: 'mops-test',
      private_key_id: 'kid1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: 'mops@mops-test.iam.gserviceaccount.com',
      client_id: '1',
      token_uri: `${TOKEN_HOST}/token`,
    }),
  );
  const config = testConfig({ GA4_PROPERTY_ID: '123456789', GA4_CREDENTIALS_FILE: file, GA4_API_BASE: API });
  creds = config.connectors.ga4 as Ga4Creds;
});
afterAll(() => {
  nock.enableNetConnect();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => resetGa4Clients());
afterEach(() => nock.cleanAll());

describe('GA4 connector', () => {
  it('a normal day → channels by channel group and source, summed, with revenue as GMV', async () => {
    tokenOk();
    run(
      '2026-11-25',
      '2026-11-25',
      report([
        ['20261125', 'Organic Search', 'google', [100, 40, 120, 300, 0.5, 3, '1234.5']],
        ['20261125', 'Organic Search', 'baidu', [50, 20, 60, 100, 0.25, 1, '99.99']],
        ['20261125', 'Direct', '(direct)', [30, 10, 40, 90, 0.1, 2, '500']],
        ['20261125', 'Referral', 'partner.example', [20, 5, 20, 40, 0.2, 0, '0']],
        ['20261125', 'Email', 'newsletter', [5, 1, 5, 5, 0, 0, '0']],
      ]),
    );
    const rows = await ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows).toEqual([
      {
        date: '2026-11-25',
        channel: 'baidu',
        source: 'ga4',
        uv: 50,
        new_users: 20,
        sessions: 60,
        pv: 100,
        bounces: 15,
        orders: 1,
        gmv: '99.99',
      },
      {
        date: '2026-11-25',
        channel: 'google',
        source: 'ga4',
        uv: 100,
        new_users: 40,
        sessions: 120,
        pv: 300,
        bounces: 60,
        orders: 3,
        gmv: '1234.50',
      },
      {
        date: '2026-11-25',
        channel: 'other',
        source: 'ga4',
        uv: 5,
        new_users: 1,
        sessions: 5,
        pv: 5,
        bounces: 0,
        orders: 0,
        gmv: '0.00',
      },
      // Direct + Referral: 40 × 0.1 + 20 × 0.2 = 8 bounces.
      {
        date: '2026-11-25',
        channel: 'website',
        source: 'ga4',
        uv: 50,
        new_users: 15,
        sessions: 60,
        pv: 130,
        bounces: 8,
        orders: 2,
        gmv: '500.00',
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('the token comes from the token_uri in the service-account file (never Google’s default)', async () => {
    const scope = tokenOk();
    run('2026-11-25', '2026-11-25', report(undefined));
    await ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(scope.isDone()).toBe(true);
  });

  it('the channel-group mapping can be overridden in settings (group/source first, then group)', () => {
    expect(channelOf('Organic Search', 'bing')).toBe('other');
    expect(channelOf('Organic Search', 'bing', { 'Organic Search/bing': 'google' })).toBe('google');
    expect(channelOf('Email', 'x', { Email: 'wecom_community' })).toBe('wecom_community');
    expect(channelOf('Email', 'x', { Email: 'nonsense' })).toBe('other');
    expect(channelOf('Paid Social', 'm.weibo.cn')).toBe('weibo');
  });

  it('a 40-day range → 31 + 9 day calls; a report over 10,000 rows is paged', async () => {
    tokenOk();
    run(
      '2026-10-01',
      '2026-10-31',
      report([['20261001', 'Direct', '(direct)', [1, 1, 1, 1, 0, 0, '0']]], 10_001),
    );
    run(
      '2026-10-01',
      '2026-10-31',
      report([['20261031', 'Direct', '(direct)', [1, 1, 1, 1, 0, 0, '0']]], 10_001),
      { offset: 10_000 },
    );
    run('2026-11-01', '2026-11-09', report([['20261109', 'Direct', '(direct)', [2, 1, 1, 1, 0, 0, '0']]]));
    const rows = await ga4.pull({ from: '2026-10-01', to: '2026-11-09' }, creds, http(), ctx);
    expect(rows.map((r) => [r.date, r.uv])).toEqual([
      ['2026-10-01', 1],
      ['2026-10-31', 1],
      ['2026-11-09', 2],
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('a token refused with 401 → a new token from the file’s token_uri, the call repeated once', async () => {
    tokenOk(1, 'ya29.old');
    tokenOk(1, 'ya29.new');
    run(
      '2026-11-25',
      '2026-11-25',
      {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      },
      { token: 'ya29.old', status: 401 },
    );
    run('2026-11-25', '2026-11-25', report([['20261125', 'Direct', '(direct)', [7, 1, 1, 1, 0, 0, '0']]]), {
      token: 'ya29.new',
    });
    const rows = await ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows[0]).toMatchObject({ channel: 'website', uv: 7 });
    expect(nock.isDone()).toBe(true);
  });

  it('quota: 429 RESOURCE_EXHAUSTED is retried with backoff; a 403 says who needs access', async () => {
    tokenOk();
    run(
      '2026-11-25',
      '2026-11-25',
      { error: { code: 429, message: 'Exhausted property tokens per hour.', status: 'RESOURCE_EXHAUSTED' } },
      { status: 429 },
    );
    run('2026-11-25', '2026-11-25', report([['20261125', 'Direct', '(direct)', [3, 1, 1, 1, 0, 0, '0']]]));
    expect((await ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx))[0]).toMatchObject({
      uv: 3,
    });

    run(
      '2026-11-25',
      '2026-11-25',
      {
        error: {
          code: 403,
          message: 'User does not have sufficient permissions for this property.',
          status: 'PERMISSION_DENIED',
        },
      },
      { status: 403 },
    );
    const e = await connectorFailure(ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx));
    expect(e.kind).toBe('auth');
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toContain('Viewer');
  });

  it('an empty day (no `rows` in the answer) → no rows, never zeros', async () => {
    tokenOk();
    run('2026-11-25', '2026-11-25', report(undefined));
    expect(await ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx)).toEqual([]);
  });

  it('malformed JSON and a changed shape → errors naming what is wrong', async () => {
    tokenOk();
    run('2026-11-25', '2026-11-25', '{"rows": [');
    let e = await connectorFailure(ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx));
    expect(e.messageKey).toBe('err.not_json');
    const changed = report([['20261125', 'Direct', '(direct)', [1, 1, 1, 1, 0, 0, '0']]]);
    (changed.metricHeaders as { name: string; type: string }[])[5] = {
      name: 'conversions',
      type: 'TYPE_INTEGER',
    };
    run('2026-11-25', '2026-11-25', changed);
    e = await connectorFailure(ga4.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx));
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toContain('`metricHeaders`');
  });

  it('a missing or wrong credentials file stops the start with a clear message', () => {
    const bad = (f: string) => {
      try {
        testConfig({ GA4_PROPERTY_ID: '1', GA4_CREDENTIALS_FILE: f });
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems.join('\n');
      }
    };
    expect(bad(join(dir, 'nope.json'))).toBe('GA4_CREDENTIALS_FILE: cannot be read (ENOENT)');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ type: 'authorized_user', client_id: 'x' }));
    expect(bad(wrong)).toContain('is not a service-account key file');
  });
});
