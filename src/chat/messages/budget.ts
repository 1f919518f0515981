import { defineMessages } from '../i18n';

export const tBudget = defineMessages({
  'set.summary': {
    'zh-CN': '设置某月各类预算（渠道投放、活动、内容）',
    en: "Set a month's budget per category (channel ads, campaigns, content)",
  },
  'spend.summary': {
    'zh-CN': '记录一笔支出（可关联渠道和活动）',
    en: 'Log a spend entry (optionally linked to a channel and a campaign)',
  },
  'show.summary': {
    'zh-CN': '查看某月预算使用率（默认本月）',
    en: 'Show budget usage for a month (this month by default)',
  },
  'category.total': { 'zh-CN': '合计', en: 'Total' },
  'band.ok': { 'zh-CN': '正常', en: 'on track' },
  'band.90': { 'zh-CN': '⚠️ 已达 90% 预警线', en: '⚠️ at 90% or more: warning' },
  'band.100': { 'zh-CN': '🔴 已用完计划（≥100%）', en: '🔴 plan used up (≥100%)' },
  'band.105': { 'zh-CN': '🚨 超过 105%，需要上报', en: '🚨 above 105%: escalate' },
  'band.unplanned': {
    'zh-CN': '⚠️ 没有计划却有支出',
    en: '⚠️ spend without a plan',
  },
  'usage.line': { 'zh-CN': '{spend} / {plan} · {rate}', en: '{spend} of {plan} · {rate}' },
  'show.title': { 'zh-CN': '预算使用率 · {month}', en: 'Budget usage · {month}' },
  'show.no_plan': {
    'zh-CN': '{month} 还没有预算计划。用 `/budget set {month} channel_ads=… campaigns=… content=…` 设置。',
    en: 'No budget plan for {month} yet. Set one with `/budget set {month} channel_ads=… campaigns=… content=…`.',
  },
  'show.legend': {
    'zh-CN': '预算使用率 = 支出 ÷ 计划 · ≥90% 预警 · ≥100% 超支 · >105% 上报',
    en: 'Usage rate = spend ÷ plan · ≥90% warn · ≥100% over · >105% escalate',
  },
  'set.title': { 'zh-CN': '已设置 {month} 预算', en: 'Budget for {month} set' },
  'set.changed': { 'zh-CN': '{category}：{before} → {after}', en: '{category}: {before} → {after}' },
  'set.new': { 'zh-CN': '{category}：{after}', en: '{category}: {after}' },
  'spend.title': {
    'zh-CN': '已记录支出 {amount} · {category}',
    en: 'Spend of {amount} logged · {category}',
  },
  'spend.usage': {
    'zh-CN': '{month} {category}已用 {spend} / {plan}（{rate}）。',
    en: '{category} in {month}: {spend} of {plan} used ({rate}).',
  },
  'spend.no_plan': {
    'zh-CN': '{month} {category}没有预算计划，本月已支出 {spend}。',
    en: '{category} has no plan for {month}; {spend} spent so far.',
  },
  'spend.escalate': {
    'zh-CN': '🚨 {category}本月已超过计划的 105%（{rate}），需要上报。',
    en: '🚨 {category} is now above 105% of its plan for the month ({rate}): escalate.',
  },
  'spend.campaign': {
    'zh-CN': '{code}「{name}」累计支出 {spend} / 活动预算 {budget}（{rate}）',
    en: '{code} "{name}": {spend} spent of its {budget} budget ({rate})',
  },
  'spend.channel': { 'zh-CN': '渠道：{channel}', en: 'Channel: {channel}' },
  'spend.code': {
    'zh-CN': '编号 {code}（记错或无效时：`/budget spend void {code} reason=…`）',
    en: 'Code {code} (if it turns out wasted: `/budget spend void {code} reason=…`)',
  },
  'spend.invalid': {
    'zh-CN': '已标记为无效支出：计入预算使用率，也计入无效支出占比（无效支出 ÷ 总支出）。',
    en: 'Marked invalid (wasted): it counts in budget usage and in the invalid-spend share (invalid ÷ all spend).',
  },
  'void.title': { 'zh-CN': '{code} 已标记为无效支出', en: '{code} marked invalid' },
  'void.text': {
    'zh-CN':
      '{amount} · {category} · {date}\n原因：{reason}\n支出仍计入预算使用率；月报的无效支出占比 = 无效支出 ÷ 总支出。',
    en: '{amount} · {category} · {date}\nReason: {reason}\nIt still counts in budget usage; the monthly invalid-spend share = invalid ÷ all spend.',
  },
  'err.budget.void_forbidden': {
    'zh-CN': '只有管理员或记录人可以把 {code} 标记为无效。',
    en: 'Only an admin or whoever logged {code} can mark it invalid.',
  },
  'err.budget.already_void': {
    'zh-CN': '{code} 已经是无效支出。',
    en: '{code} is already marked invalid.',
  },
  'field.month': { 'zh-CN': '月份（YYYY-MM）', en: 'Month (YYYY-MM)' },
  'field.amount': { 'zh-CN': '金额（元）', en: 'Amount (yuan)' },
  'field.category': { 'zh-CN': '类别', en: 'Category' },
  'field.channel': { 'zh-CN': '渠道', en: 'Channel' },
  'field.campaign': { 'zh-CN': '活动编号（CMP-n）', en: 'Campaign (CMP-n)' },
  'field.note': { 'zh-CN': '备注', en: 'Note' },
  'form.set_title': { 'zh-CN': '设置月度预算', en: 'Set the monthly budget' },
  'form.spend_title': { 'zh-CN': '记录支出', en: 'Log spend' },
  'form.submit': { 'zh-CN': '保存', en: 'Save' },
  'form.plan_hint': {
    'zh-CN': '留空则不改',
    en: 'Leave empty to keep the current plan',
  },
  'err.budget.bad_date': {
    'zh-CN': '参数 `date`：`{value}` 不是日期，请写成 YYYY-MM-DD。',
    en: 'Argument `date`: `{value}` is not a date; write YYYY-MM-DD.',
  },
  'err.budget.date_and_month': {
    'zh-CN': '`date=` 和 `month=` 只能写一个。',
    en: 'Give `date=` or `month=`, not both.',
  },
  'err.budget.future_spend': {
    'zh-CN': '{date} 还没到，不能记录未来的花费。',
    en: '{date} is in the future; spend can only be logged for today or earlier.',
  },
  'field.spent_on': { 'zh-CN': '花费日期', en: 'Date of the spend' },
  'form.spent_on_hint': {
    'zh-CN': '留空为今天；月底后到的发票可以选上个月的日期',
    en: 'Today when empty; pick a day last month for an invoice that arrived after month end',
  },
  'err.budget.bad_month': {
    'zh-CN': '月份 `{value}` 无效，应为 YYYY-MM，例如 2026-11。',
    en: 'Month `{value}` is invalid; use YYYY-MM, e.g. 2026-11.',
  },
  'err.budget.missing_month': {
    'zh-CN': '请给出月份，例如 `/budget set 2026-11 …`。',
    en: 'Please give the month, e.g. `/budget set 2026-11 …`.',
  },
  'err.budget.month_twice': {
    'zh-CN': '月份给了两次（`{a}` 和 month=`{b}`），只写一次即可。',
    en: 'The month is given twice (`{a}` and month=`{b}`); give it once.',
  },
  'err.budget.no_categories': {
    'zh-CN': '请至少给出一个类别的金额：channel_ads=、campaigns= 或 content=。',
    en: 'Give an amount for at least one category: channel_ads=, campaigns= or content=.',
  },
  'err.budget.bad_plan': {
    'zh-CN': '预算金额必须是不小于 0 的金额。',
    en: 'A plan must be an amount of zero or more.',
  },
  'err.budget.admins_only': {
    'zh-CN': '只有管理员可以设置预算计划。',
    en: 'Only admins can set the budget plan.',
  },
  'err.budget.amount_not_positive': {
    'zh-CN': '参数 `amount` 必须大于 0：支出不能为零或负数。',
    en: 'Argument `amount` must be more than zero: spend cannot be zero or negative.',
  },
  'err.budget.bad_category': {
    'zh-CN': '类别必须是 channel_ads、campaigns 或 content。',
    en: 'The category must be channel_ads, campaigns or content.',
  },
  'err.budget.bad_channel': {
    'zh-CN': '参数 `channel` 的值 `{value}` 不是已知渠道。可选：{options}。',
    en: 'Argument `channel`: `{value}` is not a known channel. Options: {options}.',
  },
  'err.budget.extra_months': {
    'zh-CN': '多余的内容 `{words}`：只需要一个月份。',
    en: 'Unexpected `{words}`: only one month is expected.',
  },
});
