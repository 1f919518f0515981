/**
 * Approval cards (content drafts and KOL deals): the card in the approvals channel, the requester's DM, the
 * requester's confirmation, what a decider is told, the "approve anyway?" question. Pure functions of the
 * approval, its votes, the locale and the team's time zone; handlers/approval-actions.ts calls them.
 */
import type { Approval, ApprovalVote } from '../../domain/approvals';
import {
  APPROVAL_STATUS,
  type ApprovalStatus,
  contentDetails,
  type DecideOutcome,
  highFindings,
  type KolDetails,
  type KolResult,
  kolDetails,
  kolFigures,
  kolRoi,
  type StoredFinding,
} from '../../domain/approvals';
import { channelLabel } from '../../domain/channels';
import { formatPct, formatRoi } from '../../domain/kpi';
import { formatCount, formatMoney } from '../../domain/money';
import { must } from '../../util/narrow';
import type { Button, Card, Field, FormSpec, Mention, Section } from '../card';
import { parseActorKey } from '../command';
import { fmtTime } from '../handler-kit';
import type { Locale } from '../i18n';
import { tApprovals } from '../messages/approvals';
import { tCadence } from '../messages/cadence';
import { bareId, type NameOf } from '../names';

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
  const findings = a.findings;
  const allowed = (a.details.allowedFindings ?? []).map((f) => allowedLine(locale, f));
  const linkOnly = a.kind === 'content' && !contentDetails(a).text;
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

/** A decided approval's status; asked of a pending one it is a bug. */
function decidedStatus(a: Approval): Exclude<ApprovalStatus, 'pending'> {
  if (a.status === 'pending') throw new Error(`internal: ${a.code} is still pending`);
  return a.status;
}

/** When a decided approval was decided (the decision stamps it). */
const decidedAt = (a: Approval) => must(a.decidedAt, `${a.code} is ${a.status} without a decision time`);

