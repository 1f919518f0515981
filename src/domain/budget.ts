import type { DbOrTx } from '../../db/client';
import { insertAudit } from '../../db/queries/audit';
import {
  budgetPlansForUpdate,
  budgetUsageSums,
  campaignByCode,
  campaignSpendSum,
  insertSpendEntry,
  markSpendInvalid,
  spendById,
  upsertBudgetPlan,
} from '../../db/queries/budget';
import type { SpendEntry } from '../../db/schema';
import { recordOf } from '../util/narrow';
import { type Channel, isChannel } from './channels';
import type { VerbCtx } from './context';
import { localDate } from './dates';
import { DomainError, notFound } from './errors';
import { mayPlan } from './settings';
import { stripNul } from './text';
import { defineVocabulary } from './vocabulary';

export type { SpendEntry } from '../../db/schema';

/** Budget categories from the manual's split example: channel ads 50%, campaigns 30%, content 20%. */
export const BUDGET_CATEGORY = defineVocabulary({
  channel_ads: { 'zh-CN': '渠道投放', en: 'Channel ads', aliases: ['投放', '广告'] },
  campaigns: { 'zh-CN': '活动执行', en: 'Campaigns', aliases: ['活动'] },
  content: { 'zh-CN': '内容制作', en: 'Content', aliases: ['内容'] },
});
export const BUDGET_CATEGORIES = BUDGET_CATEGORY.codes;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/**
 * Usage bands of 预算使用率 = spend ÷ plan: ≥90% warn, ≥100% over plan, >105% escalate (the manual's
 * ceiling is "≤ 105%", so exactly 105% is still inside it).
 */
export type Band = 'ok' | '90' | '100' | '105';

export interface UsageLine {
  planFen: number;
  spendFen: number;
  /** spend ÷ plan as a fraction; null when there is no plan (shown as —). */
  rate: number | null;
  band: Band;
  /** Spend was logged against a zero or missing plan: worth a look even though no rate exists. */
  unplanned: boolean;
}

export interface BudgetUsage {
  month: string;
  categories: Record<BudgetCategory, UsageLine>;
  total: UsageLine;
  /** At least one category has a plan row for the month. */
  planned: boolean;
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The band for a spend against a plan, compared exactly in integers (no float rounding at 90/100/105). */
export function usageBand(spendFen: number, planFen: number): Band {
  if (planFen <= 0) return 'ok';
  const spend = BigInt(spendFen) * 100n;
  const plan = BigInt(planFen);
  if (spend > plan * 105n) return '105';
  if (spend >= plan * 100n) return '100';
  if (spend >= plan * 90n) return '90';
  return 'ok';
}

function usageLine(planFen: number, spendFen: number): UsageLine {
  return {
    planFen,
    spendFen,
    rate: planFen > 0 ? spendFen / planFen : null,
    band: usageBand(spendFen, planFen),
    unplanned: planFen <= 0 && spendFen > 0,
  };
}

/** Plan, spend, rate and band per category and in total for a month ('YYYY-MM'), all summed in SQL. */
export async function budgetUsage(db: DbOrTx, month: string): Promise<BudgetUsage> {
  const rows = await budgetUsageSums(db, month);
  const categories = recordOf(BUDGET_CATEGORIES, () => usageLine(0, 0));
  let total = usageLine(0, 0);
  for (const r of rows) {
    if (r.category === null) total = usageLine(r.planFen, r.spendFen);
    else if (isCategory(r.category)) categories[r.category] = usageLine(r.planFen, r.spendFen);
  }
  const planned = BUDGET_CATEGORIES.some((c) => categories[c].planFen > 0);
  return { month, categories, total, planned };
}

/** Everything spent against one campaign so far, in fen; it counts against the campaign's own budget too. */
export function campaignSpendFen(db: DbOrTx, campaignId: number): Promise<number> {
  return campaignSpendSum(db, campaignId);
}

export function isCategory(s: string): s is BudgetCategory {
  return (BUDGET_CATEGORIES as readonly string[]).includes(s);
}

export interface SetBudgetInput {
  month: string;
  /** Plans in fen for the categories being set; categories left out keep their current plan. */
  plans: Partial<Record<BudgetCategory, number>>;
}

/**
 * Set a month's plan per category (upsert), audited with before/after. When admins are configured only
 * they may change plans (PRODUCT.md: the admin sets budgets).
 */
export async function setBudget(
  ctx: VerbCtx,
  input: SetBudgetInput,
): Promise<{ month: string; before: Partial<Record<BudgetCategory, number>>; usage: BudgetUsage }> {
  if (!MONTH_RE.test(input.month)) throw new DomainError('invalid_input', 'err.budget.bad_month');
  const entries = BUDGET_CATEGORIES.flatMap((c) => {
    const plan = input.plans[c];
    return plan === undefined ? [] : [[c, plan] as const];
  });
  if (entries.length === 0) throw new DomainError('invalid_input', 'err.budget.no_categories');
  for (const [, fen] of entries) {
    if (!Number.isSafeInteger(fen) || fen < 0) throw new DomainError('invalid_input', 'err.budget.bad_plan');
  }
  if (!mayPlan(ctx.settings, ctx.actor)) {
    throw new DomainError('forbidden', 'err.budget.admins_only');
  }
  return ctx.db.transaction(async (tx) => {
    const current = await budgetPlansForUpdate(tx, input.month);
    const before: Partial<Record<BudgetCategory, number>> = {};
    for (const p of current) if (isCategory(p.category)) before[p.category] = p.planFen;
    const after = { ...before };
    for (const [category, planFen] of entries) {
      await upsertBudgetPlan(tx, { month: input.month, category, planFen, at: ctx.now, by: ctx.actor });
      after[category] = planFen;
    }
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'budget.set',
      entity: 'budget',
      entityId: input.month,
      before: current.length > 0 ? before : null,
      after,
    });
    return { month: input.month, before, usage: await budgetUsage(tx, input.month) };
  });
}

