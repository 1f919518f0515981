import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, campaigns } from '../../db/schema';
import { encodeFormCallbackId } from '../../src/platforms/slack/ids';
import { useSlackTestBot } from '../helpers/bot';
import { auditOf } from '../helpers/db';
import { FakeClock } from '../helpers/deps';
import { waitFor } from '../helpers/e2e';
import { blockText, postSigned, slashBody, viewSubmissionBody } from '../helpers/slack';

// Thursday 26 Nov 2026, 10:00 in Shanghai.
const clock = new FakeClock(new Date('2026-11-26T02:00:00Z'));
const app = useSlackTestBot({ clock, record: ['chat.postMessage', 'views.open', 'chat.postEphemeral'] });
const posted = app.calls['chat.postMessage']!;
const modals = app.calls['views.open']!;
const ephemerals = app.calls['chat.postEphemeral']!;
const run = (text: string, user?: string) => app.run('/campaign', text, user);

const codeOf = (msg: Record<string, unknown>) => blockText(msg).match(/CMP-\d+/)![0];
const rowOf = async (code: string) =>
  (await app.db.select().from(campaigns).where(eq(campaigns.code, code)))[0]!;

const NEW = 'new name="双11 返场" type=promotion start=2026-11-20 end=2026-11-30 channels=douyin,xiaohongshu';

