import { z } from 'zod';
import type { Button, Card, Field, FormSpec, Mention, Reply, Section } from '../src/chat/card';
import { encodeCard } from '../src/chat/card-codec';
import { type HandlerContext, parseActorKey, type Subcommand } from '../src/chat/command';
import {
  fmtTime,
  invalid,
  parseArgs,
  parseCode,
  usageReply,
  withDomainErrors,
} from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tApprovals } from '../src/chat/messages/approvals';
import { tCadence } from '../src/chat/messages/cadence';
import { bareId, type NameOf, namesFor } from '../src/chat/names';
import { destinationFor } from '../src/delivery/destinations';
import type { Deps } from '../src/deps';
import type { Approval, ApprovalVote } from '../src/domain/approvals';
import {
  APPROVAL_STATUS,
  type ApprovalPost,
  type ApprovalRender,
  type ApprovalStatus,
  type ContentDetails,
  checkDecision,
  type DecideOutcome,
  type Decision,
  decideApproval,
  highFindings,
  type KolDetails,
  kolFigures,
  type StoredFinding,
} from '../src/domain/approvals';
import { channelLabel } from '../src/domain/channels';
import { formatPct } from '../src/domain/kpi';
import { formatCount, formatMoney } from '../src/domain/money';
import type { Settings } from '../src/domain/settings';
import type { ActionInvocation, ActionResult } from './index';
import { codeSubcommand, schemaKeys, verbCtx } from './shared';

/** Command area that owns an approval kind (`/content …`, `/kol …`). */
export const areaOf = (kind: string) => (kind === 'kol_deal' ? 'kol' : 'content');

const MAX_FINDING_LINES = 12;
const MAX_DRAFT_CHARS = 600;

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const mentionOf = (key: string): Mention[] => {
  const a = parseActorKey(key);
  return a ? [{ platform: a.platform, userId: a.userId }] : [];
};

/** `— reason` after a company-list entry, or nothing when the admin gave no reason. */
const reasonOf = (locale: Locale, reason: string | undefined) =>
  reason ? tApprovals(locale, 'card.policy.reason', { reason }) : '';

function findingLine(locale: Locale, f: StoredFinding): string {
  const where = tApprovals(locale, `where.${f.field}`);
  const severity = tApprovals(locale, `severity.${f.severity}`);
  if (f.policy?.action === 'block') {
    return tApprovals(locale, 'card.finding.blocked', {
      severity,
      phrase: f.original || f.phrase,
      where,
      entry: f.policy.phrase,
      reason: reasonOf(locale, f.policy.reason),
    });
  }
  return tApprovals(locale, 'card.finding', {
    severity,
    phrase: f.original || f.phrase,
    where,
    // Approvals stored before rules were recorded show their category instead.
    rule: f.rule ? tApprovals(locale, `rule.${f.rule}`) : tApprovals(locale, `category.${f.category}`),
    article: f.article,
    rewrite: f.rewrite,
  });
}

/** A finding the company's allow list cleared: what it would have been, and the entry that cleared it. */
function allowedLine(locale: Locale, f: StoredFinding): string {
  return tApprovals(locale, 'card.finding.allowed', {
    entry: f.policy?.phrase ?? f.phrase,
    reason: reasonOf(locale, f.policy?.reason),
    severity: tApprovals(locale, `severity.${f.severity}`),
    rule: f.rule ? tApprovals(locale, `rule.${f.rule}`) : tApprovals(locale, `category.${f.category}`),
    phrase: f.original || f.phrase,
    where: tApprovals(locale, `where.${f.field}`),
  });
}

/** Findings, high severity first (the domain stores them in that order), then what the company allowed. */
function findingsSection(locale: Locale, a: Approval): Section {
  const findings = a.findings as StoredFinding[];
  const allowed = ((a.details as ContentDetails | KolDetails).allowedFindings ?? []).map((f) =>
    allowedLine(locale, f),
  );
  const linkOnly = a.kind === 'content' && !(a.details as ContentDetails).text;
  if (findings.length === 0) {
    return {
      lines: [
        tApprovals(locale, 'card.findings.none'),
        ...allowed,
        ...(linkOnly ? [tApprovals(locale, 'card.findings.link_only')] : []),
      ],
    };
  }
  const shown = findings.slice(0, MAX_FINDING_LINES).map((f) => findingLine(locale, f));
  const more = findings.length - shown.length;
  return {
    heading: tApprovals(locale, 'card.findings.heading', { n: findings.length }),
    lines: [
      ...shown,
      ...(more > 0 ? [tApprovals(locale, 'card.findings.more', { n: more })] : []),
      ...allowed,
      ...(linkOnly ? [tApprovals(locale, 'card.findings.link_only')] : []),
    ],
  };
}

