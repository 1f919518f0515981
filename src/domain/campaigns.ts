import type { Db } from '../../db/client';
import { insertAudit } from '../../db/queries/audit';
import {
  campaignByCode,
  campaignForUpdate,
  campaignSpendFen,
  campaignsDueForTransition,
  insertCampaign,
  listCampaignRows,
  updateCampaign,
} from '../../db/queries/campaigns';
import { nextCode } from '../../db/queries/sequences';
import type { Campaign } from '../../db/schema';
import type { Channel } from './channels';
import { PAGE_SIZE } from './context';
import { addDays, endOfLocalDay, isDateStr, localDate, startOfLocalDay } from './dates';
import { DomainError, notFound } from './errors';
import { attainment } from './kpi';
import { type Announce, announceCard } from './posted-cards';
import { redactPii } from './redact';
import { remindAtOrNull } from './sla';
import { defineVocabulary } from './vocabulary';

/** The retrospective deadline and its reminder moment, set together wherever a campaign ends. */
const retroClock = (endedAt: Date | null | undefined, retroDueAt: Date | null) => ({
  retroDueAt,
  retroRemindAt: remindAtOrNull(endedAt, retroDueAt),
});

import type { WorkCtx } from './work-calendar';

/** The stored row, for handlers: they never import db/. */
export type { Campaign } from '../../db/schema';

export const CAMPAIGN_TYPE = defineVocabulary({
  promotion: { 'zh-CN': '促销', en: 'Promotion', aliases: ['大促'] },
  launch: { 'zh-CN': '新品发布', en: 'Launch', aliases: ['新品', '上新'] },
  referral: { 'zh-CN': '拉新裂变', en: 'Referral', aliases: ['拉新', '裂变'] },
  brand_event: { 'zh-CN': '品牌活动', en: 'Brand event', aliases: ['品牌'] },
  other: { 'zh-CN': '其他', en: 'Other' },
});
export const CAMPAIGN_STATUS = defineVocabulary({
  planned: { 'zh-CN': '未开始', en: 'Planned' },
  live: { 'zh-CN': '进行中', en: 'Live' },
  ended: { 'zh-CN': '已结束', en: 'Ended' },
  reviewed: { 'zh-CN': '已复盘', en: 'Reviewed' },
});
export const CAMPAIGN_TYPES = CAMPAIGN_TYPE.codes;
export const CAMPAIGN_STATUSES = CAMPAIGN_STATUS.codes;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Campaign channels are the one list in domain/channels.ts. */
export type { Channel } from './channels';

/** ROI as typed or stored (`3`, `3.25`): GMV ÷ spend, kept as an exact decimal string. */
export const ROI_RE = /^\d{1,6}(\.\d{1,4})?$/;

export interface NewCampaignInput {
  name: string;
  type: CampaignType;
  /** Local dates 'YYYY-MM-DD', start ≤ end. */
  startDate: string;
  endDate: string;
  budgetFen: number;
  channels: Channel[];
  /** Actor key (`slack:U123`); the caller when omitted. */
  owner?: string;
  targetGmvFen?: number;
  targetRoi?: string;
  targetNewUsers?: number;
}

export interface RetroInput {
  code: string;
  roi: string;
  gmvFen: number;
  notes: string;
  newUsers?: number;
}

/** What the dates say on local day `today`: planned before start, live start..end inclusive, ended after. */
export function statusByDate(c: Pick<Campaign, 'startDate' | 'endDate'>, today: string): CampaignStatus {
  if (today < c.startDate) return 'planned';
  if (today <= c.endDate) return 'live';
  return 'ended';
}

/** The status a user should see: ended/reviewed are stored facts, planned/live follow the dates. */
export function effectiveStatus(
  c: Pick<Campaign, 'status' | 'startDate' | 'endDate'>,
  today: string,
): CampaignStatus {
  if (c.status === 'ended' || c.status === 'reviewed') return c.status;
  return statusByDate(c, today);
}

/** The moment a campaign ends by its dates: the start of the day after its local end date. */
export function endedByDateAt(endDate: string, tz: string): Date {
  return startOfLocalDay(addDays(endDate, 1), tz);
}

/** Retro deadline: the end of the n-th working day after the local day the campaign ended. */
export function retroDueFor(ctx: Pick<WorkCtx, 'calendar' | 'tz' | 'settings'>, endedOn: string): Date {
  return endOfLocalDay(ctx.calendar.nthWorkingDayAfter(endedOn, ctx.settings.slaRetroWorkdays), ctx.tz);
}

