import { z } from 'zod';
import type { Card } from '../src/chat/card';
import { actionText, complianceCard, reasonText, settingsCard } from '../src/chat/cards/settings';
import type { HandlerContext, Subcommand } from '../src/chat/command';
import { actorKey } from '../src/chat/command';
import { invalid, parseArgs, usageReply, withDomainErrors } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tApprovals } from '../src/chat/messages/approvals';
import { tSettings } from '../src/chat/messages/settings';
import { namesFor } from '../src/chat/names';
import { parseChannel } from '../src/domain/channels';
import { removeCompanyPhrase, setCompanyPhrase } from '../src/domain/compliance-list';
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
import { connectorsCard } from './connectors';

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

const complianceList = (l: Locale, s: Settings, title: string, text?: string) =>
  complianceCard(l, s, title, COMPLIANCE_USAGE, text);

/** `/mops settings compliance …`: anyone sees the list; admins allow, block and remove phrases. */
async function complianceCmd(ctx: HandlerContext, rest: string[], args: Record<string, string>) {
  const l = ctx.locale;
  const [verbWord, ...words] = rest;
  const listTitle = (s: Settings) => tSettings(l, 'compliance.title', { n: s.compliancePhrases.length });
  if (verbWord === undefined) {
    const p = parseArgs(NoArgs, args, l);
    if (!p.ok) return invalid(l, COMPLIANCE_USAGE, p);
    const s = await getSettings(ctx.deps.db, ctx.deps.config);
    return { visibility: 'ephemeral' as const, card: complianceList(l, s, listTitle(s)) };
  }
  const verb = own(COMPLIANCE_VERBS, verbWord.toLowerCase());
  if (!verb)
    return usageReply(l, COMPLIANCE_USAGE, [tSettings(l, 'err.compliance_verb', { verb: verbWord })]);
  // A phrase may hold spaces (TOP 1): the words after the verb are the phrase, quoted or not.
  const phrase = words.join(' ');
  const deps = { db: ctx.deps.db, now: ctx.now, actor: ctx.actor, config: ctx.deps.config };
  return withDomainErrors(ctx, { usage: COMPLIANCE_USAGE }, async () => {
    if (verb === 'remove') {
      const p = parseArgs(NoArgs, args, l);
      if (!p.ok) return invalid(l, COMPLIANCE_USAGE, p);
      const { removed, settings } = await removeCompanyPhrase(deps, phrase);
      const title = tSettings(l, 'compliance.removed', { phrase: removed.phrase });
      const was = tSettings(l, 'compliance.removed_was', {
        action: tSettings(l, `compliance.action.${removed.action}`),
        reason: reasonText(l, removed.reason),
      });
      return {
        visibility: 'ephemeral',
        card: { ...complianceList(l, settings, title, was), tone: 'success' },
      };
    }
    const p = parseArgs(ReasonArgs, args, l);
    if (!p.ok) return invalid(l, COMPLIANCE_USAGE, p);
    const r = await setCompanyPhrase(deps, { phrase, action: verb, reason: p.data.reason });
    const lines: string[] = [];
    if (verb === 'block') lines.push(tSettings(l, 'compliance.blocks'));
    else if (r.clears.length > 0) {
      const findings = r.clears
        .map(
          (f) =>
            `[${tApprovals(l, `severity.${f.severity}`)}] ${tApprovals(l, `rule.${f.rule}`)}「${f.original}」`,
        )
        .join('; ');
      lines.push(tSettings(l, 'compliance.clears', { findings }));
    } else lines.push(tSettings(l, 'compliance.clears_nothing', { phrase: r.entry.phrase }));
    if (r.previous) lines.push(tSettings(l, 'compliance.replaced', { action: actionText(l, r.previous) }));
    const title = tSettings(l, verb === 'allow' ? 'compliance.allowed' : 'compliance.blocked', {
      phrase: r.entry.phrase,
    });
    return {
      visibility: 'ephemeral',
      card: { ...complianceList(l, r.settings, title, lines.join('\n')), tone: 'success' },
    };
  });
}

