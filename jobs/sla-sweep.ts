import { dueLadderSteps, type SlaKind } from '../db/queries/sla';
import { slaStepCard } from '../src/chat/cards/sla';
import { namesFor } from '../src/chat/names';
import type { Deps } from '../src/deps';
import { syncCampaignStatuses } from '../src/domain/campaigns';
import { workCtx } from '../src/domain/work-calendar';
import { type JobMessage, type JobResult, ownerDm, type RunOptions, runClaimed } from './runner';

const KINDS: SlaKind[] = ['feedback', 'incident_response', 'incident_report', 'retro'];

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
        const name = await namesFor(deps, [item.owner]);
        const card = slaStepCard(item, {
          locale: deps.config.locale,
          tz: deps.config.tz,
          now,
          ownerName: name(item.owner),
          managers: settings.managers,
        });
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
