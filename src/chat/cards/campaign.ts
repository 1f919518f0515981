/**
 * `/campaign` cards: pure functions of a campaign row (and what the domain verb returned), the locale, the
 * team's time zone and the time now. The handler (handlers/campaign.ts) parses, calls one verb and one of these.
 */
import {
  CAMPAIGN_STATUS,
  CAMPAIGN_TYPE,
  type Campaign,
  type CampaignStatus,
  campaignAttainment,
} from '../../domain/campaigns';
import { channelLabel } from '../../domain/channels';
import { localDate } from '../../domain/dates';
import { formatPct, formatRoi, ratio } from '../../domain/kpi';
import { formatCount, formatMoney } from '../../domain/money';
import type { Card, Field, Mention } from '../card';
import { type Actor, parseActorKey } from '../command';
import { fmtDuration, fmtTime } from '../handler-kit';
import { type Locale, listOf } from '../i18n';
import { tCampaign } from '../messages/campaign';
import { tCommon } from '../messages/common';
import { bareId, type NameOf } from '../names';

/** Where and when a card is read: the team's time zone and the time now (for "in 3 h", "overdue"). */
export interface Clock {
  tz: string;
  now: Date;
}

const money = (locale: Locale, fen: number | null) => formatMoney(fen, locale);
const channelList = (locale: Locale, channels: string[]) =>
  listOf(
    locale,
    channels.map((ch) => channelLabel(ch, locale)),
  );

function ownerOf(c: Campaign, name: NameOf = bareId): { text: string; mentions?: Mention[] } {
  const a: Actor | undefined = parseActorKey(c.owner);
  if (!a) return { text: c.owner };
  return { text: name(c.owner), mentions: [{ platform: a.platform, userId: a.userId }] };
}

function targetFields(locale: Locale, c: Campaign): Field[] {
  return [
    { label: tCampaign(locale, 'field.target_gmv'), value: money(locale, c.targetGmvFen) },
    {
      label: tCampaign(locale, 'field.target_roi'),
      value: formatRoi(c.targetRoi === null ? null : Number(c.targetRoi)),
    },
    ...(c.targetNewUsers !== null
      ? [{ label: tCampaign(locale, 'field.target_new_users'), value: formatCount(c.targetNewUsers, locale) }]
      : []),
  ];
}

/** The card everyone in the channel sees when a campaign is created. */
export function campaignChannelCard(locale: Locale, c: Campaign, name: NameOf = bareId): Card {
  const owner = ownerOf(c, name);
  return {
    title: tCampaign(locale, 'channel.title', { code: c.code, name: c.name }),
    text: `${CAMPAIGN_TYPE.label(c.type, locale)} · ${c.startDate} → ${c.endDate}`,
    tone: 'info',
    fields: [
      { label: tCampaign(locale, 'field.budget'), value: money(locale, c.budgetFen) },
      { label: tCampaign(locale, 'field.channels'), value: channelList(locale, c.channels) },
      { label: tCampaign(locale, 'field.owner'), value: owner.text },
      ...targetFields(locale, c),
    ],
    mentions: owner.mentions,
  };
}

/** The retro clock as one line: not started, due (time left), overdue, or filed. */
function retroClock(
  l: Locale,
  { tz, now }: Clock,
  c: Campaign,
  status: CampaignStatus,
  due: Date | null,
  workdays: number,
): string {
  if (status === 'reviewed' && c.retroAt)
    return tCampaign(l, 'clock.filed', { at: fmtTime(c.retroAt, tz, now) });
  if (status !== 'ended' || !due) return tCampaign(l, 'clock.not_started', { n: workdays });
  const left = due.getTime() - now.getTime();
  return left >= 0
    ? tCampaign(l, 'clock.due', { due: fmtTime(due, tz, now), left: fmtDuration(left, l) })
    : tCampaign(l, 'clock.overdue', { due: fmtTime(due, tz, now), late: fmtDuration(-left, l) });
}

/** `actual (target x, 110.0%)`, or just the actual when there is no target. */
function versus(locale: Locale, actual: string, target: string | null, pct: number | null): string {
  if (target === null) return actual;
  return tCampaign(locale, 'retro.vs', { actual, target, pct: formatPct(pct, locale) });
}

function resultFields(locale: Locale, c: Campaign): Field[] {
  const a = campaignAttainment(c);
  const roiOf = (v: string | null) => (v === null ? null : formatRoi(Number(v)));
  return [
    {
      label: tCampaign(locale, 'field.roi'),
      value: versus(locale, roiOf(c.retroRoi) ?? '—', roiOf(c.targetRoi), a.roi),
    },
    {
      label: tCampaign(locale, 'field.gmv'),
      value: versus(
        locale,
        money(locale, c.retroGmvFen),
        c.targetGmvFen === null ? null : money(locale, c.targetGmvFen),
        a.gmv,
      ),
    },
    ...(c.retroNewUsers !== null
      ? [
          {
            label: tCampaign(locale, 'field.new_users'),
            value: versus(
              locale,
              formatCount(c.retroNewUsers, locale),
              c.targetNewUsers === null ? null : formatCount(c.targetNewUsers, locale),
              a.newUsers,
            ),
          },
        ]
      : []),
  ];
}

