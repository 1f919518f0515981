import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../db/queries/audit';
import {
  type Approval,
  approvals,
  approvalVotes,
  auditLog,
  budgetPlans,
  outbox,
  persons,
  spendEntries,
} from '../../db/schema';
import type { Card } from '../../src/chat/card';
import { encodeCard } from '../../src/chat/card-codec';
import { approvalCard, approvalDm } from '../../src/chat/cards/approvals';
import {
  type ApprovalPost,
  budgetImpact,
  type ContentDetails,
  decideApproval,
  type KolDetails,
  kolFigures,
  kolRoi,
  listApprovals,
  proposeKol,
  recordKolResult,
  requiredApprovalsFor,
  submitContent,
} from '../../src/domain/approvals';
import type { VerbCtx } from '../../src/domain/context';
import { DomainError } from '../../src/domain/errors';
import { defaultSettings, type Settings } from '../../src/domain/settings';
import { createTestDb, driverName } from '../helpers/db';
import { testConfig } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
const now = new Date('2026-11-26T02:00:00Z');
let settings: Settings;

const TZ = 'Asia/Shanghai';
const render = {
  card: (a: Approval, v: Parameters<typeof approvalCard>[3]) => encodeCard(approvalCard('en', TZ, a, v)),
  dm: (a: Approval, v: Parameters<typeof approvalDm>[3]) => encodeCard(approvalDm('en', TZ, a, v)),
};
const post: ApprovalPost = { platform: 'slack', destination: 'C_APPROVALS', render };

/** The verb context of one Slack user, `minutes` after the start. */
const as = (userId: string, minutes = 0): VerbCtx => ({
  db: h.db,
  now: new Date(now.getTime() + minutes * 60_000),
  actor: `slack:${userId}`,
  settings,
});
const text = (c: Card) => JSON.stringify(c);

const kolInput = (feeYuan: number, extra: Partial<Parameters<typeof proposeKol>[1]> = {}) => ({
  name: '小鹿爱测评',
  platform: 'xiaohongshu' as const,
  followers: 500_000,
  feeFen: feeYuan * 100,
  deliverables: '图文 2 篇 + 短视频 1 条',
  date: '2026-11-28',
  expectedViews: 1_000_000,
  ...extra,
});

const draft = (t: string, title = '秋冬面霜上新') =>
  submitContent(as('U_SPEC'), { title, channel: 'xiaohongshu', text: t }, { post });

beforeAll(async () => {
  h = await createTestDb();
  settings = {
    ...defaultSettings(testConfig()),
    // U_BOSS2 is listed platform-qualified: both spellings count. U_ADMIN is an admin and not an approver.
    approvers: ['U_BOSS', 'slack:U_BOSS2', 'U_SELF'],
    admins: ['U_ADMIN', 'U_BOSS'],
  };
});
afterAll(() => h.close());

