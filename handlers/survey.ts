import { z } from 'zod';
import { surveyLoggedCard } from '../src/chat/cards/survey';
import type { CommandSpec } from '../src/chat/command';
import { usageReply } from '../src/chat/handler-kit';
import { tSurvey } from '../src/chat/messages/survey';
import { localDate } from '../src/domain/dates';
import { logSurvey, validateSurvey } from '../src/domain/survey';
import { argsSubcommand, verbCtx } from './shared';

const USAGE = { log: '/survey log date= responses= score_sum=|average=' };
const EXAMPLE = '/survey log date=2026-11-30 responses=120 score_sum=552';

const LogArgs = z.strictObject({
  date: z.string(),
  responses: z.string(),
  score_sum: z.string().optional(),
  average: z.string().optional(),
});

const log = argsSubcommand({
  usage: USAGE.log,
  summary: tSurvey.catalogue['log.summary'],
  args: LogArgs,
  act: async (ctx, args) => {
    const l = ctx.locale;
    const check = validateSurvey(args, localDate(ctx.now, ctx.deps.config.tz));
    if (!check.ok) {
      const fieldErrors: Record<string, string> = {};
      const problems = check.issues.map((i) => {
        const msg = tSurvey(l, i.key, { key: i.field, ...i.params });
        fieldErrors[i.field] ??= msg;
        return msg;
      });
      return usageReply(l, USAGE.log, problems, { example: EXAMPLE, fieldErrors });
    }
    const res = await logSurvey(await verbCtx(ctx), check.row);
    return { visibility: 'ephemeral', card: surveyLoggedCard(l, res) };
  },
});

export const surveySpec: CommandSpec = {
  area: 'survey',
  defaultVerb: 'log',
  subcommands: { log },
};