/** The content-budget line of a KOL card. */
export function budgetLine(locale: Locale, d: KolDetails): string {
  const b = d.budget;
  const money = (fen: number | null) => formatMoney(fen, locale);
  if (b.level === 'no_plan')
    return tApprovals(locale, 'budget.no_plan', { month: b.month, spent: money(b.spentFen) });
  return tApprovals(locale, `budget.${b.level}`, {
    pct: formatPct(b.usageAfter, locale),
    after: money(b.spentFen + b.feeFen),
    plan: money(b.planFen),
  });
}

function kolFields(locale: Locale, d: KolDetails): Field[] {
  const f = kolFigures(d);
  return [
    { label: tApprovals(locale, 'field.platform'), value: channelLabel(d.platform, locale) },
    { label: tApprovals(locale, 'field.followers'), value: formatCount(d.followers, locale) },
    { label: tApprovals(locale, 'field.fee'), value: formatMoney(d.feeFen, locale) },
    { label: tApprovals(locale, 'field.date'), value: d.date },
    { label: tApprovals(locale, 'field.expected_views'), value: formatCount(d.expectedViews, locale) },
    { label: tApprovals(locale, 'field.cpm'), value: formatMoney(f.cpmFen, locale) },
    { label: tApprovals(locale, 'field.fee_per_1k'), value: formatMoney(f.feePer1kFollowersFen, locale) },
    { label: tApprovals(locale, 'field.budget', { month: d.budget.month }), value: budgetLine(locale, d) },
  ];
}

const DECIDED_TONE: Record<string, Card['tone']> = {
  approved: 'success',
  rejected: 'danger',
  changes_requested: 'warning',
};

function decisionText(locale: Locale, tz: string, a: Approval): string {
  const at = fmtTime(a.decidedAt!, tz);
  return [
    tApprovals(locale, `card.decided.${a.status}` as 'card.decided.approved', { at }),
    ...(a.decisionReason ? [tApprovals(locale, 'card.reason', { reason: a.decisionReason })] : []),
  ].join('\n');
}

/**
 * The approval card. Pending: the requester is mentioned, high-severity findings are called out first,
 * and the buttons carry only `approval:<code>:<action>`. Decided: no buttons, and the decider is
 * mentioned with the time and reason ("@x approved at 11-26 14:02").
 */
