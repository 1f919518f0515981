/**
 * The daily digest's target pacing: the month's /target against the month so far, through the reported day
 * (yesterday), on calendar days. Targets are set with /target by an admin; GMV is ¥8万 a day on Taobao.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { channelMetrics } from '../../db/schema';
import { dispatchCommand } from '../../handlers/index';
import { buildDailyCard } from '../../jobs/daily-digest';
import type { Locale } from '../../src/chat/i18n';
import { addDays } from '../../src/domain/dates';
import { getSettings } from '../../src/domain/settings';
import { calendarFor } from '../../src/domain/work-calendar';
import { createTestDb } from '../helpers/db';
import { FakeClock, testConfig, testDeps } from '../helpers/deps';
import { cardText } from './digest-seed';

const config = testConfig({ MOPS_ADMINS: 'UADMIN' });
const DAILY_GMV = 8_000_000; // ¥8万 in fen
let h: DbHandle;

const admin = (text: string) =>
  dispatchCommand(testDeps(h, { config, clock: new FakeClock(new Date('2027-01-15T02:00:00Z')) }), {
    text,
    actor: { platform: 'slack', userId: 'UADMIN' },
    locale: 'en',
  });

/** The daily digest posted at 09:00 Shanghai on `postedOn`, which reports the day before. */
async function digest(postedOn: string, locale: Locale) {
  const now = new Date(`${postedOn}T01:00:00Z`);
  const deps = testDeps(h, { config, clock: new FakeClock(now) });
  const { card } = await buildDailyCard(deps, now, await getSettings(h.db, config), { locale, chart: false });
  return cardText(card);
}

/** The target section's lines (heading first), or [] when the digest has none. */
function targetSection(text: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^## (目标进度|Targets) · /.test(l));
  if (at < 0) return [];
  const end = lines.findIndex((l, i) => i > at && (l === '' || l.startsWith('## ')));
  return lines.slice(at, end < 0 ? undefined : end);
}

beforeAll(async () => {
  h = await createTestDb();
  const rows = [];
  for (let d = '2027-02-01'; d <= '2027-04-01'; d = addDays(d, 1)) {
    rows.push({
      date: d,
      channel: 'taobao',
      gmvFen: DAILY_GMV,
      spendFen: 2_000_000,
      orders: 40,
      updatedAt: new Date('2027-01-15T00:00:00Z'),
      updatedBy: 'slack:USEED',
    });
  }
  await h.db.insert(channelMetrics).values(rows);
  // February and March only: April has no target.
  for (const cmd of [
    '/target set 2027-02 gmv=280万',
    '/target set 2027-03 gmv=310万 new_users=3100',
    '/budget set 2027-02 channel_ads=100万',
  ]) {
    expect((await admin(cmd)).card.tone).toBe('success');
  }
});
afterAll(() => h.close());

describe('the daily digest’s target pacing', () => {
  it('across 春节 (2027-02): time gone counts calendar days, holidays too; no working-day figure is shown', async () => {
    // The team marks 2027-02-10 a day off (the 春节 break): the working-day calendar skips it...
    expect((await admin('/mops settings holiday add 2027-02-10')).card.tone).not.toBe('danger');
    expect(calendarFor(await getSettings(h.db, config)).isWorkingDay('2027-02-10')).toBe(false);
    // ...but sales run through the holiday, so the pacing clock does not stop: 10 of 28 days are gone.
    // Done: ¥80万 of ¥280万 = 29%; time 10/28 = 36%; 7 points behind; (¥280万 − ¥80万) ÷ 18 days = ¥11.1万.
    expect(targetSection(await digest('2027-02-11', 'zh-CN'))).toEqual([
      '## 目标进度 · 2027-02（截至 02-10，按自然日）',
      'GMV 月目标 ¥280万：已完成 ¥80万（29%），时间进度 10/28 天（36%）（落后 7 个百分点，还差 ¥200万，余 18 天需日均 ¥11.1万）',
    ]);
    const en = await digest('2027-02-11', 'en');
    expect(targetSection(en)).toEqual([
      '## Targets · 2027-02 (through 02-10, calendar days)',
      'GMV target ¥2.8M: ¥800,000 done (29%), 10 of 28 days gone (36%) (7 pp behind; ¥2M to go, ¥111,111 a day over the 18 days left)',
    ]);
    expect(en).not.toMatch(/working day/i);
    // The budget section paces on the same clock.
    expect(en).toContain('(day 10 of 28)');
  });

  it('on the first day of a month: 1 of 31 days gone, the rest spread over the 30 days left', async () => {
    // ¥8万 of ¥310万 = 3% (2.6% rounded), 1/31 = 3%: on pace; (¥310万 − ¥8万) ÷ 30 = ¥10.07万.
    expect(targetSection(await digest('2027-03-02', 'zh-CN'))).toEqual([
      '## 目标进度 · 2027-03（截至 03-01，按自然日）',
      'GMV 月目标 ¥310万：已完成 ¥8万（3%），时间进度 1/31 天（3%）（与时间进度持平，还差 ¥302万，余 30 天需日均 ¥10.1万）',
      '新增用户 月目标 3,100：已完成 0（0%），时间进度 1/31 天（3%）（落后 3 个百分点，还差 3,100，余 30 天需日均 104）',
    ]);
  });

  it('on the last day of a month: all days gone, the target missed by what is left', async () => {
    // The digest of 1 March reports 28 February: ¥224万 of ¥280万 = 80%, missed by ¥56万.
    expect(targetSection(await digest('2027-03-01', 'en'))).toEqual([
      '## Targets · 2027-02 (through 02-28, calendar days)',
      'GMV target ¥2.8M: ¥2.24M done (80%), 28 of 28 days gone (100%) (missed by ¥560,000)',
    ]);
  });

  it('a target already met says so and asks for nothing more a day', async () => {
    await admin('/target set 2027-03 gmv=100万');
    // 13 days × ¥8万 = ¥104万 ≥ ¥100万.
    const [, gmv] = targetSection(await digest('2027-03-14', 'zh-CN'));
    expect(gmv).toBe('GMV 月目标 ¥100万：已完成 ¥104万（104%），时间进度 13/31 天（42%）（已达成 ✅）');
  });

  it('a month without targets has no target section and no hint', async () => {
    const text = await digest('2027-04-02', 'zh-CN');
    expect(targetSection(text)).toEqual([]);
    expect(text).not.toContain('/target');
    expect(text).toContain('2027-04 还没有预算和花费记录');
  });
});
