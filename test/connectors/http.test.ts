/** The connectors' HTTP client when the network fails: a retryable error naming what went wrong, never a URL. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectorErrorText } from '../../src/chat/messages/connectors';
import { createHttp, RetryAfter } from '../../src/connectors/http';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('connector HTTP on a network failure', () => {
  it('a refused connection → retryable "unavailable" with the socket code, tried the configured number of times', async () => {
    const port = await closedPort();
    const retries: string[] = [];
    const http = createHttp({
      source: 'baidu_tongji',
      attempts: 2,
      sleep: async () => {},
      onRetry: (i) => retries.push(i.reason),
    });
    const err = await http
      .retry(() => http.request('GET', `http://127.0.0.1:${port}/rest/2.0/tongji/report/getData`))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryAfter);
    const e = err as RetryAfter;
    expect(e.kind).toBe('unavailable');
    expect(e.params).toMatchObject({
      source: 'baidu_tongji',
      path: '/rest/2.0/tongji/report/getData',
      code: 'ECONNREFUSED',
    });
    expect(retries).toEqual(['err.network']);
    expect(connectorErrorText('en', { key: e.messageKey, params: e.params })).toContain('ECONNREFUSED');
  });

  it('a timeout → the error names the timeout, not "undefined"', async () => {
    const http = createHttp({
      source: 'ga4',
      attempts: 1,
      fetch: () =>
        Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    });
    const err = (await http
      .request('GET', 'https://analyticsdata.googleapis.com/v1beta/x')
      .catch((e: unknown) => e)) as RetryAfter;
    expect(err.params).toMatchObject({ code: 'TimeoutError' });
  });
});
