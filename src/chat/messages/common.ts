import { defineMessages } from '../i18n';

/** Strings shared by every area: errors, usage, paging, statuses. */
export const tCommon = defineMessages({
  'usage.title': { 'zh-CN': '用法', en: 'Usage' },
  'clock.met': { 'zh-CN': '✓ 按时', en: '✓ on time' },
  'clock.missed': { 'zh-CN': '⚠️ 超时 {late}', en: '⚠️ {late} late' },
  'acted.by_at': { 'zh-CN': '{name} · {at}', en: '{name} · {at}' },
  'usage.example': { 'zh-CN': '示例', en: 'Example' },
  'err.title': { 'zh-CN': '无法执行', en: 'Could not do that' },
  'err.unknown_command': {
    'zh-CN': '未知命令 `{word}`。输入 `/mops help` 查看全部命令。',
    en: 'Unknown command `{word}`. Type `/mops help` for all commands.',
  },
  'err.did_you_mean': {
    'zh-CN': '没有 `{word}` 这个命令。你是不是想输入 `{suggestion}`？',
    en: 'There is no `{word}` command. Did you mean `{suggestion}`?',
  },
  'err.unknown_subcommand': {
    'zh-CN': '`{area}` 没有子命令 `{verb}`。',
    en: '`{area}` has no subcommand `{verb}`.',
  },
  'err.missing_subcommand': { 'zh-CN': '请指定子命令。', en: 'Please name a subcommand.' },
  'err.unclosed_quote': { 'zh-CN': '引号没有闭合。', en: 'A quote is not closed.' },
  'err.empty_key': { 'zh-CN': '`=` 前缺少参数名。', en: 'An argument name is missing before `=`.' },
  'err.duplicate_key': {
    'zh-CN': '参数 `{key}` 出现了两次。如果其中一个是文字的一部分，请给整段文字加引号：text="…"。',
    en: 'Argument `{key}` is given twice. If one is part of a text, put the whole text in quotes: text="…".',
  },
  'err.missing_arg': { 'zh-CN': '缺少参数 `{key}`。', en: 'Missing argument `{key}`.' },
  'err.unknown_arg': {
    'zh-CN': '不认识的参数 `{key}`。如果它是文字的一部分（例如链接），请给整段文字加引号：text="…"。',
    en: 'Unknown argument `{key}`. If it is part of a text (a link, say), put the whole text in quotes: text="…".',
  },
  'hint.amount': {
    'zh-CN': '元；可写 50000、50,000、5万 或 ¥5000',
    en: 'In yuan; type 50000, 50,000, 5万 or ¥5000',
  },
  'hint.count': {
    'zh-CN': '整数；可写 12000、12,000 或 1.2万',
    en: 'A whole number; type 12000, 12,000 or 1.2万',
  },
  'err.bad_choice': {
    'zh-CN': '参数 `{key}` 不认识 `{value}`，可选：{options_zh}（代码或中文都可以）。',
    en: 'Argument `{key}` must be one of: {options_en} (code or name); not `{value}`.',
  },
  'err.bad_enum': {
    'zh-CN': '参数 `{key}` 必须是以下之一：{options}。',
    en: 'Argument `{key}` must be one of: {options}.',
  },
  'err.bad_value': {
    'zh-CN': '参数 `{key}` 的值无效：{reason}',
    en: 'Argument `{key}` is invalid: {reason}',
  },
  'err.too_long': {
    'zh-CN': '参数 `{key}` 太长（最多 {max} 个字符）。',
    en: 'Argument `{key}` is too long (at most {max} characters).',
  },
  'err.empty_value': { 'zh-CN': '参数 `{key}` 不能为空。', en: 'Argument `{key}` must not be empty.' },
  'err.missing_code': {
    'zh-CN': '请给出编号，例如 `{example}`。',
    en: 'Please give the code, e.g. `{example}`.',
  },
  'err.bad_code': {
    'zh-CN': '`{code}` 不是有效的编号，应为 `{example}` 这样的格式。',
    en: '`{code}` is not a valid code; it looks like `{example}`.',
  },
  'err.not_found': { 'zh-CN': '找不到 {entity} `{code}`。', en: 'No {entity} `{code}` exists.' },
  'err.admins_only': {
    'zh-CN': '只有管理员可以修改设置。',
    en: 'Only admins can change settings.',
  },
  'err.bad_setting': { 'zh-CN': '设置 `{key}` 的值无效。', en: 'The value for setting `{key}` is invalid.' },
  'err.internal': {
    'zh-CN': '出了点问题，已记录。请把错误编号 {id} 告诉管理员。',
    en: 'Something went wrong and it has been logged. Give the admin error id {id}.',
  },
  'err.extra_words': {
    'zh-CN': '多余的内容 `{words}`：含空格的值请加引号，例如 text="…"。',
    en: 'Unexpected `{words}`: quote values with spaces, e.g. text="…".',
  },
  'err.feedback_already_resolved': {
    'zh-CN': '{code} 已经解决，不能再更改。',
    en: '{code} is already resolved and cannot change.',
  },
  'err.feedback_already_acked': {
    'zh-CN': '{code} 已经响应过了；要关闭请用 `/feedback resolve {code} note=…`。',
    en: '{code} was already acknowledged; to close it use `/feedback resolve {code} note=…`.',
  },
  'err.identity_taken': {
    'zh-CN': '`{id}` 已经关联到 {name}，请先解除。',
    en: '`{id}` is already linked to {name}; unlink it first.',
  },
  'err.bad_page': { 'zh-CN': '页码必须是正整数。', en: 'The page must be a positive whole number.' },
  'page.more': { 'zh-CN': '更多', en: 'More' },
  'page.of': { 'zh-CN': '第 {page}/{pages} 页 · 共 {total} 条', en: 'Page {page}/{pages} · {total} total' },
  'list.empty': { 'zh-CN': '没有符合条件的记录。', en: 'Nothing matches.' },
  'entity.feedback': { 'zh-CN': '反馈', en: 'feedback' },
  'entity.campaign': { 'zh-CN': '活动', en: 'campaign' },
  'entity.incident': { 'zh-CN': '舆情', en: 'incident' },
  'entity.approval': { 'zh-CN': '审批', en: 'approval' },
  'entity.spend': { 'zh-CN': '支出记录', en: 'spend entry' },
  'entity.abtest': { 'zh-CN': 'A/B 测试', en: 'A/B test' },
  'time.due': { 'zh-CN': '截止 {at}', en: 'due {at}' },
  'time.overdue': { 'zh-CN': '已超时', en: 'overdue' },
});
