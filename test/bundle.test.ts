/**
 * `npm start` runs the esbuild bundle under plain node, whose ESM resolver is stricter than tsx's (a
 * package subpath needs its file extension: `dayjs/plugin/utc.js`). Loading both entry points proves every
 * import resolves before a user finds out.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe('the bundle npm start runs (dist/, built by the test setup)', () => {
  it('dist/cli.js loads and prints its help', () => {
    const r = node(['dist/cli.js', 'help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('npm run mops -- <command>');
  });

  it('dist/main.js loads every module, then refuses a bad setting with the config message', () => {
    const r = node(['dist/main.js'], { LOCALE: 'fr' });
    expect(r.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find/);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('LOCALE');
  });
});
