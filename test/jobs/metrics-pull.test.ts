/**
 * The metrics-pull job end to end on the test database, with the WeChat datacube answered by nock: rows
 * land with their source, hand-logged figures win (the audit shows both), a re-run writes nothing new, a
 * source failing three runs in a row alerts the admins once, and a backfill resumes after a failure.
 */
import { asc, eq } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  auditLog,
  channelMetrics,
  connectorRuns,
  connectorState,
  jobRuns,
  outbox,
  sourceMetrics,
} from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { buildDailyCard } from '../../jobs/daily-digest';
import { runJob } from '../../jobs/index';
import { decodeCard } from '../../src/chat/card-codec';
import { pullDefaults, pullSource } from '../../src/connectors/pull';
import { connectorById } from '../../src/connectors/registry';
import { resetWechatTokens } from '../../src/connectors/wechat-mp';
import { logMetrics } from '../../src/domain/metrics';
import { getSettings } from '../../src/domain/settings';
import { createTestDb, driverName } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';

const BASE = 'https://wx.test';
const config = testConfig({
  CONSOLE: '1',
  MOPS_ADMINS: 'console:chen',
  WECHAT_MP_APPID: 'wxAPPID',
  WECHAT_MP_SECRET: 'APPSECRET',
  WECHAT_MP_API_BASE: BASE,
});
let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;

/** 2026-11-26 08:30 and other moments in Asia/Shanghai. */
const at = (local: string) => new Date(`${local}+08:00`);

function wechatDay(day: string, f: { followers: number; added: number; reads: number }) {
  nock(BASE)
    .post('/datacube/getusersummary', { begin_date: day, end_date: day })
    .query(true)
    .reply(200, { list: [{ ref_date: day, user_source: 0, new_user: f.added, cancel_user: 1 }] });
  nock(BASE)
    .post('/datacube/getusercumulate', { begin_date: day, end_date: day })
    .query(true)
    .reply(200, { list: [{ ref_date: day, cumulate_user: f.followers }] });
  nock(BASE)
    .post('/datacube/getarticlesummary', { begin_date: day, end_date: day })
    .query(true)
    .reply(200, {
      list: [
        { ref_date: day, msgid: '1_1', title: 't', int_page_read_user: 1, int_page_read_count: f.reads },
      ],
    });
}

beforeAll(async () => {
  nock.disableNetConnect();
  pullDefaults.http = { baseDelayMs: 1, attempts: 2 };
  h = await createTestDb();
  deps = testDeps(h, { config, clock: new FakeClock(at('2026-11-26T08:30:00')) });
});
afterAll(async () => {
  nock.enableNetConnect();
  pullDefaults.http = {};
  await h.close();
});
beforeEach(async () => {
  resetWechatTokens();
  nock(BASE).post('/cgi-bin/stable_token').reply(200, { access_token: 'T', expires_in: 7200 }).persist();
  for (const t of [auditLog, channelMetrics, sourceMetrics, connectorRuns, connectorState, jobRuns, outbox])
    await h.db.delete(t);
});
afterEach(() => nock.cleanAll());

const counts = async () => ({
  metrics: (await h.db.select().from(channelMetrics)).length,
  source: (await h.db.select().from(sourceMetrics)).length,
  audit: (await h.db.select().from(auditLog)).length,
});

