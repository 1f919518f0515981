/**
 * `/mops settings` cards: the settings overview, the company's compliance list with the replies to allow,
 * block and remove, and a linked person. Pure functions of the settings and what the handler looked up for
 * them (names, calendar coverage, undelivered messages).
 */
import type { YearCoverage } from '../../domain/calendar';
import type { CompanyPhrase } from '../../domain/compliance';
import type { PhraseSet } from '../../domain/compliance-list';
import { formatMoney } from '../../domain/money';
import type { Settings } from '../../domain/settings';
import type { Card } from '../card';
import type { Locale } from '../i18n';
import { tApprovals } from '../messages/approvals';
import { tSettings } from '../messages/settings';
import { bareId, type NameOf } from '../names';

/** What the overview shows besides the settings themselves. */
export interface SettingsView {
  settings: Settings;
  title: string;
  tz: string;
  /** Display names of the admins, approvers and managers. */
  name: NameOf;
  /** This year's and next year's holiday data. */
  calendar: { year: number; coverage: YearCoverage }[];
  /** Messages that could not be delivered. */
  dead: number;
  /** The command's usage line. */
  usage: string;
}

/** `/mops settings`: every setting by the name an admin types, people by name with their ids. */
export function settingsCard(l: Locale, v: SettingsView): Card {
  const { settings: s, title, name } = v;
  const unset = tSettings(l, 'unset');
  const show = (x: string | undefined) => x || unset;
  // People by name, with the id an admin types in `settings set` beside it.
  const person = (key: string) => (name(key) === bareId(key) ? key : `${name(key)} (${key})`);
  const ids = (keys: string[]) => (keys.length ? keys.map(person).join(', ') : unset);
  return {
    title,
    sections: [
      {
        heading: tSettings(l, 'h.channels'),
        lines: [
          `digest_channel: ${show(s.digestChannel)}`,
          `alerts_channel: ${show(s.alertsChannel)}`,
          `approvals_channel: ${show(s.approvalsChannel)}`,
          `product_channel: ${show(s.productChannel)}`,
        ],
      },
      {
        heading: tSettings(l, 'h.roles'),
        lines: [`admins: ${ids(s.admins)}`, `approvers: ${ids(s.approvers)}`, `managers: ${ids(s.managers)}`],
      },
      {
        heading: tSettings(l, 'h.sla'),
        lines: [
          `sla_feedback_hours: ${s.slaFeedbackHours}`,
          `sla_incident_hours: ${s.slaIncidentResponseHours}`,
          `sla_incident_report_workdays: ${s.slaIncidentReportWorkdays}`,
          `sla_retro_workdays: ${s.slaRetroWorkdays}`,
          `kol_second_approver_fee: ${formatMoney(s.kolSecondApproverFeeFen, l)}`,
          `monthly_gmv_target: ${s.monthlyGmvTargetFen === undefined ? unset : formatMoney(s.monthlyGmvTargetFen, l)}`,
        ],
      },
      {
        heading: tSettings(l, 'h.anomalies'),
        lines: [`anomaly_z: ${s.anomalyZ}`, tSettings(l, 'anomaly_z.means', { z: s.anomalyZ })],
      },
      {
        heading: tSettings(l, 'h.schedule'),
        lines: [
          `daily_at: ${s.dailyAt}`,
          `weekly_at: ${s.weeklyAt}`,
          `monthly_at: ${s.monthlyAt}`,
          `TZ: ${v.tz}`,
        ],
      },
      {
        heading: tSettings(l, 'h.calendar'),
        lines: [
          ...v.calendar.map((c) =>
            tSettings(l, 'cal.year', { year: c.year, coverage: tSettings(l, `cal.${c.coverage}`) }),
          ),
          tSettings(l, 'cal.extra', { h: s.holidays.length, w: s.workdays.length }),
        ],
      },
      {
        heading: tSettings(l, 'h.compliance'),
        lines: [
          tSettings(l, 'compliance.summary', {
            allow: s.compliancePhrases.filter((e) => e.action === 'allow').length,
            block: s.compliancePhrases.filter((e) => e.action === 'block').length,
          }),
        ],
      },
      {
        heading: tSettings(l, 'h.outbox'),
        lines: [v.dead ? tSettings(l, 'outbox.dead', { n: v.dead }) : tSettings(l, 'outbox.ok')],
      },
    ],
    context: [v.usage, tSettings(l, 'help.set')],
  };
}

