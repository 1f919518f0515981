import {
  abTestForUpdate,
  abTestByCode as abTestRow,
  abTestsOpenOrClosedSince,
  insertAbTest,
  listAbTests as listAbTestRows,
  updateAbTest,
} from '../../db/queries/abtests';
import { insertAudit } from '../../db/queries/audit';
import { nextCode } from '../../db/queries/sequences';
import type { AbTest } from '../../db/schema';
import { type AbResult, type ArmProblem, armProblems, compareArms, PEEKING_WARN_AFTER } from './ab-stats';
import type { Channel } from './channels';
import { PAGE_SIZE, type VerbCtx } from './context';
import { DomainError, notFound } from './errors';
import { hasRole } from './settings';
import { defineVocabulary } from './vocabulary';

export const AB_METRIC = defineVocabulary({
  ctr: { 'zh-CN': '点击率', en: 'CTR' },
  cvr: { 'zh-CN': '转化率', en: 'CVR' },
});
export const AB_METRICS = AB_METRIC.codes;
export type AbMetric = (typeof AB_METRICS)[number];
export const AB_STATUS = defineVocabulary({
  open: { 'zh-CN': '进行中', en: 'Running' },
  closed: { 'zh-CN': '已结束', en: 'Closed' },
});
export type AbStatus = (typeof AB_STATUS.codes)[number];
export const AB_WINNERS = ['a', 'b', 'none'] as const;
export type AbWinner = (typeof AB_WINNERS)[number];

/** A test with its current statistics and whether the reply should warn about peeking. */
export interface AbTestView {
  test: AbTest;
  result: AbResult;
  /** The counts were updated often enough that stopping at the first p < 0.05 inflates false positives. */
  peeking: boolean;
}

/** Counts for both arms; every field is a whole number ≥ 0 (checked by the handler's schema). */
export interface ArmCounts {
  a_visitors?: number;
  a_conversions?: number;
  b_visitors?: number;
  b_conversions?: number;
}

export function viewOf(test: AbTest): AbTestView {
  return {
    test,
    result: compareArms(
      { visitors: test.aVisitors, conversions: test.aConversions },
      { visitors: test.bVisitors, conversions: test.bConversions },
    ),
    peeking: test.updates >= PEEKING_WARN_AFTER,
  };
}

/** Problems with both arms' counts, per field (missing arm, visitors ≤ 0, conversions > visitors). */
export function countProblems(c: ArmCounts): ArmProblem[] {
  return [
    ...armProblems('a', c.a_visitors, c.a_conversions),
    ...armProblems('b', c.b_visitors, c.b_conversions),
  ];
}

function assertCounts(c: ArmCounts, afterAdding = false): asserts c is Required<ArmCounts> {
  const p = countProblems(c)[0];
  if (!p) return;
  const key = afterAdding && p.problem === 'above_visitors' ? 'above_visitors_total' : p.problem;
  throw new DomainError('invalid_input', `err.abtest.${key}`, { field: p.field });
}

export interface NewAbTestInput extends ArmCounts {
  name: string;
  metric: AbMetric;
  channel?: Channel;
  /** Actor key of the owner; the creator when absent. */
  owner?: string;
}

/** Create `ABT-n` with both arms' counts; nothing is written when a count is missing or impossible. */
export async function createAbTest(ctx: VerbCtx, input: NewAbTestInput): Promise<AbTestView> {
  assertCounts(input);
  return ctx.db.transaction(async (tx) => {
    const code = await nextCode(tx, 'ABT');
    const test = await insertAbTest(tx, {
      code,
      name: input.name,
      metric: input.metric,
      channel: input.channel ?? null,
      owner: input.owner ?? ctx.actor,
      aVisitors: input.a_visitors,
      aConversions: input.a_conversions,
      bVisitors: input.b_visitors,
      bConversions: input.b_conversions,
      status: 'open',
      createdBy: ctx.actor,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'abtest.create',
      entity: 'abtest',
      entityId: code,
      after: test,
    });
    return viewOf(test);
  });
}

/**
 * Add newly counted visitors and conversions to an open test (the counts given are increments). The
 * totals are checked before anything is written, so conversions can never exceed visitors.
 */