describe(`metrics-pull on ${driverName}`, () => {
  it('08:30 → yesterday’s WeChat figures land in channel_metrics attributed to the source, with an audit row', async () => {
    wechatDay('2026-11-25', { followers: 5000, added: 40, reads: 1200 });
    const r = await runJob(deps, 'metrics-pull', at('2026-11-26T08:30:00'));
    expect(r).toMatchObject({ ran: true, periodKey: '2026-11-26/final' });
    const [row] = await h.db.select().from(channelMetrics);
    expect(row).toMatchObject({
      date: '2026-11-25',
      channel: 'wechat_official',
      followers: 5000,
      newUsers: 40,
      pv: 1200,
      updatedBy: 'connector:wechat_mp',
      sources: { followers: 'wechat_mp', new_users: 'wechat_mp', pv: 'wechat_mp' },
    });
    const audit = await h.db.select().from(auditLog);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'metrics.pull', entityId: '2026-11-25:wechat_official' });
    const runs = await h.db.select().from(connectorRuns);
    expect(runs).toMatchObject([{ source: 'wechat_mp', kind: 'scheduled', ok: true, rows: 1, changed: 1 }]);
  });

  it('the same figures pulled again (hourly 07:15, then 08:30) → the second run writes nothing new', async () => {
    wechatDay('2026-11-25', { followers: 5000, added: 40, reads: 1200 });
    await runJob(deps, 'metrics-pull', at('2026-11-26T07:15:00'));
    const first = await counts();
    const [before] = await h.db.select().from(channelMetrics);
    wechatDay('2026-11-25', { followers: 5000, added: 40, reads: 1200 });
    await runJob(deps, 'metrics-pull', at('2026-11-26T08:30:00'));
    expect(await counts()).toEqual(first);
    const [after] = await h.db.select().from(channelMetrics);
    expect(after!.updatedAt).toEqual(before!.updatedAt);
    // After the final pull the hourly run has nothing to ask WeChat (no figures for today).
    const r = await runJob(deps, 'metrics-pull', at('2026-11-26T09:15:00'));
    expect(r.summary).toMatchObject({ sources: { wechat_mp: 'up to date' } });
    expect(nock.pendingMocks().filter((m) => !m.includes('stable_token'))).toEqual([]);
  });

  it('a hand-logged figure wins over a different pulled one; the audit shows both', async () => {
    await logMetrics(
      { db: h.db, now: at('2026-11-26T08:00:00'), actor: 'console:li' },
      { date: '2026-11-25', channel: 'wechat_official', values: { followers: 4999, gmv: 100_00 } },
    );
    wechatDay('2026-11-25', { followers: 5000, added: 40, reads: 1200 });
    await runJob(deps, 'metrics-pull', at('2026-11-26T08:30:00'));
    const [row] = await h.db.select().from(channelMetrics);
    expect(row).toMatchObject({ followers: 4999, newUsers: 40, pv: 1200, gmvFen: 100_00 });
    expect(row!.sources).toEqual({ new_users: 'wechat_mp', pv: 'wechat_mp' });
    const pull = (await h.db.select().from(auditLog).orderBy(asc(auditLog.id))).at(-1)!;
    expect(pull.action).toBe('metrics.pull');
    expect(pull.after).toMatchObject({
      followers: 4999,
      pulled: { followers: 5000 },
      kept: { followers: 4999 },
    });
    // The pulled figure is kept beside it.
    const [src] = await h.db.select().from(sourceMetrics);
    expect(src!.followers).toBe(5000);
  });

  it('metrics_prefer=pulled → the pulled figure replaces the hand-logged one', async () => {
    await h.db.execute(
      `insert into settings (key, value, updated_at, updated_by) values ('metricsPrefer', '"pulled"', now(), 'test')
       on conflict (key) do update set value = excluded.value` as never,
    );
    try {
      await logMetrics(
        { db: h.db, now: at('2026-11-26T08:00:00'), actor: 'console:li' },
        { date: '2026-11-25', channel: 'wechat_official', values: { followers: 4999 } },
      );
      wechatDay('2026-11-25', { followers: 5000, added: 40, reads: 1200 });
      await runJob(deps, 'metrics-pull', at('2026-11-26T08:30:00'));
      const [row] = await h.db.select().from(channelMetrics);
      expect(row).toMatchObject({ followers: 5000, sources: { followers: 'wechat_mp' } });
    } finally {
      await h.db.execute(`delete from settings where key = 'metricsPrefer'` as never);
    }
  });

  it('a source failing three runs in a row → one alert to the admins, not one per hour', async () => {
    const fail = () =>
      nock(BASE)
        .post('/datacube/getusersummary')
        .query(true)
        .reply(200, { errcode: 40164, errmsg: 'invalid ip' });
    const hours = ['01', '02', '03', '04', '05'];
    for (const hh of hours) {
      fail();
      const r = await runJob(deps, 'metrics-pull', at(`2026-11-26T${hh}:15:00`));
      expect(r.ran).toBe(true);
    }
    const posts = await h.db.select().from(outbox);
    expect(posts).toHaveLength(1);
    const card = decodeCard((posts[0]!.payload as { card: never }).card);
    expect(card.title).toBe('Metrics pull keeps failing: WeChat Official Account');
    expect(card.text).toContain('IP');
    expect(card.mentions).toEqual([{ platform: 'console', userId: 'chen' }]);
    expect(posts[0]!.destination).toBe('#mkt-alerts');
  });

  it('a backfill that fails in the middle resumes after the last stored chunk', async () => {
    const wechat = connectorById('wechat_mp')!;
    const range = { from: '2026-11-01', to: '2026-11-20' }; // 3 chunks: 1–7, 8–14, 15–20
    const chunkOk = (from: string, to: string) => {
      const days: string[] = [];
      for (let d = Number(from.slice(8)); d <= Number(to.slice(8)); d++)
        days.push(`2026-11-${String(d).padStart(2, '0')}`);
      nock(BASE)
        .post('/datacube/getusersummary', { begin_date: from, end_date: to })
        .query(true)
        .reply(200, {
          list: days.map((d) => ({ ref_date: d, user_source: 0, new_user: 1, cancel_user: 0 })),
        });
      nock(BASE)
        .post('/datacube/getusercumulate', { begin_date: from, end_date: to })
        .query(true)
        .reply(200, { list: days.map((d, i) => ({ ref_date: d, cumulate_user: 100 + i })) });
      nock(BASE).post('/datacube/getarticlesummary').query(true).times(days.length).reply(200, { list: [] });
    };
    chunkOk('2026-11-01', '2026-11-07');
    nock(BASE)
      .post('/datacube/getusersummary', { begin_date: '2026-11-08', end_date: '2026-11-14' })
      .query(true)
      .reply(200, { errcode: 45009, errmsg: 'reach max api daily quota limit' });
    const first = await pullSource(deps, wechat, range, { kind: 'backfill' });
    expect(first).toMatchObject({
      ok: false,
      doneThrough: '2026-11-07',
      rows: 7,
      error: { key: 'err.wechat.quota' },
    });
    expect((await h.db.select().from(sourceMetrics)).length).toBe(7);

    // The same command again: only 8–20 is asked for.
    chunkOk('2026-11-08', '2026-11-14');
    chunkOk('2026-11-15', '2026-11-20');
    const progress: number[] = [];
    const second = await pullSource(deps, wechat, range, {
      kind: 'backfill',
      onProgress: (p) => progress.push(p.done),
    });
    expect(second).toMatchObject({
      ok: true,
      resumedFrom: '2026-11-08',
      doneThrough: '2026-11-20',
      rows: 13,
    });
    expect(progress).toEqual([14, 20]);
    expect((await h.db.select().from(sourceMetrics)).length).toBe(20);
    expect(nock.pendingMocks().filter((m) => !m.includes('stable_token'))).toEqual([]);
    const [state] = await h.db.select().from(connectorState).where(eq(connectorState.source, 'wechat_mp'));
    expect(state!.backfill).toEqual({ ...range, doneThrough: '2026-11-20' });
    // And once more: nothing left to do, nothing asked.
    const third = await pullSource(deps, wechat, range, { kind: 'backfill' });
    expect(third).toMatchObject({ ok: true, rows: 0, doneThrough: '2026-11-20' });
  });
});

