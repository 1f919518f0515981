import { distance } from 'fastest-levenshtein';
import type { FormSpec, Reply } from '../src/chat/card';
import type { Actor, CommandSpec, HandlerContext, Place } from '../src/chat/command';
import { internalErrorReply, usageReply } from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCommon } from '../src/chat/messages/common';
import { type CommandLine, cleanText, parseCommandLine, type TokenizeError } from '../src/chat/tokenizer';
import type { Deps } from '../src/deps';
import { newErrorId } from '../src/log';
import { commandDuration } from '../src/ops/metrics';
import { own } from '../src/util/narrow';
import { abtestSpec } from './abtest';
import { approvalAction } from './approval-actions';
import { budgetSpec } from './budget';
import { campaignSpec } from './campaign';
import { contentSpec } from './content';
import { feedbackSpec } from './feedback';
import { incidentSpec } from './incident';
import { kolSpec } from './kol';
import { metricsSpec } from './metrics';
import { mopsSpec } from './mops';
import { surveySpec } from './survey';
import { targetSpec } from './target';

const areaSpecs: CommandSpec[] = [
  campaignSpec,
  feedbackSpec,
  incidentSpec,
  budgetSpec,
  metricsSpec,
  contentSpec,
  kolSpec,
  surveySpec,
  abtestSpec,
  targetSpec,
];
export const commandSpecs: CommandSpec[] = [...areaSpecs, mopsSpec(areaSpecs)];

const byArea = new Map<string, CommandSpec>(commandSpecs.map((s) => [s.area, s]));

export interface Invocation {
  /** The whole command line, area first: `feedback new text=…` (a leading `/` is fine). */
  text: string;
  actor: Actor;
  place?: Place;
  locale?: Locale;
  /** Set when the platform can show a form (Slack modal, console); WeCom gets the usage instead. */
  formsSupported?: boolean;
}

/** Parse, route and run one command. Never throws: every outcome is a Reply. */
export async function dispatchCommand(deps: Deps, inv: Invocation): Promise<Reply> {
  const end = commandDuration.startTimer({ platform: inv.actor.platform });
  try {
    return await runCommand(deps, inv);
  } finally {
    end();
  }
}

/** A first word that names no area: the nearest area (and verb) as a suggestion, else `/mops help`. */
function unknownArea(locale: Locale, line: CommandLine): Reply {
  const guess = closest(line.area, [...byArea.keys()]);
  const g = guess ? byArea.get(guess) : undefined;
  if (!guess || !g) {
    return usageReply(locale, '/mops help', [
      tCommon(locale, 'err.unknown_command', { word: line.area || '∅' }),
    ]);
  }
  const v = line.verb ?? g.defaultVerb;
  const gv =
    v && Object.hasOwn(g.subcommands, v) ? v : v ? closest(v, Object.keys(g.subcommands)) : undefined;
  const suggestion = `/${guess}${gv && (line.verb || gv !== g.defaultVerb) ? ` ${gv}` : ''}`;
  const gsub = gv ? own(g.subcommands, gv) : undefined;
  return usageReply(locale, gsub ? gsub.usage : usagesOf(g), [
    tCommon(locale, 'err.did_you_mean', { word: line.area, suggestion }),
  ]);
}

/**
 * The verb to run and the words after it: the typed verb, the area's default, or for an area that takes a
 * positional word (`/metrics 2026-11-25`) that word with the positional verb. `metrics lgo` is a typo, not a date.
 */
function verbOf(spec: CommandSpec, line: CommandLine): { verb: string | undefined; rest: string[] } {
  const verb = line.area === 'help' ? 'help' : (line.verb ?? spec.defaultVerb);
  const known = verb !== undefined && Object.hasOwn(spec.subcommands, verb);
  const typo = verb && !known && !/^\d/.test(verb) ? closest(verb, Object.keys(spec.subcommands)) : undefined;
  if (verb && !known && spec.positionalVerb && !typo) {
    return { verb: spec.positionalVerb, rest: [verb, ...line.rest] };
  }
  return { verb, rest: line.rest };
}

