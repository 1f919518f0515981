/** What an operator reads in the JSON log: times as instants, errors with their message, never a secret. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log';

function capture() {
  const lines: string[] = [];
  const log = createLogger('info', { service: 'mopsbot' }, { write: (l) => lines.push(l) });
  return { log, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the JSON log', () => {
  it('writes a time as its instant, not {}', () => {
    const { log, entries } = capture();
    log.info('catch-up skipped', {
      installedAt: new Date('2026-12-02T01:00:00Z'),
      nested: { at: new Date(0) },
    });
    expect(entries()[0]).toMatchObject({
      installedAt: '2026-12-02T01:00:00.000Z',
      nested: { at: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('keeps tokens, secrets and database passwords out, by key and by value', () => {
    const { log, entries } = capture();
    log.error('slack call failed', {
      botToken: 'xoxb-123-456-abc',
      signing_secret: 's3cret',
      url: 'postgres://mops:hunter2@db:5432/mops',
      detail: 'auth failed for xoxb-999-888-zzz',
      err: new Error('token xapp-1-A0-xyz rejected'),
    });
    const line = JSON.stringify(entries()[0]);
    for (const secret of ['xoxb-123', 's3cret', 'hunter2', 'xoxb-999', 'xapp-1-A0'])
      expect(line).not.toContain(secret);
    expect(entries()[0]).toMatchObject({
      botToken: '[redacted]',
      err: { message: 'token [redacted] rejected' },
    });
  });
});
