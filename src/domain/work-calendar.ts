/**
 * The working-day calendar as the running bot sees it: chinese-days data with the admin's holidays and
 * make-up workdays from settings on top, and the "no data for 2027" fallback warning sent to the logger.
 */
import type { Deps } from '../deps';
import type { Logger } from '../log';
import { WorkCalendar } from './calendar';
import type { VerbCtx } from './context';
import { getSettings, type Settings } from './settings';

// One base calendar per logger: withOverrides() shares its "already warned" years, so rebuilding the
// calendar for every command after a settings change still warns about an uncovered year only once.
const bases = new WeakMap<object, WorkCalendar>();
const SILENT = {};

/** The WorkCalendar for the current settings (admin holidays/workdays win over chinese-days). */
export function calendarFor(
  settings: Pick<Settings, 'holidays' | 'workdays'>,
  log?: Pick<Logger, 'warn'>,
): WorkCalendar {
  const key = log ?? SILENT;
  let base = bases.get(key);
  if (!base) {
    base = new WorkCalendar({
      warn: log ? (msg) => log.warn(msg, { component: 'work-calendar' }) : undefined,
    });
    bases.set(key, base);
  }
  return base.withOverrides({ holidays: settings.holidays, workdays: settings.workdays });
}

/** A verb context for verbs that set working-day deadlines: the team's time zone and calendar. */
export interface WorkCtx extends VerbCtx {
  tz: string;
  calendar: WorkCalendar;
}

/** Build a WorkCtx from the shared dependencies (handlers and jobs). */
export async function workCtx(
  deps: Pick<Deps, 'db' | 'config' | 'log'>,
  now: Date,
  actor: string,
): Promise<WorkCtx> {
  const settings = await getSettings(deps.db, deps.config);
  return {
    db: deps.db,
    now,
    actor,
    settings,
    tz: deps.config.tz,
    calendar: calendarFor(settings, deps.log),
  };
}
