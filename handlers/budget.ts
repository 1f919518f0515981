import { z } from 'zod';
import { checkBudgetNow } from '../jobs/budget-watch';
import type { Card, FormSpec, Section } from '../src/chat/card';
import type { CommandSpec, HandlerContext, Subcommand } from '../src/chat/command';
import {
  choiceArg,
  type Invalid,
  invalid,
  parseArgs,
  parseCode,
  usageReply,
  withDomainErrors,
} from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tBudget } from '../src/chat/messages/budget';
import { tCommon } from '../src/chat/messages/common';
import {
  BUDGET_CATEGORIES,
  BUDGET_CATEGORY,
  type BudgetCategory,
  type BudgetUsage,
  budgetUsage,
  isCategory,
  recordSpend,
  setBudget,
  spendCode,
  type UsageLine,
  voidSpend,
} from '../src/domain/budget';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { addDays, checkDateArg, checkMonthArg, localDate, monthKey } from '../src/domain/dates';
import { formatPct } from '../src/domain/kpi';
import { formatMoney } from '../src/domain/money';
import { Amount, ChannelArg, echo, FreeText, YesNo } from './args';
import { amountField, schemaKeys, verbCtx } from './shared';

const USAGE = {
  set: '/budget set YYYY-MM channel_ads= campaigns= content=',
  spend:
    '/budget spend amount= category=channel_ads|campaigns|content [channel=] [campaign=CMP-n] [date=YYYY-MM-DD|month=YYYY-MM] [note=] [invalid=true]',
  void: '/budget spend void SP-n reason=',
  show: '/budget [YYYY-MM]',
};

const SetArgs = z.strictObject({
  month: z.string().optional(),
  channel_ads: Amount.optional(),
  campaigns: Amount.optional(),
  content: Amount.optional(),
});
const SpendArgs = z.strictObject({
  amount: Amount,
  category: choiceArg(BUDGET_CATEGORY),
  channel: ChannelArg.optional(),
  campaign: z.string().optional(),
  /** The day or month the spend belongs to (an invoice that arrives after month end). */
  date: z.string().optional(),
  month: z.string().optional(),
  // NUL characters are dropped because PostgreSQL text cannot hold them.
  note: FreeText(500).optional(),
  invalid: YesNo.optional(),
});
const VoidArgs = z.strictObject({
  reason: FreeText(500),
});
const ShowArgs = z.strictObject({});

const catLabel = (locale: Locale, c: BudgetCategory | 'total') =>
  c === 'total' ? tBudget(locale, 'category.total') : BUDGET_CATEGORY.label(c, locale);
const money = (fen: number, locale: Locale) => formatMoney(fen, locale);

/** The month typed (positional or `month=`), or this month in TZ_NAME when `fallback` is set. */
function monthArg(
  ctx: HandlerContext,
  raw: string | undefined,
  fallback: boolean,
): { ok: true; month: string } | Invalid {
  const tz = ctx.deps.config.tz;
  if (raw === undefined) {
    return fallback
      ? { ok: true, month: monthKey(ctx.now, tz) }
      : {
          ok: false,
          problems: [tBudget(ctx.locale, 'err.budget.missing_month')],
          fieldErrors: { month: tBudget(ctx.locale, 'err.budget.missing_month') },
        };
  }
  const r = checkMonthArg(raw, Number(monthKey(ctx.now, tz).slice(0, 4)));
  if (r.ok) return r;
  const msg = tBudget(ctx.locale, 'err.budget.bad_month', { value: echo(raw) });
  return { ok: false, problems: [msg], fieldErrors: { month: msg } };
}

/**
 * The local day a spend belongs to: `date=` as typed, or for `month=` the last day of that month (today for
 * this month); today when neither is given. Never a future day.
 */
