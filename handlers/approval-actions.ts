import { z } from 'zod';
import type { FormSpec, Reply } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import {
  approvalCard,
  approvalDm,
  areaOf,
  confirmApproveCard,
  createdCard,
  decisionCard,
  reasonPromptCard,
} from '../src/chat/cards/approvals';
import type { HandlerContext, Subcommand } from '../src/chat/command';
import { invalid, parseArgs, parseCode, usageReply, withDomainErrors } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tApprovals } from '../src/chat/messages/approvals';
import { namesFor } from '../src/chat/names';
import { destinationFor } from '../src/delivery/destinations';
import type { Deps } from '../src/deps';
import type { Approval } from '../src/domain/approvals';
import {
  type ApprovalPost,
  type ApprovalRender,
  checkDecision,
  type DecideOutcome,
  type Decision,
  decideApproval,
  highFindings,
} from '../src/domain/approvals';
import type { Settings } from '../src/domain/settings';
import type { ActionInvocation, ActionResult } from './index';
import { codeSubcommand, schemaKeys, verbCtx } from './shared';

/** Card builders for the outbox, in the caller's language and the team's time zone. */
export function approvalRender(ctx: HandlerContext): ApprovalRender {
  return approvalRenderFor(ctx.deps, ctx.locale);
}

/** Card builders in a given language, for posts nobody typed (the demo's pending approvals). */
export function approvalRenderFor(deps: Pick<Deps, 'config' | 'names'>, locale: Locale): ApprovalRender {
  const tz = deps.config.tz;
  return {
    card: async (a, votes, tx) => {
      const name = await namesFor({ db: tx, names: deps.names }, [
        a.requester,
        a.decidedBy,
        ...votes.map((v) => v.approver),
      ]);
      return encodeCard(approvalCard(locale, tz, a, votes, name));
    },
    dm: (a, votes) => encodeCard(approvalDm(locale, tz, a, votes)),
  };
}

/** The card's destination (the approvals audience seen from the caller's place) and builders, if any. */
export function approvalPost(ctx: HandlerContext, settings: Settings): ApprovalPost | undefined {
  if (!ctx.place) return undefined;
  const [to] = destinationFor('approvals', { settings, config: ctx.deps.config }, ctx.place);
  return to?.destination ? { ...to, render: approvalRender(ctx) } : undefined;
}

/** The caller's confirmation after submitting or proposing. */
export function createdReply(ctx: HandlerContext, a: Approval, posted: boolean): Reply {
  return { visibility: 'ephemeral', card: createdCard(ctx.locale, a, posted) };
}

/** What the decider (or a late clicker) is told. */
function decisionReply(ctx: HandlerContext, r: DecideOutcome): Reply {
  return { visibility: 'ephemeral', card: decisionCard(ctx.locale, ctx.deps.config.tz, ctx.now, r) };
}

const USAGE = (area: string) => ({
  approve: `/${area} approve APR-n [confirm=yes]`,
  changes: `/${area} changes APR-n reason="…"`,
  reject: `/${area} reject APR-n reason="…"`,
});

const ApproveArgs = z.strictObject({ confirm: z.enum(['yes']).optional() });
const ReasonArgs = z.strictObject({
  code: z.string().optional(),
  reason: z.string().trim().min(1).max(2000),
});

/** The reason form. From a button the code is in the command; typed without arguments it asks for it. */
function reasonForm(locale: Locale, area: string, decision: 'changes' | 'reject', code?: string): FormSpec {
  return {
    command: code ? `${area} ${decision} ${code}` : `${area} ${decision}`,
    title: code
      ? tApprovals(locale, `form.${decision}.title`, { code })
      : tApprovals(locale, `form.${decision}.generic`),
    submit: tApprovals(locale, 'form.reason.submit'),
    fields: [
      ...(code
        ? []
        : [{ name: 'code', label: tApprovals(locale, 'field.code'), kind: 'text' as const, required: true }]),
      {
        name: 'reason',
        label: tApprovals(locale, 'field.reason'),
        kind: 'textarea',
        required: true,
        hint: tApprovals(locale, 'form.reason.hint'),
      },
    ],
  };
}

