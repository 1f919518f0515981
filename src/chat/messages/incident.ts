import { defineMessages } from '../i18n';

export const tIncident = defineMessages({
  'new.summary': {
    'zh-CN': '记录一起舆情（2 小时内公开回应）',
    en: 'Log a sentiment incident (public response within 2 h)',
  },
  'respond.summary': {
    'zh-CN': '记录公开声明/回应的发布时间，停止回应计时',
    en: 'Record when the public statement went out; stops the response clock',
  },
  'close.summary': {
    'zh-CN': '关闭舆情，开始 2 个工作日的处理报告时限',
    en: 'Close the incident; starts the 2-working-day report clock',
  },
  'report.summary': { 'zh-CN': '提交舆情处理报告', en: 'File the post-incident report (舆情处理报告)' },
  'list.summary': { 'zh-CN': '列出舆情', en: 'List sentiment incidents' },
  'created.title': { 'zh-CN': '已记录舆情 {code}', en: 'Incident {code} logged' },
  'created.due': {
    'zh-CN': '请在 {due} 前发布公开回应（{hours} 小时时限），然后 `/incident respond {code} note=…`。',
    en: 'Public response due by {due} ({hours} h window); then `/incident respond {code} note=…`.',
  },
  'channel.title': {
    'zh-CN': '舆情 {code} · {severity} · {platform}',
    en: 'Incident {code} · {severity} · {platform}',
  },
  'channel.title_status': {
    'zh-CN': '舆情 {code} · {severity} · {platform} · {status}',
    en: 'Incident {code} · {severity} · {platform} · {status}',
  },
  'field.status': { 'zh-CN': '状态', en: 'Status' },
  'field.responded': { 'zh-CN': '公开回应', en: 'Statement' },
  'field.closed': { 'zh-CN': '关闭', en: 'Closed' },
  'field.report_due': { 'zh-CN': '报告时限', en: 'Report due' },
  'field.reported': { 'zh-CN': '处理报告', en: 'Report filed' },
  'responded.title': { 'zh-CN': '已记录 {code} 的公开回应', en: 'Statement recorded for {code}' },
  'responded.ontime': { 'zh-CN': '在时限内回应。', en: 'Responded within the deadline.' },
  'responded.late': { 'zh-CN': '晚于时限 {late}。', en: 'Responded {late} after the deadline.' },
  'closed.title': { 'zh-CN': '已关闭 {code}', en: '{code} closed' },
  'closed.due': {
    'zh-CN': '请在 {due} 前提交舆情处理报告（{n} 个工作日）：`/incident report {code} text=…`',
    en: 'Post-incident report due by {due} ({n} working {n|day|days}): `/incident report {code} text=…`',
  },
  'closed.no_statement': {
    'zh-CN': '关闭时没有记录公开回应。',
    en: 'Closed without a recorded public statement.',
  },
  'reported.title': { 'zh-CN': '已提交 {code} 的舆情处理报告', en: 'Report filed for {code}' },
  'reported.ontime': { 'zh-CN': '按时提交。', en: 'Filed on time.' },
  'reported.late': { 'zh-CN': '晚于时限 {late}。', en: 'Filed {late} after the deadline.' },
  'list.title': { 'zh-CN': '舆情列表', en: 'Sentiment incidents' },
  'field.platform': { 'zh-CN': '平台', en: 'Platform' },
  'field.severity': { 'zh-CN': '级别', en: 'Severity' },
  'field.summary': { 'zh-CN': '概要', en: 'Summary' },
  'field.link': { 'zh-CN': '链接', en: 'Link' },
  'field.note': { 'zh-CN': '回应内容', en: 'Statement' },
  'field.text': { 'zh-CN': '报告内容', en: 'Report' },
  'field.due': { 'zh-CN': '回应时限', en: 'Response due' },
  'field.reporter': { 'zh-CN': '记录人', en: 'Logged by' },
  'hint.platform': {
    'zh-CN': '例如 weibo、douyin、xiaohongshu、wechat_channels、baidu、taobao、jd、pinduoduo、website',
    en: 'e.g. weibo, douyin, xiaohongshu, wechat_channels, baidu, taobao, jd, pinduoduo, website',
  },
  'form.title': { 'zh-CN': '记录舆情', en: 'Log an incident' },
  'form.submit': { 'zh-CN': '提交', en: 'Submit' },
  'clock.report_overdue': { 'zh-CN': '报告已超时', en: 'report overdue' },
  'err.incident_bad_link': {
    'zh-CN': '参数 `{key}` 必须是 http(s) 链接。',
    en: 'Argument `{key}` must be an http(s) link.',
  },
  'err.incident_closed': {
    'zh-CN': '{code} 已经关闭，不能再记录回应。',
    en: '{code} is already closed; a response can no longer be recorded.',
  },
  'err.incident_already_responded': {
    'zh-CN': '{code} 已经记录过公开回应；要关闭请用 `/incident close {code}`。',
    en: '{code} already has its public response; to close it use `/incident close {code}`.',
  },
  'err.incident_already_closed': { 'zh-CN': '{code} 已经关闭。', en: '{code} is already closed.' },
  'err.incident_report_before_close': {
    'zh-CN': '{code} 尚未关闭；请先 `/incident close {code}`，再提交处理报告。',
    en: '{code} is not closed yet; close it with `/incident close {code}` before filing the report.',
  },
  'err.incident_already_reported': {
    'zh-CN': '{code} 的处理报告已经提交过了。',
    en: 'The report for {code} is already filed.',
  },
});
