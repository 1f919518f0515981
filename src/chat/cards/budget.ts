/**
 * `/budget` cards: a month's usage per category, the replies to set, spend and void. Pure functions of the
 * domain's figures and the locale: amounts in fen, rates as fractions (spend ÷ plan).
 */
import {
  BUDGET_CATEGORIES,
  BUDGET_CATEGORY,
  type BudgetCategory,
  type BudgetUsage,
  type SpendEntry,
  type SpendResult,
  spendCode,
  type UsageLine,
} from '../../domain/budget';
import { channelLabel } from '../../domain/channels';
import { formatPct } from '../../domain/kpi';
import { formatMoney } from '../../domain/money';
import type { Card, Section } from '../card';
import type { Locale } from '../i18n';
import { tBudget } from '../messages/budget';

const catLabel = (locale: Locale, c: BudgetCategory | 'total') =>
  c === 'total' ? tBudget(locale, 'category.total') : BUDGET_CATEGORY.label(c, locale);
const money = (fen: number, locale: Locale) => formatMoney(fen, locale);

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

/** `/budget [YYYY-MM]`: one section per category and one for the total; the month's plan hint when none. */
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

/** What `/budget set` changed: each category set, with its plan before when it changed. */
export interface BudgetSet {
  month: string;
  /** The plans typed, in fen; categories left out were not touched. */
  plans: Partial<Record<BudgetCategory, number>>;
  /** The plans before, for the categories that had one. */
  before: Partial<Record<BudgetCategory, number>>;
  usage: BudgetUsage;
}

/** `/budget set`: a line per category set (before → after when it changed), then the month's usage. */
export function budgetSetCard(locale: Locale, set: BudgetSet): Card {
  const lines = BUDGET_CATEGORIES.flatMap((c) => {
    const plan = set.plans[c];
    if (plan === undefined) return [];
    const before = set.before[c];
    const category = catLabel(locale, c);
    const after = money(plan, locale);
    return before === undefined || before === plan
      ? tBudget(locale, 'set.new', { category, after })
      : tBudget(locale, 'set.changed', { category, before: money(before, locale), after });
  });
  const card = budgetUsageCard(locale, set.usage);
  return {
    ...card,
    title: tBudget(locale, 'set.title', { month: set.month }),
    text: lines.join('\n'),
    tone: card.tone === 'info' ? 'success' : card.tone,
  };
}

/** The spend reply's text: the category's usage for the month, then a warning when it crossed a line. */
function spendText(locale: Locale, res: SpendResult, category: string): string {
  const line = res.category;
  const month = res.entry.month;
  const usage =
    line.planFen > 0
      ? tBudget(locale, 'spend.usage', {
          month,
          category,
          spend: money(line.spendFen, locale),
          plan: money(line.planFen, locale),
          rate: formatPct(line.rate, locale),
        })
      : tBudget(locale, 'spend.no_plan', { month, category, spend: money(line.spendFen, locale) });
  const warning = res.aboveEscalation
    ? tBudget(locale, 'spend.escalate', { category, rate: formatPct(line.rate, locale) })
    : line.band !== 'ok'
      ? bandText(locale, line)
      : undefined;
  return warning === undefined ? usage : `${usage}\n${warning}`;
}

/** The spend reply's small print: channel, the linked campaign's spend of its budget, invalid, the code. */
function spendContext(locale: Locale, res: SpendResult): string[] {
  const { entry, campaign } = res;
  return [
    ...(entry.channel
      ? [tBudget(locale, 'spend.channel', { channel: channelLabel(entry.channel, locale) })]
      : []),
    ...(campaign
      ? [
          tBudget(locale, 'spend.campaign', {
            code: campaign.code,
            name: campaign.name,
            spend: money(campaign.spendFen, locale),
            budget: money(campaign.budgetFen, locale),
            rate: formatPct(campaign.rate, locale),
          }),
        ]
      : []),
    ...(entry.invalid ? [tBudget(locale, 'spend.invalid')] : []),
    tBudget(locale, 'spend.code', { code: spendCode(entry.id) }),
    tBudget(locale, 'show.legend'),
  ];
}

/** `/budget spend`: the amount and category, the category's usage this month, the campaign's, the code. */
export function spendRecordedCard(locale: Locale, res: SpendResult): Card {
  const category = BUDGET_CATEGORY.label(res.entry.category, locale);
  const line = res.category;
  return {
    title: tBudget(locale, 'spend.title', { amount: money(res.entry.amountFen, locale), category }),
    text: spendText(locale, res, category),
    tone: res.aboveEscalation ? 'danger' : line.band !== 'ok' || line.unplanned ? 'warning' : 'success',
    context: spendContext(locale, res),
  };
}

/** `/budget spend void SP-n reason=`: the entry now counted as wasted spend, and why. */
export function spendVoidedCard(locale: Locale, entry: SpendEntry, reason: string): Card {
  return {
    title: tBudget(locale, 'void.title', { code: spendCode(entry.id) }),
    text: tBudget(locale, 'void.text', {
      amount: money(entry.amountFen, locale),
      category: BUDGET_CATEGORY.label(entry.category, locale),
      date: entry.spentOn,
      reason,
    }),
    tone: 'success',
  };
}
