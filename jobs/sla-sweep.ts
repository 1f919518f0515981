import { type DueItem, dueLadderSteps, type SlaKind } from '../db/queries/sla';
import type { Card, Mention } from '../src/chat/card';
import { fmtDuration, fmtTime } from '../src/chat/handler-kit';
import { mentionOf } from '../src/chat/mentions';
import { tJobs } from '../src/chat/messages/jobs';
import { type NameOf, namesFor } from '../src/chat/names';
import type { Deps } from '../src/deps';
import { syncCampaignStatuses } from '../src/domain/campaigns';
import type { Settings } from '../src/domain/settings';
import { workCtx } from '../src/domain/work-calendar';
import { type JobMessage, type JobResult, ownerDm, type RunOptions, runClaimed } from './runner';

const KINDS: SlaKind[] = ['feedback', 'incident_response', 'incident_report', 'retro'];

function stepCard(deps: Deps, s: Settings, item: DueItem, now: Date, name: NameOf): Card {
  const locale = deps.config.locale;
  const tz = deps.config.tz;
  const kind = tJobs(locale, `kind.${item.kind}`);
  const owner = name(item.owner);
  const due = fmtTime(item.dueAt, tz, now);
  const hint = tJobs(locale, `hint.${item.kind}`, { code: item.code });
  const ownerMention = mentionOf(item.owner);
  const managerMentions = s.managers
    .map((m) => mentionOf(m, ownerMention?.platform ?? 'slack'))
    .filter((m): m is Mention => !!m);
  const title = item.title.length > 80 ? `${item.title.slice(0, 79)}…` : item.title;
  switch (item.step) {
    case 'remind':
      return {
        title: tJobs(locale, 'remind.title', { code: item.code }),
        text: tJobs(locale, 'remind.text', {
          kind,
          due,
          left: fmtDuration(item.dueAt.getTime() - now.getTime(), locale),
        }),
        sections: [{ lines: [title] }],
        context: [hint],
        tone: 'warning',
      };
    case 'breach':
      return {
        title: tJobs(locale, 'breach.title', { code: item.code }),
        text: tJobs(locale, 'breach.text', { kind, due, owner }),
        sections: [{ lines: [title] }],
        context: [hint],
        mentions: ownerMention ? [ownerMention] : [],
        tone: 'danger',
      };
    case 'manager':
      return {
        title: tJobs(locale, 'manager.title', { code: item.code }),
        text: tJobs(locale, 'manager.text', {
          kind,
          due,
          owner,
          late: fmtDuration(now.getTime() - item.dueAt.getTime(), locale),
        }),
        sections: [{ lines: [title] }],
        context: [hint],
        mentions: [...(ownerMention ? [ownerMention] : []), ...managerMentions],
        tone: 'danger',
      };
  }
}

/** SLA sweep: walks every open clock's ladder (remind at 80%, breach, manager at 2×), each step once. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'sla-sweep', now, opts, async ({ settings }) => {
    // Campaigns that ended by date start their retro clock here, before the ladder looks at them.
    const synced = await syncCampaignStatuses(await workCtx(deps, now, 'system:scheduler'));
    const messages: JobMessage[] = [];
    const counts: Record<string, number> = {};
    for (const kind of KINDS) {
      for (const item of await dueLadderSteps(deps.db, kind, now)) {
        counts[item.step] = (counts[item.step] ?? 0) + 1;
        const card = stepCard(deps, settings, item, now, await namesFor(deps, [item.owner]));
        const step = { entity: kind, entityId: item.code, step: item.step };
        if (item.step === 'remind') {
          const dm = ownerDm(deps, item.owner);
          // Without a reachable DM the reminder still lands somewhere visible.
          messages.push({ key: `${kind}:${item.code}:remind`, to: dm ?? 'alerts', card, step });
        } else {
          messages.push({ key: `${kind}:${item.code}:${item.step}`, to: 'alerts', card, step });
        }
      }
    }
    return { summary: { steps: counts, campaignsSynced: synced.length }, messages };
  });
}
