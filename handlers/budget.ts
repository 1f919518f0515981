import { z } from 'zod';
import { checkBudgetNow } from '../jobs/budget-watch';
import type { FormSpec, Reply } from '../src/chat/card';
import { budgetSetCard, budgetUsageCard, spendRecordedCard, spendVoidedCard } from '../src/chat/cards/budget';
import type { CommandSpec, HandlerContext, Subcommand, SubcommandInput } from '../src/chat/command';
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
  budgetUsage,
  recordSpend,
  type SpendInput,
  setBudget,
  voidSpend,
} from '../src/domain/budget';
import { CHANNELS, channelLabel } from '../src/domain/channels';
import { addDays, checkDateArg, checkMonthArg, localDate, monthKey } from '../src/domain/dates';
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
      amountField(locale, {
        name: c,
        label: BUDGET_CATEGORY.label(c, locale),
        hint: tBudget(locale, 'form.plan_hint'),
      }),
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
      options: BUDGET_CATEGORY.options(locale),
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

/** `/budget set`'s month: positional or `month=`, not both. */
function setMonth(ctx: HandlerContext, positional: string | undefined, typed: string | undefined) {
  if (positional !== undefined && typed !== undefined) {
    const msg = tBudget(ctx.locale, 'err.budget.month_twice', { a: echo(positional), b: echo(typed) });
    return { ok: false as const, problems: [msg] };
  }
  return monthArg(ctx, positional ?? typed, false);
}

const setCmd: Subcommand = {
  usage: USAGE.set,
  summary: tBudget.catalogue['set.summary'],
  form: setForm,
  run: (ctx, input) =>
    withDomainErrors(ctx, setCmd, async () => {
      const p = parseArgs(SetArgs, input.args, ctx.locale);
      const extra = extraWords(ctx.locale, input.rest.slice(1));
      const month = setMonth(ctx, input.rest[0], p.ok ? p.data.month : input.args.month);
      if (!p.ok || !month.ok || !extra.ok) return invalid(ctx.locale, USAGE.set, month, p, extra);
      const plans = { channel_ads: p.data.channel_ads, campaigns: p.data.campaigns, content: p.data.content };
      if (Object.values(plans).every((v) => v === undefined)) {
        return usageReply(ctx.locale, USAGE.set, [tBudget(ctx.locale, 'err.budget.no_categories')]);
      }
      const res = await setBudget(await verbCtx(ctx), { month: month.month, plans });
      return { visibility: 'ephemeral', card: budgetSetCard(ctx.locale, { ...res, plans }) };
    }),
};

/** `campaign=CMP-n` when given, with the problem on the field for a form. */
function campaignArg(locale: Locale, raw: string | undefined): { ok: true; code?: string } | Invalid {
  if (raw === undefined) return { ok: true };
  const code = parseCode([raw], 'CMP', locale);
  return code.ok ? code : { ...code, fieldErrors: { campaign: code.problems.join(' ') } };
}

/** `/budget spend`'s arguments as the domain's input, or the usage reply naming every problem. */
function spendInput(ctx: HandlerContext, input: SubcommandInput): { spend: SpendInput } | { reply: Reply } {
  const p = parseArgs(SpendArgs, input.args, ctx.locale);
  const extra = extraWords(ctx.locale, input.rest);
  const campaign = campaignArg(ctx.locale, p.ok ? p.data.campaign : undefined);
  const day = p.ok ? spendDay(ctx, p.data) : { ok: true as const, spentOn: undefined };
  if (!p.ok || !extra.ok || !day.ok || !campaign.ok) {
    return { reply: invalid(ctx.locale, USAGE.spend, p, extra, day, campaign) };
  }
  if (p.data.amount <= 0) {
    const msg = tBudget(ctx.locale, 'err.budget.amount_not_positive');
    return { reply: usageReply(ctx.locale, USAGE.spend, [msg], { fieldErrors: { amount: msg } }) };
  }
  return {
    spend: {
      amountFen: p.data.amount,
      category: p.data.category,
      channel: p.data.channel,
      campaignCode: campaign.code,
      note: p.data.note,
      invalid: p.data.invalid,
      tz: ctx.deps.config.tz,
      spentOn: day.spentOn,
    },
  };
}

const spendCmd: Subcommand = {
  usage: USAGE.spend,
  keys: schemaKeys(SpendArgs),
  summary: tBudget.catalogue['spend.summary'],
  form: spendForm,
  run: (ctx, input) =>
    withDomainErrors(ctx, spendCmd, async () => {
      const word = input.rest[0]?.toLowerCase();
      if (word === 'void' || word === '作废') return voidReply(ctx, input.rest.slice(1), input.args);
      const parsed = spendInput(ctx, input);
      if ('reply' in parsed) return parsed.reply;
      const vc = await verbCtx(ctx);
      const res = await recordSpend(vc, parsed.spend);
      // The budget watch also runs on every spend entry, so a crossed threshold alerts now.
      await checkBudgetNow(ctx.deps, ctx.now, vc.settings);
      return { visibility: 'ephemeral', card: spendRecordedCard(ctx.locale, res) };
    }),
};

/** `/budget spend void SP-n reason=`: mark a logged entry as wasted spend. */
async function voidReply(ctx: HandlerContext, rest: string[], args: Record<string, string>): Promise<Reply> {
  const code = parseCode(rest, 'SP', ctx.locale);
  const p = parseArgs(VoidArgs, args, ctx.locale);
  if (!code.ok || !p.ok) return invalid(ctx.locale, USAGE.void, code, p);
  const entry = await voidSpend(await verbCtx(ctx), Number(code.code.slice(3)), p.data.reason);
  return { visibility: 'ephemeral', card: spendVoidedCard(ctx.locale, entry, p.data.reason) };
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
