import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { Vocabulary } from '../domain/vocabulary';
import type { Card, Field, Reply } from './card';
import type { HandlerContext, Subcommand } from './command';
import { type Locale, listOf, type Params } from './i18n';
import { tAbtest } from './messages/abtest';
import { tApprovals } from './messages/approvals';
import { tBudget } from './messages/budget';
import { tCadence } from './messages/cadence';
import { tCampaign } from './messages/campaign';
import { tCommon } from './messages/common';
import { tIncident } from './messages/incident';
import { tMetrics } from './messages/metrics';
import { tSettings } from './messages/settings';
import { tSurvey } from './messages/survey';
import { tTarget } from './messages/target';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * The catalogues that define `err.*` keys thrown as DomainErrors or given as zod custom messages, searched in
 * this order (common first). A new area with its own error keys adds its translator here.
 */
const ERROR_CATALOGUES = [
  tCommon,
  tApprovals,
  tSurvey,
  tCadence,
  tSettings,
  tAbtest,
  tIncident,
  tCampaign,
  tMetrics,
  tBudget,
  tTarget,
] as const;

function lookupMessage(locale: Locale, key: string, params?: Params): string {
  for (const t of ERROR_CATALOGUES) {
    if (Object.hasOwn(t.catalogue, key)) return t(locale, key as never, params);
  }
  return key;
}

/** Friendly text for a known domain error. */
export function toUserMessage(err: DomainError, locale: Locale): string {
  const params = { ...err.params };
  if (typeof params.entity === 'string' && `entity.${params.entity}` in tCommon.catalogue) {
    params.entity = lookupMessage(locale, `entity.${params.entity}`);
  }
  return lookupMessage(locale, err.messageKey, params);
}

/** An ephemeral error card that names the problem and shows the usage line. */
export function usageReply(
  locale: Locale,
  usage: string | undefined,
  problems: string[],
  opts: { example?: string; fieldErrors?: Record<string, string> } = {},
): Reply {
  const { example, fieldErrors } = opts;
  const card: Card = {
    title: tCommon(locale, 'err.title'),
    text: problems.join('\n'),
    tone: 'danger',
    context: [
      ...(usage ? [`${tCommon(locale, 'usage.title')}: ${usage}`] : []),
      ...(example ? [`${tCommon(locale, 'usage.example')}: ${example}`] : []),
    ],
  };
  return { visibility: 'ephemeral', card, fieldErrors };
}

/** What someone sees when a command failed unexpectedly: only the error id to quote (details are logged). */
export function internalErrorReply(locale: Locale, id: string): Reply {
  return {
    visibility: 'ephemeral',
    card: {
      title: tCommon(locale, 'err.title'),
      text: tCommon(locale, 'err.internal', { id }),
      tone: 'danger',
    },
  };
}

export interface Invalid {
  ok: false;
  problems: string[];
  fieldErrors?: Record<string, string>;
}

export type ParseResult<T> = { ok: true; data: T } | Invalid;

/** The usage reply for every failed parse among `results`, with per-field errors merged for forms. */
export function invalid(locale: Locale, usage: string, ...results: ({ ok: true } | Invalid)[]): Reply {
  const failed = results.filter((r): r is Invalid => !r.ok);
  return usageReply(
    locale,
    usage,
    failed.flatMap((r) => r.problems),
    { fieldErrors: Object.assign({}, ...failed.map((r) => r.fieldErrors ?? {})) },
  );
}

/** zod-parse `key=value` args and turn every issue into a sentence naming the argument. */
export function parseArgs<S extends z.ZodType>(
  schema: S,
  args: Record<string, string>,
  locale: Locale,
): ParseResult<z.infer<S>> {
  const r = schema.safeParse(args);
  if (r.success) return { ok: true, data: r.data };
  const problems: string[] = [];
  const fieldErrors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '');
    let msg: string;
    if (issue.code === 'unrecognized_keys') {
      msg = issue.keys.map((k) => tCommon(locale, 'err.unknown_arg', { key: k })).join('\n');
    } else if (key && args[key] === undefined) {
      msg = tCommon(locale, 'err.missing_arg', { key });
    } else if (issue.code === 'invalid_value') {
      msg = tCommon(locale, 'err.bad_enum', { key, options: issue.values.map(String).join(', ') });
    } else if (issue.code === 'too_big' && issue.origin === 'string') {
      msg = tCommon(locale, 'err.too_long', { key, max: Number(issue.maximum) });
    } else if (issue.code === 'too_small' && issue.origin === 'string') {
      msg = tCommon(locale, 'err.empty_value', { key });
    } else if (issue.code === 'custom' && issue.message.startsWith('err.')) {
      msg = lookupMessage(locale, issue.message, {
        key,
        ...((issue.params as Record<string, string>) ?? {}),
      });
    } else {
      msg = tCommon(locale, 'err.bad_value', { key, reason: issue.message });
    }
    if (!problems.includes(msg)) problems.push(msg);
    if (key && !(key in fieldErrors)) fieldErrors[key] = msg;
  }
  return { ok: false, problems, fieldErrors };
}