const reasonText = (l: Locale, reason: string | undefined) =>
  reason ? tSettings(l, 'compliance.reason', { reason }) : '';
const entryLine = (l: Locale, e: CompanyPhrase) =>
  tSettings(l, 'compliance.entry', { phrase: e.phrase, reason: reasonText(l, e.reason) });
const actionText = (l: Locale, e: CompanyPhrase) =>
  `${tSettings(l, `compliance.action.${e.action}`)}${reasonText(l, e.reason)}`;

/** The company's allow and block phrases, and what each kind does; `usage` is the command's usage line. */
export function complianceCard(l: Locale, s: Settings, title: string, usage: string, text?: string): Card {
  const of = (action: CompanyPhrase['action']) => s.compliancePhrases.filter((e) => e.action === action);
  const sections = (['allow', 'block'] as const)
    .filter((a) => of(a).length > 0)
    .map((a) => ({ heading: tSettings(l, `compliance.h.${a}`), lines: of(a).map((e) => entryLine(l, e)) }));
  return {
    title,
    text: [
      ...(text ? [text] : []),
      ...(s.compliancePhrases.length === 0 ? [tSettings(l, 'compliance.empty')] : []),
    ].join('\n'),
    sections,
    context: [tSettings(l, 'compliance.how'), usage],
  };
}

/** `/mops settings compliance`: the list, titled with how many entries it holds. */
export function complianceListCard(l: Locale, s: Settings, usage: string): Card {
  return complianceCard(l, s, tSettings(l, 'compliance.title', { n: s.compliancePhrases.length }), usage);
}

/**
 * `/mops settings compliance allow|block <phrase>`: what the entry does (a block raises a high finding; an
 * allow clears the findings inside the phrase, named), what it replaced, then the list.
 */
export function phraseSetCard(l: Locale, r: PhraseSet, usage: string): Card {
  const { entry } = r;
  const lines: string[] = [];
  if (entry.action === 'block') lines.push(tSettings(l, 'compliance.blocks'));
  else if (r.clears.length > 0) {
    const findings = r.clears
      .map(
        (f) =>
          `[${tApprovals(l, `severity.${f.severity}`)}] ${tApprovals(l, `rule.${f.rule}`)}「${f.original}」`,
      )
      .join('; ');
    lines.push(tSettings(l, 'compliance.clears', { findings }));
  } else lines.push(tSettings(l, 'compliance.clears_nothing', { phrase: entry.phrase }));
  if (r.previous) lines.push(tSettings(l, 'compliance.replaced', { action: actionText(l, r.previous) }));
  const title = tSettings(l, entry.action === 'allow' ? 'compliance.allowed' : 'compliance.blocked', {
    phrase: entry.phrase,
  });
  return { ...complianceCard(l, r.settings, title, usage, lines.join('\n')), tone: 'success' };
}

/** `/mops settings compliance remove <phrase>`: what the entry was, then the list without it. */
export function phraseRemovedCard(l: Locale, removed: CompanyPhrase, s: Settings, usage: string): Card {
  const title = tSettings(l, 'compliance.removed', { phrase: removed.phrase });
  const was = tSettings(l, 'compliance.removed_was', {
    action: tSettings(l, `compliance.action.${removed.action}`),
    reason: reasonText(l, removed.reason),
  });
  return { ...complianceCard(l, s, title, usage, was), tone: 'success' };
}

/** `/mops settings person`: one person and the Slack and WeCom ids now linked to them. */
export function personLinkedCard(
  l: Locale,
  person: { name: string; slackId: string | null; wecomId: string | null },
): Card {
  return {
    title: tSettings(l, 'person.linked', {
      name: person.name,
      slack: person.slackId ?? '—',
      wecom: person.wecomId ?? '—',
    }),
    tone: 'success',
  };
}