export function approvalCard(
  locale: Locale,
  tz: string,
  a: Approval,
  votes: ApprovalVote[],
  name: NameOf = bareId,
): Card {
  const pending = a.status === 'pending';
  const high = highFindings(a);
  const approvals = votes.filter((v) => v.decision === 'approve');
  const isKol = a.kind === 'kol_deal';
  const d = a.details as ContentDetails & KolDetails;

  const fields: Field[] = [
    { label: tApprovals(locale, 'field.status'), value: APPROVAL_STATUS.label(a.status, locale) },
    ...(a.requiredApprovals > 1
      ? [
          {
            label: tApprovals(locale, 'field.approvals'),
            value: tApprovals(locale, 'card.progress', { n: approvals.length, m: a.requiredApprovals }),
          },
        ]
      : []),
    ...(isKol
      ? kolFields(locale, d)
      : [{ label: tApprovals(locale, 'field.channel'), value: channelLabel(d.channel, locale) }]),
  ];
  const sections: Section[] = [findingsSection(locale, a)];
  if (isKol) {
    sections.push({ heading: tApprovals(locale, 'card.deliverables'), lines: d.deliverables.split('\n') });
  } else {
    const draft = [...(d.text ? cut(d.text, MAX_DRAFT_CHARS).split('\n') : []), ...(d.link ? [d.link] : [])];
    sections.push({ heading: tApprovals(locale, 'card.draft'), lines: draft });
    if (d.brief) sections.push({ heading: tApprovals(locale, 'card.brief'), lines: d.brief.split('\n') });
  }

  const buttons: Button[] = pending
    ? [
        {
          text: tApprovals(locale, 'button.approve'),
          action: `approval:${a.code}:approve`,
          style: 'primary',
          // No client-side confirm dialog: the bot first checks the clicker may decide, then asks.
        },
        { text: tApprovals(locale, 'button.changes'), action: `approval:${a.code}:changes` },
        { text: tApprovals(locale, 'button.reject'), action: `approval:${a.code}:reject`, style: 'danger' },
      ]
    : [];

  const progress = pending
    ? approvals.map((v) => tApprovals(locale, 'card.voted', { who: name(v.approver), at: fmtTime(v.at, tz) }))
    : [];
  return {
    title: isKol
      ? tApprovals(locale, 'card.kol.title', { code: a.code, name: a.title })
      : tApprovals(locale, 'card.content.title', { code: a.code, title: a.title }),
    text: pending
      ? [
          tApprovals(locale, 'card.requests'),
          ...(high > 0 ? [tApprovals(locale, 'card.high_warning', { n: high })] : []),
        ].join('\n')
      : decisionText(locale, tz, a),
    mentions: pending ? mentionOf(a.requester) : decidersOf(a, votes).flatMap(mentionOf),
    tone: pending ? (high > 0 ? 'warning' : 'info') : DECIDED_TONE[a.status],
    fields,
    sections,
    context: [
      tApprovals(locale, 'card.requested_by', {
        who: name(a.requester),
        at: fmtTime(a.createdAt, tz),
      }),
      ...(pending && a.requiredApprovals > 1 ? [tApprovals(locale, 'card.two_approvers')] : []),
      ...progress,
    ],
    buttons,
  };
}

/** Who closed it: for a two-approver approval both approvers, otherwise the one decider. */
function decidersOf(a: Approval, votes: ApprovalVote[]): string[] {
  if (a.status === 'approved') return votes.filter((v) => v.decision === 'approve').map((v) => v.approver);
  return a.decidedBy ? [a.decidedBy] : [];
}

/** The requester's DM after a decision. */
export function approvalDm(locale: Locale, tz: string, a: Approval, votes: ApprovalVote[]): Card {
  const at = fmtTime(a.decidedAt!, tz);
  const status = a.status as Exclude<ApprovalStatus, 'pending'>;
  return {
    title: tApprovals(locale, `dm.${status}.title`, { code: a.code }),
    text: [
      tApprovals(locale, `dm.${status}`, { title: a.title, at }),
      ...(a.decisionReason ? [tApprovals(locale, 'card.reason', { reason: a.decisionReason })] : []),
    ].join('\n'),
    mentions: decidersOf(a, votes).flatMap(mentionOf),
    tone: DECIDED_TONE[status],
    context: [`${a.code} · /${areaOf(a.kind)} list`],
    // The requester publishes what was approved: one click logs it for the cadence (content only).
    buttons:
      a.kind === 'content' && status === 'approved'
        ? [{ text: tCadence(locale, 'button.published'), action: `publish:${a.code}` }]
        : undefined,
  };
}

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

/** A `/content list` or `/kol list` title, naming the status when the list is filtered by one. */
export function approvalListTitle(locale: Locale, title: string, status: ApprovalStatus | undefined): string {
  return status
    ? tApprovals(locale, 'list.title_status', { title, status: APPROVAL_STATUS.label(status, locale) })
    : title;
}

