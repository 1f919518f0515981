/** `/content plan` and `/content published`: the publishing cadence (manual 2.3). */
import { z } from 'zod';
import { cadenceCard, planSetCard, publishedCard } from '../src/chat/cards/cadence';
import type { HandlerContext, Subcommand } from '../src/chat/command';
import { invalid, parseArgs, parseCode, withDomainErrors } from '../src/chat/handler-kit';
import { tCadence } from '../src/chat/messages/cadence';
import {
  cadenceProgress,
  logPublished,
  MAX_PER_DAY,
  MAX_PER_WEEK,
  setContentPlan,
} from '../src/domain/cadence';
import { localDate } from '../src/domain/dates';
import { calendarFor } from '../src/domain/work-calendar';
import { ChannelArg, CountIn, Person, YesNo } from './args';
import { verbCtx } from './shared';

export const CADENCE_USAGE = {
  plan: '/content plan [channel= per_week=|per_day= [workdays=yes] [owner=@user]]',
  published: '/content published channel= title= [link=] [APR-n]',
};

const planArgs = (ctx: HandlerContext) =>
  z
    .strictObject({
      channel: ChannelArg.optional(),
      per_week: CountIn(1, MAX_PER_WEEK).optional(),
      per_day: CountIn(1, MAX_PER_DAY).optional(),
      workdays: YesNo.optional(),
      owner: Person(ctx.actor.platform).optional(),
    })
    .superRefine((d, c) => {
      const setting =
        d.per_week !== undefined || d.per_day !== undefined || d.workdays !== undefined || d.owner;
      if (d.channel === undefined && !setting) return;
      if (d.channel === undefined)
        c.addIssue({ code: 'custom', path: ['channel'], message: 'err.missing_arg' });
      if ((d.per_week === undefined) === (d.per_day === undefined)) {
        c.addIssue({ code: 'custom', path: ['per_week'], message: 'err.cadence.one_of' });
      }
    });

export const planCmd: Subcommand = {
  usage: CADENCE_USAGE.plan,
  summary: tCadence.catalogue['plan.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, planCmd, async () => {
      const p = parseArgs(planArgs(ctx), input.args, ctx.locale);
      if (!p.ok) return invalid(ctx.locale, CADENCE_USAGE.plan, p);
      const vc = await verbCtx(ctx);
      const tz = ctx.deps.config.tz;
      const today = localDate(ctx.now, tz);
      const cal = calendarFor(vc.settings, ctx.deps.log);
      const working = (d: string) => cal.isWorkingDay(d);
      const l = ctx.locale;
      if (p.data.channel === undefined) {
        const rows = await cadenceProgress(ctx.deps.db, today, working);
        return { visibility: 'ephemeral', card: cadenceCard(l, today, rows) };
      }
      const plan = {
        channel: p.data.channel,
        perWeek: p.data.per_week,
        perDay: p.data.per_day,
        workdays: p.data.workdays ?? false,
        owner: p.data.owner ?? vc.actor,
      };
      const { before } = await setContentPlan(vc, plan);
      const view = { ...plan, perWeek: plan.perWeek ?? null, perDay: plan.perDay ?? null };
      return { visibility: 'ephemeral', card: planSetCard(l, view, before) };
    }),
};

const PublishedArgs = z.strictObject({
  channel: ChannelArg.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  link: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => /^https?:\/\/\S+$/i.test(v), 'err.bad_link')
    .optional(),
});

export const publishedCmd: Subcommand = {
  usage: CADENCE_USAGE.published,
  summary: tCadence.catalogue['published.summary'],
  run: (ctx, input) =>
    withDomainErrors(ctx, publishedCmd, async () => {
      const p = parseArgs(PublishedArgs, input.args, ctx.locale);
      const code = input.rest.length > 0 ? parseCode(input.rest, 'APR', ctx.locale) : undefined;
      if (!p.ok || (code && !code.ok))
        return invalid(ctx.locale, CADENCE_USAGE.published, p, ...(code ? [code] : []));
      if (!code && (!p.data.channel || !p.data.title)) {
        const missing = !p.data.channel ? 'channel' : 'title';
        return invalid(ctx.locale, CADENCE_USAGE.published, {
          ok: false,
          problems: [tCadence(ctx.locale, 'err.cadence.channel_title')],
          fieldErrors: { [missing]: tCadence(ctx.locale, 'err.cadence.channel_title') },
        });
      }
      const vc = await verbCtx(ctx);
      const tz = ctx.deps.config.tz;
      const post = await logPublished(vc, {
        channel: p.data.channel,
        title: p.data.title,
        link: p.data.link,
        approvalCode: code?.ok ? code.code : undefined,
        tz,
      });
      const cal = calendarFor(vc.settings, ctx.deps.log);
      const progress = (
        await cadenceProgress(ctx.deps.db, post.publishedOn, (d) => cal.isWorkingDay(d))
      ).find((r) => r.plan.channel === post.channel);
      return { visibility: 'ephemeral', card: publishedCard(ctx.locale, post, progress?.pace) };
    }),
};
