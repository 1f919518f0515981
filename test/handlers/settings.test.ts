import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueOutbox, markOutboxFailed } from '../../db/queries/outbox';
import { auditLog } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { getSettings } from '../../src/domain/settings';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h, {
    config: testConfig({ MOPS_ADMINS: 'UADMIN', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }),
  });
});
afterAll(() => h.close());

const as = (userId: string, text: string) =>
  dispatchCommand(deps, {
    text,
    actor: { platform: 'slack', userId },
    place: { platform: 'slack', channel: 'C1' },
  });
const text = (r: Awaited<ReturnType<typeof as>>) => JSON.stringify(r.card);

describe(`/mops settings on ${driverName}`, () => {
  it('anyone sees the settings, with the calendar coverage of this year and next', async () => {
    const r = await as('U1', '/mops settings');
    expect(r.visibility).toBe('ephemeral');
    expect(text(r)).toContain('sla_feedback_hours: 24');
    expect(text(r)).toContain('2027: ⚠️ no holiday data');
  });

  it('an admin sets channels, roles and SLA windows; stored in the DB and audited', async () => {
    const r = await as(
      'UADMIN',
      '/mops settings set alerts_channel=<#C777|alerts> approvers=<@U5>,<@U6> sla_feedback_hours=12',
    );
    expect(r.card.title).toBe('Settings updated');
    const s = await getSettings(h.db, deps.config);
    expect(s).toMatchObject({ alertsChannel: 'C777', approvers: ['U5', 'U6'], slaFeedbackHours: 12 });
    const audit = (await h.db.select().from(auditLog)).filter((a) => a.action === 'settings.update');
    expect(audit.map((a) => a.entityId).sort()).toEqual(['alertsChannel', 'approvers', 'slaFeedbackHours']);
  });

  it('an admin adds a 2027 holiday and make-up workday: 2027 is then covered by admin data', async () => {
    await as('UADMIN', '/mops settings holiday add 2027-01-01');
    const r = await as('UADMIN', '/mops settings workday add 2027-02-06');
    expect(text(r)).toContain('2027: holidays entered by admins');
    const s = await getSettings(h.db, deps.config);
    expect(s.holidays).toEqual(['2027-01-01']);
    expect(s.workdays).toEqual(['2027-02-06']);
  });

  it('an admin links a Slack id and a WeCom userid to one person; a taken id is refused with a reason', async () => {
    const r = await as('UADMIN', '/mops settings person name="王强" slack=<@UWANG> wecom=wangqiang');
    expect(r.card.title).toBe('Linked 王强: Slack UWANG · WeCom wangqiang');
    const taken = await as('UADMIN', '/mops settings person name="李娜" slack=ULI wecom=wangqiang');
    expect(text(taken)).toContain('is already linked to 王强');
    expect(text(await as('U1', '/mops settings person name=x slack=U9'))).toContain('Only admins');
  });

  it('a non-admin cannot change anything; bad keys and values name the problem and write nothing', async () => {
    const before = (await h.db.select().from(auditLog)).length;
    expect(text(await as('U1', '/mops settings set alerts_channel=C9'))).toContain(
      'Only admins can change settings',
    );
    expect(text(await as('UADMIN', '/mops settings set colour=red'))).toContain('Unknown setting `colour`');
    expect(text(await as('UADMIN', '/mops settings set sla_feedback_hours=-3'))).toContain(
      'must be a positive number',
    );
    expect(text(await as('UADMIN', '/mops settings holiday add 2027-02-30'))).toContain(
      'is not a valid date',
    );
    expect((await h.db.select().from(auditLog)).length).toBe(before);
  });

  it('the settings card counts messages the dispatcher gave up on, and says how to retry them', async () => {
    expect(text(await as('U1', '/mops settings'))).toContain('No undelivered messages');
    for (const key of ['a', 'b']) {
      const id = await enqueueOutbox(h.db, {
        platform: 'slack',
        destination: 'C1',
        payload: { card: { title: key } },
        dedupeKey: `dead-test:${key}`,
        now: deps.clock.now(),
      });
      await markOutboxFailed(h.db, id!, 'channel_not_found', { dead: true, at: deps.clock.now() });
    }
    expect(text(await as('U1', '/mops settings'))).toContain('2 messages could not be delivered');
  });
});
