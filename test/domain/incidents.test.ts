import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import { auditLog, outbox } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import {
  closeIncident,
  createIncident,
  listIncidents,
  NewIncidentInput,
  reportIncident,
  respondIncident,
} from '../../src/domain/incidents';
import { defaultSettings } from '../../src/domain/settings';
import { calendarFor, type WorkCtx } from '../../src/domain/work-calendar';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let base: WorkCtx;
const sh = (local: string) => new Date(`${local}+08:00`);
const at = (local: string): WorkCtx => ({ ...base, now: sh(local) });
const auditCount = async () => (await h.db.select().from(auditLog)).length;

beforeAll(async () => {
  h = await createTestDb();
  const settings = defaultSettings(testConfig());
  base = {
    db: h.db,
    now: sh('2026-11-26 10:00'),
    actor: 'slack:U1',
    settings,
    tz: 'Asia/Shanghai',
    calendar: calendarFor(settings),
  };
});
afterAll(() => h.close());

const weibo = { platform: 'weibo', severity: 'high', summary: '用户发帖称产品过敏，转发 2000+' } as const;

describe(`incident domain on ${driverName}`, () => {
  it('new incident → INC code, 2 h response clock, audit row and outbox row', async () => {
    const inc = await createIncident(at('2026-11-26 10:00'), weibo, {
      platform: 'slack',
      destination: 'C_PR',
      card: (row) => ({ title: row.code }),
    });
    expect(inc.code).toMatch(/^INC-\d+$/);
    expect(inc.status).toBe('open');
    expect(inc.owner).toBe('slack:U1');
    expect(inc.responseDueAt.toISOString()).toBe(sh('2026-11-26 12:00').toISOString());
    expect((await auditFor(h.db, 'incident', inc.code)).map((a) => a.action)).toEqual(['incident.create']);
    const ob = await h.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, `incident.created:${inc.code}`));
    expect(ob).toHaveLength(1);
  });

  it('the response window follows the setting', async () => {
    const ctx = { ...at('2026-11-26 10:00'), settings: { ...base.settings, slaIncidentResponseHours: 1 } };
    const inc = await createIncident(ctx, weibo);
    expect(inc.responseDueAt.toISOString()).toBe(sh('2026-11-26 11:00').toISOString());
  });

  it('respond → close → report, each stamped and audited; the report clock is 2 working days', async () => {
    const inc = await createIncident(at('2026-11-26 10:00'), weibo);
    const responded = await respondIncident(at('2026-11-26 11:30'), {
      code: inc.code,
      note: '已发布致歉声明',
    });
    expect(responded.status).toBe('responded');
    expect(responded.respondedAt?.toISOString()).toBe(sh('2026-11-26 11:30').toISOString());
    // Thu 26 Nov → Fri 27, Mon 30 Nov.
    const closed = await closeIncident(at('2026-11-26 18:00'), { code: inc.code });
    expect(closed.status).toBe('closed');
    expect(closed.reportDueAt?.toISOString()).toBe(sh('2026-11-30 23:59:59.999').toISOString());
    const reported = await reportIncident(at('2026-11-27 10:00'), { code: inc.code, text: '处理报告全文' });
    expect(reported.status).toBe('reported');
    expect(reported.reportText).toBe('处理报告全文');
    expect((await auditFor(h.db, 'incident', inc.code)).map((a) => a.action)).toEqual([
      'incident.create',
      'incident.respond',
      'incident.close',
      'incident.report',
    ]);
  });

  it('closing on 30 Sep 2026 → report due end of 9 Oct (National Day off)', async () => {
    const inc = await createIncident(at('2026-09-30 09:00'), weibo);
    const closed = await closeIncident(at('2026-09-30 15:00'), { code: inc.code });
    expect(closed.reportDueAt?.toISOString()).toBe(sh('2026-10-09 23:59:59.999').toISOString());
  });

  it('closing on Fri 13 Feb 2026 → Sat 14 Feb (调休) and Tue 24 Feb count: due 24 Feb', async () => {
    const inc = await createIncident(at('2026-02-13 09:00'), weibo);
    const closed = await closeIncident(at('2026-02-13 17:00'), { code: inc.code });
    expect(closed.reportDueAt?.toISOString()).toBe(sh('2026-02-24 23:59:59.999').toISOString());
  });

  it('invalid moves are refused with a reason and write nothing', async () => {
    const inc = await createIncident(base, weibo);
    const a = await auditCount();
    await expect(reportIncident(base, { code: inc.code, text: 'x' })).rejects.toMatchObject({
      code: 'invalid_state',
      messageKey: 'err.incident_report_before_close',
    });
    await respondIncident(base, { code: inc.code, note: 'statement' });
    await expect(respondIncident(base, { code: inc.code, note: 'again' })).rejects.toMatchObject({
      messageKey: 'err.incident_already_responded',
    });
    await closeIncident(base, { code: inc.code });
    await expect(respondIncident(base, { code: inc.code, note: 'late' })).rejects.toMatchObject({
      messageKey: 'err.incident_closed',
    });
    await expect(closeIncident(base, { code: inc.code })).rejects.toMatchObject({
      messageKey: 'err.incident_already_closed',
    });
    await reportIncident(base, { code: inc.code, text: 'done' });
    await expect(reportIncident(base, { code: inc.code, text: 'again' })).rejects.toMatchObject({
      messageKey: 'err.incident_already_reported',
    });
    // Only the three successful moves were audited.
    expect(await auditCount()).toBe(a + 3);
    await expect(respondIncident(base, { code: 'INC-99999', note: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('closing without a statement is allowed and stops the response clock (status no longer open)', async () => {
    const inc = await createIncident(base, { ...weibo, severity: 'low' });
    const closed = await closeIncident(base, { code: inc.code });
    expect(closed.respondedAt).toBeNull();
    expect(closed.status).toBe('closed');
  });

  it('platform and severity are required; the link must be http(s)', () => {
    expect(NewIncidentInput.safeParse({ severity: 'high', summary: 'x' }).success).toBe(false);
    expect(NewIncidentInput.safeParse({ platform: 'weibo', summary: 'x' }).success).toBe(false);
    expect(NewIncidentInput.safeParse({ ...weibo, severity: 'urgent' }).success).toBe(false);
    expect(NewIncidentInput.safeParse({ ...weibo, link: 'javascript:alert(1)' }).success).toBe(false);
    expect(NewIncidentInput.safeParse({ ...weibo, link: 'https://weibo.com/123/abc' }).success).toBe(true);
  });

  it('list filters by status and pages at 20', async () => {
    for (let i = 0; i < 21; i++) await createIncident(base, { ...weibo, summary: `bulk ${i}` });
    const p1 = await listIncidents(base, { page: 1 });
    expect(p1.rows).toHaveLength(20);
    expect(p1.pages).toBeGreaterThanOrEqual(2);
    const reported = await listIncidents(base, { status: 'reported', page: 1 });
    expect(reported.rows.length).toBeGreaterThan(0);
    expect(reported.rows.every((r) => r.status === 'reported')).toBe(true);
  });
});

describe(`/incident parser under hostile text on ${driverName}`, () => {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('weibo', 'critical', 'https://x.cn/a', 'javascript:1', '\u0000', '"', '　', 'INC-1'),
  );
  const line = fc
    .tuple(
      fc.constantFrom('new', 'respond', 'close', 'report', 'list', 'INC-1', ''),
      fc.constantFrom('', 'INC-1', 'INC-2', 'inc１', 'CMP-1'),
      fc.array(
        fc.tuple(
          fc.constantFrom('platform', 'severity', 'summary', 'link', 'note', 'text', 'status', 'page'),
          value,
        ),
        { maxLength: 5 },
      ),
    )
    .map(
      ([verb, code, pairs]) =>
        `incident ${verb} ${code} ${pairs.map(([k, v]) => `${k}="${v.replaceAll('"', '')}"`).join(' ')}`,
    );

  it('every reply is a message and nothing escapes as an internal error', async () => {
    const deps = testDeps(h, { clock: new FakeClock(sh('2026-11-26 10:00')) });
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        const r = await dispatchCommand(deps, { text, actor: { platform: 'slack', userId: 'UFUZZ1' } });
        expect(r.card.title.length).toBeGreaterThan(0);
      }),
      {
        numRuns: 200,
        examples: [
          ['incident new platform="weibo\u0000" severity=high summary="a\u0000b"'],
          ['incident new platform=weibo severity=high summary=x link="https://x.cn/\u0000"'],
          ['incident respond INC-1 note="\u0000"'],
        ],
      },
    );
    expect(deps.memlog.lines.filter((l) => l.includes('handler failed'))).toEqual([]);
  });
});
