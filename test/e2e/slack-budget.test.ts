import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, budgetPlans, campaigns, spendEntries } from '../../db/schema';
import { encodeFormCallbackId } from '../../src/platforms/slack/ids';
import { useSlackTestBot } from '../helpers/bot';
import { FakeClock } from '../helpers/deps';
import { waitFor } from '../helpers/e2e';
import { blockText, postSigned, slashBody, viewSubmissionBody } from '../helpers/slack';

// Thursday 26 Nov 2026, 10:00 in Shanghai.
const clock = new FakeClock(new Date('2026-11-26T02:00:00Z'));
const app = useSlackTestBot({ clock, record: ['views.open', 'chat.postEphemeral'] });
const modals = app.calls['views.open']!;
const ephemerals = app.calls['chat.postEphemeral']!;
const run = (text: string, user?: string) => app.run('/budget', text, user);

beforeAll(async () => {
  await app.db.insert(campaigns).values({
    code: 'CMP-900',
    name: '双12 预热',
    type: 'promotion',
    channels: ['taobao'],
    startDate: '2026-12-01',
    endDate: '2026-12-12',
    budgetFen: 1_000_000,
    owner: 'slack:U_SPEC',
    createdBy: 'slack:U_SPEC',
    createdAt: clock.now(),
  });
});

const snapshot = async () => ({
  plans: (await app.db.select().from(budgetPlans)).length,
  spend: (await app.db.select().from(spendEntries)).length,
  audit: (await app.db.select().from(auditLog)).length,
});

describe('Slack /budget end to end over signed HTTP', () => {
  it('set a month → spend through 90% and past 105% → /budget 2026-11 and /budget show the usage', async () => {
    const set = await run('set 2026-11 channel_ads=5万 campaigns=30,000 content=¥20000');
    expect(set.response_type).toBe('ephemeral');
    expect(blockText(set)).toContain('Budget for 2026-11 set');
    expect(blockText(set)).toContain('¥50,000.00');
    const plans = await app.db.select().from(budgetPlans).where(eq(budgetPlans.month, '2026-11'));
    expect(Object.fromEntries(plans.map((p) => [p.category, p.planFen]))).toEqual({
      channel_ads: 5_000_000,
      campaigns: 3_000_000,
      content: 2_000_000,
    });

    const warn = await run('spend amount=46,000 category=channel_ads channel=抖音 note="信息流 第一周"');
    const warnText = blockText(warn);
    expect(warnText).toContain('Spend of ¥46,000.00 logged');
    expect(warnText).toContain('¥46,000.00 of ¥50,000.00 used (92.0%)');
    expect(warnText).toContain('at 90% or more');
    expect(warnText).toContain('Channel: Douyin');
    const [entry] = await app.db.select().from(spendEntries);
    expect(entry).toMatchObject({
      spentOn: '2026-11-26',
      month: '2026-11',
      channel: 'douyin',
      amountFen: 4_600_000,
    });

    const over = await run('spend amount=8000 category=channel_ads');
    expect(blockText(over)).toContain('now above 105% of its plan for the month (108.0%): escalate');

    const campaign = await run('spend amount=2500 category=campaigns campaign=cmp-900');
    expect(blockText(campaign)).toContain('CMP-900');
    expect(blockText(campaign)).toContain('¥2,500.00 spent of its ¥10,000.00 budget (25.0%)');

    for (const text of ['2026-11', '', 'show 2026年11月']) {
      const shown = blockText(await run(text));
      expect(shown).toContain('Budget usage · 2026-11');
      expect(shown).toContain('¥54,000.00 of ¥50,000.00 · 108.0%');
      expect(shown).toContain('above 105%: escalate');
      expect(shown).toContain('Total');
      expect(shown).toContain('¥56,500.00 of ¥100,000.00 · 56.5%');
    }

    const audit = await app.db.select().from(auditLog);
    expect(audit.map((a) => a.action).sort()).toEqual([
      'budget.set',
      'budget.spend',
      'budget.spend',
      'budget.spend',
    ]);
  });

  it('a month with no plan says how to set one', async () => {
    const shown = await run('2027-03');
    expect(blockText(shown)).toContain('No budget plan for 2027-03 yet');
  });

  it.each([
    ['spend amount=-5 category=content', 'Argument `amount` cannot be negative'],
    ['spend amount=0 category=content', 'Argument `amount` must be more than zero'],
    ['spend amount=abc category=content', 'Argument `amount` is not an amount: `abc`'],
    ['spend amount=5 category=food', 'Argument `category` must be one of'],
    ['spend category=content', 'Missing argument `amount`'],
    ['spend amount=5 category=content campaign=CMP-999', 'No campaign `CMP-999` exists'],
    ['spend amount=5 category=content campaign=summer', '`summer` is not a valid code'],
    ['spend amount=5 category=content channel=myspace', 'Argument `channel` must be one of: douyin (抖音)'],
    ['set 2026-13 content=1', 'Month `2026-13` is invalid'],
    ['set 2026-12', 'Give an amount for at least one category'],
    ['set 2026-12 content=5 colour=red', 'Unknown argument `colour`'],
    ['set content=5', 'Please give the month'],
    ['2026-13', 'Month `2026-13` is invalid'],
  ])('bad input `/budget %s` → one clear ephemeral message with usage, nothing written', (text, message) =>
    app.expectRefused('/budget', text, message, [budgetPlans, spendEntries, auditLog]),
  );

  it('/budget set with no arguments opens a modal; a bad month shows under its field; a good one saves', async () => {
    // A form opens a modal instead of answering on response_url, so only the HTTP status is awaited.
    expect((await postSigned(app.url, slashBody('/budget', 'set').body)).status).toBe(200);
    const modal = await waitFor(() => modals[0]);
    const view = JSON.parse(String(modal.view)) as {
      callback_id: string;
      blocks: { block_id: string; element: { type: string } }[];
    };
    expect(view.callback_id).toBe(encodeFormCallbackId('budget set'));
    expect(Object.fromEntries(view.blocks.map((b) => [b.block_id, b.element.type]))).toEqual({
      month: 'plain_text_input',
      channel_ads: 'plain_text_input',
      campaigns: 'plain_text_input',
      content: 'plain_text_input',
    });

    const submit = (month: string) =>
      postSigned(
        app.url,
        viewSubmissionBody('budget set', {
          month: { type: 'plain_text_input', value: month },
          channel_ads: { type: 'plain_text_input', value: '6万' },
          content: { type: 'plain_text_input', value: '15000.5' },
        }),
      );
    const before = await snapshot();
    const bad = await submit('Dec');
    const json = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(json.response_action).toBe('errors');
    expect(json.errors.month).toContain('Month `Dec` is invalid');
    expect(await snapshot()).toEqual(before);

    await submit('2026-12');
    const note = await waitFor(() => ephemerals.find((e) => blockText(e).includes('Budget for 2026-12 set')));
    expect(blockText(note)).toContain('¥15,000.50');
    const dec = await app.db.select().from(budgetPlans).where(eq(budgetPlans.month, '2026-12'));
    expect(Object.fromEntries(dec.map((p) => [p.category, p.planFen]))).toEqual({
      channel_ads: 6_000_000,
      content: 1_500_050,
    });
  });
});
