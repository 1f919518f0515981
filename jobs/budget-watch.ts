import { budgetOwner, topSpendLines } from '../db/queries/budget-alerts';
import type { Card, Mention } from '../src/chat/card';
import { mentionOf } from '../src/chat/mentions';
import { tBudgetAlerts } from '../src/chat/messages/jobs';
import { namesFor } from '../src/chat/names';
import type { Deps } from '../src/deps';
import { type Band, BUDGET_CATEGORIES, BUDGET_CATEGORY, budgetUsage } from '../src/domain/budget';
import { channelLabel } from '../src/domain/channels';
import { monthKey } from '../src/domain/dates';
import { formatPct } from '../src/domain/kpi';
import { formatMoney } from '../src/domain/money';
import type { Settings } from '../src/domain/settings';
import { type JobMessage, type JobResult, queueMessages, type RunOptions, runClaimed } from './runner';

/**
 * Threshold messages for the month: a warning at 90%, a notice at 100%, and an escalation above 105%
 * mentioning the budget owner and the managers. Each (month, category, threshold) is claimed once.
 */
export async function budgetAlerts(deps: Deps, now: Date, settings: Settings): Promise<JobMessage[]> {
  const locale = deps.config.locale;
  const month = monthKey(now, deps.config.tz);
  const usage = await budgetUsage(deps.db, month);
  const messages: JobMessage[] = [];
  for (const category of BUDGET_CATEGORIES) {
    const line = usage.categories[category];
    if (line.band === 'ok' || line.rate === null) continue;
    const band: Exclude<Band, 'ok'> = line.band;
    const cat = BUDGET_CATEGORY.label(category, locale);
    const rate = formatPct(line.rate, locale);
    const fields = [
      { label: tBudgetAlerts(locale, 'field.month'), value: month },
      { label: tBudgetAlerts(locale, 'field.spend'), value: formatMoney(line.spendFen, locale) },
      { label: tBudgetAlerts(locale, 'field.plan'), value: formatMoney(line.planFen, locale) },
    ];
    let card: Card;
    if (band === '105') {
      const owner = await budgetOwner(deps.db, month, category);
      const ownerMention = owner ? mentionOf(owner) : undefined;
      const managers = settings.managers
        .map((m) => mentionOf(m, ownerMention?.platform ?? 'slack'))
        .filter((m): m is Mention => !!m);
      const top = await topSpendLines(deps.db, month, category);
      const name = await namesFor(
        deps,
        top.map((t) => t.createdBy),
      );
      card = {
        title: tBudgetAlerts(locale, 'esc.title', { cat, rate }),
        tone: 'danger',
        fields: [
          ...fields,
          {
            label: tBudgetAlerts(locale, 'field.overrun'),
            value: formatMoney(line.spendFen - line.planFen, locale),
          },
        ],
        sections: [
          {
            heading: tBudgetAlerts(locale, 'top.heading'),
            lines: top.map(
              (t) =>
                `${t.spentOn} · ${formatMoney(t.amountFen, locale)}${t.channel ? ` · ${channelLabel(t.channel, locale)}` : ''}${t.note ? ` · ${t.note}` : ''} · ${name(t.createdBy)}`,
            ),
          },
        ],
        context: [tBudgetAlerts(locale, 'esc.hint', { month, category })],
        mentions: [...(ownerMention ? [ownerMention] : []), ...managers],
      };
    } else {
      card = {
        title: tBudgetAlerts(locale, band === '100' ? 'over.title' : 'warn.title', { cat, rate }),
        tone: 'warning',
        fields: [
          ...fields,
          {
            label: tBudgetAlerts(locale, 'field.left'),
            value: formatMoney(line.planFen - line.spendFen, locale),
          },
        ],
      };
    }
    messages.push({
      key: `${month}:${category}:${band}`,
      to: 'alerts',
      card,
      step: { entity: 'budget', entityId: `${month}:${category}`, step: band },
    });
  }
  return messages;
}

/** Budget watch (hourly): threshold alerts for the current month. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'budget-watch', now, opts, async ({ settings }) => {
    const messages = await budgetAlerts(deps, now, settings);
    return { summary: { alerts: messages.length }, messages };
  });
}

/** The same check right after a spend entry, so crossing a threshold alerts at once, not an hour later. */
export async function checkBudgetNow(deps: Deps, now: Date, settings: Settings): Promise<number> {
  const messages = await budgetAlerts(deps, now, settings);
  if (messages.length === 0) return 0;
  return deps.db.transaction((tx) => queueMessages(tx, deps, settings, 'budget-spend', messages, now));
}