/** The creator's confirmation: the channel card's figures, the status and the retro clock. */
export function campaignCreatedCard(
  locale: Locale,
  clock: Clock,
  c: Campaign,
  name: NameOf,
  retroWorkdays: number,
): Card {
  return {
    ...campaignChannelCard(locale, c, name),
    title: tCampaign(locale, 'created.title', { code: c.code }),
    text: `${c.name} · ${CAMPAIGN_STATUS.label(c.status, locale)} · ${c.startDate} → ${c.endDate}`,
    tone: 'success',
    mentions: undefined,
    context: [retroClock(locale, clock, c, c.status, c.retroDueAt, retroWorkdays)],
  };
}

/** One campaign in `/campaign list`: code, status, name (overdue retro marked), dates, budget, channels. */
export function campaignLine(locale: Locale, now: Date, c: Campaign): string {
  const overdue =
    c.status === 'ended' && c.retroDueAt && c.retroDueAt < now
      ? ` · ⚠️ ${tCommon(locale, 'time.overdue')}`
      : '';
  const name = c.name.length > 40 ? `${c.name.slice(0, 39)}…` : c.name;
  return (
    `${c.code} · ${CAMPAIGN_STATUS.label(c.status, locale)} · ${name}${overdue}\n` +
    `${c.startDate} → ${c.endDate} · ${money(locale, c.budgetFen)} · ${channelList(locale, c.channels)}`
  );
}

/** What `/campaign show` knows of a campaign: the row, its status now, what was spent and the retro deadline. */
export interface CampaignView {
  campaign: Campaign;
  status: CampaignStatus;
  spentFen: number;
  retroDueAt: Date | null;
}

/** `/campaign show CMP-n`: budget and spend, channels, owner, targets, results once reviewed, the retro clock. */
export function campaignCard(
  l: Locale,
  clock: Clock,
  v: CampaignView,
  name: NameOf,
  retroWorkdays: number,
): Card {
  const { campaign: c, status, spentFen, retroDueAt } = v;
  const { tz, now } = clock;
  const owner = ownerOf(c, name);
  const context = [retroClock(l, clock, c, status, retroDueAt, retroWorkdays)];
  // Ending by date stamps the next day's start; an earlier local day means `end` was used.
  if (c.endedAt && localDate(c.endedAt, tz) <= c.endDate) {
    context.unshift(tCampaign(l, 'ended_early', { at: fmtTime(c.endedAt, tz, now) }));
  }
  return {
    title: `${c.code} · ${c.name}`,
    text: `${CAMPAIGN_STATUS.label(status, l)} · ${CAMPAIGN_TYPE.label(c.type, l)} · ${c.startDate} → ${c.endDate}`,
    tone: status === 'ended' && retroDueAt && retroDueAt < now ? 'warning' : 'info',
    fields: [
      { label: tCampaign(l, 'field.budget'), value: money(l, c.budgetFen) },
      {
        label: tCampaign(l, 'field.spent'),
        value: tCampaign(l, 'field.spent_value', {
          spent: money(l, spentFen),
          pct: formatPct(ratio(spentFen, c.budgetFen), l),
        }),
      },
      { label: tCampaign(l, 'field.channels'), value: channelList(l, c.channels) },
      { label: tCampaign(l, 'field.owner'), value: owner.text },
    ],
    sections: [
      {
        heading: tCampaign(l, 'field.targets'),
        lines: targetFields(l, c).map((f) => `${f.label}: ${f.value}`),
      },
      ...(status === 'reviewed'
        ? [
            {
              heading: tCampaign(l, 'field.results'),
              lines: [
                ...resultFields(l, c).map((f) => `${f.label}: ${f.value}`),
                ...(c.retroNotes ? [`${tCampaign(l, 'field.notes')}: ${c.retroNotes}`] : []),
              ],
            },
          ]
        : []),
    ],
    context,
  };
}

/** `/campaign end CMP-n`: ended, and when the retrospective is due. */
export function campaignEndedCard(l: Locale, clock: Clock, c: Campaign, retroWorkdays: number): Card {
  return {
    title: tCampaign(l, 'ended.title', { code: c.code }),
    text: c.retroDueAt
      ? tCampaign(l, 'ended.due', {
          code: c.code,
          due: fmtTime(c.retroDueAt, clock.tz, clock.now),
          n: retroWorkdays,
        })
      : undefined,
    tone: 'success',
  };
}

/** `/campaign retro CMP-n …`: on time or how late, and the results against the targets. */
export function campaignRetroCard(l: Locale, c: Campaign, late: boolean): Card {
  const lateBy = c.retroAt && c.retroDueAt ? c.retroAt.getTime() - c.retroDueAt.getTime() : 0;
  return {
    title: tCampaign(l, 'retro.title', { code: c.code }),
    text: late ? tCampaign(l, 'retro.late', { late: fmtDuration(lateBy, l) }) : tCampaign(l, 'retro.ontime'),
    tone: late ? 'warning' : 'success',
    fields: resultFields(l, c),
  };
}
