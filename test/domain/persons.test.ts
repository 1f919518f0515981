import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import { persons } from '../../db/schema';
import type { VerbCtx } from '../../src/domain/context';
import { DomainError } from '../../src/domain/errors';
import { actorKeysFor, linkIdentity, mentionsFor, personFor } from '../../src/domain/persons';
import { defaultSettings } from '../../src/domain/settings';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
const now = new Date('2026-11-26T02:00:00Z');
let admin: VerbCtx;

beforeAll(async () => {
  h = await createTestDb();
  admin = {
    db: h.db,
    now,
    actor: 'slack:UADMIN',
    settings: defaultSettings(testConfig({ MOPS_ADMINS: 'UADMIN' })),
  };
});
afterAll(() => h.close());

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.catch((err: unknown) => err);
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe(`persons on ${driverName}`, () => {
  it('linking a Slack id and a WeCom userid → one person found from either actor key, audited', async () => {
    const { person, created } = await linkIdentity(admin, {
      name: '张三',
      slackId: 'U100',
      wecomId: 'zhangsan',
    });
    expect(created).toBe(true);
    expect((await personFor(h.db, 'slack:U100'))?.id).toBe(person.id);
    expect((await personFor(h.db, 'wecom:zhangsan'))?.id).toBe(person.id);
    expect(await actorKeysFor(h.db, 'wecom:zhangsan')).toEqual(['wecom:zhangsan', 'slack:U100']);
    const audit = await auditFor(h.db, 'person', String(person.id));
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['person.link', 'slack:UADMIN']]);
  });

  it('a person known on one platform → the second id is added to the same person, not a new one', async () => {
    const first = await linkIdentity(admin, { name: 'Li Si', wecomId: 'lisi' });
    const second = await linkIdentity(admin, { name: '李四', slackId: 'U200', wecomId: 'lisi' });
    expect(second.created).toBe(false);
    expect(second.person.id).toBe(first.person.id);
    expect(second.person).toMatchObject({ name: '李四', slackId: 'U200', wecomId: 'lisi' });
  });

  it('an id already linked to someone else → conflict naming that person, nothing changed', async () => {
    await linkIdentity(admin, { name: '王五', slackId: 'U300', wecomId: 'wangwu' });
    const before = await h.db.select().from(persons);
    const e = await rejection(linkIdentity(admin, { name: '王五', slackId: 'U999', wecomId: 'wangwu' }));
    expect(e.code).toBe('conflict');
    expect(e.params).toMatchObject({ id: 'wecom:wangwu', name: '王五' });
    const across = await rejection(linkIdentity(admin, { name: 'x', slackId: 'U100', wecomId: 'lisi' }));
    expect(across.code).toBe('conflict');
    expect(await h.db.select().from(persons)).toEqual(before);
  });

  it('a non-admin → forbidden; no id at all → invalid input', async () => {
    const user = { ...admin, actor: 'wecom:zhangsan' };
    expect((await rejection(linkIdentity(user, { name: 'me', slackId: 'U1' }))).code).toBe('forbidden');
    expect((await rejection(linkIdentity(admin, { name: 'nobody' }))).code).toBe('invalid_input');
  });

  it('an unlinked or console actor → no person, and its key stands alone', async () => {
    expect(await personFor(h.db, 'slack:UNKNOWN')).toBeUndefined();
    expect(await personFor(h.db, 'console:alice')).toBeUndefined();
    expect(await personFor(h.db, 'garbage')).toBeUndefined();
    expect(await actorKeysFor(h.db, 'console:alice')).toEqual(['console:alice']);
  });

  it('mentions for owners → one mention per platform each person is on, no duplicates', async () => {
    const m = await mentionsFor(h.db, ['slack:U100', 'wecom:zhangsan', 'console:alice']);
    expect(m).toEqual([
      { platform: 'slack', userId: 'U100' },
      { platform: 'wecom', userId: 'zhangsan' },
      { platform: 'console', userId: 'alice' },
    ]);
  });
});