const DayArgs = z.tuple([z.enum(['holiday', 'workday']), z.enum(['add', 'remove']), z.string()]);

/** `/mops settings`: show; admins change values and the working-day calendar. */
export const settingsCmd: Subcommand = {
  usage: SETTINGS_USAGE,
  summary: tSettings.catalogue.summary,
  run: (ctx, input) =>
    withDomainErrors(ctx, settingsCmd, async () => {
      const l = ctx.locale;
      const current = await getSettings(ctx.deps.db, ctx.deps.config);
      const [sub, ...rest] = input.rest;
      if (!sub && Object.keys(input.args).length === 0) {
        return { visibility: 'ephemeral', card: await show(ctx, current, tSettings(l, 'title')) };
      }
      const actor = { db: ctx.deps.db, now: ctx.now, actor: ctx.actor, config: ctx.deps.config };
      if (sub === 'holiday' || sub === 'workday') {
        const p = DayArgs.safeParse([sub, ...rest]);
        const date = p.success ? parseDateArg(p.data[2]) : null;
        if (!p.success || !date) {
          return usageReply(l, SETTINGS_USAGE, [tSettings(l, 'err.bad_date', { date: rest[1] ?? '' })]);
        }
        const key = sub === 'holiday' ? 'holidays' : 'workdays';
        const next = await changeSetting(actor, key, (days) => {
          const set = new Set(days);
          if (p.data[1] === 'add') set.add(date);
          else set.delete(date);
          return [...set].sort();
        });
        const title = tSettings(l, p.data[1] === 'add' ? 'day.added' : 'day.removed', {
          kind: tSettings(l, `kind.${sub}`),
          date,
        });
        return { visibility: 'ephemeral', card: await show(ctx, next, title) };
      }
      if (sub === 'compliance' || sub === '合规') return complianceCmd(ctx, rest, input.args);
      if (sub === 'connectors' && rest.length === 0) {
        return { visibility: 'ephemeral', card: await connectorsCard(ctx, current) };
      }
      if (sub === 'person') {
        // One person acting from Slack and WeCom: ownership, mentions and approver checks follow the link.
        const p = parseArgs(PersonArgs, input.args, l);
        if (!p.ok) return invalid(l, SETTINGS_USAGE, p);
        const slackId = p.data.slack?.replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1');
        const { person } = await linkIdentity(
          { db: ctx.deps.db, now: ctx.now, actor: actorKey(ctx.actor), settings: current },
          { name: p.data.name, slackId, wecomId: p.data.wecom },
        );
        return {
          visibility: 'ephemeral',
          card: {
            title: tSettings(l, 'person.linked', {
              name: person.name,
              slack: person.slackId ?? '—',
              wecom: person.wecomId ?? '—',
            }),
            tone: 'success',
          },
        };
      }
      if (sub !== undefined && sub !== 'set') {
        return usageReply(l, SETTINGS_USAGE, [
          tSettings(l, 'err.bad_key', { key: sub, keys: Object.keys(SETTABLE).join(', ') }),
        ]);
      }
      const entries = Object.entries(input.args);
      if (entries.length === 0) return usageReply(l, SETTINGS_USAGE, [tSettings(l, 'err.nothing')]);
      const problems: string[] = [];
      const parsed: [SettingKey, unknown][] = [];
      for (const [name, raw] of entries) {
        const def = Object.hasOwn(SETTABLE, name) ? SETTABLE[name] : undefined;
        if (!def) {
          problems.push(tSettings(l, 'err.bad_key', { key: name, keys: Object.keys(SETTABLE).join(', ') }));
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
      if (problems.length) return usageReply(l, SETTINGS_USAGE, problems);
      let next = current;
      for (const [key, value] of parsed) next = await updateSetting(actor, key, value);
      return { visibility: 'ephemeral', card: await show(ctx, next, tSettings(l, 'updated')) };
    }),
};
