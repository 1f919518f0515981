import { defineMessages } from '../i18n';

/** How the digests and /metrics say that a figure is unusual for its channel (src/domain/baselines.ts). */
export const tAnomalies = defineMessages({
  heading: {
    'zh-CN': '⚠️ 值得关注（与本渠道自己的历史相比异常）',
    en: '⚠️ Worth a look (unusual for the channel’s own history)',
  },
  low: { 'zh-CN': '偏低', en: 'low' },
  high: { 'zh-CN': '偏高', en: 'high' },
  day: {
    'zh-CN': '{channel} {metric} {value}，过去 {n} 个{weekday}的中位数 {median}（异常{dir}，约 {z}σ）',
    en: '{channel} {metric} {value}, median of the last {n} {weekdays} {median} (unusually {dir}, about {z}σ)',
  },
  week: {
    'zh-CN': '{channel} {metric} {value}，过去 {n} 周的中位数 {median}（异常{dir}，约 {z}σ）',
    en: '{channel} {metric} {value}, median of the last {n} {n|week|weeks} {median} (unusually {dir}, about {z}σ)',
  },
  'fallback.day': {
    'zh-CN': '{channel} {metric} {value}，环比 {change}（历史不足 3 周，暂按环比超过 ±20% 判断）',
    en: '{channel} {metric} {value}, {change} d/d (less than 3 weeks of history, so judged on the day-over-day change, over ±20%)',
  },
  'fallback.week': {
    'zh-CN': '{channel} {metric} {value}，周环比 {change}（历史不足 4 周，暂按周环比超过 ±20% 判断）',
    en: '{channel} {metric} {value}, {change} w/w (less than 4 weeks of history, so judged on the week-over-week change, over ±20%)',
  },
  'legend.day': {
    'zh-CN':
      '⚠️ 表示与该渠道自己的历史相比异常：对比过去 8 周同一星期几的中位数，偏离约 {z}σ 及以上（σ 是稳健标准差：这 8 周每天与同星期几中位数之比的 MAD×1.4826，小渠道不低于订单等计数的泊松波动）；历史不足 3 周的数字按环比超过 ±20% 判断。',
    en: '⚠️ marks a figure unusual for its own channel: about {z}σ or more from the median of the same weekday over the last 8 weeks (σ is robust: 1.4826 × the MAD of each day’s ratio to its weekday’s median over those weeks, never below the Poisson noise of a small channel’s counts); with less than 3 weeks of history, a day-over-day change over ±20%.',
  },
  'legend.week': {
    'zh-CN':
      '⚠️ 表示与该渠道自己的历史相比异常：对比过去 8 周的中位数，偏离约 {z}σ 及以上（σ 是这几周与中位数之比的 MAD×1.4826，不低于计数的泊松波动）；历史不足 4 周的数字按周环比超过 ±20% 判断。',
    en: '⚠️ marks a figure unusual for its own channel: about {z}σ or more from the median of the last 8 weeks (σ: 1.4826 × the MAD of those weeks’ ratios to their median, never below the Poisson noise of the counts); with less than 4 weeks of history, a week-over-week change over ±20%.',
  },
  'weekdays.0': { 'zh-CN': '周日', en: 'Sundays' },
  'weekdays.1': { 'zh-CN': '周一', en: 'Mondays' },
  'weekdays.2': { 'zh-CN': '周二', en: 'Tuesdays' },
  'weekdays.3': { 'zh-CN': '周三', en: 'Wednesdays' },
  'weekdays.4': { 'zh-CN': '周四', en: 'Thursdays' },
  'weekdays.5': { 'zh-CN': '周五', en: 'Fridays' },
  'weekdays.6': { 'zh-CN': '周六', en: 'Saturdays' },
});
