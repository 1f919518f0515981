import nock from 'nock';

/** Only loopback HTTP is allowed, so a request the test did not intercept fails instead of going out. */
export function allowLocalNetworkOnly(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}

/** Drop every interceptor and let HTTP out again (the end of a file that called allowLocalNetworkOnly). */
export function restoreNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

/**
 * Poll `fn` until it returns something other than undefined; throws `timed out` after `ms`.
 * `onRetry` runs before each pause (e.g. to move a fake clock on while the bot works).
 */
export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  opts: { ms?: number; every?: number; onRetry?: () => void } = {},
): Promise<T> {
  const end = Date.now() + (opts.ms ?? 5000);
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    opts.onRetry?.();
    await new Promise((r) => setTimeout(r, opts.every ?? 25));
  }
}
