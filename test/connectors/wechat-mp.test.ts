/**
 * 微信公众号 datacube against recorded responses built from WeChat's documented examples
 * (developers.weixin.qq.com: getStableAccessToken, getusersummary, getusercumulate, getarticlesummary).
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { connectorErrorText } from '../../src/chat/messages/connectors';
import { createHttp } from '../../src/connectors/http';
import type { PullContext } from '../../src/connectors/types';
import { resetWechatTokens, stableToken, type WechatCreds, wechatMp } from '../../src/connectors/wechat-mp';
import { createLogger } from '../../src/log';
import { connectorFailure } from '../helpers/connectors';
import { MemoryLog } from '../helpers/deps';

const BASE = 'https://wx.test';
const creds: WechatCreds = { appId: 'wxAPPID', secret: 'APPSECRET', apiBase: BASE };
const ctx: PullContext = {
  db: undefined as unknown as Db, // the WeChat connector keeps its token in memory, never in the DB
  now: new Date('2026-11-26T02:00:00Z'),
  today: '2026-11-26',
  log: createLogger('error', {}, new MemoryLog()),
  settings: {},
};
const http = () => createHttp({ source: 'wechat_mp', baseDelayMs: 1, attempts: 4 });

const token = (n = 1, access = 'ACCESS_TOKEN') =>
  nock(BASE)
    .post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: 'wxAPPID',
      secret: 'APPSECRET',
      force_refresh: false,
    })
    .times(n)
    .reply(200, { access_token: access, expires_in: 7200 });

const summary = (from: string, to: string, list: unknown[], tok = 'ACCESS_TOKEN') =>
  nock(BASE)
    .post('/datacube/getusersummary', { begin_date: from, end_date: to })
    .query({ access_token: tok })
    .reply(200, { list });
const cumulate = (from: string, to: string, list: unknown[], tok = 'ACCESS_TOKEN') =>
  nock(BASE)
    .post('/datacube/getusercumulate', { begin_date: from, end_date: to })
    .query({ access_token: tok })
    .reply(200, { list });
const articles = (day: string, list: unknown[]) =>
  nock(BASE)
    .post('/datacube/getarticlesummary', { begin_date: day, end_date: day })
    .query({ access_token: 'ACCESS_TOKEN' })
    .reply(200, { list });

const article = (day: string, reads: number) => ({
  ref_date: day,
  msgid: '10000050_1',
  title: '12月27日 DiLi日报',
  int_page_read_user: Math.round(reads / 2),
  int_page_read_count: reads,
  ori_page_read_user: 0,
  ori_page_read_count: 0,
  share_user: 0,
  share_count: 0,
  add_to_fav_user: 0,
  add_to_fav_count: 0,
});

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => resetWechatTokens());
afterEach(() => nock.cleanAll());

describe('WeChat Official Account connector', () => {
  it('a normal day → followers, new followers (all sources summed) and article reads for wechat_official', async () => {
    token();
    summary('2026-11-25', '2026-11-25', [
      { ref_date: '2026-11-25', user_source: 0, new_user: 3, cancel_user: 5 },
      { ref_date: '2026-11-25', user_source: 30, new_user: 149, cancel_user: 1 },
    ]);
    cumulate('2026-11-25', '2026-11-25', [{ ref_date: '2026-11-25', cumulate_user: 1217056 }]);
    articles('2026-11-25', [article('2026-11-25', 800), article('2026-11-25', 433)]);
    const rows = await wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows).toEqual([
      {
        date: '2026-11-25',
        channel: 'wechat_official',
        source: 'wechat_mp',
        followers: 1217056,
        new_users: 152,
        pv: 1233,
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('a 10-day range → user data in 7 + 3 day calls, articles one day per call, one token for all', async () => {
    token(1);
    const days = Array.from({ length: 10 }, (_, i) => `2026-11-${String(10 + i).padStart(2, '0')}`);
    summary(
      '2026-11-10',
      '2026-11-16',
      days.slice(0, 7).map((d) => ({ ref_date: d, user_source: 0, new_user: 2, cancel_user: 1 })),
    );
    summary(
      '2026-11-17',
      '2026-11-19',
      days.slice(7).map((d) => ({ ref_date: d, user_source: 0, new_user: 2, cancel_user: 1 })),
    );
    cumulate(
      '2026-11-10',
      '2026-11-16',
      days.slice(0, 7).map((d, i) => ({ ref_date: d, cumulate_user: 1000 + i })),
    );
    cumulate(
      '2026-11-17',
      '2026-11-19',
      days.slice(7).map((d, i) => ({ ref_date: d, cumulate_user: 1007 + i })),
    );
    for (const d of days) articles(d, [article(d, 10)]);
    const rows = await wechatMp.pull({ from: '2026-11-10', to: '2026-11-19' }, creds, http(), ctx);
    expect(rows.map((r) => r.date)).toEqual(days);
    expect(rows.at(-1)).toMatchObject({ followers: 1009, new_users: 2, pv: 10 });
    expect(nock.isDone()).toBe(true);
  });

  it('today is not asked for: WeChat has figures up to yesterday only', async () => {
    const rows = await wechatMp.pull({ from: '2026-11-26', to: '2026-11-26' }, creds, http(), ctx);
    expect(rows).toEqual([]);
  });

  it('an expired token (42001) → one new token, the call repeated once, figures stored', async () => {
    token(1, 'OLD');
    nock(BASE)
      .post('/datacube/getusersummary')
      .query({ access_token: 'OLD' })
      .reply(200, { errcode: 42001, errmsg: 'access_token expired rid: 1' });
    token(1, 'ACCESS_TOKEN');
    summary('2026-11-25', '2026-11-25', [
      { ref_date: '2026-11-25', user_source: 0, new_user: 1, cancel_user: 0 },
    ]);
    cumulate('2026-11-25', '2026-11-25', [{ ref_date: '2026-11-25', cumulate_user: 10 }]);
    articles('2026-11-25', []);
    const rows = await wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows[0]).toMatchObject({ followers: 10, new_users: 1, pv: 0 });
    expect(nock.isDone()).toBe(true);
  });

  it('a token still rejected after the refetch (40001) → a clear error, no loop', async () => {
    token(2, 'BAD');
    nock(BASE)
      .post('/datacube/getusersummary')
      .query(true)
      .times(2)
      .reply(200, { errcode: 40001, errmsg: 'invalid credential' });
    const e = await connectorFailure(
      wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(e.messageKey).toBe('err.api');
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toContain('40001');
    expect(nock.isDone()).toBe(true);
  });

  it('concurrent callers share one token request (single flight)', async () => {
    const scope = token(1);
    const h = http();
    const got = await Promise.all([stableToken(creds, h), stableToken(creds, h), stableToken(creds, h)]);
    expect(got).toEqual(['ACCESS_TOKEN', 'ACCESS_TOKEN', 'ACCESS_TOKEN']);
    expect(scope.isDone()).toBe(true);
  });

  it('the daily quota used up (45009) → a quota error that says when it continues, not retried', async () => {
    token();
    const scope = nock(BASE)
      .post('/datacube/getusersummary')
      .query(true)
      .reply(200, { errcode: 45009, errmsg: 'reach max api daily quota limit' });
    const e = await connectorFailure(
      wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(e.kind).toBe('quota');
    expect(e.retryable).toBe(false);
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toMatch(
      /quota is used up.*resumes/,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('the per-minute quota (45011) and a 502 → backed off and retried, then the figures', async () => {
    token();
    nock(BASE)
      .post('/datacube/getusersummary')
      .query(true)
      .reply(200, { errcode: 45011, errmsg: 'api minute-quota reach limit' });
    nock(BASE).post('/datacube/getusersummary').query(true).reply(502, 'Bad Gateway');
    summary('2026-11-25', '2026-11-25', []);
    cumulate('2026-11-25', '2026-11-25', [{ ref_date: '2026-11-25', cumulate_user: 7 }]);
    articles('2026-11-25', []);
    const rows = await wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows[0]).toMatchObject({ followers: 7, new_users: 0, pv: 0 });
  });

  it('an empty day (no figures yet) → no row, never zeros', async () => {
    token();
    summary('2026-11-25', '2026-11-25', []);
    cumulate('2026-11-25', '2026-11-25', []);
    const rows = await wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx);
    expect(rows).toEqual([]);
  });

  it('malformed JSON → an error saying the answer is not JSON', async () => {
    token();
    nock(BASE)
      .post('/datacube/getusersummary')
      .query(true)
      .reply(200, '{"list": [', { 'content-type': 'application/json' });
    const e = await connectorFailure(
      wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(e.kind).toBe('shape');
    expect(connectorErrorText('zh-CN', { key: e.messageKey, params: e.params })).toContain('不是 JSON');
  });

  it('a changed response shape → an error naming the field, never a silent zero', async () => {
    token();
    summary('2026-11-25', '2026-11-25', []);
    cumulate('2026-11-25', '2026-11-25', [{ ref_date: '2026-11-25', total_user: 10 }]);
    const e = await connectorFailure(
      wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    expect(e.kind).toBe('shape');
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toContain(
      'getusercumulate.cumulate_user',
    );
  });

  it('errors never carry the access token or the secret', async () => {
    token(1, 'SEKRET_TOKEN');
    nock(BASE).post('/datacube/getusersummary').query(true).times(4).reply(503, 'busy');
    const e = await connectorFailure(
      wechatMp.pull({ from: '2026-11-25', to: '2026-11-25' }, creds, http(), ctx),
    );
    const text = `${e.message} ${connectorErrorText('en', { key: e.messageKey, params: e.params })}`;
    expect(text).toContain('HTTP 503');
    expect(text).not.toContain('SEKRET_TOKEN');
    expect(text).not.toContain('APPSECRET');
  });
});