export async function addAbTestCounts(
  ctx: VerbCtx,
  input: { code: string } & ArmCounts,
): Promise<AbTestView & { added: ArmCounts }> {
  const added: ArmCounts = {
    a_visitors: input.a_visitors,
    a_conversions: input.a_conversions,
    b_visitors: input.b_visitors,
    b_conversions: input.b_conversions,
  };
  if (Object.values(added).every((v) => v === undefined)) {
    throw new DomainError('invalid_input', 'err.abtest.no_counts');
  }
  return ctx.db.transaction(async (tx) => {
    const before = await abTestForUpdate(tx, input.code);
    if (!before) throw notFound('abtest', input.code);
    if (before.status !== 'open') {
      throw new DomainError('invalid_state', 'err.abtest.closed', { code: before.code });
    }
    const totals = {
      a_visitors: before.aVisitors + (added.a_visitors ?? 0),
      a_conversions: before.aConversions + (added.a_conversions ?? 0),
      b_visitors: before.bVisitors + (added.b_visitors ?? 0),
      b_conversions: before.bConversions + (added.b_conversions ?? 0),
    };
    assertCounts(totals, true);
    const after = await updateAbTest(tx, before.id, {
      aVisitors: totals.a_visitors,
      aConversions: totals.a_conversions,
      bVisitors: totals.b_visitors,
      bConversions: totals.b_conversions,
      updates: before.updates + 1,
      updatedAt: ctx.now,
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'abtest.update',
      entity: 'abtest',
      entityId: before.code,
      before,
      after,
    });
    return { ...viewOf(after), added };
  });
}

/**
 * Close a test with the team's decision. Only its owner, its creator or an admin may close it; a second
 * close says it is already closed (compare-and-set under the row lock).
 */
export async function closeAbTest(
  ctx: VerbCtx,
  input: { code: string; winner: AbWinner },
): Promise<AbTestView & { alreadyClosed: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const before = await abTestForUpdate(tx, input.code);
    if (!before) throw notFound('abtest', input.code);
    if (before.status === 'closed') return { ...viewOf(before), alreadyClosed: true };
    const i = ctx.actor.indexOf(':');
    const isAdmin = hasRole(ctx.settings.admins, {
      platform: ctx.actor.slice(0, i),
      userId: ctx.actor.slice(i + 1),
    });
    if (ctx.actor !== before.owner && ctx.actor !== before.createdBy && !isAdmin) {
      throw new DomainError('forbidden', 'err.abtest.close_forbidden', { code: before.code });
    }
    const after = await updateAbTest(tx, before.id, {
      status: 'closed',
      winner: input.winner,
      closedAt: ctx.now,
      closedBy: ctx.actor,
      updatedAt: ctx.now,
    });
    await insertAudit(tx, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'abtest.close',
      entity: 'abtest',
      entityId: before.code,
      before,
      after,
    });
    return { ...viewOf(after), alreadyClosed: false };
  });
}

/** One test with its statistics. */
export async function showAbTest(ctx: Pick<VerbCtx, 'db'>, code: string): Promise<AbTestView> {
  const test = await abTestRow(ctx.db, code);
  if (!test) throw notFound('abtest', code);
  return viewOf(test);
}

/** One page of tests, newest first, each with its statistics. */
export async function listAbTests(
  ctx: Pick<VerbCtx, 'db'>,
  query: { status?: AbStatus; page: number },
): Promise<{ rows: AbTestView[]; total: number; page: number; pages: number }> {
  const { rows, total } = await listAbTestRows(ctx.db, {
    status: query.status,
    offset: (query.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return {
    rows: rows.map(viewOf),
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/**
 * Tests worth a line in the weekly digest: open ones whose counts now show a significant difference, and
 * those closed since `since` (with the team's decision).
 */
export async function abTestsWithVerdict(ctx: Pick<VerbCtx, 'db'>, since: Date): Promise<AbTestView[]> {
  const rows = await abTestsOpenOrClosedSince(ctx.db, since, 200);
  return rows
    .map(viewOf)
    .filter(
      (v) => v.test.status === 'closed' || v.result.verdict === 'a_wins' || v.result.verdict === 'b_wins',
    );
}
