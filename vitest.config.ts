import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // 2 cores: keep parallelism modest (each worker holds its test databases' connections).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits on the bot's work (SSE updates, queued replies); on a loaded machine 1 s is too short.
    expect: { poll: { timeout: 15_000 } },
    globalSetup: ['test/helpers/global-setup.ts'],
    // Every interceptor a test sets up must be used (nock.pendingMocks() empty after it).
    setupFiles: ['test/helpers/nock-guard.ts'],
  },
});