function assertValid(input: NewCampaignInput): void {
  for (const [key, d] of [
    ['start', input.startDate],
    ['end', input.endDate],
  ] as const) {
    if (!isDateStr(d)) throw new DomainError('invalid_input', 'err.campaign_bad_date', { key, value: d });
  }
  if (input.endDate < input.startDate) {
    throw new DomainError('invalid_input', 'err.campaign_end_before_start', {
      start: input.startDate,
      end: input.endDate,
    });
  }
  const money: [string, number | undefined][] = [
    ['budget', input.budgetFen],
    ['target_gmv', input.targetGmvFen],
    ['target_new_users', input.targetNewUsers],
  ];
  for (const [key, v] of money) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      throw new DomainError('invalid_input', 'err.campaign_bad_number', { key });
    }
  }
  if (input.targetRoi !== undefined && !ROI_RE.test(input.targetRoi)) {
    throw new DomainError('invalid_input', 'err.campaign_bad_number', { key: 'target_roi' });
  }
  if (input.channels.length === 0) throw new DomainError('invalid_input', 'err.campaign_no_channels');
}

/** Create a campaign (CMP-n) with its status from the dates, audited, and queue the channel card. */
export async function createCampaign(
  ctx: WorkCtx,
  input: NewCampaignInput,
  announce?: Announce<Campaign>,
): Promise<Campaign> {
  assertValid(input);
  const today = localDate(ctx.now, ctx.tz);
  const status = statusByDate(input, today);
  return ctx.db.transaction(async (tx) => {
    const code = await nextCode(tx, 'CMP');
    // A campaign logged after it already ran starts its retro clock from its own end date.
    const endedAt = status === 'ended' ? endedByDateAt(input.endDate, ctx.tz) : null;
    const campaign = await insertCampaign(tx, {
      code,
      name: input.name,
      type: input.type,
      channels: [...new Set(input.channels)],
      startDate: input.startDate,
      endDate: input.endDate,
      budgetFen: input.budgetFen,
      owner: input.owner ?? ctx.actor,
      targetGmvFen: input.targetGmvFen ?? null,
      targetRoi: input.targetRoi ?? null,
      targetNewUsers: input.targetNewUsers ?? null,
      status,
      endedAt,
      ...retroClock(endedAt, status === 'ended' ? retroDueFor(ctx, input.endDate) : null),
      createdBy: ctx.actor,
      createdAt: ctx.now,
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'campaign.create',
      entity: 'campaign',
      entityId: code,
      after: campaign,
    });
    await announceCard(tx, { entity: 'campaign', code, row: campaign, now: ctx.now }, announce);
    return campaign;
  });
}

/** End a live campaign early: status ended, and the retro clock starts from today. */
export async function endCampaign(ctx: WorkCtx, input: { code: string }): Promise<Campaign> {
  const today = localDate(ctx.now, ctx.tz);
  return ctx.db.transaction(async (tx) => {
    const before = await campaignForUpdate(tx, input.code);
    if (!before) throw notFound('campaign', input.code);
    const status = effectiveStatus(before, today);
    const code = before.code;
    if (status === 'planned') {
      throw new DomainError('invalid_state', 'err.campaign_not_started', { code, start: before.startDate });
    }
    if (status === 'reviewed')
      throw new DomainError('invalid_state', 'err.campaign_already_reviewed', { code });
    if (status === 'ended') {
      const on = before.endedAt ? localDate(before.endedAt, ctx.tz) : before.endDate;
      throw new DomainError('invalid_state', 'err.campaign_already_ended', { code, date: on });
    }
    const after = await updateCampaign(tx, before.id, {
      status: 'ended',
      endedAt: ctx.now,
      ...retroClock(ctx.now, retroDueFor(ctx, today)),
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'campaign.end',
      entity: 'campaign',
      entityId: code,
      before,
      after,
    });
    return after;
  });
}

/** Target attainment (actual ÷ target) of a reviewed campaign; null where there is no target. */
export function campaignAttainment(c: Campaign): {
  gmv: number | null;
  roi: number | null;
  newUsers: number | null;
} {
  return {
    gmv: attainment(c.retroGmvFen, c.targetGmvFen),
    roi: attainment(
      c.retroRoi === null ? null : Number(c.retroRoi),
      c.targetRoi === null ? null : Number(c.targetRoi),
    ),
    newUsers: attainment(c.retroNewUsers, c.targetNewUsers),
  };
}

