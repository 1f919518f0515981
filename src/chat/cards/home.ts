/**
 * The home view's cards (Slack's Home tab, the console's Home, `/mops me` folded into one card for WeCom): pure
 * functions of the person's figures (src/domain/home.ts), the locale, the team's time zone and the time now.
 */
import { CAMPAIGN_STATUS } from '../../domain/campaigns';
import type { HomeApprovalRow, HomeFigures, HomeList } from '../../domain/home';
import type { Button, Card } from '../card';
import { parseActorKey } from '../command';
import { fmtTime } from '../handler-kit';
import type { Locale } from '../i18n';
import { tApprovals } from '../messages/approvals';
import { tHome } from '../messages/home';
import { tJobs } from '../messages/jobs';
import { areaOf } from './approvals';
import { budgetSection } from './digest-kit';
import { pacingSection } from './target';

const who = (key: string, name: string | null) => name ?? parseActorKey(key)?.userId ?? key;
const cut = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function moreButton(locale: Locale, command: string, shown: number, total: number): Button[] {
  return total > shown
    ? [{ text: `${tHome(locale, 'more.button')} (${total - shown})`, action: `cmd:${command}` }]
    : [];
}

function approvalCard(locale: Locale, tz: string, now: Date, a: HomeApprovalRow): Card {
  return {
    title: tHome(locale, 'approval.title', { code: a.code, title: cut(a.title) }),
    text: tHome(locale, 'approval.text', {
      kind: tHome(locale, a.kind === 'kol_deal' ? 'kind.kol_deal' : 'kind.content'),
      who: who(a.requester, a.requesterName),
      at: fmtTime(a.createdAt, tz, now),
      high: a.highFindings > 0 ? tHome(locale, 'approval.high', { n: a.highFindings }) : '',
    }),
    tone: a.highFindings > 0 ? 'warning' : 'info',
    buttons: [
      {
        text: tApprovals(locale, 'button.approve'),
        action: `approval:${a.code}:approve`,
        style: 'primary',
        // As on the approval card: a draft with high-severity findings asks before it is approved.
        ...(a.highFindings > 0
          ? {
              confirm: {
                title: tApprovals(locale, 'confirm.title'),
                text: tApprovals(locale, 'confirm.text', { n: a.highFindings }),
                ok: tApprovals(locale, 'confirm.ok'),
                cancel: tApprovals(locale, 'confirm.cancel'),
              },
            }
          : {}),
      },
      { text: tApprovals(locale, 'button.changes'), action: `approval:${a.code}:changes` },
      { text: tApprovals(locale, 'button.reject'), action: `approval:${a.code}:reject`, style: 'danger' },
    ],
  };
}

const moreContext = (locale: Locale, shown: number, total: number) =>
  total > shown ? [tHome(locale, 'more', { n: total - shown })] : undefined;

function slaCard(locale: Locale, tz: string, now: Date, f: HomeFigures): Card {
  return {
    title: tHome(locale, 'sla.heading', { n: f.sla.total }),
    sections: [
      {
        lines:
          f.sla.rows.length === 0
            ? [tHome(locale, 'sla.none')]
            : f.sla.rows.map((r) =>
                tHome(locale, 'sla.line', {
                  mark: r.dueAt < now ? tHome(locale, 'sla.overdue') : '',
                  code: r.code,
                  kind: tJobs(locale, `kind.${r.kind}`),
                  due: fmtTime(r.dueAt, tz, now),
                  title: cut(r.title),
                }),
              ),
      },
    ],
    context: moreContext(locale, f.sla.rows.length, f.sla.total),
  };
}

function approvalCards(locale: Locale, tz: string, now: Date, f: HomeFigures): Card[] {
  if (!f.approvals) return [];
  return [
    {
      title: tHome(locale, 'approvals.heading', { n: f.approvals.total }),
      text: f.approvals.rows.length === 0 ? tHome(locale, 'approvals.none') : undefined,
      context: moreContext(locale, f.approvals.rows.length, f.approvals.total),
    },
    ...f.approvals.rows.map((a) => approvalCard(locale, tz, now, a)),
  ];
}

