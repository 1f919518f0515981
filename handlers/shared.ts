import { z } from 'zod';
import type { Card, FormField, Reply } from '../src/chat/card';
import { encodeCard, type StoredCard } from '../src/chat/card-codec';
import { type ListPage, listCard } from '../src/chat/cards/list';
import type { HandlerContext, Subcommand } from '../src/chat/command';
import { actorKey } from '../src/chat/command';
import {
  choiceArg,
  invalid,
  pageArg,
  parseArgs,
  parseCode,
  usageReply,
  withDomainErrors,
} from '../src/chat/handler-kit';
import type { Locale } from '../src/chat/i18n';
import { tCommon } from '../src/chat/messages/common';
import type { VerbCtx } from '../src/domain/context';
import { getSettings } from '../src/domain/settings';
import type { Vocabulary } from '../src/domain/vocabulary';

/** Domain verb context for the caller. */
export async function verbCtx(ctx: HandlerContext): Promise<VerbCtx> {
  return {
    db: ctx.deps.db,
    now: ctx.now,
    actor: actorKey(ctx.actor),
    settings: await getSettings(ctx.deps.db, ctx.deps.config),
  };
}

/** The argument names of a strict object schema (`z.strictObject({...})`), for Subcommand.keys. */
export function schemaKeys(schema: z.ZodType): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

/** A money field of a form: a text box parsed like `amount=` on the command line (5万, ¥5000). */
export function amountField(
  locale: Locale,
  field: { name: string; label: string; required?: boolean; hint?: string },
): FormField {
  const hint = field.hint
    ? `${field.hint}; ${tCommon(locale, 'hint.amount')}`
    : tCommon(locale, 'hint.amount');
  return { ...field, kind: 'amount', placeholder: '5万', hint };
}

/** A count field of a form: a text box parsed like a count on the command line (12,000, 1.2万). */
export function countField(
  locale: Locale,
  field: { name: string; label: string; required?: boolean },
): FormField {
  return { ...field, kind: 'count', placeholder: '1.2万', hint: tCommon(locale, 'hint.count') };
}

/** Args for a subcommand that takes none: any `key=value` is an unknown argument. */
export const NoArgs = z.strictObject({});

/**
 * `<area> list [status=…] [page=n]`: one domain call for the page, shown with listCard; the "more"
 * button re-runs `command` with the same status.
 */
export function listSubcommand<S extends string, T>(opts: {
  usage: string;
  summary: Subcommand['summary'];
  /** The command that shows the list, e.g. `feedback list`. */
  command: string;
  /** The statuses; `status=` takes a code or a name (`status=待响应`). */
  statuses: Vocabulary<S>;
  load: (ctx: HandlerContext, query: { status: S | undefined; page: number }) => Promise<ListPage<T>>;
  /** The list's title; a status filter is named after it ("Feedback · Open"). */
  title: { 'zh-CN': string; en: string };
  line: (ctx: HandlerContext, row: T) => string;
}): Subcommand {
  const Args = z.strictObject({
    status: choiceArg(opts.statuses).optional(),
    page: z.string().optional(),
  });
  const sub: Subcommand = {
    usage: opts.usage,
    summary: opts.summary,
    keys: schemaKeys(Args),
    run: (ctx, input) =>
      withDomainErrors(ctx, sub, async () => {
        const p = parseArgs(Args, input.args, ctx.locale);
        if (!p.ok) return invalid(ctx.locale, opts.usage, p);
        const page = pageArg(p.data.page);
        if (page === undefined)
          return usageReply(ctx.locale, opts.usage, [tCommon(ctx.locale, 'err.bad_page')]);
        const status = p.data.status as S | undefined;
        const res = await opts.load(ctx, { status, page });
        const card = listCard(ctx.locale, {
          title: opts.title[ctx.locale],
          status: status && opts.statuses.label(status, ctx.locale),
          page: res,
          line: (row) => opts.line(ctx, row),
          nextCommand: `${opts.command}${status ? ` status=${status}` : ''}`,
        });
        return { visibility: 'ephemeral', card };
      }),
  };
  return sub;
}

/** A subcommand of `key=value` args only: bad ones get the usage reply, good ones go to `act`. */
export function argsSubcommand<S extends z.ZodType>(opts: {
  usage: string;
  summary: Subcommand['summary'];
  form?: Subcommand['form'];
  /** The strict args schema, or how to build it for the caller (when it depends on e.g. their year). */
  args: S | ((ctx: HandlerContext) => S);
  /** The argument names, when `args` is built per call (otherwise read from the schema). */
  keys?: readonly string[];
  act: (ctx: HandlerContext, args: z.infer<S>) => Promise<Reply>;
}): Subcommand {
  const sub: Subcommand = {
    usage: opts.usage,
    summary: opts.summary,
    form: opts.form,
    keys: opts.keys ?? (opts.args instanceof z.ZodType ? schemaKeys(opts.args) : undefined),
    run: (ctx, input) =>
      withDomainErrors(ctx, sub, async () => {
        const schema = opts.args instanceof z.ZodType ? opts.args : opts.args(ctx);
        const p = parseArgs(schema, input.args, ctx.locale);
        if (!p.ok) return invalid(ctx.locale, opts.usage, p);
        return opts.act(ctx, p.data);
      }),
  };
  return sub;
}

/**
 * `<verb> CODE key=value…`: the code (`prefix`-n) and the args are checked together, so one reply names
 * every problem; then `act` runs with the normalised code.
 */
export function codeSubcommand<S extends z.ZodType>(opts: {
  usage: string;
  summary: Subcommand['summary'];
  prefix: string;
  args: S;
  act: (ctx: HandlerContext, code: string, args: z.infer<S>) => Promise<Reply>;
}): Subcommand {
  const sub: Subcommand = {
    usage: opts.usage,
    summary: opts.summary,
    keys: schemaKeys(opts.args),
    run: (ctx, input) =>
      withDomainErrors(ctx, sub, async () => {
        const code = parseCode(input.rest, opts.prefix, ctx.locale);
        const p = parseArgs(opts.args, input.args, ctx.locale);
        if (!code.ok || !p.ok) return invalid(ctx.locale, opts.usage, code, p);
        return opts.act(ctx, code.code, p.data);
      }),
  };
  return sub;
}

/** The channel announcement for a created item: its card, posted where the command was typed (if anywhere). */
export function announceHere<T>(
  ctx: HandlerContext,
  card: (row: T) => Card,
): { platform: string; destination: string; card: (row: T) => StoredCard } | undefined {
  if (!ctx.place) return undefined;
  return {
    platform: ctx.place.platform,
    destination: ctx.place.channel,
    card: (row) => encodeCard(card(row)),
  };
}