/** File the retrospective of an ended campaign: ROI, GMV, notes; closes the retro clock (status reviewed). */
export async function retroCampaign(
  ctx: WorkCtx,
  input: RetroInput,
): Promise<{ campaign: Campaign; late: boolean }> {
  if (!ROI_RE.test(input.roi))
    throw new DomainError('invalid_input', 'err.campaign_bad_number', { key: 'roi' });
  for (const [key, v] of [
    ['gmv', input.gmvFen],
    ['new_users', input.newUsers],
  ] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      throw new DomainError('invalid_input', 'err.campaign_bad_number', { key });
    }
  }
  const today = localDate(ctx.now, ctx.tz);
  return ctx.db.transaction(async (tx) => {
    const before = await campaignForUpdate(tx, input.code);
    if (!before) throw notFound('campaign', input.code);
    const code = before.code;
    const status = effectiveStatus(before, today);
    if (status === 'planned' || status === 'live') {
      throw new DomainError('invalid_state', 'err.campaign_retro_before_end', { code, end: before.endDate });
    }
    if (status === 'reviewed')
      throw new DomainError('invalid_state', 'err.campaign_already_reviewed', { code });
    // Ended by date but the status job has not run yet: record when it ended and its deadline too.
    const endedAt = before.endedAt ?? endedByDateAt(before.endDate, ctx.tz);
    const retroDueAt = before.retroDueAt ?? retroDueFor(ctx, before.endDate);
    const after = await updateCampaign(tx, before.id, {
      status: 'reviewed',
      endedAt,
      ...retroClock(endedAt, retroDueAt),
      retroAt: ctx.now,
      retroBy: ctx.actor,
      retroRoi: input.roi,
      retroGmvFen: input.gmvFen,
      retroNewUsers: input.newUsers ?? null,
      retroNotes: redactPii(input.notes).text,
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'campaign.retro',
      entity: 'campaign',
      entityId: code,
      before,
      after,
    });
    return { campaign: after, late: ctx.now > retroDueAt };
  });
}

/**
 * One campaign with its effective status, the spend logged against it, and its retro deadline (computed
 * from the end date when it ended by date and the status job has not stored it yet).
 */
export async function showCampaign(
  ctx: Pick<WorkCtx, 'db' | 'now' | 'tz' | 'calendar' | 'settings'>,
  input: { code: string },
): Promise<{ campaign: Campaign; status: CampaignStatus; spentFen: number; retroDueAt: Date | null }> {
  const campaign = await campaignByCode(ctx.db, input.code);
  if (!campaign) throw notFound('campaign', input.code);
  const status = effectiveStatus(campaign, localDate(ctx.now, ctx.tz));
  const spentFen = await campaignSpendFen(ctx.db, campaign.id);
  const retroDueAt = campaign.retroDueAt ?? (status === 'ended' ? retroDueFor(ctx, campaign.endDate) : null);
  return { campaign, status, spentFen, retroDueAt };
}

/** One page of campaigns, newest first, filtered by effective status. */
export async function listCampaigns(
  ctx: { db: Db; now: Date; tz: string },
  input: { status?: CampaignStatus; page: number },
) {
  const today = localDate(ctx.now, ctx.tz);
  const offset = (input.page - 1) * PAGE_SIZE;
  const { rows, total } = await listCampaignRows(ctx.db, {
    status: input.status,
    today,
    offset,
    limit: PAGE_SIZE,
  });
  return {
    rows: rows.map((c) => ({ ...c, status: effectiveStatus(c, today) })),
    total,
    page: input.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export interface StatusTransition {
  code: string;
  from: string;
  to: CampaignStatus;
  retroDueAt: Date | null;
}

/**
 * Persist date-driven transitions planned → live → ended as of ctx.now, starting the retro clock of
 * every campaign that ended by date. Idempotent: a second run finds nothing to do.
 */
export async function syncCampaignStatuses(ctx: WorkCtx): Promise<StatusTransition[]> {
  const today = localDate(ctx.now, ctx.tz);
  return ctx.db.transaction(async (tx) => {
    const out: StatusTransition[] = [];
    for (const before of await campaignsDueForTransition(tx, today)) {
      const to = statusByDate(before, today);
      const ended = to === 'ended';
      const after = await updateCampaign(tx, before.id, {
        status: to,
        ...(ended
          ? {
              endedAt: endedByDateAt(before.endDate, ctx.tz),
              ...retroClock(endedByDateAt(before.endDate, ctx.tz), retroDueFor(ctx, before.endDate)),
            }
          : {}),
      });
      await insertAudit(tx, {
        at: ctx.now,
        actor: ctx.actor,
        action: `campaign.${to}`,
        entity: 'campaign',
        entityId: before.code,
        before,
        after,
      });
      out.push({ code: before.code, from: before.status, to, retroDueAt: after.retroDueAt });
    }
    return out;
  });
}