function spendDay(
  ctx: HandlerContext,
  raw: { date?: string; month?: string },
): { ok: true; spentOn?: string } | Invalid {
  const tz = ctx.deps.config.tz;
  const today = localDate(ctx.now, tz);
  const year = Number(today.slice(0, 4));
  const fail = (field: 'date' | 'month', msg: string): Invalid => ({
    ok: false,
    problems: [msg],
    fieldErrors: { [field]: msg },
  });
  if (raw.date !== undefined && raw.month !== undefined) {
    return fail('date', tBudget(ctx.locale, 'err.budget.date_and_month'));
  }
  if (raw.date !== undefined) {
    const r = checkDateArg(raw.date, year);
    if (!r.ok) return fail('date', tBudget(ctx.locale, 'err.budget.bad_date', { value: echo(raw.date) }));
    if (r.date > today) return fail('date', tBudget(ctx.locale, 'err.budget.future_spend', { date: r.date }));
    return { ok: true, spentOn: r.date };
  }
  if (raw.month !== undefined) {
    const m = monthArg(ctx, raw.month, false);
    if (!m.ok) return m;
    const thisMonth = today.slice(0, 7);
    if (m.month > thisMonth)
      return fail('month', tBudget(ctx.locale, 'err.budget.future_spend', { date: m.month }));
    if (m.month === thisMonth) return { ok: true, spentOn: today };
    const [y, mo] = m.month.split('-').map(Number) as [number, number];
    return {
      ok: true,
      spentOn: addDays(`${y + Math.floor(mo / 12)}-${String((mo % 12) + 1).padStart(2, '0')}-01`, -1),
    };
  }
  return { ok: true };
}

function extraWords(locale: Locale, words: string[]): Invalid | { ok: true } {
  return words.length === 0
    ? { ok: true }
    : { ok: false, problems: [tCommon(locale, 'err.extra_words', { words: echo(words.join(' ')) })] };
}

function bandText(locale: Locale, line: UsageLine): string {
  return line.unplanned ? tBudget(locale, 'band.unplanned') : tBudget(locale, `band.${line.band}`);
}

function usageSection(locale: Locale, heading: string, line: UsageLine): Section {
  return {
    heading,
    lines: [
      tBudget(locale, 'usage.line', {
        spend: money(line.spendFen, locale),
        plan: money(line.planFen, locale),
        rate: formatPct(line.rate, locale),
      }),
      bandText(locale, line),
    ],
  };
}

function tone(lines: UsageLine[]): Card['tone'] {
  if (lines.some((l) => l.band === '105')) return 'danger';
  if (lines.some((l) => l.band !== 'ok' || l.unplanned)) return 'warning';
  return 'info';
}

/** The usage card for a month: one section per category and one for the total. */
export function budgetUsageCard(locale: Locale, usage: BudgetUsage): Card {
  const all = [...BUDGET_CATEGORIES.map((c) => usage.categories[c]), usage.total];
  const empty = !usage.planned && usage.total.spendFen === 0;
  return {
    title: tBudget(locale, 'show.title', { month: usage.month }),
    text: usage.planned ? undefined : tBudget(locale, 'show.no_plan', { month: usage.month }),
    tone: tone(all),
    sections: empty
      ? []
      : [
          ...BUDGET_CATEGORIES.map((c) => usageSection(locale, catLabel(locale, c), usage.categories[c])),
          usageSection(locale, catLabel(locale, 'total'), usage.total),
        ],
    context: [tBudget(locale, 'show.legend')],
  };
}

const categoryOptions = (locale: Locale) =>
  BUDGET_CATEGORIES.map((c) => ({ value: c, label: catLabel(locale, c) }));

const setForm = (locale: Locale): FormSpec => ({
  command: 'budget set',
  title: tBudget(locale, 'form.set_title'),
  submit: tBudget(locale, 'form.submit'),
  fields: [
    {
      name: 'month',
      label: tBudget(locale, 'field.month'),
      kind: 'text',
      required: true,
      placeholder: '2026-11',
    },
    ...BUDGET_CATEGORIES.map((c) =>
      amountField(locale, { name: c, label: catLabel(locale, c), hint: tBudget(locale, 'form.plan_hint') }),
    ),
  ],
});

