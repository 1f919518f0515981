import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WecomApi, WecomApiError, WecomHttpError } from '../../../src/platforms/wecom/api';

const BASE = 'https://qyapi.example.test';
const CORP = 'ww-corp';
const SECRET = 'S3CRET-value';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

function client(extra: Partial<ConstructorParameters<typeof WecomApi>[0]> = {}) {
  const sleeps: number[] = [];
  const api = new WecomApi({
    corpId: CORP,
    secret: SECRET,
    agentId: '1000002',
    apiBase: BASE,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { api, sleeps };
}

/** Serves gettoken, handing out TOKEN-1, TOKEN-2… and counting calls. */
function tokenServer(expiresIn = 7200) {
  const state = { calls: 0 };
  nock(BASE)
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: SECRET })
    .reply(200, () => {
      state.calls += 1;
      return { errcode: 0, errmsg: 'ok', access_token: `TOKEN-${state.calls}`, expires_in: expiresIn };
    })
    .persist();
  return state;
}

const text = (content: string) => ({ touser: 'zhangsan', msgtype: 'text' as const, text: { content } });

describe('access token', () => {
  it('is fetched once and reused across sends', async () => {
    const tokens = tokenServer();
    const sent = nock(BASE)
      .post('/cgi-bin/message/send')
      .query({ access_token: 'TOKEN-1' })
      .times(3)
      .reply(200, { errcode: 0, errmsg: 'ok', msgid: 'm1' });
    const { api } = client();
    for (const i of [1, 2, 3]) expect((await api.sendAppMessage(text(`hi ${i}`))).msgid).toBe('m1');
    expect(tokens.calls).toBe(1);
    expect(sent.isDone()).toBe(true);
  });

  it('is refreshed shortly before expires_in runs out, not after', async () => {
    const tokens = tokenServer(7200);
    let now = 1_000_000;
    const { api } = client({ now: () => now });
    expect(await api.getAccessToken()).toBe('TOKEN-1');
    now += (7200 - 6 * 60) * 1000; // 6 min left: still good
    expect(await api.getAccessToken()).toBe('TOKEN-1');
    now += 2 * 60 * 1000; // 4 min left: inside the 5-min margin
    expect(await api.getAccessToken()).toBe('TOKEN-2');
    expect(tokens.calls).toBe(2);
  });

  it('concurrent first callers share one gettoken', async () => {
    const tokens = tokenServer();
    const { api } = client();
    const got = await Promise.all(Array.from({ length: 8 }, () => api.getAccessToken()));
    expect(new Set(got)).toEqual(new Set(['TOKEN-1']));
    expect(tokens.calls).toBe(1);
  });

  it('42001 with 5 concurrent senders costs exactly one extra gettoken and every message is sent', async () => {
    const tokens = tokenServer();
    // Staggered so that some 42001s arrive after the refreshed token is already cached: those senders must
    // reuse it rather than drop it and refetch.
    for (const delayMs of [0, 5, 60, 120, 180]) {
      nock(BASE)
        .post('/cgi-bin/message/send')
        .query({ access_token: 'TOKEN-1' })
        .delay(delayMs)
        .reply(200, { errcode: 42001, errmsg: 'access_token expired' });
    }
    const delivered: string[] = [];
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query({ access_token: 'TOKEN-2' })
      .times(5)
      .reply(200, (_uri, body) => {
        delivered.push((body as { text: { content: string } }).text.content);
        return { errcode: 0, errmsg: 'ok', msgid: 'ok' };
      });
    const { api } = client();
    await api.getAccessToken(); // TOKEN-1 cached, then it "expires" server-side
    await Promise.all([1, 2, 3, 4, 5].map((i) => api.sendAppMessage(text(`m${i}`))));
    expect(tokens.calls).toBe(2);
    expect(delivered.sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('a token rejected twice in a row is not retried forever', async () => {
    tokenServer();
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .times(2)
      .reply(200, { errcode: 40014, errmsg: 'invalid' });
    const { api } = client();
    await expect(api.sendAppMessage(text('x'))).rejects.toMatchObject({ errcode: 40014 });
  });

  it('a gettoken failure surfaces its errmsg without the secret', async () => {
    nock(BASE)
      .get('/cgi-bin/gettoken')
      .query(true)
      .reply(200, { errcode: 40001, errmsg: `invalid credential ${SECRET}, hint: [x]` });
    const { api } = client();
    const err = await api.sendAppMessage(text('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect((err as WecomApiError).errcode).toBe(40001);
    expect((err as Error).message).toContain('invalid credential');
    expect((err as Error).message).not.toContain(SECRET);
  });
});

describe('busy and rate-limited replies', () => {
  it('45009 backs off exponentially, then succeeds', async () => {
    tokenServer();
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .times(2)
      .reply(200, { errcode: 45009, errmsg: 'freq' });
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .reply(200, { errcode: 0, errmsg: 'ok', msgid: 'late' });
    const { api, sleeps } = client();
    expect((await api.sendAppMessage(text('x'))).msgid).toBe('late');
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('-1 and 45033 are retried too, but only a bounded number of times', async () => {
    tokenServer();
    nock(BASE).post('/cgi-bin/message/send').query(true).reply(200, { errcode: -1, errmsg: 'system busy' });
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .times(3)
      .reply(200, { errcode: 45033, errmsg: 'busy' });
    const { api, sleeps } = client({ maxBackoffRetries: 3, backoffBaseMs: 100 });
    const err = await api.sendAppMessage(text('x')).catch((e: unknown) => e);
    expect(err).toMatchObject({ errcode: 45033, errmsg: 'busy' });
    expect(sleeps).toEqual([100, 200, 400]);
  });
});

describe('other failures', () => {
  it('any other errcode throws WecomApiError with its errmsg, and no access token anywhere', async () => {
    tokenServer();
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .reply(200, { errcode: 81013, errmsg: 'user & party & tag all invalid, token TOKEN-1' });
    const { api, sleeps } = client();
    const err = await api.sendAppMessage(text('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err).toMatchObject({ errcode: 81013, path: '/cgi-bin/message/send' });
    expect((err as Error).message).toContain('user & party & tag all invalid');
    expect(`${(err as Error).message} ${JSON.stringify(err)}`).not.toContain('TOKEN-1');
    expect(sleeps).toEqual([]);
  });

  it('an HTTP failure becomes WecomHttpError without the request URL', async () => {
    tokenServer();
    nock(BASE).post('/cgi-bin/message/send').query(true).reply(502, 'bad gateway');
    const { api } = client();
    const err = await api.sendAppMessage(text('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomHttpError);
    expect(err).toMatchObject({ status: 502 });
    expect(`${(err as Error).message} ${JSON.stringify(err)}`).not.toMatch(/TOKEN-1|access_token/);
  });
});

describe('messages', () => {
  it('sendAppMessage joins recipients with | and adds the numeric agentid', async () => {
    tokenServer();
    let body: Record<string, unknown> = {};
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query({ access_token: 'TOKEN-1' })
      .reply(200, (_u, b) => {
        body = b as Record<string, unknown>;
        return { errcode: 0, errmsg: 'ok', msgid: 'mid', response_code: 'rc-1', invaliduser: '' };
      });
    const { api } = client();
    const res = await api.sendAppMessage({
      touser: ['a', 'b'],
      msgtype: 'markdown',
      markdown: { content: '**hi**' },
    });
    expect(body).toEqual({
      touser: 'a|b',
      msgtype: 'markdown',
      markdown: { content: '**hi**' },
      agentid: 1000002,
    });
    expect(res).toEqual({ msgid: 'mid', response_code: 'rc-1' });
  });

  it('updateTemplateCard posts the response_code and the replacement button text', async () => {
    tokenServer();
    let body: Record<string, unknown> = {};
    nock(BASE)
      .post('/cgi-bin/message/update_template_card')
      .query({ access_token: 'TOKEN-1' })
      .reply(200, (_u, b) => {
        body = b as Record<string, unknown>;
        return { errcode: 0, errmsg: 'ok', invaliduser: [] };
      });
    const { api } = client();
    const res = await api.updateTemplateCard({
      userids: ['lisi'],
      response_code: 'rc-XYZ',
      button: { replace_name: '已批准' },
    });
    expect(body).toEqual({
      userids: ['lisi'],
      response_code: 'rc-XYZ',
      button: { replace_name: '已批准' },
      agentid: 1000002,
    });
    expect(res).toEqual({ invaliduser: [] });
  });

  it('an expired response_code surfaces WeCom’s errmsg', async () => {
    tokenServer();
    nock(BASE)
      .post('/cgi-bin/message/update_template_card')
      .query(true)
      .reply(200, { errcode: 40225, errmsg: 'invalid response_code' });
    const { api } = client();
    await expect(
      api.updateTemplateCard({ response_code: 'old', button: { replace_name: 'x' } }),
    ).rejects.toThrow(/40225: invalid response_code/);
  });
});
