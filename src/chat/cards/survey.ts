/** `/survey log`: the day's responses, score sum and mean, and what they replaced. */
import type { SurveyLogResult } from '../../domain/survey';
import type { Card } from '../card';
import type { Locale } from '../i18n';
import { tSurvey } from '../messages/survey';

const fmt2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

export function surveyLoggedCard(l: Locale, res: SurveyLogResult): Card {
  const lines = [
    tSurvey(l, 'log.line', {
      n: res.responses,
      sum: fmt2(res.scoreSum),
      mean: res.mean === null ? '—' : fmt2(res.mean),
    }),
  ];
  if (res.outcome === 'updated' && res.before) {
    lines.push(tSurvey(l, 'log.before', { n: res.before.responses, sum: fmt2(res.before.scoreSum) }));
  }
  return {
    title: tSurvey(l, `log.${res.outcome}`, { date: res.date }),
    text: lines.join('\n'),
    tone: res.outcome === 'unchanged' ? 'info' : 'success',
    context: [tSurvey(l, 'log.note')],
  };
}