export interface SpendInput {
  amountFen: number;
  category: BudgetCategory;
  channel?: Channel;
  /** `CMP-n`; the campaign must exist. */
  campaignCode?: string;
  note?: string;
  /** Wasted spend (无效支出): still spent and in usage, and counted in the invalid-spend share. */
  invalid?: boolean;
  /** TZ_NAME: the entry belongs to the local day (and month) it was logged on, unless `spentOn` says. */
  tz: string;
  /** The local day the spend belongs to (an invoice for a past month); today when omitted, never later. */
  spentOn?: string;
}

export interface SpendResult {
  entry: SpendEntry;
  /** The category's usage for the entry's month, including this entry. */
  category: UsageLine;
  total: UsageLine;
  /** The category is now above 105% of its plan: the threshold for escalation. */
  aboveEscalation: boolean;
  campaign?: { code: string; name: string; budgetFen: number; spendFen: number; rate: number | null };
}

/** Log a spend entry for today (local date in TZ_NAME), optionally linked to a channel and a campaign. */
export async function recordSpend(ctx: VerbCtx, input: SpendInput): Promise<SpendResult> {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new DomainError('invalid_input', 'err.budget.amount_not_positive');
  }
  if (!isCategory(input.category)) throw new DomainError('invalid_input', 'err.budget.bad_category');
  if (input.channel !== undefined && !isChannel(input.channel)) {
    throw new DomainError('invalid_input', 'err.budget.bad_channel');
  }
  const today = localDate(ctx.now, input.tz);
  const spentOn = input.spentOn ?? today;
  if (spentOn > today) throw new DomainError('invalid_input', 'err.budget.future_spend', { date: spentOn });
  const month = spentOn.slice(0, 7);
  return ctx.db.transaction(async (tx) => {
    const campaign = input.campaignCode ? await campaignByCode(tx, input.campaignCode) : undefined;
    if (input.campaignCode && !campaign) throw notFound('campaign', input.campaignCode);
    const entry = await insertSpendEntry(tx, {
      spentOn,
      month,
      category: input.category,
      channel: input.channel ?? null,
      campaignId: campaign?.id ?? null,
      amountFen: input.amountFen,
      // PostgreSQL text cannot hold NUL; drop it rather than fail the whole entry.
      note: (input.note && stripNul(input.note)) || null,
      invalid: input.invalid === true,
      invalidAt: input.invalid ? ctx.now : null,
      invalidBy: input.invalid ? ctx.actor : null,
      createdBy: ctx.actor,
      createdAt: ctx.now,
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'budget.spend',
      entity: 'spend',
      entityId: String(entry.id),
      after: { ...entry, campaign: campaign?.code ?? null },
    });
    const usage = await budgetUsage(tx, month);
    const line = usage.categories[input.category];
    let linked: SpendResult['campaign'];
    if (campaign) {
      const spendFen = await campaignSpendSum(tx, campaign.id);
      linked = {
        code: campaign.code,
        name: campaign.name,
        budgetFen: campaign.budgetFen,
        spendFen,
        rate: campaign.budgetFen > 0 ? spendFen / campaign.budgetFen : null,
      };
    }
    return {
      entry,
      category: line,
      total: usage.total,
      aboveEscalation: line.band === '105',
      campaign: linked,
    };
  });
}

/** The code people see for a spend entry: `SP-<id>`. */
export const spendCode = (id: number) => `SP-${id}`;

/**
 * Mark a logged spend entry invalid (无效支出) afterwards, with a reason: `/budget spend void SP-n`. The
 * money stays spent (usage does not change); it now counts in the invalid-spend share. Admins (when
 * configured) or whoever logged it may do this, once: compare-and-set on `invalid = false`.
 */
export async function voidSpend(ctx: VerbCtx, id: number, reason: string): Promise<SpendEntry> {
  const code = spendCode(id);
  return ctx.db.transaction(async (tx) => {
    const entry = await spendById(tx, id);
    if (!entry) throw notFound('spend', code);
    const isAdmin = mayPlan(ctx.settings, ctx.actor);
    if (!isAdmin && entry.createdBy !== ctx.actor) {
      throw new DomainError('forbidden', 'err.budget.void_forbidden', { code });
    }
    const updated = await markSpendInvalid(tx, id, { reason, at: ctx.now, by: ctx.actor });
    if (!updated) throw new DomainError('invalid_state', 'err.budget.already_void', { code });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'budget.void',
      entity: 'spend',
      entityId: String(id),
      before: { invalid: false },
      after: { invalid: true, reason },
    });
    return updated;
  });
}