const spendForm = (locale: Locale): FormSpec => ({
  command: 'budget spend',
  title: tBudget(locale, 'form.spend_title'),
  submit: tBudget(locale, 'form.submit'),
  fields: [
    amountField(locale, { name: 'amount', label: tBudget(locale, 'field.amount'), required: true }),
    {
      name: 'category',
      label: tBudget(locale, 'field.category'),
      kind: 'select',
      required: true,
      options: categoryOptions(locale),
    },
    {
      name: 'channel',
      label: tBudget(locale, 'field.channel'),
      kind: 'select',
      options: CHANNELS.map((c) => ({ value: c, label: channelLabel(c, locale) })),
    },
    { name: 'campaign', label: tBudget(locale, 'field.campaign'), kind: 'text', placeholder: 'CMP-1' },
    {
      name: 'date',
      label: tBudget(locale, 'field.spent_on'),
      kind: 'date',
      hint: tBudget(locale, 'form.spent_on_hint'),
    },
    { name: 'note', label: tBudget(locale, 'field.note'), kind: 'textarea' },
  ],
});

const setCmd: Subcommand = {
  usage: USAGE.set,
  summary: tBudget.catalogue['set.summary'],
  form: setForm,
  run: (ctx, input) =>
    withDomainErrors(ctx, setCmd, async () => {
      const p = parseArgs(SetArgs, input.args, ctx.locale);
      const extra = extraWords(ctx.locale, input.rest.slice(1));
      const positional = input.rest[0];
      const typed = p.ok ? p.data.month : input.args.month;
      let month: ReturnType<typeof monthArg>;
      if (positional !== undefined && typed !== undefined) {
        const msg = tBudget(ctx.locale, 'err.budget.month_twice', { a: echo(positional), b: echo(typed) });
        month = { ok: false, problems: [msg] };
      } else month = monthArg(ctx, positional ?? typed, false);
      if (!p.ok || !month.ok || !extra.ok) return invalid(ctx.locale, USAGE.set, month, p, extra);
      const plans = { channel_ads: p.data.channel_ads, campaigns: p.data.campaigns, content: p.data.content };
      if (Object.values(plans).every((v) => v === undefined)) {
        return usageReply(ctx.locale, USAGE.set, [tBudget(ctx.locale, 'err.budget.no_categories')]);
      }
      const res = await setBudget(await verbCtx(ctx), { month: month.month, plans });
      const lines = BUDGET_CATEGORIES.flatMap((c) => {
        const plan = plans[c];
        if (plan === undefined) return [];
        const before = res.before[c];
        const after = money(plan, ctx.locale);
        return before === undefined || before === plan
          ? tBudget(ctx.locale, 'set.new', { category: catLabel(ctx.locale, c), after })
          : tBudget(ctx.locale, 'set.changed', {
              category: catLabel(ctx.locale, c),
              before: money(before, ctx.locale),
              after,
            });
      });
      const card = budgetUsageCard(ctx.locale, res.usage);
      return {
        visibility: 'ephemeral',
        card: {
          ...card,
          title: tBudget(ctx.locale, 'set.title', { month: res.month }),
          text: lines.join('\n'),
          tone: card.tone === 'info' ? 'success' : card.tone,
        },
      };
    }),
};

