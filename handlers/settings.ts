import { z } from 'zod';
import type { Card, Reply } from '../src/chat/card';
import { connectorsCard } from '../src/chat/cards/connectors';
import {
  complianceListCard,
  personLinkedCard,
  phraseRemovedCard,
  phraseSetCard,
  settingsCard,
} from '../src/chat/cards/settings';
import type { HandlerContext, Subcommand } from '../src/chat/command';
import { actorKey } from '../src/chat/command';
import { invalid, parseArgs, usageReply, withDomainErrors } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tSettings } from '../src/chat/messages/settings';
import { namesFor } from '../src/chat/names';
import { parseChannel } from '../src/domain/channels';
import { removeCompanyPhrase, setCompanyPhrase } from '../src/domain/compliance-list';
import { connectorsView } from '../src/domain/connectors';
import { parseDateArg } from '../src/domain/dates';
import { parseAmount } from '../src/domain/money';
import { deadMessageCount } from '../src/domain/outbox';
import { linkIdentity } from '../src/domain/persons';
import {
  changeSetting,
  getSettings,
  type SettingKey,
  type Settings,
  updateSetting,
} from '../src/domain/settings';
import { calendarFor } from '../src/domain/work-calendar';
import { own } from '../src/util/narrow';

export const COMPLIANCE_USAGE =
  '/mops settings compliance [allow|block <phrase> [reason=…] | remove <phrase>]';
export const SETTINGS_USAGE = `/mops settings [set key=value …] | /mops settings holiday|workday add|remove YYYY-MM-DD | /mops settings person name="…" slack=U… wecom=userid | ${COMPLIANCE_USAGE} | /mops settings connectors`;

const PersonArgs = z.strictObject({
  name: z.string().trim().min(1).max(80),
  slack: z.string().trim().min(1).optional(),
  wecom: z.string().trim().min(1).optional(),
});