/** The caller's confirmation after submitting or proposing. */
export function createdReply(ctx: HandlerContext, a: Approval, posted: boolean): Reply {
  const findings = a.findings as StoredFinding[];
  const high = highFindings(a);
  const area = areaOf(a.kind);
  return {
    visibility: 'ephemeral',
    card: {
      title: tApprovals(ctx.locale, a.kind === 'kol_deal' ? 'proposed.title' : 'submitted.title', {
        code: a.code,
      }),
      text: [
        findings.length > 0
          ? tApprovals(ctx.locale, 'submitted.findings', { n: findings.length, high })
          : tApprovals(ctx.locale, 'submitted.clean'),
        posted
          ? tApprovals(ctx.locale, 'submitted.posted')
          : tApprovals(ctx.locale, 'submitted.no_channel', { area, code: a.code }),
      ].join('\n'),
      tone: high > 0 ? 'warning' : 'success',
      fields:
        a.kind === 'kol_deal'
          ? [
              // The derived figures and the budget line: what the proposer wants to see at once.
              ...kolFields(ctx.locale, a.details as KolDetails).slice(5),
              ...(a.requiredApprovals > 1
                ? [
                    {
                      label: tApprovals(ctx.locale, 'field.approvals'),
                      value: tApprovals(ctx.locale, 'card.progress', { n: 0, m: a.requiredApprovals }),
                    },
                  ]
                : []),
            ]
          : undefined,
      sections:
        findings.length > 0 || (a.details as ContentDetails | KolDetails).allowedFindings?.length
          ? [findingsSection(ctx.locale, a)]
          : undefined,
    },
  };
}

/** What the decider (or a late clicker) is told. */
export function decisionReply(ctx: HandlerContext, r: DecideOutcome): Reply {
  const { approval: a, votes } = r;
  const tz = ctx.deps.config.tz;
  const approvals = votes.filter((v) => v.decision === 'approve').length;
  switch (r.outcome) {
    case 'decided':
      return {
        visibility: 'ephemeral',
        card: {
          title: tApprovals(ctx.locale, `you.${a.status}` as 'you.approved', { code: a.code }),
          text: tApprovals(ctx.locale, 'you.notified'),
          tone: a.status === 'approved' ? 'success' : 'info',
        },
      };
    case 'voted':
      return {
        visibility: 'ephemeral',
        card: {
          title: tApprovals(ctx.locale, 'you.voted', { code: a.code, n: approvals, m: a.requiredApprovals }),
          tone: 'success',
        },
      };
    case 'already_voted':
      return {
        visibility: 'ephemeral',
        card: {
          title: tApprovals(ctx.locale, 'already.voted.title', { code: a.code }),
          text: tApprovals(ctx.locale, 'already.voted', { n: approvals, m: a.requiredApprovals }),
          tone: 'warning',
        },
      };
    case 'already_decided':
      return {
        visibility: 'ephemeral',
        card: {
          title: tApprovals(ctx.locale, 'already.title', { code: a.code }),
          // Rendered after the decider's mention: "@x already approved APR-3 at 11-26 14:02."
          text: [
            tApprovals(ctx.locale, `already.${a.status}` as 'already.approved', {
              code: a.code,
              at: fmtTime(a.decidedAt!, tz, ctx.now),
            }),
            ...(a.decisionReason
              ? [tApprovals(ctx.locale, 'card.reason', { reason: a.decisionReason })]
              : []),
          ].join('\n'),
          mentions: a.decidedBy ? mentionOf(a.decidedBy) : [],
          tone: 'warning',
        },
      };
  }
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
      : tApprovals(locale, `form.${decision}.generic` as 'form.reject.generic'),
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
  if (!m) {
    return {
      reply: usageReply(ctx.locale, undefined, [
        tApprovals(ctx.locale, 'err.bad_action', { action: inv.action.slice(0, 60) }),
      ]),
      replaceOriginal: false,
    };
  }
  const code = m[1]!;
  const clicked = m[2] as Decision | 'approve_anyway';
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
      return {
        visibility: 'ephemeral',
        card: {
          title: tApprovals(ctx.locale, 'confirm.title'),
          text: tApprovals(ctx.locale, 'confirm.text', { n: high }),
          tone: 'warning',
          buttons: [
            {
              text: tApprovals(ctx.locale, 'confirm.ok'),
              action: `approval:${code}:approve_anyway`,
              style: 'primary',
            },
          ],
        },
      } satisfies Reply;
    }
    const area = areaOf(check.approval.kind);
    const form = reasonForm(ctx.locale, area, decision, code);
    return {
      visibility: 'ephemeral',
      // Shown where forms cannot open (WeCom): how to give the reason by typing.
      card: {
        title: form.title,
        text: tApprovals(ctx.locale, 'form.reason.prompt', { command: `/${form.command}` }),
      },
      form,
    };
  });
  return { reply, replaceOriginal: false };
}
