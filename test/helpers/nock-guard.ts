/**
 * After each test: every HTTP interceptor the test itself set up was used. A leftover interceptor means
 * the bot did not make a call the test expected (an assertion that silently did not happen), and left in
 * place it would answer a later test's request. Interceptors set up for the whole file (beforeAll) may be
 * used by any of its tests; they are checked once the file is done.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';

let before: string[] = [];
/** Requests to a host the test intercepts that no interceptor answered (the bot called what nobody expected). */
const unmatched: string[] = [];
nock.emitter.on(
  'no match',
  (req: {
    method?: string;
    path?: string;
    hostname?: string;
    options?: { host?: string; path?: string };
  }) => {
    const host = req.hostname ?? req.options?.host ?? '';
    // Only hosts the file intercepts: the bot's own server (any local address) is reached for real.
    if (!nock.activeMocks().some((m) => m.includes(`//${host}:`) || m.includes(`//${host}/`))) return;
    unmatched.push(`${req.method ?? ''} ${host}${req.path ?? req.options?.path ?? ''}`);
  },
);

/** `after` minus `earlier`, as multisets (the same interceptor may be set up several times). */
function added(after: string[], earlier: string[]): string[] {
  const left = new Map<string, number>();
  for (const m of earlier) left.set(m, (left.get(m) ?? 0) + 1);
  return after.filter((m) => {
    const n = left.get(m) ?? 0;
    if (n > 0) {
      left.set(m, n - 1);
      return false;
    }
    return true;
  });
}

beforeEach(() => {
  before = nock.pendingMocks();
});

afterEach((ctx) => {
  const unused = added(nock.pendingMocks(), before);
  if (unused.length === 0 || ctx.task.result?.state === 'fail') return;
  // Leave no trap for the next test, then fail this one naming what was never called.
  nock.cleanAll();
  expect.fail(`interceptors set up in this test were never called: ${unused.join(', ')}`);
});

afterAll(() => {
  const unused = nock.pendingMocks();
  nock.cleanAll();
  if (unmatched.length > 0)
    expect.fail(`requests nothing intercepted: ${[...new Set(unmatched)].join(', ')}`);
  if (unused.length > 0)
    expect.fail(`interceptors set up for this file were never called: ${unused.join(', ')}`);
});
