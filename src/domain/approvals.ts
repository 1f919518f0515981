import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client';
import {
  approvalByCode,
  approvalForUpdate,
  closeIfPending,
  insertApproval,
  insertVote,
  listApprovalRows,
  updateApproval,
  votesFor,
} from '../../db/queries/approvals';
import { insertAudit } from '../../db/queries/audit';
import { enqueueOutbox } from '../../db/queries/outbox';
import { nextCode } from '../../db/queries/sequences';
import type { Approval, ApprovalVote } from '../../db/schema';
import type { StoredCard } from '../chat/card-codec';
import { parseActorKey } from '../chat/command';
import { destinationFor } from '../delivery/destinations';
import { budgetUsage, usageBand } from './budget';
import { CHANNEL, type CHANNELS } from './channels';
import {
  type CompanyPhrase,
  checkDraft,
  type Finding,
  type FindingCategory,
  type RuleId,
  type Severity,
} from './compliance';
import { PAGE_SIZE, type VerbCtx } from './context';
import { DomainError, notFound } from './errors';
import { ratio, roi } from './kpi';
import { actorKeysFor } from './persons';
import { refreshPostedCard } from './posted-cards';
import { hasRole, type Settings } from './settings';
import { defineVocabulary } from './vocabulary';

/** The stored rows, for handlers: they never import db/. */
export type { Approval, ApprovalVote } from '../../db/schema';