/**
 * A choice argument from a vocabulary: its code, its name in either language or an alias (`severity=高`,
 * `source=社群`, `type=新品`). An unknown value names the options with their Chinese names.
 */
export function choiceArg<T extends string>(vocab: Vocabulary<T>) {
  // Each code with its Chinese name, in both languages: the name is what is new to people who know the codes.
  const codes = (l: Locale) =>
    vocab.codes.map((v) => {
      const zh = vocab.label(v, 'zh-CN');
      if (zh.toLowerCase() === v) return v;
      return l === 'zh-CN' ? `${v}（${zh}）` : `${v} (${zh})`;
    });
  const options = (l: Locale) => listOf(l, codes(l));
  return z.string().transform((raw, c) => {
    const v = vocab.parse(raw);
    if (v !== undefined) return v;
    c.addIssue({
      code: 'custom',
      message: 'err.bad_choice',
      params: {
        value: raw.length > 40 ? `${raw.slice(0, 39)}…` : raw,
        options_zh: options('zh-CN'),
        options_en: options('en'),
      },
    });
    return z.NEVER;
  });
}

/** Validate an item code like `FB-12` (case-insensitive, full-width dash accepted). */
export function parseCode(
  rest: string[],
  prefix: string,
  locale: Locale,
): { ok: true; code: string } | Invalid {
  const example = `${prefix}-12`;
  const raw = rest[0];
  if (!raw) return { ok: false, problems: [tCommon(locale, 'err.missing_code', { example })] };
  const m = raw
    .replace(/[－—–]/g, '-')
    .toUpperCase()
    .match(new RegExp(`^${prefix}-?(\\d{1,9})$`));
  if (!m) return { ok: false, problems: [tCommon(locale, 'err.bad_code', { code: raw, example })] };
  return { ok: true, code: `${prefix}-${Number(m[1])}` };
}

/** A time as people in the team's zone read it: `11-27 09:00` (same year) or `2027-01-03 09:00`. */
export function fmtTime(d: Date, tz: string, now?: Date): string {
  const t = dayjs(d).tz(tz);
  const sameYear = now ? dayjs(now).tz(tz).year() === t.year() : true;
  return t.format(sameYear ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}

/** A deadline on a card: the due time, struck through once its clock has stopped. */
export function deadlineField(label: string, due: Date, tz: string, stopped: boolean): Field {
  return { label, value: fmtTime(due, tz), struck: stopped };
}

/** Who acted and when, and against a deadline whether it was met: `李娜 · 12-02 10:15 · ✓ 按时`. */
export function actedValue(locale: Locale, tz: string, name: string, at: Date, due?: Date | null): string {
  const base = tCommon(locale, 'acted.by_at', { name, at: fmtTime(at, tz) });
  if (!due) return base;
  const late = at.getTime() - due.getTime();
  return `${base} · ${late > 0 ? tCommon(locale, 'clock.missed', { late: fmtDuration(late, locale) }) : tCommon(locale, 'clock.met')}`;
}

/** `3h 20m` / `3小时20分` style duration. */
export function fmtDuration(ms: number, locale: Locale): string {
  const mins = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (locale === 'zh-CN') {
    return [d ? `${d}天` : '', h ? `${h}小时` : '', m || (!d && !h) ? `${m}分钟` : ''].join('');
  }
  return [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].filter(Boolean).join(' ');
}

/** Run a subcommand body, turning DomainErrors into usage replies; unknown errors propagate to the dispatcher. */
export async function withDomainErrors(
  ctx: HandlerContext,
  sub: Pick<Subcommand, 'usage'>,
  body: () => Promise<Reply>,
): Promise<Reply> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof DomainError) return usageReply(ctx.locale, sub.usage, [toUserMessage(e, ctx.locale)]);
    throw e;
  }
}

/** A list page number from `page=` (default 1). */
export function pageArg(v: string | undefined): number | undefined {
  if (v === undefined) return 1;
  return /^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : undefined;
}