describe(`approvals domain on ${driverName}`, () => {
  describe('compliance findings on the card', () => {
    it('a clean draft → no findings, card says so, Approve has no confirm dialog', async () => {
      const a = await draft('秋冬新品上市，柔软亲肤，欢迎到店试穿。');
      expect(a.code).toMatch(/^APR-\d+$/);
      expect(a.findings).toEqual([]);
      const card = approvalCard('en', TZ, a, []);
      expect(text(card)).toContain('Advertising-law check: no findings.');
      expect(card.buttons!.map((b) => b.action)).toEqual([
        `approval:${a.code}:approve`,
        `approval:${a.code}:changes`,
        `approval:${a.code}:reject`,
      ]);
      expect(card.buttons![0]!.confirm).toBeUndefined();
      expect(card.mentions).toEqual([{ platform: 'slack', userId: 'U_SPEC' }]);
    });

    it('absolute terms → high findings at the top with article and rewrite; the bot (not the card) asks to confirm', async () => {
      const a = await draft('这是全网销量第一的保湿面霜，国家级品质，秋冬最佳选择。', '面霜上新');
      const card = approvalCard('en', TZ, a, []);
      expect(card.text).toContain('3 high-severity compliance findings');
      const findings = card.sections![0]!;
      expect(findings.heading).toBe('Advertising-law check: 3 findings');
      // Severity and the rule that raised it are on every line.
      expect(findings.lines[0]).toContain('[high] “全网销量第一” (text) rule: absolute term');
      expect(findings.lines.join('\n')).toContain('“最佳”');
      expect(findings.lines.join('\n')).toContain('广告法 第九条');
      expect(findings.lines.join('\n')).toContain('suggest:');
      expect(card.tone).toBe('warning');
      // A dialog on the card would ask before the permission check; approvalAction asks after it.
      expect(card.buttons![0]!.confirm).toBeUndefined();
    });

    it('medical claims → medical findings citing 第十七条; a high finding does not block submission', async () => {
      const a = await draft('七天根治痘痘，无副作用，100%有效。', '祛痘精华');
      expect(a.status).toBe('pending');
      const cats = (a.findings as { category: string; article: string }[]).map((f) => f.category);
      // 根治, 无副作用, 100%有效 in the text, and 祛痘 in the title.
      expect(cats).toEqual(['medical', 'medical', 'medical', 'medical']);
      expect(text(approvalCard('en', TZ, a, []))).toContain('第十七条');
    });

    it('the allowlist keeps 最新 / 第一次 / 最后 quiet; findings in the title are reported too', async () => {
      const quiet = await draft('最新款上市，第一次购买享9折，最后三天。', '新款上市');
      expect(quiet.findings).toEqual([]);
      const loud = await draft('柔软亲肤。', '最佳冬季面霜');
      expect(loud.findings).toMatchObject([{ field: 'title', phrase: '最佳', severity: 'high' }]);
      expect(text(approvalCard('en', TZ, loud, []))).toContain('“最佳” (title)');
    });

    it('a link-only draft → the card says the check could not read it', async () => {
      const a = await submitContent(
        as('U_SPEC'),
        { title: '外链稿件', channel: 'weibo', link: 'https://docs.example.com/d/1' },
        { post },
      );
      expect((a.details as ContentDetails).link).toBe('https://docs.example.com/d/1');
      expect(text(approvalCard('en', TZ, a, []))).toContain('Only a link was given');
    });

    it('neither text nor link → invalid input, nothing written', async () => {
      const before = (await h.db.select().from(approvals)).length;
      await expect(
        submitContent(as('U_SPEC'), { title: 'x', channel: 'weibo' }, { post }),
      ).rejects.toMatchObject({ messageKey: 'err.text_or_link' });
      expect((await h.db.select().from(approvals)).length).toBe(before);
    });

    it('submission → audit row and one card queued to the approvals channel in the same transaction', async () => {
      const a = await draft('柔软亲肤。');
      expect((await auditFor(h.db, 'approval', a.code)).map((r) => r.action)).toEqual(['approval.submit']);
      const rows = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.card:${a.code}`));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.destination).toBe('C_APPROVALS');
      expect(a.cardRefs).toEqual({ slack: { outboxId: rows[0]!.id, destination: 'C_APPROVALS' } });
    });
  });

  describe('KOL deals: derived figures, second approver, budget impact', () => {
    it('CPM = fee ÷ expected views × 1000 and fee per 1k followers, shown on the card', async () => {
      expect(kolFigures({ feeFen: 5_000_000, followers: 500_000, expectedViews: 1_000_000 })).toEqual({
        cpmFen: 5_000,
        feePer1kFollowersFen: 10_000,
      });
      expect(kolFigures({ feeFen: 5_000_000, followers: 0 })).toEqual({
        cpmFen: null,
        feePer1kFollowersFen: null,
      });
      const a = await proposeKol(as('U_SPEC'), kolInput(50_000), { post });
      const card = text(approvalCard('en', TZ, a, []));
      expect(card).toContain('CPM (per 1k views)');
      expect(card).toContain('¥50.00');
      expect(card).toContain('¥100.00');
      expect(card).toContain('¥50,000.00');
      expect((await auditFor(h.db, 'approval', a.code)).map((r) => r.action)).toEqual(['approval.propose']);
    });

    it('a fee of exactly ¥50,000 needs one approver; one fen more needs two', () => {
      expect(requiredApprovalsFor(5_000_000, settings)).toBe(1);
      expect(requiredApprovalsFor(5_000_001, settings)).toBe(2);
      expect(requiredApprovalsFor(5_000_001, { kolSecondApproverFeeFen: 10_000_000 })).toBe(1);
    });

    it('compliance runs on the KOL name and the deliverables', async () => {
      const a = await proposeKol(
        as('U_SPEC'),
        kolInput(8_000, { deliverables: '探店视频 1 条，突出最好用的功能' }),
        {
          post,
        },
      );
      expect(a.findings).toMatchObject([{ field: 'deliverables', phrase: '最好用', severity: 'high' }]);
    });

    it.each([
      // plan ¥10,000, spent ¥9,000: the fee decides which line is crossed.
      [99_999, 'within'],
      [100_000, 'over_100'], // exactly 100%: the plan is used up
      [150_000, 'over_100'], // exactly 105%: still inside the ≤105% ceiling
      [150_001, 'over_105'],
    ] as const)('budget impact: spend ¥9,000 + fee %i fen against plan ¥10,000 → %s', (fee, level) => {
      const b = budgetImpact('2026-12', 1_000_000, 900_000, fee);
      expect(b.level).toBe(level);
      expect(b.usageAfter).toBeCloseTo((900_000 + fee) / 1_000_000, 10);
    });

    it('no plan for the month → no_plan with the spend so far', () => {
      expect(budgetImpact('2026-12', null, 5_000, 1_000)).toMatchObject({
        level: 'no_plan',
        usageAfter: null,
      });
    });

    it('the proposal reads the publish month’s content plan and spend from the database', async () => {
      await h.db.insert(budgetPlans).values([
        {
          month: '2027-01',
          category: 'content',
          planFen: 10_000_000,
          updatedAt: now,
          updatedBy: 'slack:U_ADMIN',
        },
        // Other categories do not count against content.
        {
          month: '2027-01',
          category: 'channel_ads',
          planFen: 1_000,
          updatedAt: now,
          updatedBy: 'slack:U_ADMIN',
        },
      ]);
      await h.db.insert(spendEntries).values([
        {
          spentOn: '2027-01-03',
          month: '2027-01',
          category: 'content',
          amountFen: 6_000_000,
          createdBy: 'x',
          createdAt: now,
        },
        {
          spentOn: '2027-01-04',
          month: '2027-01',
          category: 'content',
          amountFen: 3_000_000,
          createdBy: 'x',
          createdAt: now,
        },
        {
          spentOn: '2027-01-04',
          month: '2027-01',
          category: 'channel_ads',
          amountFen: 9_000_000,
          createdBy: 'x',
          createdAt: now,
        },
      ]);
      const within = await proposeKol(as('U_SPEC'), kolInput(9_000, { date: '2027-01-20' }));
      expect((within.details as KolDetails).budget).toMatchObject({
        month: '2027-01',
        planFen: 10_000_000,
        spentFen: 9_000_000,
        level: 'within',
      });
      const at100 = await proposeKol(as('U_SPEC'), kolInput(10_000, { date: '2027-01-20' }));
      expect((at100.details as KolDetails).budget.level).toBe('over_100');
      const over105 = await proposeKol(as('U_SPEC'), kolInput(15_001, { date: '2027-01-20' }));
      expect((over105.details as KolDetails).budget.level).toBe('over_105');
      expect(text(approvalCard('en', TZ, over105, []))).toContain('105% escalation line');
      const nextMonth = await proposeKol(as('U_SPEC'), kolInput(15_001, { date: '2027-02-01' }));
      expect((nextMonth.details as KolDetails).budget.level).toBe('no_plan');
    });
  });

  describe('who may decide', () => {
    const cases = [
      ['an approver', 'U_BOSS', 'decided'],
      ['an approver listed as slack:U_BOSS2', 'U_BOSS2', 'decided'],
      ['a non-approver', 'U_OTHER', 'err.approvers_only'],
      ['an admin who is not an approver', 'U_ADMIN', 'err.approvers_only'],
      ['the requester, even though an approver', 'U_SELF', 'err.self_decision'],
    ] as const;
    it.each(cases)('%s (%s) clicking Approve → %s', async (_who, user, expected) => {
      const a = await submitContent(
        as('U_SELF'),
        { title: '自荐稿', channel: 'weibo', text: '柔软亲肤。' },
        { post },
      );
      const auditBefore = (await h.db.select().from(auditLog)).length;
      const outboxBefore = (await h.db.select().from(outbox)).length;
      const run = decideApproval(as(user, 5), { code: a.code, decision: 'approve' }, render);
      if (expected === 'decided') {
        expect((await run).outcome).toBe('decided');
        return;
      }
      await expect(run).rejects.toMatchObject({ code: 'forbidden', messageKey: expected });
      const [after] = await h.db.select().from(approvals).where(eq(approvals.id, a.id));
      expect(after!.status).toBe('pending');
      expect(await h.db.select().from(approvalVotes).where(eq(approvalVotes.approvalId, a.id))).toEqual([]);
      expect((await h.db.select().from(auditLog)).length).toBe(auditBefore);
      expect((await h.db.select().from(outbox)).length).toBe(outboxBefore);
    });

    it('the requester may not reject their own request either', async () => {
      const a = await submitContent(
        as('U_SELF'),
        { title: '自荐稿', channel: 'weibo', text: '好' },
        { post },
      );
      await expect(
        decideApproval(as('U_SELF'), { code: a.code, decision: 'reject', reason: 'withdraw' }, render),
      ).rejects.toMatchObject({ messageKey: 'err.self_decision' });
    });
  });

  describe('exactly one decision', () => {
    it('approve → status, decider, audit, DM to the requester and the card queued for an in-place update', async () => {
      const a = await draft('柔软亲肤。');
      // The card went out: the update must go through chat.update with the posted ts.
      await h.db
        .update(outbox)
        .set({ status: 'sent', platformRef: '1700000000.000100', attempts: 1 })
        .where(eq(outbox.dedupeKey, `approval.card:${a.code}`));
      const r = await decideApproval(as('U_BOSS', 4), { code: a.code, decision: 'approve' }, render);
      expect(r.outcome).toBe('decided');
      expect(r.approval).toMatchObject({ status: 'approved', decidedBy: 'slack:U_BOSS' });
      expect(r.approval.decidedAt!.toISOString()).toBe('2026-11-26T02:04:00.000Z');
      const audit = await auditFor(h.db, 'approval', a.code);
      expect(audit.map((x) => x.action)).toEqual(['approval.submit', 'approval.decide']);
      const [dm] = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.dm:${a.code}`));
      expect(dm).toMatchObject({ platform: 'slack', destination: 'U_SPEC', kind: 'message' });
      expect(JSON.stringify(dm!.payload)).toContain('approved your request “秋冬面霜上新” at 11-26 10:04');
      const [upd] = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.update:${a.code}:slack:approved`));
      expect(upd).toMatchObject({ kind: 'update', destination: 'C_APPROVALS' });
      const payload = upd!.payload as { card: Card; ref: string; updateOf: number };
      expect(payload.ref).toBe('1700000000.000100');
      expect(payload.updateOf).toBe(a.cardRefs?.slack?.outboxId);
      expect(payload.card.buttons).toEqual([]);
      expect(payload.card.text).toBe('approved at 11-26 10:04.');
      expect(payload.card.mentions).toEqual([{ platform: 'slack', userId: 'U_BOSS' }]);
    });

    it('a card not yet picked up by the sender is rewritten instead of updated; a dead card is left alone', async () => {
      const unsent = await draft('柔软亲肤。');
      await decideApproval(
        as('U_BOSS'),
        { code: unsent.code, decision: 'reject', reason: '语气不对' },
        render,
      );
      const [card] = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.card:${unsent.code}`));
      expect((card!.payload as { card: Card }).card.text).toBe('rejected at 11-26 10:00.\nReason: 语气不对');
      const updates = await h.db
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.kind, 'update'),
            eq(outbox.dedupeKey, `approval.update:${unsent.code}:slack:rejected`),
          ),
        );
      expect(updates).toEqual([]);

      const dead = await draft('柔软亲肤。');
      await h.db
        .update(outbox)
        .set({ status: 'dead' })
        .where(eq(outbox.dedupeKey, `approval.card:${dead.code}`));
      await decideApproval(as('U_BOSS'), { code: dead.code, decision: 'approve' }, render);
      const deadUpdates = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.update:${dead.code}:slack:approved`));
      expect(deadUpdates).toEqual([]);
    });

    it('a card claimed by a sender but not yet sent gets an update row without a ts (the sender looks it up)', async () => {
      const a = await draft('柔软亲肤。');
      await h.db
        .update(outbox)
        .set({ attempts: 1 })
        .where(eq(outbox.dedupeKey, `approval.card:${a.code}`));
      await decideApproval(as('U_BOSS'), { code: a.code, decision: 'approve' }, render);
      const [upd] = await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.dedupeKey, `approval.update:${a.code}:slack:approved`));
      expect(upd!.payload).not.toHaveProperty('ref');
      expect(upd!.payload).toHaveProperty('updateOf');
    });

    it('two approvers clicking at the same moment → one decision, the other is told who decided', async () => {
      for (let round = 0; round < 4; round++) {
        const a = await draft('柔软亲肤。');
        const results = await Promise.all([
          decideApproval(as('U_BOSS', 1), { code: a.code, decision: 'approve' }, render),
          decideApproval(as('U_BOSS2', 1), { code: a.code, decision: 'reject', reason: '不合适' }, render),
        ]);
        const outcomes = results.map((r) => r.outcome).sort();
        expect(outcomes).toEqual(['already_decided', 'decided']);
        const winner = results.find((r) => r.outcome === 'decided')!;
        const loser = results.find((r) => r.outcome === 'already_decided')!;
        expect(loser.approval.decidedBy).toBe(winner.approval.decidedBy);
        expect(loser.approval.status).toBe(winner.approval.status);
        expect(
          await h.db.select().from(approvalVotes).where(eq(approvalVotes.approvalId, a.id)),
        ).toHaveLength(1);
        const decisions = (await auditFor(h.db, 'approval', a.code)).filter(
          (x) => x.action === 'approval.decide',
        );
        expect(decisions).toHaveLength(1);
        const dms = await h.db
          .select()
          .from(outbox)
          .where(eq(outbox.dedupeKey, `approval.dm:${a.code}`));
        expect(dms).toHaveLength(1);
      }
    });

    it('the same click delivered twice at once, and a later repeat → one decision', async () => {
      const a = await draft('柔软亲肤。');
      const both = await Promise.all([
        decideApproval(as('U_BOSS', 2), { code: a.code, decision: 'approve' }, render),
        decideApproval(as('U_BOSS', 2), { code: a.code, decision: 'approve' }, render),
      ]);
      expect(both.map((r) => r.outcome).sort()).toEqual(['already_decided', 'decided']);
      const later = await decideApproval(as('U_BOSS', 9), { code: a.code, decision: 'approve' }, render);
      expect(later.outcome).toBe('already_decided');
      expect(later.approval.decidedAt!.toISOString()).toBe('2026-11-26T02:02:00.000Z');
      expect((await auditFor(h.db, 'approval', a.code)).map((x) => x.action)).toEqual([
        'approval.submit',
        'approval.decide',
      ]);
    });

    it('a decision on a closed approval changes nothing; an unknown code is not found', async () => {
      const a = await draft('柔软亲肤。');
      await decideApproval(as('U_BOSS'), { code: a.code, decision: 'changes', reason: '改标题' }, render);
      const r = await decideApproval(as('U_BOSS2', 3), { code: a.code, decision: 'approve' }, render);
      expect(r).toMatchObject({ outcome: 'already_decided', approval: { status: 'changes_requested' } });
      await expect(
        decideApproval(as('U_BOSS'), { code: 'APR-99999', decision: 'approve' }, render),
      ).rejects.toMatchObject({ code: 'not_found', params: { entity: 'approval', code: 'APR-99999' } });
    });

    it('Request changes and Reject need a reason; without one nothing is written', async () => {
      const a = await draft('柔软亲肤。');
      for (const decision of ['changes', 'reject'] as const) {
        await expect(
          decideApproval(as('U_BOSS'), { code: a.code, decision, reason: '  ' }, render),
        ).rejects.toBeInstanceOf(DomainError);
      }
      const [after] = await h.db.select().from(approvals).where(eq(approvals.id, a.id));
      expect(after!.status).toBe('pending');
    });
  });

  describe('two-approver deals', () => {
    it('first approve → 1/2 and still pending; same approver again → nothing; a second approver → approved', async () => {
      const a = await proposeKol(as('U_SPEC'), kolInput(80_000), { post });
      expect(a.requiredApprovals).toBe(2);
      expect(text(approvalCard('en', TZ, a, []))).toContain('0/2');

      const first = await decideApproval(as('U_BOSS', 1), { code: a.code, decision: 'approve' }, render);
      expect(first.outcome).toBe('voted');
      expect(first.approval.status).toBe('pending');
      const card = approvalCard('en', TZ, first.approval, first.votes);
      expect(text(card)).toContain('1/2');
      expect(card.context!.join('\n')).toContain('Approved by U_BOSS at 11-26 10:01');
      expect(card.buttons).toHaveLength(3);

      const again = await decideApproval(as('U_BOSS', 2), { code: a.code, decision: 'approve' }, render);
      expect(again.outcome).toBe('already_voted');
      const self = decideApproval(as('U_SPEC', 2), { code: a.code, decision: 'approve' }, render);
      await expect(self).rejects.toMatchObject({ code: 'forbidden' });

      const second = await decideApproval(as('U_BOSS2', 3), { code: a.code, decision: 'approve' }, render);
      expect(second.outcome).toBe('decided');
      expect(second.approval).toMatchObject({ status: 'approved', decidedBy: 'slack:U_BOSS2' });
      const done = approvalCard('en', TZ, second.approval, second.votes);
      expect(done.mentions!.map((m) => m.userId)).toEqual(['U_BOSS', 'U_BOSS2']);
      expect(done.buttons).toEqual([]);
      expect((await auditFor(h.db, 'approval', a.code)).map((x) => x.action)).toEqual([
        'approval.propose',
        'approval.vote',
        'approval.decide',
      ]);
    });

    it('one approve then a reject by the other approver → rejected', async () => {
      const a = await proposeKol(as('U_SPEC'), kolInput(80_000), { post });
      await decideApproval(as('U_BOSS'), { code: a.code, decision: 'approve' }, render);
      const r = await decideApproval(
        as('U_BOSS2'),
        { code: a.code, decision: 'reject', reason: '太贵' },
        render,
      );
      expect(r.approval).toMatchObject({ status: 'rejected', decisionReason: '太贵' });
    });

    it('one person approving from Slack and again from WeCom is one approver, not two', async () => {
      await h.db.insert(persons).values([
        { name: '王经理', slackId: 'U_BOSS', wecomId: 'wangjl', createdAt: now },
        { name: '小李', slackId: 'U_SPEC', wecomId: 'xiaoli', createdAt: now },
      ]);
      const a = await proposeKol(as('U_SPEC'), kolInput(80_000), { post });
      const wecom = (userId: string): VerbCtx => ({ ...as('x'), actor: `wecom:${userId}` });
      expect(
        (await decideApproval(as('U_BOSS'), { code: a.code, decision: 'approve' }, render)).outcome,
      ).toBe('voted');
      const again = await decideApproval(wecom('wangjl'), { code: a.code, decision: 'approve' }, render);
      expect(again.outcome).toBe('already_voted');
      // The requester's WeCom account is still the requester, even with an approver role on WeCom.
      const selfSettings = { ...settings, approvers: [...settings.approvers, 'wecom:xiaoli'] };
      await expect(
        decideApproval(
          { ...wecom('xiaoli'), settings: selfSettings },
          { code: a.code, decision: 'approve' },
          render,
        ),
      ).rejects.toMatchObject({ messageKey: 'err.self_decision' });
      expect(await h.db.select().from(approvalVotes).where(eq(approvalVotes.approvalId, a.id))).toHaveLength(
        1,
      );
    });

    it('two different approvers approving at the same moment → approved once with both votes', async () => {
      const a = await proposeKol(as('U_SPEC'), kolInput(80_000), { post });
      const results = await Promise.all([
        decideApproval(as('U_BOSS', 1), { code: a.code, decision: 'approve' }, render),
        decideApproval(as('U_BOSS2', 1), { code: a.code, decision: 'approve' }, render),
      ]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['decided', 'voted']);
      const [after] = await h.db.select().from(approvals).where(eq(approvals.id, a.id));
      expect(after!.status).toBe('approved');
    });
  });

  describe('results and lists', () => {
    it('a result on an approved deal → stored, audited, ROI = GMV ÷ fee; refused before approval or for content', async () => {
      const a = await proposeKol(as('U_SPEC'), kolInput(20_000), { post });
      const input = { code: a.code, views: 1_200_000, engagements: 35_000, gmvFen: 6_400_000 };
      await expect(recordKolResult(as('U_SPEC'), input)).rejects.toMatchObject({
        messageKey: 'err.result_not_approved',
      });
      await decideApproval(as('U_BOSS'), { code: a.code, decision: 'approve' }, render);
      const done = await recordKolResult(as('U_SPEC', 60), input);
      expect(done.result).toMatchObject({ views: 1_200_000, engagements: 35_000, gmvFen: 6_400_000 });
      expect(kolRoi(done)).toBeCloseTo(3.2, 10);
      expect((await auditFor(h.db, 'approval', a.code)).map((x) => x.action)).toContain('approval.result');
      const c = await draft('柔软亲肤。');
      await expect(recordKolResult(as('U_SPEC'), { ...input, code: c.code })).rejects.toMatchObject({
        messageKey: 'err.not_kol',
      });
    });

    it('lists page by kind and status, newest first', async () => {
      const all = await listApprovals({ db: h.db }, { kind: 'content', page: 1 });
      expect(all.total).toBeGreaterThan(20);
      expect(all.rows).toHaveLength(20);
      expect(all.rows.every((r) => r.kind === 'content')).toBe(true);
      expect(all.rows[0]!.id).toBeGreaterThan(all.rows[1]!.id);
      const page2 = await listApprovals({ db: h.db }, { kind: 'content', page: 2 });
      expect(page2.rows.length).toBe(all.total - 20);
      const approved = await listApprovals({ db: h.db }, { kind: 'kol_deal', status: 'approved', page: 1 });
      expect(approved.rows.length).toBeGreaterThan(0);
      expect(approved.rows.every((r) => r.status === 'approved' && r.kind === 'kol_deal')).toBe(true);
    });
  });
});
