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
  // The argument kit's problems (handlers/args.ts): {key} is the argument, {value} what was typed.
  'err.arg.amount.empty': { 'zh-CN': '参数 `{key}` 不能为空。', en: 'Argument `{key}` must not be empty.' },
  'err.arg.amount.not_a_number': {
    'zh-CN': '参数 `{key}` 不是金额：`{value}`。可写 50000、50,000、5万 或 ¥5000。',
    en: 'Argument `{key}` is not an amount: `{value}`. Type 50000, 50,000, 5万 or ¥5000.',
  },
  'err.arg.amount.negative': {
    'zh-CN': '参数 `{key}` 不能是负数。',
    en: 'Argument `{key}` cannot be negative.',
  },
  'err.arg.amount.too_many_decimals': {
    'zh-CN': '参数 `{key}` 最多精确到分（两位小数）。',
    en: 'Argument `{key}` can have at most two decimals (fen).',
  },
  'err.arg.amount.too_large': { 'zh-CN': '参数 `{key}` 太大了。', en: 'Argument `{key}` is too large.' },
  'err.arg.amount.not_positive': {
    'zh-CN': '参数 `{key}` 必须大于 0：`{value}`。',
    en: 'Argument `{key}` must be more than 0: `{value}`.',
  },
  'err.arg.count': {
    'zh-CN': '参数 `{key}` 必须是非负整数，例如 5000、5,000 或 1.2万：`{value}`。',
    en: 'Argument `{key}` must be a whole number of zero or more, such as 5000, 5,000 or 1.2万: `{value}`.',
  },
  'err.arg.count_range': {
    'zh-CN': '参数 `{key}` 必须是 {min} 到 {max} 之间的整数：`{value}`。',
    en: 'Argument `{key}` must be a whole number from {min} to {max}: `{value}`.',
  },
  'err.arg.ratio': {
    'zh-CN': '参数 `{key}` 必须是 GMV÷花费 的比值，例如 3 或 3.2（即 3.2:1）：`{value}`。',
    en: 'Argument `{key}` must be GMV ÷ spend, e.g. 3 or 3.2 (meaning 3.2:1): `{value}`.',
  },
  'err.arg.date.empty': { 'zh-CN': '参数 `{key}` 不能为空。', en: 'Argument `{key}` must not be empty.' },
  'err.arg.date.bad_format': {
    'zh-CN': '参数 `{key}` 不是日期：`{value}`。请写成 2026-11-11。',
    en: 'Argument `{key}` is not a date: `{value}`. Write it as 2026-11-11.',
  },
  'err.arg.date.no_such_date': {
    'zh-CN': '参数 `{key}`：日期 `{value}` 不存在。',
    en: 'Argument `{key}`: the date `{value}` does not exist.',
  },
  'err.arg.date.out_of_range': {
    'zh-CN': '参数 `{key}`：年份 `{value}` 超出范围。',
    en: 'Argument `{key}`: the year in `{value}` is out of range.',
  },
  'err.arg.channels': {
    'zh-CN': '参数 `{key}` 中有未知渠道 `{value}`，可选：{options}。',
    en: 'Argument `{key}` has unknown channel(s) `{value}`; choose from: {options}.',
  },
  'err.arg.no_channels': {
    'zh-CN': '参数 `{key}` 至少要有一个渠道，例如 douyin,weibo。',
    en: 'Argument `{key}` needs at least one channel, e.g. douyin,weibo.',
  },
  'err.arg.person': {
    'zh-CN': '参数 `{key}` 应为 @某人 或用户 ID：`{value}`。',
    en: 'Argument `{key}` must be an @mention or a user id: `{value}`.',
  },
  'err.arg.bool': {
    'zh-CN': '参数 `{key}` 只能是 是/否（yes/no）：`{value}`。',
    en: 'Argument `{key}` must be yes or no (true/false): `{value}`.',
  },
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
  'list.title_status': { 'zh-CN': '{title} · {status}', en: '{title} · {status}' },
  'entity.feedback': { 'zh-CN': '反馈', en: 'feedback' },
  'entity.campaign': { 'zh-CN': '活动', en: 'campaign' },
  'entity.incident': { 'zh-CN': '舆情', en: 'incident' },
  'entity.approval': { 'zh-CN': '审批', en: 'approval' },
  'entity.spend': { 'zh-CN': '支出记录', en: 'spend entry' },
  'entity.abtest': { 'zh-CN': 'A/B 测试', en: 'A/B test' },
  'time.due': { 'zh-CN': '截止 {at}', en: 'due {at}' },
  'time.overdue': { 'zh-CN': '已超时', en: 'overdue' },
});
