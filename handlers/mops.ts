import { z } from 'zod';
import type { Card } from '../src/chat/card';
import { dailyCard } from '../src/chat/cards/daily-digest';
import { previewCard } from '../src/chat/cards/digest-kit';
import { helpCard } from '../src/chat/cards/help';
import { meCard, meListCard } from '../src/chat/cards/home';
import { monthlyCard } from '../src/chat/cards/monthly-report';
import { weeklyCard } from '../src/chat/cards/weekly-digest';
import { actorKey, type CommandSpec, type Subcommand } from '../src/chat/command';
import { choiceArg, usageReply } from '../src/chat/handler-kit';
import { tCommon } from '../src/chat/messages/common';
import { tDigests } from '../src/chat/messages/digests';
import { tHome } from '../src/chat/messages/home';
import { tMops } from '../src/chat/messages/mops';
import { loadDailyFigures, loadMonthlyFigures, loadWeeklyFigures } from '../src/domain/digests';
import { HOME_LIST, HOME_LIST_LIMITS, homeFigures } from '../src/domain/home';
import { getSettings, type Settings } from '../src/domain/settings';
import { settingsCmd } from './settings';
import { argsSubcommand } from './shared';

/** `/mops help` over `specs`, every area the router knows (given by handlers/index.ts, which imports this file). */
const help = (specs: () => readonly CommandSpec[]): Subcommand => ({
  usage: '/mops help',
  summary: tMops.catalogue['help.summary'],
  run: async (ctx) => ({ visibility: 'ephemeral', card: helpCard(ctx.locale, ctx.actor.platform, specs()) }),
});

const DIGEST_USAGE = '/mops digest daily|weekly|monthly';

type PreviewCtx = Parameters<Subcommand['run']>[0];
type DigestPreview = (ctx: PreviewCtx, settings: Settings) => Promise<Card>;

// The loaders and cards the jobs use, at this moment, in the caller's language, without the chart.
const dailyPreview: DigestPreview = async (ctx, settings) =>
  dailyCard(await loadDailyFigures(ctx.deps, ctx.now, settings), ctx.locale);
const weeklyPreview: DigestPreview = async (ctx, settings) =>
  weeklyCard(await loadWeeklyFigures(ctx.deps, ctx.now, settings), ctx.locale);
const monthlyPreview: DigestPreview = async (ctx, settings) =>
  monthlyCard(await loadMonthlyFigures(ctx.deps, ctx.now, settings), ctx.locale);

/** The digest kinds by every word people type for them. */
const DIGEST_KINDS: Record<string, DigestPreview> = {
  daily: dailyPreview,
  日报: dailyPreview,
  weekly: weeklyPreview,
  周报: weeklyPreview,
  monthly: monthlyPreview,
  月报: monthlyPreview,
};

const digest: Subcommand = {
  usage: DIGEST_USAGE,
  summary: tDigests.catalogue['preview.summary'],
  run: async (ctx, input) => {
    const [word, ...extra] = input.rest;
    const problems = [
      ...Object.keys(input.args).map((key) => tCommon(ctx.locale, 'err.unknown_arg', { key })),
      ...(extra.length > 0
        ? [tCommon(ctx.locale, 'err.extra_words', { words: extra.join(' ').slice(0, 40) })]
        : []),
    ];
    const key = word?.toLowerCase() ?? '';
    // hasOwn: `constructor` or `toString` must not resolve to Object.prototype members.
    const build = Object.hasOwn(DIGEST_KINDS, key) ? DIGEST_KINDS[key] : undefined;
    if (word === undefined) problems.unshift(tDigests(ctx.locale, 'preview.missing'));
    else if (!build) problems.unshift(tDigests(ctx.locale, 'preview.bad_kind', { word: word.slice(0, 40) }));
    if (!build || problems.length > 0) return usageReply(ctx.locale, DIGEST_USAGE, problems);
    // No claim, no outbox row.
    const settings = await getSettings(ctx.deps.db, ctx.deps.config);
    return { visibility: 'ephemeral', card: previewCard(ctx.locale, await build(ctx, settings)) };
  },
};

/** `/mops me [list=sla|approvals|campaigns]`: the home view as one text card, or one of its sections in full. */
const me = argsSubcommand({
  usage: '/mops me [list=sla|approvals|campaigns]',
  summary: tHome.catalogue['me.summary'],
  args: z.strictObject({
    list: choiceArg(HOME_LIST).optional(),
  }),
  act: async (ctx, args) => {
    const settings = await getSettings(ctx.deps.db, ctx.deps.config);
    const tz = ctx.deps.config.tz;
    const actor = actorKey(ctx.actor);
    if (args.list) {
      const figures = await homeFigures(ctx.deps.db, settings, actor, ctx.now, tz, HOME_LIST_LIMITS);
      return { visibility: 'ephemeral', card: meListCard(ctx.locale, tz, ctx.now, figures, args.list) };
    }
    const figures = await homeFigures(ctx.deps.db, settings, actor, ctx.now, tz);
    return { visibility: 'ephemeral', card: meCard(ctx.locale, tz, ctx.now, figures) };
  },
});

/** The `/mops` area; its help lists `areas` and then `/mops` itself. */
export function mopsSpec(areas: readonly CommandSpec[]): CommandSpec {
  const spec: CommandSpec = {
    area: 'mops',
    defaultVerb: 'help',
    subcommands: { help: help(() => [...areas, spec]), digest, me, settings: settingsCmd },
  };
  return spec;
}
