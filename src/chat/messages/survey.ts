import { defineMessages } from '../i18n';

export const tSurvey = defineMessages({
  'log.summary': {
    'zh-CN': '记录某天的满意度调查结果（1–5 分：回答数和总分，或平均分）',
    en: 'Log a day of satisfaction survey results (1–5: responses and score sum, or an average)',
  },
  'log.created': { 'zh-CN': '已记录 {date} 的满意度调查', en: 'Logged the satisfaction survey of {date}' },
  'log.updated': { 'zh-CN': '已更新 {date} 的满意度调查', en: 'Updated the satisfaction survey of {date}' },
  'log.unchanged': { 'zh-CN': '{date} 的满意度调查没有变化', en: 'No change to the survey of {date}' },
  'log.line': {
    'zh-CN': '{n} 份回答，总分 {sum} → 平均 {mean} 分（总分 ÷ 回答数）',
    en: '{n} {n|response|responses}, score sum {sum} → mean {mean} (sum ÷ responses)',
  },
  'log.before': {
    'zh-CN': '之前：{n} 份回答，总分 {sum}。修改已写入审计日志。',
    en: 'Before: {n} {n|response|responses}, score sum {sum}. The change is in the audit log.',
  },
  'log.note': {
    'zh-CN': '周报和月报按回答数加权：Σ总分 ÷ Σ回答数，不是每日平均分的平均。',
    en: 'Digests weight by responses: Σscore sum ÷ Σresponses, never a mean of daily means.',
  },
  'err.survey.bad_date': {
    'zh-CN': '`date` 不是日期：`{value}`（例如 2026-11-30）。',
    en: '`date` is not a date: `{value}` (e.g. 2026-11-30).',
  },
  'err.survey.future_date': {
    'zh-CN': '`date` {value} 还没到。',
    en: '`date` {value} is in the future.',
  },
  'err.survey.bad_responses': {
    'zh-CN': '`responses` 必须是大于 0 的整数，而不是 `{value}`。',
    en: '`responses` must be a whole number above 0, not `{value}`.',
  },
  'err.survey.bad_number': {
    'zh-CN': '`{key}` 必须是数字（最多两位小数），而不是 `{value}`。',
    en: '`{key}` must be a number (at most two decimals), not `{value}`.',
  },
  'err.survey.both': {
    'zh-CN': '`score_sum` 和 `average` 只能给一个。',
    en: 'Give `score_sum` or `average`, not both.',
  },
  'err.survey.neither': {
    'zh-CN': '缺少 `score_sum`（总分）或 `average`（平均分）。',
    en: 'Missing `score_sum` (the sum of scores) or `average`.',
  },
  'err.survey.sum_out_of_range': {
    'zh-CN': '`score_sum` {value} 超出 1–5 分的范围：{n} 份回答的总分应在 {min} 到 {max} 之间。',
    en: '`score_sum` {value} is outside the 1–5 scale: {n} {n|response sums|responses sum} to between {min} and {max}.',
  },
  'err.survey.average_out_of_range': {
    'zh-CN': '`average` {value} 超出 1–5 分的范围。',
    en: '`average` {value} is outside the 1–5 scale.',
  },
});