export const APPROVAL_KINDS = ['content', 'kol_deal'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export const APPROVAL_STATUS = defineVocabulary({
  pending: { 'zh-CN': '待审批', en: 'Pending' },
  approved: { 'zh-CN': '已批准', en: 'Approved' },
  changes_requested: { 'zh-CN': '需修改', en: 'Changes requested' },
  rejected: { 'zh-CN': '已驳回', en: 'Rejected' },
});
export const APPROVAL_STATUSES = APPROVAL_STATUS.codes;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const DECISIONS = ['approve', 'changes', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

const STATUS_OF: Record<Decision, ApprovalStatus> = {
  approve: 'approved',
  changes: 'changes_requested',
  reject: 'rejected',
};

/** Budget category a KOL fee is paid from. */
export const KOL_BUDGET_CATEGORY = 'content' as const;

export const NewContentInput = z.object({
  title: z.string().trim().min(1).max(200),
  channel: CHANNEL.schema,
  text: z.string().trim().min(1).max(8000).optional(),
  link: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => /^https?:\/\/\S+$/i.test(v), 'err.bad_link')
    .optional(),
  brief: z.string().trim().min(1).max(2000).optional(),
});
export type NewContentInput = z.infer<typeof NewContentInput>;

export const NewKolInput = z.object({
  name: z.string().trim().min(1).max(200),
  platform: CHANNEL.schema,
  followers: z.number().int().nonnegative(),
  feeFen: z.number().int().positive(),
  deliverables: z.string().trim().min(1).max(2000),
  /** Publish date, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  expectedViews: z.number().int().nonnegative().optional(),
});
export type NewKolInput = z.infer<typeof NewKolInput>;

/** A compliance finding as stored on the approval, with the field it was found in. */
export interface StoredFinding {
  field: 'title' | 'text' | 'deliverables';
  category: FindingCategory;
  /** The rule that raised it; absent on approvals stored before rules were recorded. */
  rule?: RuleId;
  phrase: string;
  original: string;
  term: string;
  article: string;
  severity: Severity;
  rewrite: string;
  /** Set when the company's allow or block list decided this finding. */
  policy?: Finding['policy'];
}

export type BudgetLevel = 'no_plan' | 'within' | 'over_100' | 'over_105';

/** What the fee does to the month's content budget, frozen at proposal time. */
export interface BudgetImpact {
  month: string;
  category: string;
  planFen: number | null;
  spentFen: number;
  feeFen: number;
  /** Spend after the fee ÷ plan, null when there is no plan. */
  usageAfter: number | null;
  level: BudgetLevel;
}

/** Findings the company's allow list cleared, kept so the card can say what the list changed. */
interface CheckedDetails {
  allowedFindings?: StoredFinding[];
}

export interface ContentDetails extends CheckedDetails {
  channel: (typeof CHANNELS)[number];
  text?: string;
  link?: string;
  brief?: string;
  requesterName?: string;
}

export interface KolDetails extends CheckedDetails {
  name: string;
  platform: (typeof CHANNELS)[number];
  followers: number;
  feeFen: number;
  deliverables: string;
  date: string;
  expectedViews?: number;
  budget: BudgetImpact;
  requesterName?: string;
}

/** An approval's kind-specific fields: a KOL deal's are the ones with a fee (contentDetails/kolDetails narrow). */
export type ApprovalDetails = ContentDetails | KolDetails;

/** A KOL deal's fields; asked of a content draft it is a bug, so it throws an internal error. */
export function kolDetails(a: Pick<Approval, 'code' | 'kind' | 'details'>): KolDetails {
  const d = a.details;
  if ('feeFen' in d) return d;
  throw new Error(`internal: ${a.code} is a ${a.kind} approval, not a KOL deal`);
}

/** A content draft's fields; asked of a KOL deal it is a bug, so it throws an internal error. */
export function contentDetails(a: Pick<Approval, 'code' | 'kind' | 'details'>): ContentDetails {
  const d = a.details;
  if (!('feeFen' in d)) return d;
  throw new Error(`internal: ${a.code} is a ${a.kind} approval, not a content draft`);
}

export interface KolResult {
  views: number;
  engagements: number;
  gmvFen: number;
  recordedAt: string;
  recordedBy: string;
}

/** Where a posted approval card lives, per platform, so decisions can update it in place. */
export type CardRefs = Record<string, { outboxId: number; destination: string }>;

/** Builds the cards the domain queues; the caller supplies them so the domain stays text-free. */
/** Card builders; they run inside the change's transaction and may read through `tx` (display names). */
export interface ApprovalRender {
  card(a: Approval, votes: ApprovalVote[], tx: DbOrTx): StoredCard | Promise<StoredCard>;
  /** The requester's notice after a decision. */
  dm(a: Approval, votes: ApprovalVote[], tx: DbOrTx): StoredCard | Promise<StoredCard>;
}

/** Where the approval card goes, and how cards are built. */
export interface ApprovalPost {
  platform: string;
  destination: string;
  render: ApprovalRender;
}

/**
 * Budget impact, banded exactly like the budget watch (integer maths): `over_100` once spend + fee reaches
 * the plan, `over_105` above 105% (exactly 105% is still inside the manual's ≤105% ceiling).
 */
export function budgetImpact(
  month: string,
  planFen: number | null,
  spentFen: number,
  feeFen: number,
  category = KOL_BUDGET_CATEGORY,
): BudgetImpact {
  const after = spentFen + feeFen;
  const base = { month, category, planFen, spentFen, feeFen };
  if (planFen === null || planFen <= 0) return { ...base, usageAfter: null, level: 'no_plan' };
  const band = usageBand(after, planFen);
  const level: BudgetLevel = band === '105' ? 'over_105' : band === '100' ? 'over_100' : 'within';
  return { ...base, usageAfter: ratio(after, planFen), level };
}

/** CPM (fee per 1,000 expected views) and fee per 1,000 followers, in fen; null without a base. */
export function kolFigures(d: Pick<KolDetails, 'feeFen' | 'followers' | 'expectedViews'>): {
  cpmFen: number | null;
  feePer1kFollowersFen: number | null;
} {
  const per1k = (base: number | undefined) => {
    const r = ratio(d.feeFen, base);
    return r === null ? null : r * 1000;
  };
  return { cpmFen: per1k(d.expectedViews), feePer1kFollowersFen: per1k(d.followers) };
}

/** ROI of a published deal as GMV ÷ fee. */
export function kolRoi(a: Approval): number | null {
  if (!a.result || a.kind !== 'kol_deal') return null;
  return roi(a.result.gmvFen, kolDetails(a).feeFen);
}

/** Deals above the configured fee need two different approvers. */
export function requiredApprovalsFor(feeFen: number, settings: Pick<Settings, 'kolSecondApproverFeeFen'>) {
  return feeFen > settings.kolSecondApproverFeeFen ? 2 : 1;
}

/**
 * Compliance findings of several fields, high severity first across all of them, with the company's allow
 * and block phrases applied; `allowed` holds what the allow list cleared.
 */
export function findingsFor(
  fields: { field: StoredFinding['field']; text: string | undefined }[],
  policy: readonly CompanyPhrase[] = [],
): { findings: StoredFinding[]; allowed: StoredFinding[] } {
  const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
  const stored = (field: StoredFinding['field'], f: Finding): StoredFinding => ({
    field,
    category: f.category,
    rule: f.rule,
    phrase: f.phrase,
    original: f.original,
    term: f.term,
    article: f.article,
    severity: f.severity,
    rewrite: f.rewrite,
    ...(f.policy ? { policy: f.policy } : {}),
  });
  const findings: StoredFinding[] = [];
  const allowed: StoredFinding[] = [];
  for (const { field, text } of fields) {
    if (!text) continue;
    const r = checkDraft(text, { policy });
    findings.push(...r.findings.map((f) => stored(field, f)));
    allowed.push(...r.allowed.map((f) => stored(field, f)));
  }
  // Array sort is stable: within a severity the order of fields and positions is kept.
  const bySeverity = (a: StoredFinding, b: StoredFinding) => rank[a.severity] - rank[b.severity];
  return { findings: findings.sort(bySeverity), allowed: allowed.sort(bySeverity) };
}

export const highFindings = (a: Pick<Approval, 'findings'>) =>
  a.findings.filter((f) => f.severity === 'high').length;

async function create(
  ctx: VerbCtx,
  row: {
    kind: ApprovalKind;
    title: string;
    details: ContentDetails | KolDetails;
    findings: StoredFinding[];
    requiredApprovals: number;
  },
  post: ApprovalPost | undefined,
): Promise<Approval> {
  return ctx.db.transaction(async (tx) => {
    const code = await nextCode(tx, 'APR');
    let approval = await insertApproval(tx, {
      code,
      kind: row.kind,
      status: 'pending',
      title: row.title,
      requester: ctx.actor,
      details: row.details,
      findings: row.findings,
      requiredApprovals: row.requiredApprovals,
      createdAt: ctx.now,
    });
    if (post) {
      const outboxId = await enqueueOutbox(tx, {
        platform: post.platform,
        destination: post.destination,
        payload: { card: await post.render.card(approval, [], tx) },
        dedupeKey: `approval.card:${code}`,
        now: ctx.now,
      });
      if (outboxId !== undefined) {
        const cardRefs: CardRefs = { [post.platform]: { outboxId, destination: post.destination } };
        approval = await updateApproval(tx, approval.id, { cardRefs });
      }
    }
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: row.kind === 'content' ? 'approval.submit' : 'approval.propose',
      entity: 'approval',
      entityId: code,
      after: approval,
    });
    return approval;
  });
}

/** Submit a content draft: compliance check on title and text, approval APR-n, card queued in one go. */
export async function submitContent(
  ctx: VerbCtx,
  input: NewContentInput,
  opts: { post?: ApprovalPost; requesterName?: string } = {},
): Promise<Approval> {
  if (!input.text && !input.link) throw new DomainError('invalid_input', 'err.text_or_link');
  const details: ContentDetails = {
    channel: input.channel,
    ...(input.text ? { text: input.text } : {}),
    ...(input.link ? { link: input.link } : {}),
    ...(input.brief ? { brief: input.brief } : {}),
    ...(opts.requesterName ? { requesterName: opts.requesterName } : {}),
  };
  const { findings, allowed } = findingsFor(
    [
      { field: 'title', text: input.title },
      { field: 'text', text: input.text },
    ],
    ctx.settings.compliancePhrases,
  );
  if (allowed.length > 0) details.allowedFindings = allowed;
  return create(
    ctx,
    { kind: 'content', title: input.title, details, findings, requiredApprovals: 1 },
    opts.post,
  );
}

/** Propose a KOL deal: derived figures, the month's content-budget impact and compliance, then the card. */
export async function proposeKol(
  ctx: VerbCtx,
  input: NewKolInput,
  opts: { post?: ApprovalPost; requesterName?: string } = {},
): Promise<Approval> {
  // The fee is paid in the month the deal is published, so that month's budget is the one it strains.
  const month = input.date.slice(0, 7);
  const usage = (await budgetUsage(ctx.db, month)).categories[KOL_BUDGET_CATEGORY];
  const planFen = usage.planFen > 0 ? usage.planFen : null;
  const spentFen = usage.spendFen;
  const details: KolDetails = {
    name: input.name,
    platform: input.platform,
    followers: input.followers,
    feeFen: input.feeFen,
    deliverables: input.deliverables,
    date: input.date,
    ...(input.expectedViews !== undefined ? { expectedViews: input.expectedViews } : {}),
    budget: budgetImpact(month, planFen, spentFen, input.feeFen),
    ...(opts.requesterName ? { requesterName: opts.requesterName } : {}),
  };
  const { findings, allowed } = findingsFor(
    [
      { field: 'title', text: input.name },
      { field: 'deliverables', text: input.deliverables },
    ],
    ctx.settings.compliancePhrases,
  );
  if (allowed.length > 0) details.allowedFindings = allowed;
  return create(
    ctx,
    {
      kind: 'kol_deal',
      title: input.name,
      details,
      findings,
      requiredApprovals: requiredApprovalsFor(input.feeFen, ctx.settings),
    },
    opts.post,
  );
}

export type DecideOutcome =
  /** This call closed the approval. */
  | { outcome: 'decided'; approval: Approval; votes: ApprovalVote[] }
  /** This call added an approval vote; more are needed (two-approver deals). */
  | { outcome: 'voted'; approval: Approval; votes: ApprovalVote[] }
  /** Someone decided first (or this was a repeated click): nothing changed. */
  | { outcome: 'already_decided'; approval: Approval; votes: ApprovalVote[] }
  /** This approver already voted on a still-open two-approver deal: nothing changed. */
  | { outcome: 'already_voted'; approval: Approval; votes: ApprovalVote[] };

/**
 * The caller's actor keys on every linked platform (a person may act from Slack and WeCom), so the role,
 * self-approval and one-vote-per-approver rules hold per person, not per account.
 */
async function identityOf(db: DbOrTx, actor: string): Promise<string[]> {
  return actorKeysFor(db, actor);
}

function assertMayDecide(ctx: VerbCtx, approval: Approval, keys: string[]): void {
  const roles = keys.map(parseActorKey).filter((a) => a !== undefined);
  // Admins are deliberately not approvers by default: who may sign off is its own list.
  if (!roles.some((a) => hasRole(ctx.settings.approvers, a))) {
    throw new DomainError('forbidden', 'err.approvers_only', { code: approval.code });
  }
  if (keys.includes(approval.requester)) {
    throw new DomainError('forbidden', 'err.self_decision', { code: approval.code });
  }
}

/**
 * Read-only check before asking for a reason (the Slack modal), so a non-approver or a late clicker is
 * told at once instead of after typing a reason. The decision itself re-checks everything.
 */
export async function checkDecision(
  ctx: VerbCtx,
  input: { code: string },
): Promise<{ approval: Approval; votes: ApprovalVote[]; open: boolean; votedAlready: boolean }> {
  const approval = await approvalByCode(ctx.db, input.code);
  if (!approval) throw notFound('approval', input.code);
  const keys = await identityOf(ctx.db, ctx.actor);
  assertMayDecide(ctx, approval, keys);
  const votes = await votesFor(ctx.db, approval.id);
  return {
    approval,
    votes,
    open: approval.status === 'pending',
    votedAlready: votes.some((v) => keys.includes(v.approver)),
  };
}

/**
 * Decide an approval. The row is locked, then a unique vote and a compare-and-set on status='pending'
 * make the first decision win: a second click, a retried delivery or a simultaneous click by another
 * approver returns `already_decided` and changes nothing. Audited; the card update and the requester's
 * DM are queued in the same transaction.
 */
export async function decideApproval(
  ctx: VerbCtx,
  input: { code: string; decision: Decision; reason?: string },
  render?: ApprovalRender,
): Promise<DecideOutcome> {
  const reason = input.reason?.trim() || undefined;
  if (input.decision !== 'approve' && !reason) {
    throw new DomainError('invalid_input', 'err.reason_required', { code: input.code });
  }
  return ctx.db.transaction(async (tx): Promise<DecideOutcome> => {
    const before = await approvalForUpdate(tx, input.code);
    if (!before) throw notFound('approval', input.code);
    const keys = await identityOf(tx, ctx.actor);
    assertMayDecide(ctx, before, keys);
    const priorVotes = await votesFor(tx, before.id);
    if (before.status !== 'pending')
      return { outcome: 'already_decided', approval: before, votes: priorVotes };
    // The unique key stops the same account; the same person from their other platform is stopped here.
    if (priorVotes.some((v) => keys.includes(v.approver))) {
      return { outcome: 'already_voted', approval: before, votes: priorVotes };
    }

    const vote = await insertVote(tx, {
      approvalId: before.id,
      approver: ctx.actor,
      decision: input.decision,
      reason: reason ?? null,
      at: ctx.now,
    });
    if (!vote) return { outcome: 'already_voted', approval: before, votes: priorVotes };
    const votes = [...priorVotes, vote];

    const approvals = votes.filter((v) => v.decision === 'approve').length;
    if (input.decision === 'approve' && approvals < before.requiredApprovals) {
      await insertAudit(tx, {
        at: ctx.now,
        actor: ctx.actor,
        action: 'approval.vote',
        entity: 'approval',
        entityId: before.code,
        before: { status: before.status, approvals: approvals - 1 },
        after: { status: before.status, approvals, required: before.requiredApprovals },
      });
      if (render)
        await refreshCards(tx, ctx, before, await render.card(before, votes, tx), `vote:${vote.id}`);
      return { outcome: 'voted', approval: before, votes };
    }

    const after = await closeIfPending(tx, before.id, {
      status: STATUS_OF[input.decision],
      decidedAt: ctx.now,
      decidedBy: ctx.actor,
      decisionReason: reason ?? null,
    });
    // Unreachable while the row lock is held; kept so the compare-and-set stands on its own.
    if (!after) return { outcome: 'already_decided', approval: before, votes: priorVotes };
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'approval.decide',
      entity: 'approval',
      entityId: after.code,
      before,
      after: { ...after, votes },
    });
    if (render) {
      await refreshCards(tx, ctx, after, await render.card(after, votes, tx), after.status);
      for (const dm of destinationFor({ actor: after.requester })) {
        await enqueueOutbox(tx, {
          ...dm,
          payload: { card: await render.dm(after, votes, tx) },
          dedupeKey: `approval.dm:${after.code}`,
          now: ctx.now,
        });
      }
    }
    return { outcome: 'decided', approval: after, votes };
  });
}

