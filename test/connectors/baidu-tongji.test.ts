/**
 * 百度统计 against recorded responses in the documented shape of `report/getData` (method trend/time/a:
 * `result.fields`, `result.items[0]` dates, `result.items[1]` figures, "--" for no data) and the OAuth
 * refresh on openapi.baidu.com. Tokens are stored sealed in the test database.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectorState } from '../../db/schema';
import { connectorErrorText } from '../../src/chat/messages/connectors';
import { type BaiduCreds, baiduTongji } from '../../src/connectors/baidu-tongji';
import { createHttp } from '../../src/connectors/http';
import { fingerprint, seal, unseal } from '../../src/connectors/seal';
import type { PullContext } from '../../src/connectors/types';
import { createLogger } from '../../src/log';
import { connectorFailure } from '../helpers/connectors';
import { createTestDb, driverName } from '../helpers/db';
import { MemoryLog } from '../helpers/deps';

const BASE = 'https://baidu.test';
const KEY = 'k'.repeat(40);
const creds: BaiduCreds = {
  siteId: '16885988',
  apiKey: 'API_KEY',
  secretKey: 'SECRET_KEY',
  refreshToken: 'REFRESH_0',
  apiBase: BASE,
};
let h: Awaited<ReturnType<typeof createTestDb>>;
let ctx: PullContext;
const http = () => createHttp({ source: 'baidu_tongji', baseDelayMs: 1, attempts: 3 });

const refreshOk = (from: string, access: string, next: string) =>
  nock(BASE)
    .get('/oauth/2.0/token')
    .query({
      grant_type: 'refresh_token',
      refresh_token: from,
      client_id: 'API_KEY',
      client_secret: 'SECRET_KEY',
    })
    .reply(200, {
      expires_in: 2592000,
      refresh_token: next,
      access_token: access,
      scope: 'basic',
      session_key: '',
      session_secret: '',
    });

const trend = (from: string, to: string, token: string, items: [string, (number | string)[]][]) =>
  nock(BASE)
    .get('/rest/2.0/tongji/report/getData')
    .query({
      access_token: token,
      site_id: '16885988',
      method: 'trend/time/a',
      start_date: from.replaceAll('-', ''),
      end_date: to.replaceAll('-', ''),
      metrics: 'pv_count,visitor_count,visit_count,bounce_ratio',
      gran: 'day',
    })
    .reply(200, {
      result: {
        total: items.length,
        items: [items.map(([d]) => [d]), items.map(([, v]) => v), [], []],
        timeSpan: [`${from.replaceAll('-', '/')} - ${to.replaceAll('-', '/')}`],
        sum: [[0, 0, 0, 0], []],
        offset: 0,
        pageSum: [[0, 0, 0, 0], [], []],
        fields: ['simple_date_title', 'pv_count', 'visitor_count', 'visit_count', 'bounce_ratio'],
      },
    });

const storedTokens = async () => {
  const [row] = await h.db.select().from(connectorState);
  return row?.tokens ?? undefined;
};

beforeAll(async () => {
  nock.disableNetConnect();
  h = await createTestDb();
  ctx = {
    db: h.db,
    now: new Date('2026-11-26T02:00:00Z'),
    today: '2026-11-26',
    log: createLogger('error', {}, new MemoryLog()),
    secretKey: KEY,
    settings: {},
  };
});
afterAll(async () => {
  nock.enableNetConnect();
  await h.close();
});
beforeEach(async () => {
  await h.db.delete(connectorState);
});
afterEach(() => nock.cleanAll());

describe(`Baidu Tongji connector on ${driverName}`, () => {
  it('a normal day → uv, pv, sessions and bounces from the bounce ratio, for website', async () => {
    refreshOk('REFRESH_0', 'ACCESS_1', 'REFRESH_1');
    trend('2026-11-25', '2026-11-25', 'ACCESS_1', [['2026/11/25', [1019, 398, 450, 43.56]]]);
    const rows = await baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    // 450 sessions × 43.56% = 196.02 → 196 bounces, so bounces ÷ sessions gives Baidu's 43.6% back.
    expect(rows).toEqual([
      {
        date: '2026-11-25',
        channel: 'website',
        source: 'baidu_tongji',
        pv: 1019,
        uv: 398,
        sessions: 450,
        bounces: 196,
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('the rotated tokens are stored sealed, never in plain text, and reused by the next pull', async () => {
    refreshOk('REFRESH_0', 'ACCESS_1', 'REFRESH_1');
    trend('2026-11-25', '2026-11-25', 'ACCESS_1', [['2026/11/25', [1, 1, 1, 0]]]);
    await baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    const sealed = (await storedTokens())!;
    expect(sealed).not.toContain('ACCESS_1');
    expect(sealed).not.toContain('REFRESH_1');
    expect(unseal(KEY, sealed)).toMatchObject({ accessToken: 'ACCESS_1', refreshToken: 'REFRESH_1' });
    expect(unseal('another key that is long enough......', sealed)).toBeUndefined();
    // No refresh the second time.
    trend('2026-11-24', '2026-11-24', 'ACCESS_1', [['2026/11/24', [2, 2, 2, 0]]]);
    const rows = await baiduTongji.pull({ from: '2026-11-24', to: '2026-11-24' }, creds, http(), ctx);
    expect(rows[0]).toMatchObject({ pv: 2 });
    expect(nock.isDone()).toBe(true);
  });

  it('an expired access token (111) → refreshed once with the stored refresh token, the call repeated', async () => {
    await h.db.insert(connectorState).values({
      source: 'baidu_tongji',
      tokens: seal(KEY, {
        accessToken: 'OLD',
        refreshToken: 'REFRESH_5',
        expiresAt: Date.parse('2026-12-20T00:00:00Z'),
        seed: fingerprint('REFRESH_0'),
      }),
      updatedAt: new Date(),
    });
    nock(BASE)
      .get('/rest/2.0/tongji/report/getData')
      .query((q) => q.access_token === 'OLD')
      .reply(200, { error_code: 111, error_msg: 'Access token expired' });
    refreshOk('REFRESH_5', 'ACCESS_6', 'REFRESH_6');
    trend('2026-11-25', '2026-11-25', 'ACCESS_6', [['2026/11/25', [5, 4, 3, 0]]]);
    const rows = await baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows[0]).toMatchObject({ pv: 5, uv: 4, sessions: 3, bounces: 0 });
    expect(unseal(KEY, (await storedTokens())!)).toMatchObject({ refreshToken: 'REFRESH_6' });
    expect(nock.isDone()).toBe(true);
  });

  it('a used-up refresh token → a clear message saying to authorize again', async () => {
    nock(BASE)
      .get('/oauth/2.0/token')
      .query(true)
      .reply(400, { error: 'expired_token', error_description: 'refresh token has been used' });
    const e = await connectorFailure(
      baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(e.kind).toBe('auth');
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toContain(
      'BAIDU_TONGJI_REFRESH_TOKEN',
    );
  });

  it('a 45-day range → three calls of at most 20 days', async () => {
    refreshOk('REFRESH_0', 'A', 'R');
    const day = (d: string) => [d.replaceAll('-', '/'), [1, 1, 1, 0]] as [string, number[]];
    const days = (from: number, to: number, month = '10') =>
      Array.from({ length: to - from + 1 }, (_, i) => `2026-${month}-${String(from + i).padStart(2, '0')}`);
    trend('2026-10-01', '2026-10-20', 'A', days(1, 20).map(day));
    trend('2026-10-21', '2026-11-09', 'A', [...days(21, 31), ...days(1, 9, '11')].map(day));
    trend('2026-11-10', '2026-11-14', 'A', days(10, 14, '11').map(day));
    const rows = await baiduTongji.pull({ from: '2026-10-01', to: '2026-11-14' }, creds, http(), ctx);
    expect(rows).toHaveLength(45);
    expect(rows[0]!.date).toBe('2026-10-01');
    expect(rows.at(-1)!.date).toBe('2026-11-14');
    expect(nock.isDone()).toBe(true);
  });

  it('the daily request limit (17) → a quota error; the QPS limit (18) → retried', async () => {
    refreshOk('REFRESH_0', 'A', 'R');
    nock(BASE)
      .get('/rest/2.0/tongji/report/getData')
      .query(true)
      .reply(200, { error_code: 18, error_msg: 'Open api qps request limit reached' });
    trend('2026-11-25', '2026-11-25', 'A', [['2026/11/25', [9, 9, 9, 0]]]);
    const rows = await baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows[0]).toMatchObject({ pv: 9 });

    nock(BASE)
      .get('/rest/2.0/tongji/report/getData')
      .query(true)
      .reply(200, { error_code: 17, error_msg: 'Open api daily request limit reached' });
    const e = await connectorFailure(
      baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(e.kind).toBe('quota');
    expect(connectorErrorText('zh-CN', { key: e.messageKey, params: e.params })).toContain(
      '今日调用次数已用完',
    );
  });

  it('an empty day ("--") → no row, never zeros', async () => {
    refreshOk('REFRESH_0', 'A', 'R');
    trend('2026-11-25', '2026-11-26', 'A', [
      ['2026/11/26', ['--', '--', '--', '--']],
      ['2026/11/25', [3, 2, 2, 50]],
    ]);
    const rows = await baiduTongji.pull({ from: '2026-11-25', to: '2026-11-26' }, creds, http(), ctx);
    expect(rows.map((r) => r.date)).toEqual(['2026-11-25']);
  });

  it('malformed JSON and a changed shape → errors naming what is wrong', async () => {
    refreshOk('REFRESH_0', 'A', 'R');
    nock(BASE).get('/rest/2.0/tongji/report/getData').query(true).reply(200, '<html>gateway</html>');
    let e = await connectorFailure(
      baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(e.messageKey).toBe('err.not_json');

    nock(BASE)
      .get('/rest/2.0/tongji/report/getData')
      .query(true)
      .reply(200, {
        result: {
          items: [[['2026/11/25']], [[1, 2, 3, 4]]],
          fields: ['simple_date_title', 'pv', 'visitor_count', 'visit_count', 'bounce_ratio'],
        },
      });
    e = await connectorFailure(
      baiduTongji.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toContain(
      '`result.fields.pv_count`',
    );
  });
});
