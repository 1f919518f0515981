import { describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import { auditLog, channelMetrics } from '../../db/schema';
import { CHANNELS } from '../../src/domain/channels';
import { useSlackTestBot } from '../helpers/bot';
import { FakeClock } from '../helpers/deps';
import { blockText } from '../helpers/slack';

// Thursday 26 Nov 2026, 10:00 in Shanghai: "yesterday" is Wednesday 2026-11-25.
const clock = new FakeClock(new Date('2026-11-26T02:00:00Z'));
const app = useSlackTestBot({ clock });
const run = (text: string, user?: string) => app.run('/metrics', text, user);

describe('Slack /metrics end to end over signed HTTP', () => {
  it('log → log again updates only the given field (audited) → /metrics shows the KPI card for yesterday', async () => {
    const logged = await run(
      'log date=2026-11-25 channel=douyin impressions=5万 clicks=1,500 orders=32 buyers=25 gmv=1.5万 spend=¥5000 new_users=20',
    );
    expect(logged.response_type).toBe('ephemeral');
    expect(blockText(logged)).toContain('Logged Douyin · 2026-11-25');
    await run('log date=2026-11-24 channel=抖音 impressions=40000 clicks=1000 gmv=9000 spend=0');
    await run('log date=2026-11-18 channel=douyin impressions=50000 clicks=1500 gmv=10000 spend=5000');

    const updated = await run('log date=2026-11-25 channel=douyin clicks=1600');
    expect(blockText(updated)).toContain('Updated Douyin · 2026-11-25');
    expect(blockText(updated)).toContain('Clicks: 1,500 → 1,600');
    const [row] = (await app.db.select().from(channelMetrics)).filter((r) => r.date === '2026-11-25');
    expect(row).toMatchObject({ clicks: 1600, impressions: 50_000, gmvFen: 1_500_000, spendFen: 500_000 });
    const audit = await auditFor(app.db, 'metrics', '2026-11-25:douyin');
    expect(audit.map((a) => a.action)).toEqual(['metrics.create', 'metrics.update']);
    expect(audit[1]!.before).toMatchObject({ clicks: 1500 });
    expect(audit[1]!.after).toMatchObject({ clicks: 1600, gmv: 1_500_000 });

    const card = blockText(await run(''));
    expect(card).toContain('Channel metrics · 2026-11-25 (Wed)');
    expect(card).toContain('All channels');
    expect(card).toContain('Douyin');
    // CTR 3.2% vs 2.5% the day before (+0.7 pp) and 3.0% a week before (+0.2 pp). Three days of history are
    // too few for a baseline, so the day-over-day change judges it: +28%, over ±20%, marked and said so.
    expect(card).toContain('CTR 3.2%⚠️ · d/d +0.7 pp · w/w +0.2 pp');
    expect(card).toContain(
      'Douyin CTR 3.2%, +0.7 pp d/d (less than 3 weeks of history, so judged on the day-over-day change, over ±20%)',
    );
    // ROI 3:1; the day before had zero spend, so no change can be computed.
    expect(card).toContain('ROI (GMV ÷ spend) 3:1 · d/d — · w/w ↑50.0%');
    expect(card).toContain('CVR (orders ÷ clicks) 2.0%');
    expect(card).toContain('AOV (GMV ÷ buyers) ¥600.00');
    expect(card).toContain('CAC (spend ÷ new users) ¥250.00');
    expect(card).toContain('GMV ¥15,000⚠️ · d/d ↑66.7% · w/w ↑50.0%');
    expect(card).toContain('Rate changes are in percentage points');

    const byDate = blockText(await run('date=2026-11-24'));
    expect(byDate).toContain('Channel metrics · 2026-11-24 (Tue)');
    expect(byDate).toContain('ROI (GMV ÷ spend) — · d/d — · w/w —');
  });

  it('with more channels than fit a phone screen, the smallest fold into "others"', async () => {
    const date = '2026-11-20';
    for (const [i, ch] of CHANNELS.entries())
      await run(`log date=${date} channel=${ch} gmv=${(i + 1) * 1000} spend=500`);
    const card = blockText(await run(`${date}`));
    expect(card).toContain('Other channels (4)');
    // The four lowest by GMV fold into one line each; the highest ('other', ¥13,000) keeps a full section.
    expect(card).toContain('Douyin: GMV ¥1,000 · ROI 2:1');
    expect(card).toContain('WeChat Channels: GMV ¥4,000 · ROI 8:1');
    expect(card).not.toContain('Weibo (');
    expect(card.indexOf('GMV ¥13,000')).toBeLessThan(card.indexOf('GMV ¥12,000'));
  });

  it('a date with nothing logged says how to log', async () => {
    expect(blockText(await run('date=2026-10-01'))).toContain('No figures logged for 2026-10-01 yet');
  });

  it.each([
    ['log date=2026-11-25 channel=douyin clicks=abc', '`clicks`: `abc` is not a number'],
    ['log date=2026-02-30 channel=douyin uv=1', '`2026-02-30` does not exist on the calendar'],
    ['log date=2026-11-25 channel=myspace uv=1', '`myspace` is not a known channel'],
    ['log channel=douyin uv=1', 'Missing argument `date`'],
    ['log date=2026-11-25 channel=douyin', 'Give at least one figure'],
    ['log date=2026-11-27 channel=douyin uv=1', '2026-11-27 is in the future'],
    ['log date=2026-11-25 channel=douyin uv=-1', '`uv` cannot be negative'],
    ['log date=2026-11-25 channel=douyin gmv=1.234', '`gmv` can have at most two decimals'],
    ['log date=2026-11-25 channel=douyin colour=1', 'Unknown argument `colour`'],
    ['date=tomorrow', 'Argument `date`: `tomorrow` is not a valid date'],
    ['date=2026-12-01', 'Argument `date`: 2026-12-01 is in the future'],
  ])('bad input `/metrics %s` → one clear ephemeral message with usage, nothing written', (text, message) =>
    app.expectRefused('/metrics', text, message, [channelMetrics, auditLog]),
  );
});