/** A verb the area does not have: the nearest one as a suggestion, else every usage of the area. */
function unknownVerb(locale: Locale, spec: CommandSpec, verb: string): Reply {
  const guess = closest(verb, Object.keys(spec.subcommands));
  const guessed = guess ? own(spec.subcommands, guess) : undefined;
  if (guess && guessed) {
    return usageReply(locale, guessed.usage, [
      tCommon(locale, 'err.did_you_mean', {
        word: `${spec.area} ${verb}`,
        suggestion: `/${spec.area} ${guess}`,
      }),
    ]);
  }
  return usageReply(locale, usagesOf(spec), [
    tCommon(locale, 'err.unknown_subcommand', { area: spec.area, verb }),
  ]);
}

const tokenProblem = (locale: Locale, e: TokenizeError) =>
  e.kind === 'duplicate_key'
    ? tCommon(locale, 'err.duplicate_key', { key: e.key })
    : tCommon(locale, `err.${e.kind}`);

async function runCommand(deps: Deps, inv: Invocation): Promise<Reply> {
  const locale = inv.locale ?? deps.config.locale;
  try {
    const line = parseCommandLine(inv.text);
    const spec = byArea.get(line.area === 'help' ? 'mops' : line.area);
    if (!spec) return unknownArea(locale, line);
    const { verb, rest } = verbOf(spec, line);
    if (!verb) return usageReply(locale, usagesOf(spec), [tCommon(locale, 'err.missing_subcommand')]);
    const sub = own(spec.subcommands, verb);
    if (!sub) return unknownVerb(locale, spec, verb);
    // Knowing the command's keys, read again: an unknown `key=` inside free text stays text.
    // Positional words come before any key, so only the args and their errors change.
    const { args, errors } = sub.keys ? parseCommandLine(inv.text, { keys: new Set(sub.keys) }) : line;
    if (errors.length > 0)
      return usageReply(
        locale,
        sub.usage,
        errors.map((e) => tokenProblem(locale, e)),
      );
    if (sub.form && rest.length === 0 && Object.keys(args).length === 0) {
      const form = sub.form(locale);
      return { ...usageReply(locale, sub.usage, [form.title]), form };
    }
    const ctx: HandlerContext = { deps, actor: inv.actor, place: inv.place, locale, now: deps.clock.now() };
    return await sub.run(ctx, { rest, args });
  } catch (err) {
    return internalError(deps, locale, err, { command: inv.text.split(/\s/, 2).join(' '), actor: inv.actor });
  }
}

const usagesOf = (spec: CommandSpec) =>
  Object.values(spec.subcommands)
    .map((s) => s.usage)
    .join('\n');

/**
 * The option a mistyped word most likely meant (`feedbak` → feedback, `nwe` → new): the single nearest by
 * edit distance, at most 2 edits and fewer than the word's length, so short noise suggests nothing.
 */
export function closest(word: string, options: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const o of options) {
    const d = distance(w, o);
    if (d < bestD) [best, bestD, tie] = [o, d, false];
    else if (d === bestD) tie = true;
  }
  return best !== undefined && !tie && bestD <= 2 && bestD < w.length ? best : undefined;
}

/** Logs an unexpected error with an id and gives the user only that id. */
export function internalError(deps: Deps, locale: Locale, err: unknown, ctx: Record<string, unknown>): Reply {
  const id = newErrorId();
  deps.log.error('handler failed', { errorId: id, ...ctx, err });
  return internalErrorReply(locale, id);
}

export interface ActionInvocation {
  action: string;
  actor: Actor;
  place?: Place;
  locale?: Locale;
}

export interface ActionResult {
  reply: Reply;
  /** Replace the clicked message (paging, decided approval card) instead of posting a new one. */
  replaceOriginal: boolean;
}