/** Bring every posted copy of the approval card up to date (see refreshPostedCard). */
async function refreshCards(
  tx: Tx,
  ctx: VerbCtx,
  approval: Approval,
  card: StoredCard,
  step: string,
): Promise<void> {
  for (const [platform, ref] of Object.entries(approval.cardRefs ?? {})) {
    await refreshPostedCard(
      tx,
      { outboxId: ref.outboxId, platform, destination: ref.destination },
      card,
      `approval.update:${approval.code}:${platform}:${step}`,
      ctx.now,
    );
  }
}

/**
 * Post the card of every pending approval that has none on `post.platform` yet (demo data is written
 * without a place to post to): queued with its buttons, and remembered in card_refs so decisions update it.
 */
export async function postPendingApprovalCards(
  ctx: Pick<VerbCtx, 'db' | 'now'>,
  post: ApprovalPost,
): Promise<number> {
  const pending = await Promise.all(
    APPROVAL_KINDS.map((kind) =>
      listApprovalRows(ctx.db, { kind, status: 'pending', offset: 0, limit: 100 }),
    ),
  );
  const rows = pending.flatMap((p) => p.rows).sort((a, b) => a.id - b.id);
  let posted = 0;
  for (const row of rows) {
    await ctx.db.transaction(async (tx) => {
      const a = await approvalForUpdate(tx, row.code);
      const refs = a?.cardRefs ?? {};
      if (a?.status !== 'pending' || refs[post.platform]) return;
      const outboxId = await enqueueOutbox(tx, {
        platform: post.platform,
        destination: post.destination,
        payload: { card: await post.render.card(a, await votesFor(tx, a.id), tx) },
        dedupeKey: `approval.card:${a.code}:${post.platform}`,
        now: ctx.now,
      });
      if (outboxId === undefined) return;
      await updateApproval(tx, a.id, {
        cardRefs: { ...refs, [post.platform]: { outboxId, destination: post.destination } },
      });
      posted++;
    });
  }
  return posted;
}

