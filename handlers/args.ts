/**
 * The argument kit: how every command reads what people type for money, counts, ratios, dates, channels,
 * people, yes/no and free text. Each parser is a zod schema over the typed string, and each problem has one
 * key in the `err.arg.*` family (src/chat/messages/common.ts), where `{key}` is the argument's name (filled in
 * by parseArgs) and `{value}` what was typed, cut to 40 characters so a pasted essay does not flood the reply.
 * A command that needs something else builds it from these, not beside them.
 */
import { z } from 'zod';
import type { PlatformName } from '../src/chat/command';
import { choiceArg } from '../src/chat/handler-kit';
import { ROI_RE } from '../src/domain/campaigns';
import { CHANNEL, CHANNELS, parseChannels } from '../src/domain/channels';
import { checkDateArg } from '../src/domain/dates';
import { parseAmount, parseCount } from '../src/domain/money';
import { defineVocabulary } from '../src/domain/vocabulary';

/** A typed value as error messages show it: cut to 40 characters. */
export const echo = (v: string) => (v.length > 40 ? `${v.slice(0, 39)}…` : v);

/** Adds the `err.arg.*` problem for a typed value and returns zod's NEVER, for `return fail(…)`. */
function fail(
  c: z.RefinementCtx,
  message: string,
  value: string,
  params: Record<string, string | number> = {},
) {
  c.addIssue({ code: 'custom', message, params: { value: echo(value), ...params } });
  return z.NEVER;
}

/** Money as typed (50000, 50,000, 5万, ¥5000) → exact integer fen, zero or more. */
export const Amount = z.string().transform((v, c) => {
  const r = parseAmount(v);
  return r.ok ? r.fen : fail(c, `err.arg.amount.${r.reason}`, v);
});

/** Money that must be more than zero (a fee, a spend). */
export const PositiveAmount = z.string().transform((v, c) => {
  const r = parseAmount(v);
  if (!r.ok) return fail(c, `err.arg.amount.${r.reason}`, v);
  return r.fen > 0 ? r.fen : fail(c, 'err.arg.amount.not_positive', v);
});

/** A whole count of zero or more as typed: 5000, 5,000, 1.2万. */
export const Count = z.string().transform((v, c) => {
  const r = parseCount(v);
  return r.ok ? r.value : fail(c, 'err.arg.count', v);
});

/** A whole count from `min` to `max` (posts per week, per day). */
export const CountIn = (min: number, max: number) =>
  z.string().transform((v, c) => {
    const r = parseCount(v);
    return r.ok && r.value >= min && r.value <= max
      ? r.value
      : fail(c, 'err.arg.count_range', v, { min, max });
  });

/** A ratio such as ROI = GMV ÷ spend: `3`, `3.2` or `3.2:1` → the exact decimal string '3.2'. */
export const Ratio = z.string().transform((v, c) => {
  const s = v
    .normalize('NFKC')
    .trim()
    .replace(/\s*:\s*1$/, '');
  return ROI_RE.test(s) ? s : fail(c, 'err.arg.ratio', v);
});

/** A day as typed (2026-11-11, 2026/11/11, 11-11 in `defaultYear`) → 'YYYY-MM-DD'. */
export const DateArg = (defaultYear?: number) =>
  z.string().transform((v, c) => {
    const r = checkDateArg(v, defaultYear);
    return r.ok ? r.date : fail(c, `err.arg.date.${r.reason}`, v);
  });

/** One channel, by code or by name in either language (`douyin`, `抖音`, `小紅書`). */
export const ChannelArg = choiceArg(CHANNEL);

/** Several channels as typed (`douyin,weibo`, `抖音、小红书`) → at least one, deduplicated, in the order typed. */
export const Channels = z.string().transform((v, c) => {
  const { channels, unknown } = parseChannels(v);
  if (unknown.length > 0)
    return fail(c, 'err.arg.channels', unknown.join(', '), { options: CHANNELS.join(', ') });
  return channels.length > 0 ? channels : fail(c, 'err.arg.no_channels', v);
});

/**
 * A person as an actor key: a Slack mention `<@U123|name>` is `slack:U123` whoever types it; `@name` or a
 * bare id is taken on the caller's own platform.
 */
export function personKey(raw: string, platform: PlatformName): string | undefined {
  const s = raw.normalize('NFKC').trim();
  const mention = /^<@([UW][A-Z0-9]{2,30})(?:\|[^>]{0,80})?>$/.exec(s);
  if (mention) return `slack:${mention[1]}`;
  const id = s.startsWith('@') ? s.slice(1) : s;
  return /^[\p{L}\p{N}_.-]{1,64}$/u.test(id) ? `${platform}:${id}` : undefined;
}

/** `owner=@someone`: a person on the caller's platform, as an actor key. */
export const Person = (platform: PlatformName) =>
  z.string().transform((v, c) => personKey(v, platform) ?? fail(c, 'err.arg.person', v));

/** `confirm=yes` (是, 确认, y): the one answer a "do it anyway" argument takes. */
export const Confirm = choiceArg(
  defineVocabulary({ yes: { 'zh-CN': '是', en: 'yes', aliases: ['确认', 'y'] } }),
);

const YES = ['yes', 'y', 'true', '1', '是'];
const NO = ['no', 'n', 'false', '0', '否'];

/** yes/no, true/false, 是/否. */
export const YesNo = z.string().transform((v, c) => {
  const w = v.normalize('NFKC').trim().toLowerCase();
  if (YES.includes(w)) return true;
  if (NO.includes(w)) return false;
  return fail(c, 'err.arg.bool', v);
});

/** Trimmed free text of 1..max characters, without NUL characters (the domain's inputs use the same). */
export { FreeText } from '../src/domain/text';
