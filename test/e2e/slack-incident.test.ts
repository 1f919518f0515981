import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, incidents } from '../../db/schema';
import { useSlackTestBot } from '../helpers/bot';
import { auditOf } from '../helpers/db';
import { FakeClock } from '../helpers/deps';
import { waitFor } from '../helpers/e2e';
import { blockText } from '../helpers/slack';

// Thursday 26 Nov 2026, 10:00 in Shanghai.
const clock = new FakeClock(new Date('2026-11-26T02:00:00Z'));
const app = useSlackTestBot({ clock, channel: 'C_PR', record: ['chat.postMessage', 'chat.update'] });
const posted = app.calls['chat.postMessage']!;
const run = (text: string, user?: string) => app.run('/incident', text, user);

const rowOf = async (code: string) =>
  (await app.db.select().from(incidents).where(eq(incidents.code, code)))[0]!;

describe('Slack /incident end to end over signed HTTP', () => {
  it('new → warning card in the channel; respond → close → report with clocks and audit', async () => {
    const created = await run(
      'new platform=weibo severity=critical summary="博主发视频称用了产品过敏，转发 3000+" link=https://weibo.com/123/abc',
    );
    expect(created.response_type).toBe('ephemeral');
    expect(blockText(created)).toMatch(/Incident INC-\d+ logged/);
    expect(blockText(created)).toContain('11-26 12:00');
    const code = blockText(created).match(/INC-\d+/)![0];
    const row = await rowOf(code);
    expect(row.responseDueAt.toISOString()).toBe('2026-11-26T04:00:00.000Z');
    expect(row.owner).toBe('slack:U_SPEC');

    const card = await waitFor(() => posted.find((p) => blockText(p).includes(code)));
    expect(card.channel).toBe('C_PR');
    expect(blockText(card)).toContain('⚠️');
    expect(blockText(card)).toContain('Critical');
    expect(blockText(card)).toContain('weibo.com/123/abc');

    const early = await run(`report ${code} text=报告`);
    expect(blockText(early)).toContain(`${code} is not closed yet`);

    clock.advance(90 * 60_000);
    const responded = await run(`respond ${code} note="已在官微发布致歉声明"`);
    expect(blockText(responded)).toContain(`Statement recorded for ${code}`);
    expect(blockText(responded)).toContain('within the deadline');
    expect((await rowOf(code)).respondedAt?.toISOString()).toBe('2026-11-26T03:30:00.000Z');

    // Closed Thu 26 Nov → Fri 27, Mon 30 Nov.
    const closed = await run(`close ${code}`);
    expect(blockText(closed)).toContain('report due by 11-30 23:59');
    const again = await run(`respond ${code} note=again`);
    expect(blockText(again)).toContain(`${code} is already closed`);

    const reported = await run(`report ${code} text="舆情处理报告：起因、处理、复盘"`);
    expect(blockText(reported)).toContain(`Report filed for ${code}`);
    const after = await rowOf(code);
    expect(after.status).toBe('reported');
    expect(after.reportText).toBe('舆情处理报告：起因、处理、复盘');

    const list = await run('list status=reported');
    expect(blockText(list)).toContain(code);
    const audit = await auditOf(app.db, code);
    expect(audit.map((a) => a.action)).toEqual([
      'incident.create',
      'incident.respond',
      'incident.close',
      'incident.report',
    ]);
  });

  it('a late statement is reported as late', async () => {
    const created = await run('new platform=xiaohongshu severity=medium summary=差评笔记');
    const code = blockText(created).match(/INC-\d+/)![0];
    clock.advance(3 * 3_600_000);
    const responded = await run(`respond ${code} note=已回复`);
    expect(blockText(responded)).toContain('1h after the deadline');
  });

  it.each([
    ['new severity=high summary=x', 'Missing argument `platform`'],
    ['new platform=weibo summary=x', 'Missing argument `severity`'],
    ['new platform=weibo severity=urgent summary=x', 'Argument `severity` must be one of'],
    ['new platform=weibo severity=high summary=x link=javascript:alert(1)', 'must be an http(s) link'],
    ['respond INC-1', 'Missing argument `note`'],
    ['close INC-99999', 'No incident `INC-99999` exists'],
    ['list status=solved', 'Argument `status` must be one of'],
  ])('bad input `/incident %s` → one clear ephemeral message with usage, nothing written', (text, message) =>
    app.expectRefused('/incident', text, message, [incidents, auditLog]),
  );
});