function campaignsCard(locale: Locale, tz: string, now: Date, f: HomeFigures): Card {
  return {
    title: tHome(locale, 'campaigns.heading', { n: f.campaigns.total }),
    sections: [
      {
        lines:
          f.campaigns.rows.length === 0
            ? [tHome(locale, 'campaigns.none')]
            : f.campaigns.rows.map((c) =>
                tHome(locale, 'campaign.line', {
                  code: c.code,
                  name: cut(c.name, 40),
                  status: CAMPAIGN_STATUS.label(c.status, locale),
                  start: c.startDate,
                  end: c.endDate,
                  retro: c.retroDueAt
                    ? tHome(locale, 'campaign.retro', {
                        due: fmtTime(c.retroDueAt, tz, now),
                        late: c.retroDueAt < now ? tHome(locale, 'campaign.retro_late') : '',
                      })
                    : '',
                }),
              ),
      },
    ],
    context: moreContext(locale, f.campaigns.rows.length, f.campaigns.total),
  };
}

/** The "More" button of a section: opens the person's own full list (`/mops me list=…`), not everyone's. */
const withMore = (
  locale: Locale,
  card: Card,
  list: HomeList,
  page: { rows: unknown[]; total: number },
): Card => ({
  ...card,
  buttons: [
    ...moreButton(locale, `mops me list=${list}`, page.rows.length, page.total),
    ...(card.buttons ?? []),
  ],
});

/** The home view: SLA items, approvals (one card each, with buttons), campaigns, budget bands, target pacing. */
export function homeCards(locale: Locale, tz: string, now: Date, f: HomeFigures): Card[] {
  const cards: Card[] = [];
  cards.push({
    title: tHome(locale, 'title', { date: f.today }),
    text: tHome(locale, 'context'),
  });
  cards.push(withMore(locale, slaCard(locale, tz, now, f), 'sla', f.sla));
  const [approvalsHead, ...approvals] = approvalCards(locale, tz, now, f);
  if (approvalsHead && f.approvals) {
    cards.push(withMore(locale, approvalsHead, 'approvals', f.approvals), ...approvals);
  }
  cards.push(withMore(locale, campaignsCard(locale, tz, now, f), 'campaigns', f.campaigns));
  const budget = budgetSection(locale, f.budget);
  cards.push({ title: budget.heading ?? '', sections: [{ lines: budget.lines }] });
  const pacing = pacingSection(locale, f.pacing);
  cards.push({ title: pacing.heading ?? '', sections: [{ lines: pacing.lines }] });
  return cards;
}

/** Cards folded into one text card: decisions as commands (no buttons per approval in one card). */
function fold(locale: Locale, f: HomeFigures, cards: Card[]): Card['sections'] {
  return cards.map((c) => {
    const approvalCode = c.buttons?.[0]?.action.match(/^approval:(APR-\d+):/)?.[1];
    const kind = f.approvals?.rows.find((a) => a.code === approvalCode)?.kind ?? 'content';
    return {
      heading: c.title,
      lines: [
        ...(c.text ? [c.text] : []),
        ...(c.sections ?? []).flatMap((s) => s.lines),
        ...(approvalCode
          ? [tHome(locale, 'approval.commands', { area: areaOf(kind), code: approvalCode })]
          : []),
        ...(c.context ?? []),
      ],
    };
  });
}

/** `/mops me` (WeCom has no home tab): the same view folded into one text card, decisions as commands. */
export function meCard(locale: Locale, tz: string, now: Date, f: HomeFigures): Card {
  const [head, ...rest] = homeCards(locale, tz, now, f);
  // The sections' "More" buttons stay: each opens that list in full.
  const more = rest.flatMap((c) => (c.buttons ?? []).filter((b) => b.action.startsWith('cmd:mops me list=')));
  return {
    title: head?.title ?? tHome(locale, 'title', { date: f.today }),
    sections: fold(locale, f, rest),
    context: [tHome(locale, 'context')],
    buttons: more.length > 0 ? more : undefined,
  };
}

/** `/mops me list=sla|approvals|campaigns`: one section of the person's home view in full (up to the cap). */
export function meListCard(locale: Locale, tz: string, now: Date, f: HomeFigures, list: HomeList): Card {
  const cards =
    list === 'sla'
      ? [slaCard(locale, tz, now, f)]
      : list === 'approvals'
        ? approvalCards(locale, tz, now, f)
        : [campaignsCard(locale, tz, now, f)];
  return {
    title: tHome(locale, 'list.title', { date: f.today }),
    sections:
      cards.length > 0 ? fold(locale, f, cards) : [{ lines: [tHome(locale, 'approvals.not_approver')] }],
    context: [tHome(locale, 'list.context')],
  };
}
