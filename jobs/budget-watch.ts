import { budgetOwner, topSpendLines } from '../db/queries/budget-alerts';
import type { Mention } from '../src/chat/card';
import { type Escalation, overrunCard, thresholdCard } from '../src/chat/cards/budget-alerts';
import { mentionOf } from '../src/chat/mentions';
import { namesFor } from '../src/chat/names';
import type { Deps } from '../src/deps';
import { BUDGET_CATEGORIES, budgetUsage } from '../src/domain/budget';
import { monthKey } from '../src/domain/dates';
import type { Settings } from '../src/domain/settings';
import { type JobMessage, type JobResult, queueMessages, type RunOptions, runClaimed } from './runner';

/**
 * Threshold messages for the month: a warning at 90%, a notice at 100%, and an escalation above 105%
 * mentioning the budget owner and the managers (cards in src/chat/cards/budget-alerts.ts). Each (month,
 * category, threshold) is claimed once.
 */
export async function budgetAlerts(deps: Deps, now: Date, settings: Settings): Promise<JobMessage[]> {
  const locale = deps.config.locale;
  const month = monthKey(now, deps.config.tz);
  const usage = await budgetUsage(deps.db, month);
  const messages: JobMessage[] = [];
  for (const category of BUDGET_CATEGORIES) {
    const line = usage.categories[category];
    if (line.band === 'ok' || line.rate === null) continue;
    const alert = { month, category, line };
    const card =
      line.band === '105'
        ? overrunCard(
            { ...alert, band: line.band },
            locale,
            await escalation(deps, settings, month, category),
          )
        : thresholdCard({ ...alert, band: line.band }, locale);
    messages.push({
      key: `${month}:${category}:${line.band}`,
      to: 'alerts',
      card,
      step: { entity: 'budget', entityId: `${month}:${category}`, step: line.band },
    });
  }
  return messages;
}

/** The largest spend lines of an overrun category with who logged them, and the owner and managers to mention. */
async function escalation(
  deps: Deps,
  settings: Settings,
  month: string,
  category: string,
): Promise<Escalation> {
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
  return { top, name, mentions: [...(ownerMention ? [ownerMention] : []), ...managers] };
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
