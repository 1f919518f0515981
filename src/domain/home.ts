/**
 * A person's home view: what is waiting for them. One query per section (plus one to find the person's
 * other identities), each capped so the view stays within Block Kit's limits; totals say how many more.
 */
import type { DbOrTx } from '../../db/client';
import {
  approvalsAwaiting,
  type HomeApprovalRow,
  type HomeCampaignRow,
  type HomeSlaRow,
  myCampaigns,
  mySlaItems,
} from '../../db/queries/home';
import { parseActorKey } from '../chat/command';
import { must } from '../util/narrow';
import { type BudgetUsage, budgetUsage } from './budget';
import { addDays, localDate } from './dates';
import { actorKeysFor } from './persons';
import { hasRole, type Settings } from './settings';
import { type MonthStanding, monthStandings } from './targets';
import { defineVocabulary } from './vocabulary';

export type { HomeApprovalRow };

/** The sections a person can open in full with `/mops me list=…` (the home view's "More" buttons). */
export const HOME_LIST = defineVocabulary({
  sla: { 'zh-CN': 'SLA 时限', en: 'SLA clocks' },
  approvals: { 'zh-CN': '待我审批', en: 'Approvals for me' },
  campaigns: { 'zh-CN': '我的活动', en: 'My campaigns' },
});
export type HomeList = (typeof HOME_LIST.codes)[number];

/** Rows shown per section before a "more" button. */
export const HOME_LIMITS = { sla: 10, approvals: 5, campaigns: 8 } as const;
/** Rows of one section opened in full (`/mops me list=…`); past this the list says how many more. */
export const HOME_LIST_LIMITS = { sla: 50, approvals: 25, campaigns: 50 } as const;

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface HomeFigures {
  today: string;
  month: string;
  sla: Page<HomeSlaRow>;
  /** null when the person is not an approver (the section is left out). */
  approvals: Page<HomeApprovalRow> | null;
  campaigns: Page<HomeCampaignRow>;
  budget: BudgetUsage;
  /** The targets of the month of the last full day (yesterday) and how they are pacing. */
  pacing: MonthStanding;
}

/** Everything the home view shows for `actor` (`slack:U1`), with all of that person's linked identities. */
export async function homeFigures(
  db: DbOrTx,
  settings: Settings,
  actor: string,
  now: Date,
  tz: string,
  limits: { sla: number; approvals: number; campaigns: number } = HOME_LIMITS,
): Promise<HomeFigures> {
  const today = localDate(now, tz);
  const month = today.slice(0, 7);
  const keys = await actorKeysFor(db, actor);
  const approver = keys.some((k) => {
    const a = parseActorKey(k);
    return a !== undefined && hasRole(settings.approvers, a);
  });
  // Pacing as the daily digest shows it: through the last full day, so on the 1st it is last month's result.
  const asOf = addDays(today, -1);
  const [sla, approvals, campaigns, budget, pacing] = await Promise.all([
    mySlaItems(db, keys, limits.sla),
    approver ? approvalsAwaiting(db, keys, limits.approvals) : Promise.resolve(null),
    myCampaigns(db, keys, limits.campaigns),
    budgetUsage(db, month),
    monthStandings(db, [asOf.slice(0, 7)], asOf),
  ]);
  return {
    today,
    month,
    sla,
    approvals,
    campaigns,
    budget,
    pacing: must(pacing[0], 'a standing for the month asked'),
  };
}
