import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson } from '../../db/queries/persons';
import { cachedLookup, directoryOf, namesFor } from '../../src/chat/names';
import { createTestDb, driverName } from '../helpers/db';

let h: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  h = await createTestDb();
  await insertPerson(h.db, { name: '王强', slackId: 'U0BOSS', wecomId: 'wangqiang', createdAt: new Date() });
});
afterAll(() => h.close());

describe(`display names on ${driverName}`, () => {
  it('a linked person → their name on either platform; else the directory; else the bare id, never the key', async () => {
    const directory = directoryOf({
      slack: async (id) => (id === 'U0SPEC' ? '李娜' : undefined),
      wecom: async () => {
        throw new Error('WeCom unreachable');
      },
    });
    const name = await namesFor({ db: h.db, names: directory }, [
      'slack:U0BOSS',
      'wecom:wangqiang',
      'slack:U0SPEC',
      'slack:U0NEW',
      'wecom:zhaomin',
      null,
    ]);
    expect(name('slack:U0BOSS')).toBe('王强');
    expect(name('wecom:wangqiang')).toBe('王强');
    expect(name('slack:U0SPEC')).toBe('李娜');
    expect(name('slack:U0NEW')).toBe('U0NEW');
    expect(name('wecom:zhaomin')).toBe('zhaomin');
  });

  it('the directory is asked once per person while the cache holds, and again after it expires', async () => {
    let t = 0;
    const asked: string[] = [];
    const lookup = cachedLookup(
      async (id) => {
        asked.push(id);
        return id === 'U1' ? 'Ann' : undefined;
      },
      { ttlMs: 1000, now: () => t },
    );
    expect(await Promise.all([lookup('U1'), lookup('U1'), lookup('U2')])).toEqual(['Ann', 'Ann', undefined]);
    expect(await lookup('U1')).toBe('Ann');
    expect(asked).toEqual(['U1', 'U2']);
    t = 1001;
    await lookup('U1');
    expect(asked).toEqual(['U1', 'U2', 'U1']);
  });
});
