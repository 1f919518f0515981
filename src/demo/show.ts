import { approvalRenderFor } from '../../handlers/approval-actions';
import { checkBudgetNow } from '../../jobs/budget-watch';
import { releaseCurrentDigests, runJob } from '../../jobs/index';
import type { JobName } from '../../jobs/timing';
import { destinationFor } from '../delivery/destinations';
import type { Deps } from '../deps';
import { postPendingApprovalCards } from '../domain/approvals';
import { getSettings } from '../domain/settings';

const DIGESTS: JobName[] = ['daily-digest', 'weekly-digest', 'monthly-report'];

/**
 * After the demo data is loaded, show it where people look: the latest 日报, 周报 and 月报 built from it (a
 * digest posted earlier for the empty database does not use up the period), the budget alerts it crosses
 * (channel ads at 108%: the escalation), and the pending approvals as cards with their buttons. Everything
 * goes through the outbox, so `npm run demo` without a running bot posts when the bot starts.
 */
export async function showDemoInChannels(
  deps: Deps,
  now: Date,
): Promise<{ digests: number; alerts: number; approvalCards: number }> {
  await releaseCurrentDigests(deps, now);
  let digests = 0;
  for (const job of DIGESTS) if ((await runJob(deps, job, now)).ran) digests++;
  const settings = await getSettings(deps.db, deps.config);
  const alerts = await checkBudgetNow(deps, now, settings);
  let approvalCards = 0;
  const render = approvalRenderFor(deps, deps.config.locale);
  for (const d of destinationFor('approvals', { settings, config: deps.config })) {
    approvalCards += await postPendingApprovalCards({ db: deps.db, now }, { ...d, render });
  }
  deps.log.info('demo data shown in the channels', { digests, alerts, approvalCards });
  return { digests, alerts, approvalCards };
}