/** Run a button click. `cmd:<line>` re-runs a command (list paging); other prefixes are area actions. */
export async function dispatchAction(deps: Deps, inv: ActionInvocation): Promise<ActionResult> {
  const locale = inv.locale ?? deps.config.locale;
  if (inv.action.startsWith('cmd:')) {
    const reply = await dispatchCommand(deps, {
      text: inv.action.slice(4),
      actor: inv.actor,
      place: inv.place,
      locale,
    });
    return { reply, replaceOriginal: true };
  }
  if (inv.action.startsWith('publish:')) {
    // "Mark published" on an approved content card: the card stays, the caller gets the result.
    const reply = await dispatchCommand(deps, {
      text: `content published ${inv.action.slice('publish:'.length)}`,
      actor: inv.actor,
      place: inv.place,
      locale,
    });
    return { reply, replaceOriginal: false };
  }
  if (inv.action.startsWith('approval:')) {
    try {
      return await approvalAction(deps, { ...inv, locale });
    } catch (err) {
      return {
        reply: internalError(deps, locale, err, { action: inv.action, actor: inv.actor }),
        replaceOriginal: false,
      };
    }
  }
  return {
    reply: usageReply(locale, undefined, [
      tCommon(locale, 'err.unknown_command', { word: inv.action.slice(0, 40) }),
    ]),
    replaceOriginal: false,
  };
}

export interface FormInvocation {
  /** The command the form completes, e.g. `feedback new`. */
  command: string;
  args: Record<string, string>;
  actor: Actor;
  place?: Place;
  locale?: Locale;
}

/** The form definition for a command (`feedback new`), so platforms can re-read submitted values. */
export function formFor(command: string, locale: Locale) {
  const [area = '', verb = ''] = command.split(' ');
  const spec = byArea.get(area);
  return spec ? own(spec.subcommands, verb)?.form?.(locale) : undefined;
}

/**
 * A form shows field labels, not argument names: "Argument `target_gmv` is not an amount" becomes
 * "Argument “Target GMV” is not an amount" in the field errors and the reply.
 */
function byFieldLabel(reply: Reply, form: FormSpec, locale: Locale): Reply {
  const [open, close] = locale === 'zh-CN' ? ['「', '」'] : ['“', '”'];
  // Chinese corner brackets carry their own spacing, so the spaces around a `key` go with it.
  const pad = locale === 'zh-CN' ? ' ?' : '';
  const named = (s: string) =>
    form.fields.reduce(
      (t, f) => t.replace(new RegExp(`${pad}\`${f.name}\`${pad}`, 'g'), `${open}${f.label}${close}`),
      s,
    );
  if (!reply.fieldErrors && reply.card.tone !== 'danger') return reply;
  return {
    ...reply,
    card: { ...reply.card, text: reply.card.text === undefined ? undefined : named(reply.card.text) },
    fieldErrors: reply.fieldErrors
      ? Object.fromEntries(Object.entries(reply.fieldErrors).map(([k, v]) => [k, named(v)]))
      : undefined,
  };
}

/** Run a submitted form through the same subcommand as the typed command. */
export async function dispatchForm(deps: Deps, inv: FormInvocation): Promise<Reply> {
  const locale = inv.locale ?? deps.config.locale;
  // Words after the verb are positional (`content reject APR-3` from an approval card's reason form).
  const [area = '', verb = '', ...rest] = inv.command.split(' ').filter(Boolean);
  const spec = byArea.get(area);
  const sub = spec && Object.hasOwn(spec.subcommands, verb) ? spec.subcommands[verb] : undefined;
  if (!sub?.form)
    return usageReply(locale, '/mops help', [tCommon(locale, 'err.unknown_command', { word: inv.command })]);
  try {
    const ctx: HandlerContext = { deps, actor: inv.actor, place: inv.place, locale, now: deps.clock.now() };
    const args = Object.fromEntries(Object.entries(inv.args).map(([k, v]) => [k, cleanText(v)]));
    return byFieldLabel(await sub.run(ctx, { rest, args }), sub.form(locale), locale);
  } catch (err) {
    return internalError(deps, locale, err, { form: inv.command, actor: inv.actor });
  }
}
