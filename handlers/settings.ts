import { z } from 'zod';
import { outboxByStatus } from '../db/queries/outbox';
import type { Card } from '../src/chat/card';
import type { HandlerContext, Subcommand } from '../src/chat/command';
import { actorKey } from '../src/chat/command';
import { invalid, parseArgs, usageReply, withDomainErrors } from '../src/chat/handler-kit';
import { ts } from '../src/chat/messages/settings';
import { parseDateArg } from '../src/domain/dates';
import { parseAmount } from '../src/domain/money';
import { linkIdentity } from '../src/domain/persons';
import { getSettings, type SettingKey, type Settings, updateSetting } from '../src/domain/settings';
import { calendarFor } from '../src/domain/work-calendar';

export const SETTINGS_USAGE =
  '/mops settings [set key=value …] | /mops settings holiday|workday add|remove YYYY-MM-DD | /mops settings person name="…" slack=U… wecom=userid';

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
const positive = (v: string) => (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

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
  monthly_gmv_target: {
    key: 'monthlyGmvTargetFen',
    parse: (v) => {
      const r = parseAmount(v);
      return r.ok && r.fen > 0 ? r.fen : undefined;
    },
  },
  kol_second_approver_fee: {
    key: 'kolSecondApproverFeeFen',
    parse: (v) => (positive(v) === undefined ? undefined : Math.round(Number(v) * 100)),
  },
};

async function show(ctx: HandlerContext, s: Settings, title: string): Promise<Card> {
  const l = ctx.locale;
  const unset = ts(l, 'unset');
  const show = (v: string | undefined) => v || unset;
  const ids = (v: string[]) => (v.length ? v.join(', ') : unset);
  const cal = calendarFor(s, ctx.deps.log);
  const year = Number(new Date(ctx.now).toISOString().slice(0, 4));
  const dead = await outboxByStatus(ctx.deps.db, 'dead', 100);
  return {
    title,
    sections: [
      {
        heading: ts(l, 'h.channels'),
        lines: [
          `digest_channel: ${show(s.digestChannel)}`,
          `alerts_channel: ${show(s.alertsChannel)}`,
          `approvals_channel: ${show(s.approvalsChannel)}`,
          `product_channel: ${show(s.productChannel)}`,
        ],
      },
      {
        heading: ts(l, 'h.roles'),
        lines: [`admins: ${ids(s.admins)}`, `approvers: ${ids(s.approvers)}`, `managers: ${ids(s.managers)}`],
      },
      {
        heading: ts(l, 'h.sla'),
        lines: [
          `sla_feedback_hours: ${s.slaFeedbackHours}`,
          `sla_incident_hours: ${s.slaIncidentResponseHours}`,
          `sla_incident_report_workdays: ${s.slaIncidentReportWorkdays}`,
          `sla_retro_workdays: ${s.slaRetroWorkdays}`,
          `kol_second_approver_fee: ${s.kolSecondApproverFeeFen / 100} ${s.currency}`,
          `monthly_gmv_target: ${s.monthlyGmvTargetFen === undefined ? unset : `${s.monthlyGmvTargetFen / 100} ${s.currency}`}`,
        ],
      },
      {
        heading: ts(l, 'h.schedule'),
        lines: [
          `daily_at: ${s.dailyAt}`,
          `weekly_at: ${s.weeklyAt}`,
          `monthly_at: ${s.monthlyAt}`,
          `TZ: ${ctx.deps.config.tz}`,
        ],
      },
      {
        heading: ts(l, 'h.calendar'),
        lines: [
          ...[year, year + 1].map((y) =>
            ts(l, 'cal.year', { year: y, coverage: ts(l, `cal.${cal.yearCoverage(y)}`) }),
          ),
          ts(l, 'cal.extra', { h: s.holidays.length, w: s.workdays.length }),
        ],
      },
      {
        heading: ts(l, 'h.outbox'),
        lines: [dead.length ? ts(l, 'outbox.dead', { n: dead.length }) : ts(l, 'outbox.ok')],
      },
    ],
    context: [SETTINGS_USAGE],
  };
}

const DayArgs = z.tuple([z.enum(['holiday', 'workday']), z.enum(['add', 'remove']), z.string()]);

/** `/mops settings`: show; admins change values and the working-day calendar. */
export const settingsCmd: Subcommand = {
  usage: SETTINGS_USAGE,
  summary: ts.catalogue.summary,
  run: (ctx, input) =>
    withDomainErrors(ctx, settingsCmd, async () => {
      const l = ctx.locale;
      const current = await getSettings(ctx.deps.db, ctx.deps.config);
      const [sub, ...rest] = input.rest;
      if (!sub && Object.keys(input.args).length === 0) {
        return { visibility: 'ephemeral', card: await show(ctx, current, ts(l, 'title')) };
      }
      const actor = { db: ctx.deps.db, now: ctx.now, actor: ctx.actor, config: ctx.deps.config };
      if (sub === 'holiday' || sub === 'workday') {
        const p = DayArgs.safeParse([sub, ...rest]);
        const date = p.success ? parseDateArg(p.data[2]) : null;
        if (!p.success || !date) {
          return usageReply(l, SETTINGS_USAGE, [ts(l, 'err.bad_date', { date: rest[1] ?? '' })]);
        }
        const key = sub === 'holiday' ? 'holidays' : 'workdays';
        const set = new Set(current[key]);
        if (p.data[1] === 'add') set.add(date);
        else set.delete(date);
        const next = await updateSetting(actor, key, [...set].sort());
        const title = ts(l, p.data[1] === 'add' ? 'day.added' : 'day.removed', {
          kind: ts(l, `kind.${sub}`),
          date,
        });
        return { visibility: 'ephemeral', card: await show(ctx, next, title) };
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
            title: ts(l, 'person.linked', {
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
          ts(l, 'err.bad_key', { key: sub, keys: Object.keys(SETTABLE).join(', ') }),
        ]);
      }
      const entries = Object.entries(input.args);
      if (entries.length === 0) return usageReply(l, SETTINGS_USAGE, [ts(l, 'err.nothing')]);
      const problems: string[] = [];
      const parsed: [SettingKey, unknown][] = [];
      for (const [name, raw] of entries) {
        const def = Object.hasOwn(SETTABLE, name) ? SETTABLE[name] : undefined;
        if (!def) {
          problems.push(ts(l, 'err.bad_key', { key: name, keys: Object.keys(SETTABLE).join(', ') }));
          continue;
        }
        const v = def.parse(raw.trim());
        if (v === undefined) {
          problems.push(
            def.example
              ? ts(l, 'err.bad_time', { key: name, example: def.example })
              : ts(l, 'err.bad_number', { key: name }),
          );
        } else parsed.push([def.key, v]);
      }
      if (problems.length) return usageReply(l, SETTINGS_USAGE, problems);
      let next = current;
      for (const [key, value] of parsed) next = await updateSetting(actor, key, value);
      return { visibility: 'ephemeral', card: await show(ctx, next, ts(l, 'updated')) };
    }),
};