/** Record how a published KOL deal did (views, engagements, GMV); audited, and may be corrected later. */
export async function recordKolResult(
  ctx: VerbCtx,
  input: { code: string; views: number; engagements: number; gmvFen: number },
): Promise<Approval & { result: KolResult }> {
  return ctx.db.transaction(async (tx) => {
    const before = await approvalForUpdate(tx, input.code);
    if (!before) throw notFound('approval', input.code);
    if (before.kind !== 'kol_deal')
      throw new DomainError('invalid_input', 'err.not_kol', { code: input.code });
    if (before.status !== 'approved') {
      throw new DomainError('invalid_state', 'err.result_not_approved', { code: input.code });
    }
    const result: KolResult = {
      views: input.views,
      engagements: input.engagements,
      gmvFen: input.gmvFen,
      recordedAt: ctx.now.toISOString(),
      recordedBy: ctx.actor,
    };
    const after = await updateApproval(tx, before.id, { result });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'approval.result',
      entity: 'approval',
      entityId: before.code,
      before: before.result,
      after: result,
    });
    return { ...after, result };
  });
}

/** One page of approvals of a kind, newest first. */
export async function listApprovals(
  ctx: Pick<VerbCtx, 'db'>,
  input: { kind: ApprovalKind; status?: ApprovalStatus; page: number },
) {
  const offset = (input.page - 1) * PAGE_SIZE;
  const { rows, total } = await listApprovalRows(ctx.db, {
    kind: input.kind,
    status: input.status,
    offset,
    limit: PAGE_SIZE,
  });
  return { rows, total, page: input.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
