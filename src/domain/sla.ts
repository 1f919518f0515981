/**
 * The escalation ladder's timing (PRODUCT.md): remind the owner when 80% of the window has passed, post at
 * the deadline, mention the managers at twice the window. The reminder moment is stored with each clock
 * so the sweep finds due items through an index instead of reading every open item.
 */
export const REMIND_AT_SHARE = 0.8;

/** When the owner's reminder is due for a clock running from `start` to `due`. */
export function ladderRemindAt(start: Date, due: Date): Date {
  return new Date(start.getTime() + (due.getTime() - start.getTime()) * REMIND_AT_SHARE);
}

/** The remind moment for an optional clock (null when the clock has not started). */
export function remindAtOrNull(start: Date | null | undefined, due: Date | null | undefined): Date | null {
  return start && due ? ladderRemindAt(start, due) : null;
}

/** The four clocks and the ladder's rungs, as the sweep reads them. */
export type { SlaKind, SlaStep } from '../../db/queries/sla';
