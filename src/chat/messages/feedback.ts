import { defineMessages } from '../i18n';

export const tFeedback = defineMessages({
  'new.summary': {
    'zh-CN': '记录一条用户反馈（24 小时内首次响应）',
    en: 'Log user feedback (first response within 24 h)',
  },
  'ack.summary': { 'zh-CN': '首次响应反馈', en: 'Respond to feedback' },
  'resolve.summary': { 'zh-CN': '解决并关闭反馈', en: 'Resolve and close feedback' },
  'list.summary': { 'zh-CN': '列出反馈', en: 'List feedback' },
  'created.title': { 'zh-CN': '已记录反馈 {code}', en: 'Feedback {code} logged' },
  'created.due': {
    'zh-CN': '请在 {due} 前首次响应（24 小时时限）。',
    en: 'First response due by {due} (24 h window).',
  },
  'created.masked': {
    'zh-CN': '已隐去 {n} 处手机号或邮箱以保护个人信息。',
    en: '{n} {n|phone number or e-mail address was|phone numbers or e-mail addresses were} masked to protect personal data.',
  },
  'channel.title': { 'zh-CN': '新反馈 {code} · {severity}', en: 'New feedback {code} · {severity}' },
  'channel.title_status': {
    'zh-CN': '反馈 {code} · {severity} · {status}',
    en: 'Feedback {code} · {severity} · {status}',
  },
  'field.acked': { 'zh-CN': '首次响应', en: 'First response' },
  'field.resolved': { 'zh-CN': '解决', en: 'Resolved' },
  'field.ack_note': { 'zh-CN': '响应备注', en: 'Response note' },
  'field.resolve_note': { 'zh-CN': '解决说明', en: 'Resolution' },
  'acked.title': { 'zh-CN': '已响应 {code}', en: '{code} acknowledged' },
  'acked.late': { 'zh-CN': '晚于时限 {late}。', en: 'Responded {late} after the deadline.' },
  'acked.ontime': { 'zh-CN': '在时限内响应。', en: 'Responded within the deadline.' },
  'resolved.title': { 'zh-CN': '已解决 {code}', en: '{code} resolved' },
  'list.title': { 'zh-CN': '反馈列表', en: 'Feedback' },
  'field.source': { 'zh-CN': '来源', en: 'Source' },
  'field.category': { 'zh-CN': '类别', en: 'Category' },
  'field.severity': { 'zh-CN': '严重程度', en: 'Severity' },
  'field.text': { 'zh-CN': '内容', en: 'Text' },
  'field.status': { 'zh-CN': '状态', en: 'Status' },
  'field.due': { 'zh-CN': '响应时限', en: 'Response due' },
  'field.reporter': { 'zh-CN': '记录人', en: 'Logged by' },
  'field.note': { 'zh-CN': '备注', en: 'Note' },
  'form.title': { 'zh-CN': '记录用户反馈', en: 'Log user feedback' },
  'form.submit': { 'zh-CN': '提交', en: 'Submit' },
});
