/**
 * The budget watch's alerts: a warning at 90% of a category's monthly plan, a notice at 100%, and an
 * escalation above 105% with the largest spend lines, mentioning the budget's owner and the managers. Pure
 * functions of the month's usage line and what the job looked up; the category by its name, never its code.
 */
import { type Band, BUDGET_CATEGORY, type BudgetCategory, type UsageLine } from '../../domain/budget';
import { channelLabel } from '../../domain/channels';
import { formatPct } from '../../domain/kpi';
import { formatMoney } from '../../domain/money';
import type { Card, Field, Mention } from '../card';
import type { Locale } from '../i18n';
import { tBudgetAlerts } from '../messages/jobs';

/** One category past a threshold in `month`. */
export interface BudgetAlert {
  month: string;
  category: BudgetCategory;
  band: Exclude<Band, 'ok'>;
  line: UsageLine;
}

/** What an escalation (above 105%) adds: the largest spend lines, and whom to mention. */
export interface Escalation {
  top: {
    spentOn: string;
    amountFen: number;
    channel: string | null;
    note: string | null;
    createdBy: string;
  }[];
  /** Display name of whoever logged a line. */
  name: (key: string) => string;
  mentions: Mention[];
}

function baseFields(alert: BudgetAlert, locale: Locale): Field[] {
  return [
    { label: tBudgetAlerts(locale, 'field.month'), value: alert.month },
    { label: tBudgetAlerts(locale, 'field.spend'), value: formatMoney(alert.line.spendFen, locale) },
    { label: tBudgetAlerts(locale, 'field.plan'), value: formatMoney(alert.line.planFen, locale) },
  ];
}

const titleArgs = (alert: BudgetAlert, locale: Locale) => ({
  cat: BUDGET_CATEGORY.label(alert.category, locale),
  rate: formatPct(alert.line.rate, locale),
});

/** 90% (a warning) or 100% (a notice): what is left of the plan. */
export function thresholdCard(alert: BudgetAlert & { band: '90' | '100' }, locale: Locale): Card {
  const { line } = alert;
  return {
    title: tBudgetAlerts(locale, alert.band === '90' ? 'warn.title' : 'over.title', titleArgs(alert, locale)),
    tone: 'warning',
    fields: [
      ...baseFields(alert, locale),
      {
        label: tBudgetAlerts(locale, 'field.left'),
        value: formatMoney(line.planFen - line.spendFen, locale),
      },
    ],
  };
}

/** Above 105%: the overrun, the largest spend lines with who logged them, the owner and managers mentioned. */
export function overrunCard(alert: BudgetAlert, locale: Locale, escalation: Escalation): Card {
  const { month, line } = alert;
  const spendLine = (t: Escalation['top'][number]) =>
    [
      t.spentOn,
      formatMoney(t.amountFen, locale),
      ...(t.channel ? [channelLabel(t.channel, locale)] : []),
      ...(t.note ? [t.note] : []),
      escalation.name(t.createdBy),
    ].join(' · ');
  return {
    title: tBudgetAlerts(locale, 'esc.title', titleArgs(alert, locale)),
    tone: 'danger',
    fields: [
      ...baseFields(alert, locale),
      {
        label: tBudgetAlerts(locale, 'field.overrun'),
        value: formatMoney(line.spendFen - line.planFen, locale),
      },
    ],
    sections: [{ heading: tBudgetAlerts(locale, 'top.heading'), lines: escalation.top.map(spendLine) }],
    context: [tBudgetAlerts(locale, 'esc.hint', { month, category: alert.category })],
    mentions: escalation.mentions,
  };
}
