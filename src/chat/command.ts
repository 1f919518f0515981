import type { Deps } from '../deps';
import { defineVocabulary } from '../domain/vocabulary';
import type { FormSpec, Reply } from './card';
import type { Locale } from './i18n';

/** The chat platforms mopsbot talks on, with the names people read. */
export const PLATFORM = defineVocabulary({
  slack: { 'zh-CN': 'Slack', en: 'Slack' },
  wecom: { 'zh-CN': '企业微信', en: 'WeCom', aliases: ['企業微信'] },
  console: { 'zh-CN': '本地控制台', en: 'Local console' },
});
export type PlatformName = (typeof PLATFORM.codes)[number];

/** Who acts. `key` (`slack:U123`) is what the database stores as actor/owner. */
export interface Actor {
  platform: PlatformName;
  userId: string;
  name?: string;
}

export const actorKey = (a: Pick<Actor, 'platform' | 'userId'>) => `${a.platform}:${a.userId}`;

export function parseActorKey(key: string): Actor | undefined {
  const i = key.indexOf(':');
  if (i <= 0) return undefined;
  const platform = key.slice(0, i);
  if (platform !== 'slack' && platform !== 'wecom' && platform !== 'console') return undefined;
  return { platform, userId: key.slice(i + 1) };
}

export interface Place {
  platform: PlatformName;
  /** The place as an address (spelled as in src/delivery/destinations.ts): Slack C…, a WeCom userid, `#marketing`. */
  channel: string;
}

/** Everything a handler needs: dependencies, the caller, where it came from and the moment. */
export interface HandlerContext {
  deps: Deps;
  actor: Actor;
  place?: Place;
  locale: Locale;
  now: Date;
}

export interface SubcommandInput {
  /** Positional words after the verb (e.g. `FB-3`). */
  rest: string[];
  args: Record<string, string>;
}

export interface Subcommand {
  /** The usage line, e.g. `/feedback ack FB-n [note=]`. Commands are the same in both languages. */
  usage: string;
  /** One-line description for help. */
  summary: { 'zh-CN': string; en: string };
  /**
   * The `key=` names it takes. When known, an unknown `key=` inside a free-text value stays text (a pasted
   * link's `?id=5&from=xhs`, or `ref=abc` in a sentence).
   */
  keys?: readonly string[];
  /** When present and the command has no arguments, the platform opens this form. */
  form?: (locale: Locale) => FormSpec;
  run(ctx: HandlerContext, input: SubcommandInput): Promise<Reply>;
}

/** The command areas (`/feedback` …), each named in `/mops help` (`area.<area>` in messages/mops.ts). */
export type Area =
  | 'feedback'
  | 'campaign'
  | 'incident'
  | 'budget'
  | 'metrics'
  | 'content'
  | 'kol'
  | 'survey'
  | 'abtest'
  | 'target'
  | 'mops';

export interface CommandSpec {
  area: Area;
  /** Verb used when none is typed (`/budget` → show). */
  defaultVerb?: string;
  subcommands: Record<string, Subcommand>;
  /** For `/budget 2026-11`: a first word that is not a verb goes to this verb as positional. */
  positionalVerb?: string;
}
