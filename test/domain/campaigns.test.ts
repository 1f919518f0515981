import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import { auditLog, campaigns, outbox, spendEntries } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import {
  campaignAttainment,
  createCampaign,
  effectiveStatus,
  endCampaign,
  listCampaigns,
  type NewCampaignInput,
  retroCampaign,
  retroDueFor,
  showCampaign,
  syncCampaignStatuses,
} from '../../src/domain/campaigns';
import { DomainError } from '../../src/domain/errors';
import { defaultSettings } from '../../src/domain/settings';
import { calendarFor, type WorkCtx } from '../../src/domain/work-calendar';
import { createLogger } from '../../src/log';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, MemoryLog, testConfig, testDeps } from '../helpers/deps';

const TZ = 'Asia/Shanghai';
let h: Awaited<ReturnType<typeof createTestDb>>;
let base: WorkCtx;

/** A moment given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);
const at = (local: string): WorkCtx => ({ ...base, now: sh(local) });

const input = (over: Partial<NewCampaignInput> = {}): NewCampaignInput => ({
  name: '双11 大促',
  type: 'promotion',
  startDate: '2026-11-01',
  endDate: '2026-11-11',
  budgetFen: 5_000_000,
  channels: ['douyin', 'xiaohongshu'],
  targetGmvFen: 15_000_000,
  targetRoi: '3',
  ...over,
});

const count = async () => (await h.db.select().from(campaigns)).length;
const auditCount = async () => (await h.db.select().from(auditLog)).length;

beforeAll(async () => {
  h = await createTestDb();
  const settings = defaultSettings(testConfig());
  base = {
    db: h.db,
    now: sh('2026-10-20 10:00'),
    actor: 'slack:U1',
    settings,
    tz: TZ,
    calendar: calendarFor(settings),
  };
});
afterAll(() => h.close());

describe(`campaign domain on ${driverName}`, () => {
  it('new campaign → CMP code, planned before its start, owner defaults to the caller, audit + outbox', async () => {
    const c = await createCampaign(at('2026-10-20 10:00'), input(), {
      platform: 'slack',
      destination: 'C1',
      card: (row) => ({ title: row.code }),
    });
    expect(c.code).toMatch(/^CMP-\d+$/);
    expect(c.status).toBe('planned');
    expect(c.owner).toBe('slack:U1');
    expect(c.budgetFen).toBe(5_000_000);
    expect(c.targetRoi).toBe('3');
    expect(c.retroDueAt).toBeNull();
    expect((await auditFor(h.db, 'campaign', c.code)).map((a) => a.action)).toEqual(['campaign.create']);
    const ob = await h.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, `campaign.created:${c.code}`));
    expect(ob).toHaveLength(1);
    expect(ob[0]!.destination).toBe('C1');
  });

  it('an end date before the start is refused and nothing is written', async () => {
    const [n, a] = [await count(), await auditCount()];
    await expect(
      createCampaign(base, input({ startDate: '2026-11-11', endDate: '2026-11-01' })),
    ).rejects.toMatchObject({ code: 'invalid_input', messageKey: 'err.campaign_end_before_start' });
    expect([await count(), await auditCount()]).toEqual([n, a]);
  });

  it('a date that does not exist is refused', async () => {
    await expect(createCampaign(base, input({ endDate: '2026-02-30' }))).rejects.toBeInstanceOf(DomainError);
  });

  it('status follows the local dates: planned, live on both end days, ended the day after', () => {
    const c = { status: 'planned' as const, startDate: '2026-11-01', endDate: '2026-11-11' };
    expect(effectiveStatus(c, '2026-10-31')).toBe('planned');
    expect(effectiveStatus(c, '2026-11-01')).toBe('live');
    expect(effectiveStatus(c, '2026-11-11')).toBe('live');
    expect(effectiveStatus(c, '2026-11-12')).toBe('ended');
    expect(effectiveStatus({ ...c, status: 'reviewed' }, '2026-11-05')).toBe('reviewed');
    expect(effectiveStatus({ ...c, status: 'ended' }, '2026-11-05')).toBe('ended');
  });

  it('list filters by the status the dates give, even before the status job has run', async () => {
    const c = await createCampaign(at('2026-10-20 10:00'), input({ name: 'filter me' }));
    // 00:30 on 1 Nov in Shanghai is still 31 Oct in UTC: the team's day decides.
    const live = await listCampaigns(at('2026-11-01 00:30'), { status: 'live', page: 1 });
    expect(live.rows.find((r) => r.code === c.code)?.status).toBe('live');
    const planned = await listCampaigns(at('2026-11-01 00:30'), { status: 'planned', page: 1 });
    expect(planned.rows.some((r) => r.code === c.code)).toBe(false);
    const ended = await listCampaigns(at('2026-11-12 09:00'), { status: 'ended', page: 1 });
    expect(ended.rows.find((r) => r.code === c.code)?.status).toBe('ended');
  });

  it('ending a live campaign the day before National Day → retro due end of 10 Oct (the 调休 Saturday)', async () => {
    const c = await createCampaign(
      at('2026-09-01 10:00'),
      input({ startDate: '2026-09-15', endDate: '2026-10-31' }),
    );
    const ended = await endCampaign(at('2026-09-30 15:00'), { code: c.code });
    expect(ended.status).toBe('ended');
    expect(ended.endedAt?.toISOString()).toBe(sh('2026-09-30 15:00').toISOString());
    // Oct 1–7 are off; Oct 8 (Thu) and 9 (Fri) count, then Saturday 10 Oct is a make-up workday.
    expect(ended.retroDueAt?.toISOString()).toBe(sh('2026-10-10 23:59:59.999').toISOString());
    expect((await auditFor(h.db, 'campaign', c.code)).map((a) => a.action)).toEqual([
      'campaign.create',
      'campaign.end',
    ]);
  });

  it('a campaign ending by date on 30 Sep gets the same deadline from syncCampaignStatuses, once', async () => {
    const c = await createCampaign(
      at('2026-09-01 10:00'),
      input({ startDate: '2026-09-10', endDate: '2026-09-30' }),
    );
    const first = await syncCampaignStatuses({ ...at('2026-09-10 08:00'), actor: 'system' });
    expect(first.find((t) => t.code === c.code)).toMatchObject({ from: 'planned', to: 'live' });
    const second = await syncCampaignStatuses({ ...at('2026-10-01 00:05'), actor: 'system' });
    const mine = second.find((t) => t.code === c.code);
    expect(mine).toMatchObject({ from: 'live', to: 'ended' });
    expect(mine!.retroDueAt?.toISOString()).toBe(sh('2026-10-10 23:59:59.999').toISOString());
    const [row] = await h.db.select().from(campaigns).where(eq(campaigns.code, c.code));
    expect(row!.status).toBe('ended');
    expect(row!.endedAt?.toISOString()).toBe(sh('2026-10-01 00:00').toISOString());
    const again = await syncCampaignStatuses({ ...at('2026-10-01 00:10'), actor: 'system' });
    expect(again.find((t) => t.code === c.code)).toBeUndefined();
    const actions = (await auditFor(h.db, 'campaign', c.code)).map((a) => a.action);
    expect(actions).toEqual(['campaign.create', 'campaign.live', 'campaign.ended']);
  });

  it('Spring Festival 2026: ending Fri 13 Feb → Sat 14 Feb (调休) counts, 15–23 Feb off → due 25 Feb', () => {
    expect(retroDueFor(base, '2026-02-13').toISOString()).toBe(sh('2026-02-25 23:59:59.999').toISOString());
    // Ending on the 调休 Saturday itself: 24, 25, 26 Feb.
    expect(retroDueFor(base, '2026-02-14').toISOString()).toBe(sh('2026-02-26 23:59:59.999').toISOString());
  });

  it('2027 has no package data: Mon–Fri fallback, one warning naming the year; admin holidays fix it', () => {
    const memlog = new MemoryLog();
    const log = createLogger('debug', {}, memlog);
    const plain = { ...base, calendar: calendarFor({ holidays: [], workdays: [] }, log) };
    // Thu 31 Dec, then Fri 1 Jan (a plain weekday under the fallback), then Mon 4 Jan.
    expect(retroDueFor(plain, '2026-12-30').toISOString()).toBe(sh('2027-01-04 23:59:59.999').toISOString());
    const rebuilt = { ...base, calendar: calendarFor({ holidays: [], workdays: [] }, log) };
    retroDueFor(rebuilt, '2026-12-30');
    const warnings = memlog.entries().filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.msg)).toContain('2027');
    const withHoliday = {
      ...base,
      calendar: calendarFor({ holidays: ['2027-01-01'], workdays: [] }, log),
    };
    expect(retroDueFor(withHoliday, '2026-12-30').toISOString()).toBe(
      sh('2027-01-05 23:59:59.999').toISOString(),
    );
  });

  it('retro before the end is refused with the reason; ending a planned campaign too; nothing written', async () => {
    const c = await createCampaign(at('2026-10-20 10:00'), input({ name: 'not yet' }));
    const a = await auditCount();
    await expect(
      retroCampaign(at('2026-11-05 10:00'), { code: c.code, roi: '3', gmvFen: 1, notes: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid_state', messageKey: 'err.campaign_retro_before_end' });
    await expect(endCampaign(at('2026-10-25 10:00'), { code: c.code })).rejects.toMatchObject({
      messageKey: 'err.campaign_not_started',
    });
    expect(await auditCount()).toBe(a);
  });

  it('retro after the end records ROI, GMV, attainment and closes the clock; a second retro is refused', async () => {
    const c = await createCampaign(
      at('2026-10-20 10:00'),
      input({ name: 'retro', targetNewUsers: 2000, targetGmvFen: 15_000_000, targetRoi: '3' }),
    );
    await endCampaign(at('2026-11-05 18:00'), { code: c.code });
    const { campaign, late } = await retroCampaign(at('2026-11-06 10:00'), {
      code: c.code,
      roi: '3.3',
      gmvFen: 16_500_000,
      notes: '直播间转化好',
      newUsers: 1500,
    });
    expect(late).toBe(false);
    expect(campaign.status).toBe('reviewed');
    expect(campaign.retroGmvFen).toBe(16_500_000);
    expect(campaign.retroRoi).toBe('3.3');
    const att = campaignAttainment(campaign);
    expect(att.gmv).toBeCloseTo(1.1);
    expect(att.roi).toBeCloseTo(1.1);
    expect(att.newUsers).toBeCloseTo(0.75);
    await expect(
      retroCampaign(at('2026-11-06 11:00'), { code: c.code, roi: '1', gmvFen: 1, notes: 'again' }),
    ).rejects.toMatchObject({ messageKey: 'err.campaign_already_reviewed' });
    await expect(endCampaign(at('2026-11-06 11:00'), { code: c.code })).rejects.toMatchObject({
      messageKey: 'err.campaign_already_reviewed',
    });
  });

  it('retro of a campaign that ended by date (job not run yet) fills in when it ended and flags lateness', async () => {
    const c = await createCampaign(
      at('2026-10-20 10:00'),
      input({ name: 'late retro', startDate: '2026-10-20', endDate: '2026-10-23' }),
    );
    await expect(endCampaign(at('2026-10-24 10:00'), { code: c.code })).rejects.toMatchObject({
      messageKey: 'err.campaign_already_ended',
    });
    // Ended Fri 23 Oct → due Wed 28 Oct; filed on Thu 29 Oct.
    const { campaign, late } = await retroCampaign(at('2026-10-29 09:00'), {
      code: c.code,
      roi: '2.5',
      gmvFen: 100,
      notes: 'late',
    });
    expect(late).toBe(true);
    expect(campaign.retroDueAt?.toISOString()).toBe(sh('2026-10-28 23:59:59.999').toISOString());
    expect(campaign.endedAt?.toISOString()).toBe(sh('2026-10-24 00:00').toISOString());
  });

  it('show adds up the spend logged against the campaign, exactly', async () => {
    const c = await createCampaign(at('2026-10-20 10:00'), input({ name: 'spend' }));
    for (const amountFen of [1_000_001, 250_050]) {
      await h.db.insert(spendEntries).values({
        spentOn: '2026-11-02',
        month: '2026-11',
        category: 'campaigns',
        campaignId: c.id,
        amountFen,
        createdBy: 'slack:U1',
        createdAt: sh('2026-11-02 10:00'),
      });
    }
    const shown = await showCampaign(at('2026-11-03 10:00'), { code: c.code });
    expect(shown.spentFen).toBe(1_250_051);
    expect(shown.status).toBe('live');
    await expect(showCampaign(base, { code: 'CMP-99999' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('list pages at 20 rows, newest first', async () => {
    for (let i = 0; i < 21; i++) await createCampaign(base, input({ name: `bulk ${i}` }));
    const p1 = await listCampaigns(base, { page: 1 });
    expect(p1.rows).toHaveLength(20);
    expect(p1.rows[0]!.name).toBe('bulk 20');
    const p2 = await listCampaigns(base, { page: 2 });
    expect(p2.page).toBe(2);
    expect(p1.total).toBe(await count());
  });
});

describe(`/campaign parser under hostile text on ${driverName}`, () => {
  const KEYS = ['name', 'type', 'start', 'end', 'budget', 'channels', 'owner', 'target_gmv', 'target_roi'];
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '5万',
      '¥5000',
      '50,000',
      '-1',
      '1e9',
      '2026-02-30',
      '<@U1|x>',
      '"',
      '　',
      '\u0000',
      'douyin,,',
    ),
  );
  const line = fc
    .tuple(
      fc.constantFrom('new', 'list', 'show', 'end', 'retro', 'CMP-1', ''),
      fc.array(fc.tuple(fc.constantFrom(...KEYS, 'roi', 'gmv', 'notes', 'page', 'status'), value), {
        maxLength: 6,
      }),
      fc.string(),
    )
    .map(([verb, pairs, tail]) => `campaign ${verb} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')} ${tail}`);

  it('every reply is a message and nothing escapes as an internal error', async () => {
    const deps = testDeps(h, { clock: new FakeClock(sh('2026-11-26 10:00')) });
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        const r = await dispatchCommand(deps, { text, actor: { platform: 'slack', userId: 'UFUZZ1' } });
        expect(typeof r.card.title).toBe('string');
        expect(r.card.title.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
    expect(deps.memlog.lines.filter((l) => l.includes('handler failed'))).toEqual([]);
  });

  it('any text in name/notes (NUL, emoji, quotes) is stored or refused, never an internal error', async () => {
    const deps = testDeps(h, { clock: new FakeClock(sh('2026-11-26 10:00')) });
    const actor = { platform: 'slack' as const, userId: 'UFUZZ2' };
    const quoted = (s: string) => `"${s.replaceAll('"', '')}"`;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (text) => {
        const created = await dispatchCommand(deps, {
          actor,
          text: `campaign new name=${quoted(text)} type=launch start=2026-11-01 end=2026-11-20 budget=1 channels=weibo target_gmv=1 target_roi=2`,
        });
        expect(created.card.title.length).toBeGreaterThan(0);
        const code = created.card.title.match(/CMP-\d+/)?.[0];
        if (code) {
          const retro = await dispatchCommand(deps, {
            actor,
            text: `campaign retro ${code} roi=1 gmv=1 notes=${quoted(text)}`,
          });
          expect(retro.card.title.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60, examples: [['a\u0000b'], ['🎉 双11 大促'], ['   ']] },
    );
    expect(deps.memlog.lines.filter((l) => l.includes('handler failed'))).toEqual([]);
  });
});
