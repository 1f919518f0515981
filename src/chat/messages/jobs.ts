import { defineMessages } from '../i18n';

export const tJobs = defineMessages({
  'dead.title': {
    'zh-CN': '📮 {n} 条消息无法投递',
    en: '📮 {n} {n|message|messages} could not be delivered',
  },
  'dead.text': {
    'zh-CN':
      '以下消息遇到了重试也无法解决的错误，已停止投递。修复原因后运行 npm run mops -- outbox retry 重新投递。',
    en: 'These messages hit an error that retrying cannot fix and were stopped. Fix the cause, then run npm run mops -- outbox retry to send them again.',
  },
  'dead.line': { 'zh-CN': '{dest} · {error} · {at}', en: '{dest} · {error} · {at}' },
  'dead.more': {
    'zh-CN': '……另有 {n} 条（npm run mops -- outbox dead）',
    en: '…and {n} more (npm run mops -- outbox dead)',
  },
  'dest.platform': { 'zh-CN': '{platform} {id}', en: '{platform} {id}' },
  'dest.wecom-robot': { 'zh-CN': '企业微信群机器人', en: 'WeCom group robot' },
  'kind.feedback': { 'zh-CN': '用户反馈首次响应', en: 'feedback first response' },
  'kind.incident_response': { 'zh-CN': '舆情公开回应', en: 'incident public response' },
  'kind.incident_report': { 'zh-CN': '舆情处理报告', en: 'post-incident report' },
  'kind.retro': { 'zh-CN': '活动复盘报告', en: 'campaign retrospective' },
  'remind.title': { 'zh-CN': '⏳ {code} 即将到期', en: '⏳ {code} is due soon' },
  'remind.text': {
    'zh-CN': '{kind}将于 {due} 到期（剩余 {left}）。',
    en: 'The {kind} is due at {due} ({left} left).',
  },
  'breach.title': { 'zh-CN': '🚨 {code} 已超时', en: '🚨 {code} is overdue' },
  'breach.text': {
    'zh-CN': '{kind}已于 {due} 到期，负责人：{owner}。',
    en: 'The {kind} was due at {due}. Owner: {owner}.',
  },
  'manager.title': { 'zh-CN': '🔺 {code} 严重超时，升级给主管', en: '🔺 {code} escalated to managers' },
  'manager.text': {
    'zh-CN': '{kind}已超时 {late}（截止 {due}），负责人：{owner}。',
    en: 'The {kind} is {late} overdue (due {due}). Owner: {owner}.',
  },
  'hint.feedback': {
    'zh-CN': '响应：/feedback ack {code} note=…',
    en: 'Respond: /feedback ack {code} note=…',
  },
  'hint.incident_response': {
    'zh-CN': '发布声明后：/incident respond {code} note=…',
    en: 'After the statement: /incident respond {code} note=…',
  },
  'hint.incident_report': {
    'zh-CN': '提交报告：/incident report {code} text=…',
    en: 'File it: /incident report {code} text=…',
  },
  'hint.retro': {
    'zh-CN': '提交复盘：/campaign retro {code} roi= gmv= notes=…',
    en: 'File it: /campaign retro {code} roi= gmv= notes=…',
  },
  late: { 'zh-CN': '⏰ 补发：原定 {at} 发送', en: '⏰ Posted late: scheduled for {at}' },
});

export const tBudgetAlerts = defineMessages({
  'warn.title': { 'zh-CN': '预算提醒：{cat} 已用 {rate}', en: 'Budget notice: {cat} at {rate}' },
  'over.title': { 'zh-CN': '预算已用完：{cat} 已用 {rate}', en: 'Budget used up: {cat} at {rate}' },
  'esc.title': {
    'zh-CN': '🚨 预算超支：{cat} 已用 {rate}（上限 105%）',
    en: '🚨 Budget overrun: {cat} at {rate} (cap 105%)',
  },
  'field.month': { 'zh-CN': '月份', en: 'Month' },
  'field.spend': { 'zh-CN': '已花费', en: 'Spent' },
  'field.plan': { 'zh-CN': '预算', en: 'Plan' },
  'field.overrun': { 'zh-CN': '超出预算', en: 'Over plan' },
  'field.left': { 'zh-CN': '剩余', en: 'Left' },
  'top.heading': { 'zh-CN': '最大的支出', en: 'Largest spend lines' },
  'esc.hint': {
    'zh-CN': '请暂停或削减投放，或调整预算：/budget set {month} {category}=…',
    en: 'Pause or cut spend, or raise the plan: /budget set {month} {category}=…',
  },
});
