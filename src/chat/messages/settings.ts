import { defineMessages } from '../i18n';

export const ts = defineMessages({
  summary: {
    'zh-CN': '查看或修改设置（修改仅限管理员）',
    en: 'Show or change settings (changes: admins only)',
  },
  title: { 'zh-CN': '当前设置', en: 'Current settings' },
  updated: { 'zh-CN': '设置已更新', en: 'Settings updated' },
  unset: { 'zh-CN': '（未设置）', en: '(not set)' },
  'h.channels': { 'zh-CN': '频道', en: 'Channels' },
  'h.roles': { 'zh-CN': '角色', en: 'Roles' },
  'h.sla': { 'zh-CN': '时限', en: 'Deadlines' },
  'h.schedule': { 'zh-CN': '定时任务', en: 'Schedules' },
  'h.calendar': { 'zh-CN': '工作日历', en: 'Working-day calendar' },
  'h.outbox': { 'zh-CN': '投递', en: 'Delivery' },
  'cal.year': { 'zh-CN': '{year} 年：{coverage}', en: '{year}: {coverage}' },
  'cal.package': { 'zh-CN': '法定节假日数据（chinese-days）', en: 'public holiday data (chinese-days)' },
  'cal.admin': { 'zh-CN': '管理员录入的节假日', en: 'holidays entered by admins' },
  'cal.fallback': {
    'zh-CN': '⚠️ 无节假日数据，按周一至周五计算；请用 /mops settings holiday add YYYY-MM-DD 录入',
    en: '⚠️ no holiday data: Mon–Fri is used; add them with /mops settings holiday add YYYY-MM-DD',
  },
  'cal.extra': {
    'zh-CN': '自定义休息日 {h} 天，调休上班 {w} 天',
    en: '{h} extra day(s) off, {w} make-up workday(s)',
  },
  'outbox.dead': {
    'zh-CN': '{n} 条消息投递失败（npm run mops -- outbox 查看，outbox retry 重试）',
    en: '{n} message(s) could not be delivered (npm run mops -- outbox to see, outbox retry to retry)',
  },
  'outbox.ok': { 'zh-CN': '没有投递失败的消息', en: 'No undelivered messages' },
  'err.bad_key': {
    'zh-CN': '不认识的设置 `{key}`。可设置：{keys}',
    en: 'Unknown setting `{key}`. Settable: {keys}',
  },
  'err.nothing': {
    'zh-CN': '请给出要修改的设置，例如 alerts_channel=C123。',
    en: 'Name a setting to change, e.g. alerts_channel=C123.',
  },
  'err.bad_number': { 'zh-CN': '`{key}` 必须是正数。', en: '`{key}` must be a positive number.' },
  'err.bad_date': {
    'zh-CN': '`{date}` 不是有效日期（YYYY-MM-DD）。',
    en: '`{date}` is not a valid date (YYYY-MM-DD).',
  },
  'err.bad_time': {
    'zh-CN': '`{key}` 的格式不对，例如 {example}。',
    en: '`{key}` has the wrong format, e.g. {example}.',
  },
  'person.linked': {
    'zh-CN': '已关联 {name}：Slack {slack} · 企业微信 {wecom}',
    en: 'Linked {name}: Slack {slack} · WeCom {wecom}',
  },
  'day.added': { 'zh-CN': '已添加 {kind} {date}', en: 'Added {kind} {date}' },
  'day.removed': { 'zh-CN': '已移除 {kind} {date}', en: 'Removed {kind} {date}' },
  'kind.holiday': { 'zh-CN': '休息日', en: 'day off' },
  'kind.workday': { 'zh-CN': '调休上班日', en: 'make-up workday' },
});