describe('Slack /campaign end to end over signed HTTP', () => {
  it('new → channel card mentioning the owner; show → end → retro, with the DB and audit following', async () => {
    const created = await run(`${NEW} budget=50,000 owner=<@UOWNER1|li> target_gmv=15万 target_roi=3`);
    expect(created.response_type).toBe('ephemeral');
    expect(blockText(created)).toMatch(/Campaign CMP-\d+ created/);
    const code = codeOf(created);
    const row = await rowOf(code);
    expect(row.budgetFen).toBe(5_000_000);
    expect(row.targetGmvFen).toBe(15_000_000);
    expect(row.owner).toBe('slack:UOWNER1');
    expect(row.status).toBe('live');
    expect(row.channels).toEqual(['douyin', 'xiaohongshu']);

    const card = await waitFor(() => posted.find((p) => blockText(p).includes(code)));
    expect(card.channel).toBe('C_MKT');
    expect(blockText(card)).toContain('<@UOWNER1>');
    expect(blockText(card)).toContain('¥50,000.00');

    const shown = await run(`show ${code}`);
    expect(blockText(shown)).toContain('Target GMV');
    expect(blockText(shown)).toContain('¥150,000.00');
    expect(blockText(shown)).toContain('Spent so far');
    expect(blockText(shown)).toContain('retro clock starts when the campaign ends');

    const early = await run(`retro ${code} roi=3 gmv=1 notes=x`);
    expect(blockText(early)).toContain(`${code} has not ended yet`);
    expect((await rowOf(code)).status).toBe('live');

    // Thu 26 Nov → Fri 27, Mon 30 Nov, Tue 1 Dec.
    const ended = await run(`end ${code}`);
    expect(blockText(ended)).toContain(`Campaign ${code} ended`);
    expect(blockText(ended)).toContain('12-01 23:59');
    expect((await rowOf(code)).retroDueAt?.toISOString()).toBe('2026-12-01T15:59:59.999Z');

    clock.advance(24 * 3_600_000);
    const retro = await run(`retro ${code} roi=3.3:1 gmv=16.5万 notes="直播间转化好" new_users=1,500`);
    expect(blockText(retro)).toContain(`Retrospective filed for ${code}`);
    expect(blockText(retro)).toContain('Filed on time');
    expect(blockText(retro)).toContain('110.0%');
    const after = await rowOf(code);
    expect(after.status).toBe('reviewed');
    expect(after.retroGmvFen).toBe(16_500_000);
    expect(after.retroRoi).toBe('3.3');
    expect(after.retroNewUsers).toBe(1500);

    const list = await run('list status=reviewed');
    expect(blockText(list)).toContain(code);
    const audit = await auditOf(app.db, code);
    expect(audit.map((a) => a.action)).toEqual(['campaign.create', 'campaign.end', 'campaign.retro']);
  });

  it.each([
    ['50,000', 5_000_000],
    ['5万', 5_000_000],
    ['¥5000', 500_000],
    ['１２３４.５６', 123_456],
  ])('budget=%s is stored exactly as %i fen', async (typed, fen) => {
    const created = await run(`${NEW} budget=${typed} target_gmv=${typed} target_roi=2.5`);
    const row = await rowOf(codeOf(created));
    expect(row.budgetFen).toBe(fen);
    expect(row.targetGmvFen).toBe(fen);
    expect(row.owner).toBe('slack:U_SPEC');
  });

  it.each([
    [
      'new name=x type=promotion start=2026-11-30 end=2026-11-01 budget=1 channels=douyin target_gmv=1 target_roi=3',
      'The end date 2026-11-01 is before the start date 2026-11-30',
    ],
    [
      'new name=x type=promotion start=2026-02-30 end=2026-03-01 budget=1 channels=douyin target_gmv=1 target_roi=3',
      'the date `2026-02-30` does not exist',
    ],
    [
      'new name=x type=promotion start=2026-11-01 end=2026-11-30 budget=1 channels=douyin,kuaishou target_gmv=1 target_roi=3',
      'unknown channel(s) `kuaishou`',
    ],
    [
      'new name=x type=promotion start=2026-11-01 end=2026-11-30 budget=lots channels=douyin target_gmv=1 target_roi=3',
      'Argument `budget` is not an amount',
    ],
    [
      'new name=x type=promotion start=2026-11-01 end=2026-11-30 budget=-5 channels=douyin target_gmv=1 target_roi=3',
      'Argument `budget` cannot be negative',
    ],
    [
      'new name=x type=webinar start=2026-11-01 end=2026-11-30 budget=1 channels=douyin target_gmv=1 target_roi=3',
      'Argument `type` must be one of',
    ],
    [
      'new name=x type=promotion start=2026-11-01 end=2026-11-30 budget=1 channels=douyin target_gmv=1',
      'Missing argument `target_roi`',
    ],
    ['retro CMP-99999 roi=1 gmv=1 notes=x', 'No campaign `CMP-99999` exists'],
    ['retro CMP-1 roi=lots gmv=1 notes=x', 'Argument `roi` must be GMV ÷ spend'],
    ['end', 'Please give the code'],
  ])('bad input `/campaign %s` → one clear ephemeral message with usage, nothing written', (text, message) =>
    app.expectRefused('/campaign', text, message, [campaigns, auditLog]),
  );

  it('/campaign new with no arguments opens a modal with date pickers, selects and text boxes for money', async () => {
    const { body } = slashBody('/campaign', 'new');
    expect((await postSigned(app.url, body)).status).toBe(200);
    const opened = await waitFor(() => modals[0]);
    const view = JSON.parse(String(opened.view)) as {
      callback_id: string;
      blocks: { block_id: string; element: { type: string } }[];
    };
    expect(view.callback_id).toBe(encodeFormCallbackId('campaign new'));
    const kinds = Object.fromEntries(view.blocks.map((b) => [b.block_id, b.element.type]));
    expect(kinds).toMatchObject({
      type: 'static_select',
      start: 'datepicker',
      end: 'datepicker',
      budget: 'plain_text_input',
      target_gmv: 'plain_text_input',
      target_new_users: 'plain_text_input',
      channels: 'multi_static_select',
      owner: 'users_select',
    });
  });

  const submit = (values: Record<string, Record<string, unknown>>) =>
    postSigned(app.url, viewSubmissionBody('campaign new', values));
  const formValues = (end: string) => ({
    name: { type: 'plain_text_input', value: '年货节' },
    type: { type: 'static_select', selected_option: { value: 'promotion' } },
    start: { type: 'datepicker', selected_date: '2026-12-20' },
    end: { type: 'datepicker', selected_date: end },
    budget: { type: 'plain_text_input', value: '8万' },
    channels: {
      type: 'multi_static_select',
      selected_options: [{ value: 'taobao' }, { value: 'jd' }],
    },
    owner: { type: 'users_select', selected_user: 'UOWNER2' },
    target_gmv: { type: 'plain_text_input', value: '¥400,000' },
    target_roi: { type: 'plain_text_input', value: '5' },
  });

  it('a modal submitted with the end before the start shows the error under the end field; nothing written', async () => {
    const before = (await app.db.select().from(campaigns)).length;
    const res = await submit(formValues('2026-12-01'));
    expect(res.status).toBe(200);
    const json = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(json.response_action).toBe('errors');
    expect(json.errors.end).toContain('before the start date');
    expect((await app.db.select().from(campaigns)).length).toBe(before);
  });

  it('a modal takes money as the command line does: 5万 and ¥20万 are stored as ¥50,000 and ¥200,000', async () => {
    const res = await submit({
      ...formValues('2027-01-10'),
      budget: { type: 'plain_text_input', value: '5万' },
      target_gmv: { type: 'plain_text_input', value: '¥20万' },
      target_new_users: { type: 'plain_text_input', value: '1.2万' },
    });
    expect(res.status).toBe(200);
    const note = await waitFor(() => ephemerals.find((e) => blockText(e).includes('¥200,000.00')));
    const row = await rowOf(codeOf(note));
    expect(row).toMatchObject({ budgetFen: 5_000_000, targetGmvFen: 20_000_000, targetNewUsers: 12_000 });
  });

  it('an unparseable amount in the modal → an error under that field naming its label; nothing written', async () => {
    const before = (await app.db.select().from(campaigns)).length;
    const res = await submit({
      ...formValues('2027-01-10'),
      budget: { type: 'plain_text_input', value: '五万块' },
      target_new_users: { type: 'plain_text_input', value: '很多' },
    });
    const json = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(json.response_action).toBe('errors');
    expect(json.errors.budget).toContain('“Budget” is not an amount: `五万块`');
    expect(json.errors.target_new_users).toContain('“Target new users” must be a whole number');
    expect(json.errors.budget).not.toContain('`budget`');
    expect((await app.db.select().from(campaigns)).length).toBe(before);
  });

  it('a valid modal creates the campaign with the picked owner and amounts', async () => {
    const res = await submit(formValues('2027-01-10'));
    expect(res.status).toBe(200);
    const note = await waitFor(() => ephemerals.find((e) => blockText(e).includes('¥80,000.00')));
    const row = await rowOf(codeOf(note));
    expect(row).toMatchObject({
      name: '年货节',
      owner: 'slack:UOWNER2',
      budgetFen: 8_000_000,
      targetGmvFen: 40_000_000,
      targetRoi: '5',
      channels: ['taobao', 'jd'],
      status: 'planned',
    });
  });
});
