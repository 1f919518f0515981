import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSpecs, dispatchCommand } from '../../handlers/index';
import { createTestDb } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, { config: testConfig({ CONSOLE: '1' }) });
});
afterAll(() => h.close());

const verbs = commandSpecs.flatMap((s) => [
  s.area,
  ...Object.keys(s.subcommands).map((v) => `${s.area} ${v}`),
]);
const keys = [
  'text',
  'name',
  'amount',
  'date',
  'fee',
  'status',
  'page',
  'channel',
  'severity',
  'start',
  'end',
  '__proto__',
  'constructor',
];

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '-1',
    '1e309',
    'NaN',
    '５万',
    '¥-5',
    '2026-02-30',
    '9999999999999999',
    '"',
    '“',
    '「',
    '\u0000',
    '<!channel>',
    "'; drop table feedbacks; --",
  ),
);

describe('hostile input to every command', () => {
  it('every reply is a message and no handler throws or leaks an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...verbs),
        fc.array(fc.tuple(fc.constantFrom(...keys), hostile), { maxLength: 4 }),
        fc.array(hostile, { maxLength: 2 }),
        async (verb, pairs, words) => {
          const text = `/${verb} ${words.join(' ')} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
          const reply = await dispatchCommand(deps, {
            text,
            actor: { platform: 'console', userId: 'fuzz' },
            place: { platform: 'console', channel: '#marketing' },
          });
          expect(typeof reply.card.title).toBe('string');
          expect(['ephemeral', 'channel']).toContain(reply.visibility);
          expect(JSON.stringify(reply.card)).not.toMatch(/Something went wrong|出了点问题/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