const spendCmd: Subcommand = {
  usage: USAGE.spend,
  keys: schemaKeys(SpendArgs),
  summary: tBudget.catalogue['spend.summary'],
  form: spendForm,
  run: (ctx, input) =>
    withDomainErrors(ctx, spendCmd, async () => {
      const word = input.rest[0]?.toLowerCase();
      if (word === 'void' || word === '作废') return voidReply(ctx, input.rest.slice(1), input.args);
      const p = parseArgs(SpendArgs, input.args, ctx.locale);
      const extra = extraWords(ctx.locale, input.rest);
      const rawCampaign = p.ok ? p.data.campaign : undefined;
      const campaign = rawCampaign === undefined ? undefined : parseCode([rawCampaign], 'CMP', ctx.locale);
      if (campaign && !campaign.ok) campaign.fieldErrors = { campaign: campaign.problems.join(' ') };
      const day = p.ok ? spendDay(ctx, p.data) : { ok: true as const, spentOn: undefined };
      if (!p.ok || !extra.ok || !day.ok || (campaign && !campaign.ok)) {
        return invalid(ctx.locale, USAGE.spend, p, extra, day, ...(campaign ? [campaign] : []));
      }
      if (p.data.amount <= 0) {
        const msg = tBudget(ctx.locale, 'err.budget.amount_not_positive');
        return usageReply(ctx.locale, USAGE.spend, [msg], { fieldErrors: { amount: msg } });
      }
      const tz = ctx.deps.config.tz;
      const vc = await verbCtx(ctx);
      const res = await recordSpend(vc, {
        amountFen: p.data.amount,
        category: p.data.category,
        channel: p.data.channel,
        campaignCode: campaign?.ok ? campaign.code : undefined,
        note: p.data.note,
        invalid: p.data.invalid,
        tz,
        spentOn: day.spentOn,
      });
      // The budget watch also runs on every spend entry, so a crossed threshold alerts now.
      await checkBudgetNow(ctx.deps, ctx.now, vc.settings);
      const l = ctx.locale;
      const category = catLabel(l, p.data.category);
      const line = res.category;
      const text = [
        line.planFen > 0
          ? tBudget(l, 'spend.usage', {
              month: res.entry.month,
              category,
              spend: money(line.spendFen, l),
              plan: money(line.planFen, l),
              rate: formatPct(line.rate, l),
            })
          : tBudget(l, 'spend.no_plan', { month: res.entry.month, category, spend: money(line.spendFen, l) }),
        res.aboveEscalation
          ? tBudget(l, 'spend.escalate', { category, rate: formatPct(line.rate, l) })
          : line.band !== 'ok'
            ? bandText(l, line)
            : undefined,
      ].filter((s): s is string => s !== undefined);
      const context = [
        ...(res.entry.channel
          ? [tBudget(l, 'spend.channel', { channel: channelLabel(res.entry.channel, l) })]
          : []),
        ...(res.campaign
          ? [
              tBudget(l, 'spend.campaign', {
                code: res.campaign.code,
                name: res.campaign.name,
                spend: money(res.campaign.spendFen, l),
                budget: money(res.campaign.budgetFen, l),
                rate: formatPct(res.campaign.rate, l),
              }),
            ]
          : []),
        ...(res.entry.invalid ? [tBudget(l, 'spend.invalid')] : []),
        tBudget(l, 'spend.code', { code: spendCode(res.entry.id) }),
        tBudget(l, 'show.legend'),
      ];
      return {
        visibility: 'ephemeral',
        card: {
          title: tBudget(l, 'spend.title', { amount: money(res.entry.amountFen, l), category }),
          text: text.join('\n'),
          tone: res.aboveEscalation ? 'danger' : line.band !== 'ok' || line.unplanned ? 'warning' : 'success',
          context,
        },
      };
    }),
};

/** `/budget spend void SP-n reason=`: mark a logged entry as wasted spend. */
async function voidReply(ctx: HandlerContext, rest: string[], args: Record<string, string>) {
  const code = parseCode(rest, 'SP', ctx.locale);
  const p = parseArgs(VoidArgs, args, ctx.locale);
  if (!code.ok || !p.ok) return invalid(ctx.locale, USAGE.void, code, p);
  const id = Number(code.code.slice(3));
  const e = await voidSpend(await verbCtx(ctx), id, p.data.reason);
  const l = ctx.locale;
  const category = isCategory(e.category) ? catLabel(l, e.category) : e.category;
  return {
    visibility: 'ephemeral' as const,
    card: {
      title: tBudget(l, 'void.title', { code: code.code }),
      text: tBudget(l, 'void.text', {
        amount: money(e.amountFen, l),
        category,
        date: e.spentOn,
        reason: p.data.reason,
      }),
      tone: 'success' as const,
    },
  };
}

const showCmd: Subcommand = {
  usage: USAGE.show,
  summary: tBudget.catalogue['show.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, showCmd, async () => {
      const p = parseArgs(ShowArgs, input.args, ctx.locale);
      const month = monthArg(ctx, input.rest[0], true);
      const extra = extraWords(ctx.locale, input.rest.slice(1));
      if (!p.ok || !month.ok || !extra.ok) return invalid(ctx.locale, USAGE.show, p, month, extra);
      return {
        visibility: 'ephemeral',
        card: budgetUsageCard(ctx.locale, await budgetUsage(ctx.deps.db, month.month)),
      };
    }),
};

export const budgetSpec: CommandSpec = {
  area: 'budget',
  defaultVerb: 'show',
  positionalVerb: 'show',
  subcommands: { set: setCmd, spend: spendCmd, show: showCmd },
};