describe('npm run mops -- pull', () => {
  const io = () => {
    const o = { out: [] as string[], err: [] as string[], progress: [] as string[] };
    return {
      o,
      io: {
        out: (s: string) => o.out.push(s),
        err: (s: string) => o.err.push(s),
        progress: (s: string) => o.progress.push(s),
      },
    };
  };

  it('bad input → names the problem and shows the usage, nothing asked, nothing written', async () => {
    const { cliPull } = await import('../../src/connectors/cli');
    for (const args of [
      [],
      ['nosuch'],
      ['wechat_mp', '--from', '2026-13-01'],
      ['wechat_mp', '--from', '2026-11-20', '--to', '2026-11-10'],
      ['wechat_mp', '--since', 'x'],
    ]) {
      const { o, io: sink } = io();
      expect(await cliPull(deps, args, sink)).toBe(2);
      expect(o.err.join('\n')).toContain('Usage: npm run mops -- pull SOURCE');
    }
    expect(await counts()).toEqual({ metrics: 0, source: 0, audit: 0 });
  });

  it('a backfill prints a progress bar per chunk and a summary', async () => {
    const { cliPull } = await import('../../src/connectors/cli');
    // One 2-day chunk: the user calls cover both days at once.
    nock(BASE).post('/datacube/getusersummary').query(true).reply(200, { list: [] });
    nock(BASE)
      .post('/datacube/getusercumulate')
      .query(true)
      .reply(200, {
        list: [
          { ref_date: '2026-11-24', cumulate_user: 10 },
          { ref_date: '2026-11-25', cumulate_user: 11 },
        ],
      });
    nock(BASE).post('/datacube/getarticlesummary').query(true).times(2).reply(200, { list: [] });
    const { o, io: sink } = io();
    expect(await cliPull(deps, ['wechat_mp', '--from', '2026-11-24', '--to', '2026-11-25'], sink)).toBe(0);
    expect(o.progress.join('')).toContain(
      '[########################] WeChat Official Account: 2/2 days (100%) · 2 rows',
    );
    expect(o.out.at(-1)).toBe(
      'WeChat Official Account: 2026-11-24 to 2026-11-25 done, 2 rows, 2 changed, 0 hand-logged figures kept.',
    );
    const again = io();
    expect(await cliPull(deps, ['wechat_mp', '--from', '2026-11-24', '--to', '2026-11-25'], again.io)).toBe(
      0,
    );
    expect(again.o.out).toEqual([
      'WeChat Official Account: 2026-11-24 to 2026-11-25 was already pulled completely; nothing to do.',
    ]);
  });
});

