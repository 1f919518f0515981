/**
 * metrics-pull: every configured connector, hourly at :15 for today so far and at 08:30 for yesterday's
 * final figures, through the same (job, period) claim as every job, so it runs once across replicas.
 *
 * - The hourly run also re-pulls yesterday until a run after the source's "final after" hour has covered
 *   it, so a bot that was down at 08:30 still gets yesterday's final figures before the digest.
 * - Sources without intraday figures (WeChat) are skipped by the hourly run once yesterday is final.
 * - A source failing its third scheduled run in a row alerts the admins once (the next alert needs a
 *   success in between); one failing source never stops the others.
 */
import { failureStreak, pulledFinal } from '../db/queries/connectors';
import { connectorAlertCard } from '../src/chat/cards/connectors';
import { connectorErrorText } from '../src/chat/messages/connectors';
import { pullSource } from '../src/connectors/pull';
import { CONNECTORS } from '../src/connectors/registry';
import type { Connector, DayRange } from '../src/connectors/types';
import type { Deps } from '../src/deps';
import { addDays, localDate, startOfLocalDay } from '../src/domain/dates';
import { type JobMessage, type JobResult, type RunOptions, runClaimed } from './runner';

/** Failed runs in a row that raise the alert. */
export const ALERT_AFTER_FAILURES = 3;

/** The days one run pulls for one source; undefined when there is nothing to pull. */
async function rangeFor(
  deps: Deps,
  c: Connector<unknown>,
  now: Date,
  final: boolean,
): Promise<DayRange | undefined> {
  const tz = deps.config.tz;
  const today = localDate(now, tz);
  const yesterday = addDays(today, -1);
  if (final) return { from: yesterday, to: yesterday };
  const finalSince = new Date(startOfLocalDay(today, tz).getTime() + c.finalAfterHour * 3_600_000);
  const yesterdayDone = now >= finalSince && (await pulledFinal(deps.db, c.id, yesterday, finalSince));
  const from = yesterdayDone ? today : yesterday;
  const to = c.intraday ? today : yesterday;
  return from > to ? undefined : { from, to };
}

/** metrics-pull job: pull every configured source for this period, once across replicas. */
export async function run(deps: Deps, now: Date, opts: RunOptions = {}): Promise<JobResult> {
  return runClaimed(deps, 'metrics-pull', now, opts, async ({ periodKey, settings }) => {
    const final = periodKey.endsWith('/final');
    const messages: JobMessage[] = [];
    const sources: Record<string, unknown> = {};
    for (const c of CONNECTORS) {
      if (deps.config.connectors[c.id] === undefined) continue;
      const range = await rangeFor(deps, c, now, final);
      if (!range) {
        sources[c.id] = 'up to date';
        continue;
      }
      const r = await pullSource(deps, c, range, { kind: 'scheduled', now });
      sources[c.id] = r.ok
        ? { from: range.from, to: range.to, rows: r.rows, changed: r.changed, kept: r.kept }
        : { from: range.from, to: range.to, error: r.error?.key };
      if (r.ok) continue;
      const streak = await failureStreak(deps.db, c.id, ALERT_AFTER_FAILURES + 1);
      if (streak.length === ALERT_AFTER_FAILURES) {
        const locale = deps.config.locale;
        const error = connectorErrorText(locale, r.error);
        const alert = { source: c.id, error, failures: streak.length, admins: settings.admins };
        messages.push({ key: `alert:${c.id}`, to: 'alerts', card: connectorAlertCard(locale, alert) });
      }
    }
    return { summary: { final, sources }, messages };
  });
}