const list = (v: string) =>
  v
    .split(/[,，\s]+/)
    .map((s) => s.replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1').replace(/^@/, ''))
    .filter(Boolean);
const channel = (v: string) => v.replace(/^<#([A-Z0-9]+)(\|[^>]*)?>$/, '$1');
/** Money as the command line takes it (500万, ¥50,000) → positive integer fen. */
const money = (v: string) => {
  const r = parseAmount(v);
  return r.ok && r.fen > 0 ? r.fen : undefined;
};
const positive = (v: string) => (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** `Group[/source]=channel; …` → the GA4 mapping override; undefined when a part or a channel is wrong. */
function parseGa4Map(v: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of v
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = part.lastIndexOf('=');
    const channel = i > 0 ? parseChannel(part.slice(i + 1).trim()) : undefined;
    if (!channel) return undefined;
    out[part.slice(0, i).trim()] = channel;
  }
  return Object.keys(out).length ? out : undefined;
}

/** `key=value` names people type, mapped to setting keys and value parsers. */
const SETTABLE: Record<string, { key: SettingKey; parse: (v: string) => unknown; example?: string }> = {
  digest_channel: { key: 'digestChannel', parse: channel },
  alerts_channel: { key: 'alertsChannel', parse: channel },
  approvals_channel: { key: 'approvalsChannel', parse: channel },
  product_channel: { key: 'productChannel', parse: channel },
  admins: { key: 'admins', parse: list },
  approvers: { key: 'approvers', parse: list },
  managers: { key: 'managers', parse: list },
  currency: { key: 'currency', parse: (v) => v.toUpperCase() },
  sla_feedback_hours: { key: 'slaFeedbackHours', parse: positive },
  sla_incident_hours: { key: 'slaIncidentResponseHours', parse: positive },
  sla_incident_report_workdays: { key: 'slaIncidentReportWorkdays', parse: positive },
  sla_retro_workdays: { key: 'slaRetroWorkdays', parse: positive },
  daily_at: { key: 'dailyAt', parse: (v) => (/^\d{1,2}:\d{2}$/.test(v) ? v : undefined), example: '09:00' },
  weekly_at: {
    key: 'weeklyAt',
    parse: (v) => (/^(MON|TUE|WED|THU|FRI|SAT|SUN)\s*\d{1,2}:\d{2}$/i.test(v) ? v.toUpperCase() : undefined),
    example: '"MON 09:30"',
  },
  monthly_at: {
    key: 'monthlyAt',
    parse: (v) => (/^\d{1,2}\s+\d{1,2}:\d{2}$/.test(v) ? v : undefined),
    example: '"1 10:00"',
  },
  monthly_gmv_target: { key: 'monthlyGmvTargetFen', parse: money, example: '500万' },
  metrics_prefer: {
    key: 'metricsPrefer',
    parse: (v) => (v === 'manual' || v === 'pulled' ? v : undefined),
    example: 'manual|pulled',
  },
  ga4_channel_map: {
    key: 'ga4ChannelMap',
    parse: parseGa4Map,
    example: '"Organic Search/bing=google; Email=wecom_community"',
  },
  kol_second_approver_fee: { key: 'kolSecondApproverFeeFen', parse: money, example: '5万' },
  anomaly_z: {
    key: 'anomalyZ',
    parse: (v) => (/^\d+(\.\d+)?$/.test(v) && Number(v) >= 2 && Number(v) <= 10 ? Number(v) : undefined),
    example: '3 (2–10)',
  },
};

/** The settings card with what it needs looked up: people's names, calendar coverage, undelivered messages. */
async function show(ctx: HandlerContext, s: Settings, title: string): Promise<Card> {
  const name = await namesFor(ctx.deps, [...s.admins, ...s.approvers, ...s.managers]);
  const cal = calendarFor(s, ctx.deps.log);
  const year = Number(new Date(ctx.now).toISOString().slice(0, 4));
  return settingsCard(ctx.locale, {
    settings: s,
    title,
    tz: ctx.deps.config.tz,
    name,
    calendar: [year, year + 1].map((y) => ({ year: y, coverage: cal.yearCoverage(y) })),
    dead: await deadMessageCount(ctx.deps.db),
    usage: SETTINGS_USAGE,
  });
}

/** Verbs of `/mops settings compliance`, with what WeCom users type in Chinese. */
const COMPLIANCE_VERBS: Record<string, 'allow' | 'block' | 'remove'> = {
  allow: 'allow',
  放行: 'allow',
  允许: 'allow',
  block: 'block',
  禁用: 'block',
  禁止: 'block',
  remove: 'remove',
  移除: 'remove',
  删除: 'remove',
};
const ReasonArgs = z.strictObject({ reason: z.string().optional() });
const NoArgs = z.strictObject({});

const reply = (card: Card): Reply => ({ visibility: 'ephemeral', card });

/** `/mops settings compliance allow|block|remove <phrase> …`: admins change the company's list. */
async function changePhrase(
  ctx: HandlerContext,
  verb: 'allow' | 'block' | 'remove',
  phrase: string,
  args: Record<string, string>,
): Promise<Reply> {
  const l = ctx.locale;
  const deps = { db: ctx.deps.db, now: ctx.now, actor: ctx.actor, config: ctx.deps.config };
  if (verb === 'remove') {
    const p = parseArgs(NoArgs, args, l);
    if (!p.ok) return invalid(l, COMPLIANCE_USAGE, p);
    const { removed, settings } = await removeCompanyPhrase(deps, phrase);
    return reply(phraseRemovedCard(l, removed, settings, COMPLIANCE_USAGE));
  }
  const p = parseArgs(ReasonArgs, args, l);
  if (!p.ok) return invalid(l, COMPLIANCE_USAGE, p);
  const r = await setCompanyPhrase(deps, { phrase, action: verb, reason: p.data.reason });
  return reply(phraseSetCard(l, r, COMPLIANCE_USAGE));
}

/** `/mops settings compliance …`: anyone sees the list; admins allow, block and remove phrases. */
async function complianceCmd(ctx: HandlerContext, rest: string[], args: Record<string, string>) {
  const l = ctx.locale;
  const [verbWord, ...words] = rest;
  if (verbWord === undefined) {
    const p = parseArgs(NoArgs, args, l);
    if (!p.ok) return invalid(l, COMPLIANCE_USAGE, p);
    const s = await getSettings(ctx.deps.db, ctx.deps.config);
    return reply(complianceListCard(l, s, COMPLIANCE_USAGE));
  }
  const verb = own(COMPLIANCE_VERBS, verbWord.toLowerCase());
  if (!verb)
    return usageReply(l, COMPLIANCE_USAGE, [tSettings(l, 'err.compliance_verb', { verb: verbWord })]);
  // A phrase may hold spaces (TOP 1): the words after the verb are the phrase, quoted or not.
  return withDomainErrors(ctx, { usage: COMPLIANCE_USAGE }, () =>
    changePhrase(ctx, verb, words.join(' '), args),
  );
}

const DayArgs = z.tuple([z.enum(['holiday', 'workday']), z.enum(['add', 'remove']), z.string()]);

/** `/mops settings holiday|workday add|remove YYYY-MM-DD`: the working-day calendar's own days. */
async function dayCmd(ctx: HandlerContext, words: string[]): Promise<Reply> {
  const l = ctx.locale;
  const p = DayArgs.safeParse(words);
  const date = p.success ? parseDateArg(p.data[2]) : null;
  if (!p.success || !date) {
    return usageReply(l, SETTINGS_USAGE, [tSettings(l, 'err.bad_date', { date: words[2] ?? '' })]);
  }
  const [kind, change] = p.data;
  const actor = { db: ctx.deps.db, now: ctx.now, actor: ctx.actor, config: ctx.deps.config };
  const next = await changeSetting(actor, kind === 'holiday' ? 'holidays' : 'workdays', (days) => {
    const set = new Set(days);
    if (change === 'add') set.add(date);
    else set.delete(date);
    return [...set].sort();
  });
  const title = tSettings(l, change === 'add' ? 'day.added' : 'day.removed', {
    kind: tSettings(l, `kind.${kind}`),
    date,
  });
  return reply(await show(ctx, next, title));
}

/** `/mops settings person name="…" slack=U… wecom=userid`: one person acting from Slack and WeCom. */
async function personCmd(
  ctx: HandlerContext,
  current: Settings,
  args: Record<string, string>,
): Promise<Reply> {
  // Ownership, mentions and approver checks follow the link.
  const p = parseArgs(PersonArgs, args, ctx.locale);
  if (!p.ok) return invalid(ctx.locale, SETTINGS_USAGE, p);
  const slackId = p.data.slack?.replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1');
  const { person } = await linkIdentity(
    { db: ctx.deps.db, now: ctx.now, actor: actorKey(ctx.actor), settings: current },
    { name: p.data.name, slackId, wecomId: p.data.wecom },
  );
  return reply(personLinkedCard(ctx.locale, person));
}

const badKey = (l: Locale, key: string) =>
  tSettings(l, 'err.bad_key', { key, keys: Object.keys(SETTABLE).join(', ') });

/** `key=value` pairs as setting keys and values, or a problem for each unknown key and bad value. */
function settableValues(l: Locale, args: Record<string, string>) {
  const problems: string[] = [];
  const parsed: [SettingKey, unknown][] = [];
  for (const [name, raw] of Object.entries(args)) {
    const def = Object.hasOwn(SETTABLE, name) ? SETTABLE[name] : undefined;
    if (!def) {
      problems.push(badKey(l, name));
      continue;
    }
    const v = def.parse(raw.trim());
    if (v === undefined) {
      problems.push(
        def.example
          ? tSettings(l, 'err.bad_time', { key: name, example: def.example })
          : tSettings(l, 'err.bad_number', { key: name }),
      );
    } else parsed.push([def.key, v]);
  }
  return { problems, parsed };
}

/** `/mops settings [set] key=value …`: admins change values, each audited. */
async function setValues(
  ctx: HandlerContext,
  current: Settings,
  args: Record<string, string>,
): Promise<Reply> {
  const l = ctx.locale;
  if (Object.keys(args).length === 0) return usageReply(l, SETTINGS_USAGE, [tSettings(l, 'err.nothing')]);
  const { problems, parsed } = settableValues(l, args);
  if (problems.length) return usageReply(l, SETTINGS_USAGE, problems);
  const actor = { db: ctx.deps.db, now: ctx.now, actor: ctx.actor, config: ctx.deps.config };
  let next = current;
  for (const [key, value] of parsed) next = await updateSetting(actor, key, value);
  return reply(await show(ctx, next, tSettings(l, 'updated')));
}

/** `/mops settings`: show; admins change values and the working-day calendar. */
export const settingsCmd: Subcommand = {
  usage: SETTINGS_USAGE,
  summary: tSettings.catalogue.summary,
  run: (ctx, input) =>
    withDomainErrors(ctx, settingsCmd, async () => {
      const l = ctx.locale;
      const current = await getSettings(ctx.deps.db, ctx.deps.config);
      const [sub, ...rest] = input.rest;
      if (!sub && Object.keys(input.args).length === 0)
        return reply(await show(ctx, current, tSettings(l, 'title')));
      if (sub === 'holiday' || sub === 'workday') return dayCmd(ctx, [sub, ...rest]);
      if (sub === 'compliance' || sub === '合规') return complianceCmd(ctx, rest, input.args);
      if (sub === 'connectors' && rest.length === 0) {
        return reply(connectorsCard(l, await connectorsView(ctx.deps, ctx.now, current)));
      }
      if (sub === 'person') return personCmd(ctx, current, input.args);
      if (sub !== undefined && sub !== 'set') return usageReply(l, SETTINGS_USAGE, [badKey(l, sub)]);
      return setValues(ctx, current, input.args);
    }),
};