/** `/content approve|changes|reject APR-n …` (and the same under `/kol`): typed decisions. */
export function decisionSubcommands(area: 'content' | 'kol'): Record<Decision, Subcommand> {
  const usage = USAGE(area);
  const approve = codeSubcommand({
    usage: usage.approve,
    summary: tApprovals.catalogue['approve.summary'],
    prefix: 'APR',
    args: ApproveArgs,
    act: async (ctx, code, { confirm }) => {
      const vc = await verbCtx(ctx);
      // Typed commands have no dialog, so approving despite high-severity findings takes confirm=yes.
      if (!confirm) {
        const check = await checkDecision(vc, { code });
        const high = highFindings(check.approval);
        if (check.open && high > 0) {
          return usageReply(ctx.locale, usage.approve, [
            tApprovals(ctx.locale, 'err.confirm_needed', { code, n: high }),
          ]);
        }
      }
      const r = await decideApproval(vc, { code, decision: 'approve' }, approvalRender(ctx));
      return decisionReply(ctx, r);
    },
  });
  const withReason = (decision: 'changes' | 'reject'): Subcommand => {
    const sub: Subcommand = {
      usage: usage[decision],
      keys: schemaKeys(ReasonArgs),
      summary: tApprovals.catalogue[`${decision}.summary`],
      form: (locale) => reasonForm(locale, area, decision),
      run: (ctx, input) =>
        withDomainErrors(ctx, sub, async () => {
          const p = parseArgs(ReasonArgs, input.args, ctx.locale);
          const code = parseCode(
            input.rest.length > 0 ? input.rest : p.ok && p.data.code ? [p.data.code] : [],
            'APR',
            ctx.locale,
          );
          if (!code.ok || !p.ok) return invalid(ctx.locale, usage[decision], code, p);
          const r = await decideApproval(
            await verbCtx(ctx),
            { code: code.code, decision, reason: p.data.reason },
            approvalRender(ctx),
          );
          return decisionReply(ctx, r);
        }),
    };
    return sub;
  };
  return { approve, changes: withReason('changes'), reject: withReason('reject') };
}

const ACTION = /^approval:(APR-\d{1,9}):(approve|approve_anyway|changes|reject)$/;
const CLICKS = ['approve', 'approve_anyway', 'changes', 'reject'] as const;

/**
 * A click on an approval card button. Every button first checks the clicker may decide, so a non-approver
 * is refused before anything else. Approve then decides at once, unless the request has high-severity
 * findings: the clicker gets "Approve anyway?" with a button that decides. Request changes and Reject answer
 * with the reason form (a Slack modal), whose submission runs `/<area> <decision> APR-n reason=…`.
 */
export async function approvalAction(
  deps: Deps,
  inv: ActionInvocation & { locale: Locale },
): Promise<ActionResult> {
  const ctx: HandlerContext = {
    deps,
    actor: inv.actor,
    place: inv.place,
    locale: inv.locale,
    now: deps.clock.now(),
  };
  const m = ACTION.exec(inv.action);
  const code = m?.[1];
  const clicked = CLICKS.find((c) => c === m?.[2]);
  if (!code || !clicked) {
    return {
      reply: usageReply(ctx.locale, undefined, [
        tApprovals(ctx.locale, 'err.bad_action', { action: inv.action.slice(0, 60) }),
      ]),
      replaceOriginal: false,
    };
  }
  const reply = await withDomainErrors(ctx, { usage: '' }, async () => {
    const vc = await verbCtx(ctx);
    if (clicked === 'approve_anyway') {
      return decisionReply(ctx, await decideApproval(vc, { code, decision: 'approve' }, approvalRender(ctx)));
    }
    const decision: Decision = clicked;
    const check = await checkDecision(vc, { code });
    if (!check.open) return decisionReply(ctx, { outcome: 'already_decided', ...check });
    if (decision === 'approve') {
      const high = highFindings(check.approval);
      if (high === 0)
        return decisionReply(ctx, await decideApproval(vc, { code, decision }, approvalRender(ctx)));
      return { visibility: 'ephemeral', card: confirmApproveCard(ctx.locale, code, high) } satisfies Reply;
    }
    const area = areaOf(check.approval.kind);
    const form = reasonForm(ctx.locale, area, decision, code);
    return { visibility: 'ephemeral', card: reasonPromptCard(ctx.locale, form), form };
  });
  return { reply, replaceOriginal: false };
}
