/**
 * The SLA ladder's cards: a reminder to the owner at 80% of the clock, a breach notice mentioning them when
 * it runs out, and the managers at twice the time. Pure: the due item, the owner's display name, the time.
 */
import type { SlaKind, SlaStep } from '../../domain/sla';
import type { Card, Mention } from '../card';
import { fmtDuration, fmtTime } from '../handler-kit';
import type { Locale } from '../i18n';
import { mentionOf } from '../mentions';
import { tJobs } from '../messages/jobs';

/** One rung of one open clock. */
export interface LadderStep {
  kind: SlaKind;
  code: string;
  /** Actor key of the person the clock waits on. */
  owner: string;
  title: string;
  dueAt: Date;
  step: SlaStep;
}

export interface LadderContext {
  locale: Locale;
  tz: string;
  now: Date;
  /** The owner's display name. */
  ownerName: string;
  /** Actor keys of the managers (mentioned at the manager step). */
  managers: readonly string[];
}

const MAX_TITLE = 80;

export function slaStepCard(item: LadderStep, c: LadderContext): Card {
  const { locale, now } = c;
  const kind = tJobs(locale, `kind.${item.kind}`);
  const due = fmtTime(item.dueAt, c.tz, now);
  const hint = tJobs(locale, `hint.${item.kind}`, { code: item.code });
  const ownerMention = mentionOf(item.owner);
  const title = item.title.length > MAX_TITLE ? `${item.title.slice(0, MAX_TITLE - 1)}…` : item.title;
  const common = { sections: [{ lines: [title] }], context: [hint] };
  switch (item.step) {
    case 'remind':
      return {
        title: tJobs(locale, 'remind.title', { code: item.code }),
        text: tJobs(locale, 'remind.text', {
          kind,
          due,
          left: fmtDuration(item.dueAt.getTime() - now.getTime(), locale),
        }),
        ...common,
        tone: 'warning',
      };
    case 'breach':
      return {
        title: tJobs(locale, 'breach.title', { code: item.code }),
        text: tJobs(locale, 'breach.text', { kind, due, owner: c.ownerName }),
        ...common,
        mentions: ownerMention ? [ownerMention] : [],
        tone: 'danger',
      };
    case 'manager': {
      const managers = c.managers
        .map((m) => mentionOf(m, ownerMention?.platform ?? 'slack'))
        .filter((m): m is Mention => !!m);
      return {
        title: tJobs(locale, 'manager.title', { code: item.code }),
        text: tJobs(locale, 'manager.text', {
          kind,
          due,
          owner: c.ownerName,
          late: fmtDuration(now.getTime() - item.dueAt.getTime(), locale),
        }),
        ...common,
        mentions: [...(ownerMention ? [ownerMention] : []), ...managers],
        tone: 'danger',
      };
    }
  }
}