function decisionText(locale: Locale, tz: string, a: Approval): string {
  const at = fmtTime(decidedAt(a), tz);
  return [
    tApprovals(locale, `card.decided.${decidedStatus(a)}`, { at }),
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
  const d = a.details;

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
    ...('feeFen' in d
      ? kolFields(locale, d)
      : [{ label: tApprovals(locale, 'field.channel'), value: channelLabel(d.channel, locale) }]),
  ];
  const sections: Section[] = [findingsSection(locale, a)];
  if ('feeFen' in d) {
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
  const at = fmtTime(decidedAt(a), tz);
  const status = decidedStatus(a);
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

/** The caller's confirmation after submitting or proposing. */
export function createdCard(locale: Locale, a: Approval, posted: boolean): Card {
  const findings = a.findings;
  const high = highFindings(a);
  const area = areaOf(a.kind);
  return {
    title: tApprovals(locale, a.kind === 'kol_deal' ? 'proposed.title' : 'submitted.title', {
      code: a.code,
    }),
    text: [
      findings.length > 0
        ? tApprovals(locale, 'submitted.findings', { n: findings.length, high })
        : tApprovals(locale, 'submitted.clean'),
      posted
        ? tApprovals(locale, 'submitted.posted')
        : tApprovals(locale, 'submitted.no_channel', { area, code: a.code }),
    ].join('\n'),
    tone: high > 0 ? 'warning' : 'success',
    fields:
      a.kind === 'kol_deal'
        ? [
            // The derived figures and the budget line: what the proposer wants to see at once.
            ...kolFields(locale, kolDetails(a)).slice(5),
            ...(a.requiredApprovals > 1
              ? [
                  {
                    label: tApprovals(locale, 'field.approvals'),
                    value: tApprovals(locale, 'card.progress', { n: 0, m: a.requiredApprovals }),
                  },
                ]
              : []),
          ]
        : undefined,
    sections:
      findings.length > 0 || a.details.allowedFindings?.length ? [findingsSection(locale, a)] : undefined,
  };
}

/** What the decider (or a late clicker) is told. */
export function decisionCard(locale: Locale, tz: string, now: Date, r: DecideOutcome): Card {
  const { approval: a, votes } = r;
  const approvals = votes.filter((v) => v.decision === 'approve').length;
  switch (r.outcome) {
    case 'decided':
      return {
        title: tApprovals(locale, `you.${decidedStatus(a)}`, { code: a.code }),
        text: tApprovals(locale, 'you.notified'),
        tone: a.status === 'approved' ? 'success' : 'info',
      };
    case 'voted':
      return {
        title: tApprovals(locale, 'you.voted', { code: a.code, n: approvals, m: a.requiredApprovals }),
        tone: 'success',
      };
    case 'already_voted':
      return {
        title: tApprovals(locale, 'already.voted.title', { code: a.code }),
        text: tApprovals(locale, 'already.voted', { n: approvals, m: a.requiredApprovals }),
        tone: 'warning',
      };
    case 'already_decided':
      return {
        title: tApprovals(locale, 'already.title', { code: a.code }),
        // Rendered after the decider's mention: "@x already approved APR-3 at 11-26 14:02."
        text: [
          tApprovals(locale, `already.${decidedStatus(a)}`, {
            code: a.code,
            at: fmtTime(decidedAt(a), tz, now),
          }),
          ...(a.decisionReason ? [tApprovals(locale, 'card.reason', { reason: a.decisionReason })] : []),
        ].join('\n'),
        mentions: a.decidedBy ? mentionOf(a.decidedBy) : [],
        tone: 'warning',
      };
  }
}

/** "Approve anyway?": asked before approving a request with high-severity findings, with the button that does. */
export function confirmApproveCard(locale: Locale, code: string, high: number): Card {
  return {
    title: tApprovals(locale, 'confirm.title'),
    text: tApprovals(locale, 'confirm.text', { n: high }),
    tone: 'warning',
    buttons: [
      {
        text: tApprovals(locale, 'confirm.ok'),
        action: `approval:${code}:approve_anyway`,
        style: 'primary',
      },
    ],
  };
}

/**
 * Request changes or Reject, clicked where no form opens (WeCom): the form's title and how to give the reason
 * by typing its command.
 */
export function reasonPromptCard(locale: Locale, form: FormSpec): Card {
  return {
    title: form.title,
    text: tApprovals(locale, 'form.reason.prompt', { command: `/${form.command}` }),
  };
}

/** One content request in `/content list`: code, status, high findings, title; channel and when it was sent. */
export function contentLine(locale: Locale, tz: string, now: Date, a: Approval): string {
  const d = contentDetails(a);
  const high = highFindings(a);
  const flags = high > 0 ? ` · ⚠️ ${tApprovals(locale, 'severity.high')} ×${high}` : '';
  const title = a.title.length > 60 ? `${a.title.slice(0, 59)}…` : a.title;
  return `${a.code} · ${APPROVAL_STATUS.label(a.status, locale)}${flags} · ${title}\n${channelLabel(d.channel, locale)} · ${fmtTime(a.createdAt, tz, now)}`;
}

/** One KOL deal in `/kol list`: code, status, name and platform, fee, ROI once the result is in; date and deliverables. */
export function kolLine(locale: Locale, a: Approval): string {
  const d = kolDetails(a);
  const status = APPROVAL_STATUS.label(a.status, locale);
  const roi = a.result ? ` · ROI ${formatRoi(kolRoi(a))}` : '';
  const deliverables = d.deliverables.length > 60 ? `${d.deliverables.slice(0, 59)}…` : d.deliverables;
  return `${a.code} · ${status} · ${a.title} (${channelLabel(d.platform, locale)}) · ${formatMoney(d.feeFen, locale)}${roi}\n${d.date} · ${deliverables}`;
}

/** `/kol result`: the deal's results and its ROI (GMV ÷ fee). */
export function kolResultCard(l: Locale, a: Approval & { result: KolResult }): Card {
  const d = kolDetails(a);
  const r = a.result;
  return {
    title: tApprovals(l, 'result.title', { code: a.code }),
    text: `${tApprovals(l, 'field.roi')}: ${formatRoi(kolRoi(a))}`,
    tone: 'success',
    fields: [
      { label: tApprovals(l, 'field.name'), value: `${a.title} (${channelLabel(d.platform, l)})` },
      { label: tApprovals(l, 'field.fee'), value: formatMoney(d.feeFen, l) },
      { label: tApprovals(l, 'field.views'), value: formatCount(r.views, l) },
      { label: tApprovals(l, 'field.engagements'), value: formatCount(r.engagements, l) },
      { label: tApprovals(l, 'field.gmv'), value: formatMoney(r.gmvFen, l) },
      { label: tApprovals(l, 'field.roi'), value: formatRoi(kolRoi(a)) },
    ],
  };
}
