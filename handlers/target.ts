/** `/target set PERIOD gmv= new_users= [uv_growth=] [roi=]` and `/target [PERIOD]`. */

import { z } from 'zod';
import { setTargetsCard, targetMonthCard, targetPeriodCard } from '../src/chat/cards/target';
import type { CommandSpec, HandlerContext, Subcommand } from '../src/chat/command';
import { type Invalid, invalid, parseArgs, withDomainErrors } from '../src/chat/handler-kit';
import { tCommon } from '../src/chat/messages/common';
import { tTarget } from '../src/chat/messages/target';
import { addDays, localDate } from '../src/domain/dates';
import {
  monthStandings,
  type Period,
  parsePeriod,
  parseTargetValue,
  setTargets,
  type TargetMetric,
} from '../src/domain/targets';
import { must } from '../src/util/narrow';
import { schemaKeys, verbCtx } from './shared';

const USAGE = {
  set: '/target set 2027|2027-Q1|2027-03 gmv= new_users= [uv_growth=20%] [roi=3] [split=auto|last_year|equal] [overrides=keep|reset]',
  show: '/target [2027|2027-Q1|2027-03]',
};

const cut = (v: string) => (v.length > 40 ? `${v.slice(0, 39)}…` : v);

/** A target as typed for `metric`, stored as an integer; a bad one names the argument and the format. */
const Value = (metric: TargetMetric) =>
  z.string().transform((v, c) => {
    const r = parseTargetValue(metric, v);
    if (r.ok) return r.value;
    c.addIssue({
      code: 'custom',
      message: `err.target.value.${r.reason}`,
      params: {
        value: cut(v),
        hint_zh: tTarget('zh-CN', `hint.${metric}`),
        hint_en: tTarget('en', `hint.${metric}`),
      },
    });
    return z.NEVER;
  });

const SetArgs = z.strictObject({
  gmv: Value('gmv').optional(),
  new_users: Value('new_users').optional(),
  uv_growth: Value('uv_growth').optional(),
  roi: Value('roi').optional(),
  split: z.enum(['auto', 'last_year', 'equal']).optional(),
  overrides: z.enum(['keep', 'reset']).optional(),
});

const today = (ctx: HandlerContext) => localDate(ctx.now, ctx.deps.config.tz);

/** The period word(s) of a command: exactly one, valid; `missing` says what a missing one means. */
function periodArg(
  ctx: HandlerContext,
  rest: string[],
  badKey: 'bad_period' | 'show_period',
): Invalid | { ok: true; period: Period | undefined } {
  const l = ctx.locale;
  if (rest.length > 1) {
    return { ok: false, problems: [tCommon(l, 'err.extra_words', { words: cut(rest.slice(1).join(' ')) })] };
  }
  const [word] = rest;
  if (word === undefined) return { ok: true, period: undefined };
  const period = parsePeriod(word, Number(today(ctx).slice(0, 4)));
  if (period) return { ok: true, period };
  const msg = tTarget(l, `err.target.${badKey}`, { value: cut(word) });
  return { ok: false, problems: [msg], fieldErrors: { period: msg } };
}

const setCmd: Subcommand = {
  usage: USAGE.set,
  summary: tTarget.catalogue['set.summary'],
  keys: schemaKeys(SetArgs),
  run: (ctx, input) =>
    withDomainErrors(ctx, setCmd, async () => {
      const l = ctx.locale;
      const p = parseArgs(SetArgs, input.args, l);
      const arg = periodArg(ctx, input.rest, 'bad_period');
      const missing = tTarget(l, 'err.target.missing_period');
      const period: Invalid | { ok: true; period: Period } = !arg.ok
        ? arg
        : arg.period
          ? { ok: true, period: arg.period }
          : { ok: false, problems: [missing], fieldErrors: { period: missing } };
      const values = p.ok
        ? { gmv: p.data.gmv, new_users: p.data.new_users, uv_growth: p.data.uv_growth, roi: p.data.roi }
        : {};
      const none = p.ok && Object.values(values).every((v) => v === undefined);
      const noValues: Invalid | { ok: true } = none
        ? { ok: false, problems: [tTarget(l, 'err.target.no_values')] }
        : { ok: true };
      if (!p.ok || !period.ok || !noValues.ok) return invalid(l, USAGE.set, period, p, noValues);
      const res = await setTargets(await verbCtx(ctx), {
        period: period.period,
        values,
        split: p.data.split,
        resetOverrides: p.data.overrides === 'reset',
        today: today(ctx),
      });
      return { visibility: 'ephemeral', card: setTargetsCard(l, res) };
    }),
};

const showCmd: Subcommand = {
  usage: USAGE.show,
  summary: tTarget.catalogue['show.summary'],
  keys: [],
  run: (ctx, input) =>
    withDomainErrors(ctx, showCmd, async () => {
      const l = ctx.locale;
      const period = periodArg(ctx, input.rest, 'show_period');
      const p = parseArgs(z.strictObject({}), input.args, l);
      if (!period.ok || !p.ok) return invalid(l, USAGE.show, period, p);
      const day = today(ctx);
      // Figures through the last full day, as in the daily digest.
      const asOf = addDays(day, -1);
      const months = period.period?.months ?? [day.slice(0, 7)];
      const standings = await monthStandings(ctx.deps.db, months, asOf);
      const card =
        period.period && period.period.kind !== 'month'
          ? targetPeriodCard(l, period.period, standings, asOf)
          : targetMonthCard(l, must(standings[0], 'a standing for each month asked'), asOf);
      return { visibility: 'ephemeral', card };
    }),
};

export const targetSpec: CommandSpec = {
  area: 'target',
  defaultVerb: 'show',
  positionalVerb: 'show',
  subcommands: { set: setCmd, show: showCmd },
};