describe('where the figures came from', () => {
  const as = (userId: string, text: string) =>
    dispatchCommand(deps, {
      text,
      actor: { platform: 'console', userId },
      place: { platform: 'console', channel: '#marketing' },
    });

  it('the 09:00 digest says which source gave a channel’s figures and as of when', async () => {
    wechatDay('2026-11-25', { followers: 5000, added: 40, reads: 1200 });
    await runJob(deps, 'metrics-pull', at('2026-11-26T08:30:00'));
    const { card } = await buildDailyCard(deps, at('2026-11-26T09:00:00'), await getSettings(h.db, config));
    const section = card.sections!.find((s) => s.heading === 'WeChat Official Account')!;
    expect(section.lines).toContain('Source: WeChat Official Account (as of 08:30)');
    expect(JSON.stringify(card)).not.toContain('No data yet');
  });

  it('a channel a configured source fills but has no figures for yet → says so instead of zeros', async () => {
    const { card } = await buildDailyCard(deps, at('2026-11-26T09:00:00'), await getSettings(h.db, config));
    const section = card.sections!.find((s) => s.heading === 'No data yet')!;
    expect(section.lines).toEqual([
      'WeChat Official Account: WeChat Official Account has no figures for this day yet',
    ]);
  });

  it('/mops settings connectors shows each source: configured, last success, last error, rows, next run', async () => {
    wechatDay('2026-11-25', { followers: 5000, added: 40, reads: 1200 });
    await runJob(deps, 'metrics-pull', at('2026-11-26T08:30:00'));
    nock(BASE)
      .post('/datacube/getusersummary')
      .query(true)
      .reply(200, { errcode: 40164, errmsg: 'invalid ip 1.2.3.4' });
    await runJob(deps, 'metrics-pull', at('2026-11-27T01:15:00'));
    deps.clock.set(at('2026-11-27T01:20:00'));
    const r = await as('li', '/mops settings connectors');
    expect(r.visibility).toBe('ephemeral');
    const wechat = r.card.sections!.find((s) => s.heading === 'WeChat Official Account · wechat_mp')!;
    expect(wechat.lines).toEqual([
      'configured',
      'Fills: WeChat Official Account',
      'Last success: 11-26 08:30',
      'Last error (11-27 01:15): WeChat Official Account: this server’s IP is not whitelisted (40164); add it under Basic configuration → IP whitelist.',
      'Next run: 11-27 02:15',
    ]);
    const baidu = r.card.sections!.find((s) => s.heading === 'Baidu Tongji · baidu_tongji')!;
    expect(baidu.lines[0]).toBe('not configured (see the README, "Metrics connectors")');
    expect(r.card.context![0]).toContain('hand-logged figures win');
  });
});
