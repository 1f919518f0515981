import { defineMessages } from '../i18n';

/** `/target` and target pacing (digest, home, monthly report). */
export const tTarget = defineMessages({
  'set.summary': {
    'zh-CN': '设置年度、季度或月度目标（管理员）：年度和季度按去年各月 GMV 加权拆到月',
    en: 'Set a year’s, quarter’s or month’s targets (admins): years and quarters are split into months by last year’s GMV',
  },
  'show.summary': {
    'zh-CN': '查看目标的月度拆分和目前的完成情况',
    en: 'Show the monthly split of the targets and the attainment so far',
  },
  'metric.gmv': { 'zh-CN': 'GMV', en: 'GMV' },
  'metric.new_users': { 'zh-CN': '新增用户', en: 'New users' },
  'metric.uv_growth': { 'zh-CN': '官网 UV 增长', en: 'Website UV growth' },
  'metric.roi': { 'zh-CN': 'ROI', en: 'ROI' },

  // Errors: each names the argument.
  'err.target.missing_period': {
    'zh-CN': '请给出期间：2027（全年）、2027-Q1（季度）或 2027-03（月份）。',
    en: 'Give the period: 2027 (a year), 2027-Q1 (a quarter) or 2027-03 (a month).',
  },
  'err.target.bad_period': {
    'zh-CN': '期间 `{value}` 无效：写 2027（全年）、2027-Q1（季度）或 2027-03（月份）。',
    en: 'Period `{value}` is not valid: write 2027 (a year), 2027-Q1 (a quarter) or 2027-03 (a month).',
  },
  'err.target.show_period': {
    'zh-CN': '期间 `{value}` 无效：写 2027（全年）、2027-Q1（季度）或 2027-03（月份），不写则为本月。',
    en: 'Period `{value}` is not valid: write 2027 (a year), 2027-Q1 (a quarter) or 2027-03 (a month), or nothing for this month.',
  },
  'err.target.no_values': {
    'zh-CN': '请至少给出一个目标：gmv=、new_users=、uv_growth= 或 roi=。',
    en: 'Give at least one target: gmv=, new_users=, uv_growth= or roi=.',
  },
  'err.target.admins_only': {
    'zh-CN': '只有管理员可以设置目标。',
    en: 'Only admins can set targets.',
  },
  'err.target.value.empty': { 'zh-CN': '参数 `{key}` 不能为空。', en: 'Argument `{key}` must not be empty.' },
  'err.target.value.not_a_number': {
    'zh-CN': '参数 `{key}` 的值 `{value}` 无效，应为{hint_zh}。',
    en: 'Argument `{key}`: `{value}` is not valid; write {hint_en}.',
  },
  'err.target.value.negative': {
    'zh-CN': '参数 `{key}` 不能是负数。',
    en: 'Argument `{key}` cannot be negative.',
  },
  'err.target.value.not_positive': {
    'zh-CN': '参数 `{key}` 必须大于 0。',
    en: 'Argument `{key}` must be more than zero.',
  },
  'err.target.value.not_integer': {
    'zh-CN': '参数 `{key}` 必须是整数（`{value}`）。',
    en: 'Argument `{key}` must be a whole number (`{value}`).',
  },
  'err.target.value.too_many_decimals': {
    'zh-CN': '参数 `{key}` 最多两位小数（`{value}`）。',
    en: 'Argument `{key}` can have at most two decimals (`{value}`).',
  },
  'err.target.value.too_large': { 'zh-CN': '参数 `{key}` 太大了。', en: 'Argument `{key}` is too large.' },
  'err.target.value.out_of_range': {
    'zh-CN': '参数 `{key}` 超出范围（`{value}`），应为{hint_zh}。',
    en: 'Argument `{key}` is out of range (`{value}`); write {hint_en}.',
  },
  'hint.gmv': { 'zh-CN': '金额，如 6000万、¥60,000,000', en: 'an amount such as 6000万 or ¥60,000,000' },
  'hint.new_users': { 'zh-CN': '整数，如 10万、100,000', en: 'a whole number such as 10万 or 100,000' },
  'hint.uv_growth': {
    'zh-CN': '百分比，如 20% 或 12.5%（高于 −100%，不超过 1000%）',
    en: 'a percentage such as 20% or 12.5% (above −100%, at most 1000%)',
  },
  'hint.roi': {
    'zh-CN': '比值，如 3、3.5 或 3:1（不超过 1000:1）',
    en: 'a ratio such as 3, 3.5 or 3:1 (at most 1000:1)',
  },
  'err.target.no_last_year': {
    'zh-CN':
      '参数 `split`：{year} 年这些月份没有 GMV 记录，无法按去年加权：{months}。去掉 split=last_year 则自动改为按月平均。',
    en: 'Argument `split`: {year} has no GMV logged for {months}, so the split cannot be weighted by last year. Leave out split=last_year to split equally.',
  },
  'err.target.overrides_exceed': {
    'zh-CN':
      '参数 `{field}`：单独设置过的月份（{months}）合计已超过这个总额。请调大总额，或加 overrides=reset 把所有月份重新拆分。',
    en: 'Argument `{field}`: the months set on their own ({months}) already add up to more than this total. Raise the total, or add overrides=reset to split over every month.',
  },
  'err.target.all_overridden': {
    'zh-CN':
      '参数 `{field}`：{period} 的每个月都单独设置过，总额无法再拆分。加 overrides=reset 重新拆分全部月份，或逐月设置。',
    en: 'Argument `{field}`: every month of {period} was set on its own, so there is nothing to split. Add overrides=reset to split over every month, or set months one by one.',
  },

  // The reply to `set`.
  'set.title': { 'zh-CN': '已设置 {period} 目标', en: 'Targets set for {period}' },
  'set.split.last_year': {
    'zh-CN': '{metric} {total}：按 {year} 年同月 GMV 加权拆到 {n} 个月',
    en: '{metric} {total}: split over {n} {n|month|months} by the same months’ GMV in {year}',
  },
  'set.split.equal': {
    'zh-CN': '{metric} {total}：平均拆到 {n} 个月',
    en: '{metric} {total}: split equally over {n} {n|month|months}',
  },
  'set.equal_reason': {
    'zh-CN': '按月平均，因为 {months} 没有 GMV 记录，无法按去年同月加权（补录去年数据后重新设置即可加权）。',
    en: 'Split equally because {months} have no GMV logged to weight by (log last year’s figures and set it again to weight the split).',
  },
  'set.kept': {
    'zh-CN':
      '{months} 是单独设置的，保留原值（合计 {kept}）；其余 {n} 个月分摊 {rest}。加 overrides=reset 可一并重新拆分。',
    en: '{months} were set on their own and keep their values ({kept} in all); the other {n} {n|month shares|months share} {rest}. Add overrides=reset to split over them too.',
  },
  'set.line': { 'zh-CN': '{month}  {value}', en: '{month}  {value}' },
  'set.line.weighted': {
    'zh-CN': '{month}  {value}（{ly} GMV {weight}，占 {share}）',
    en: '{month}  {value} ({ly} GMV {weight}, {share} of the total)',
  },
  'set.line.kept': {
    'zh-CN': '{month}  {value} ✎ 单独设置，保留',
    en: '{month}  {value} ✎ set on its own, kept',
  },
  'set.sum': { 'zh-CN': '合计 {sum}', en: 'Total {sum}' },
  'set.rate': {
    'zh-CN': '{metric}：每个月目标 {value}',
    en: '{metric}: {value} for every month',
  },
  'set.rate_kept': {
    'zh-CN': '{metric}：每个月目标 {value}；{months} 单独设置，保留原值',
    en: '{metric}: {value} for every month; {months} set on their own keep their values',
  },
  'set.month_line': { 'zh-CN': '{metric}：{value}', en: '{metric}: {value}' },
  'set.month_was': {
    'zh-CN': '{metric}：{value}（原为 {before}，来自 {plan} 的拆分）',
    en: '{metric}: {value} (was {before}, from the {plan} split)',
  },
  'set.month_others': {
    'zh-CN': '其他月份不变，{year} 年 {metric} 目标现合计 {sum}（{n} 个月有目标）。',
    en: 'No other month changed; {year}’s {metric} targets now add up to {sum} ({n} {n|month|months} set).',
  },
  'set.backfill': {
    'zh-CN': '⏪ 回填：{months} 已经过去。目标照常写入，完成率按已记录的数据计算。',
    en: '⏪ Backfill: {months} already passed. The targets are written as usual and attainment uses the figures logged.',
  },
  'set.legend': {
    'zh-CN':
      '✎ = 单独设置的月份，年度或季度重新拆分时保留。金额精确到分：每月 = 总额 × 权重 ÷ 权重合计，向下取整后余下的分逐一分给余数最大的月份，所以各月相加正好等于总额。',
    en: '✎ = a month set on its own; kept when its year or quarter is split again. Exact to the fen: each month = total × weight ÷ Σweights, rounded down, and the fen left over go one each to the months with the largest remainders, so the months add up to the total exactly.',
  },

  // `/target [period]`.
  'show.title_month': { 'zh-CN': '{month} 目标与进度', en: 'Targets and pacing · {month}' },
  'show.title_period': { 'zh-CN': '{period} 目标', en: 'Targets · {period}' },
  'show.none': {
    'zh-CN': '{period} 还没有设置目标。管理员可以用 `/target set {period} gmv=… new_users=…` 设置。',
    en: 'No targets are set for {period}. Admins set them with `/target set {period} gmv=… new_users=…`.',
  },
  'show.asof': {
    'zh-CN': '实际值截至 {date}（最近一个完整日）；时间进度按自然日计算（周末和节假日也算）。',
    en: 'Actual figures through {date} (the last full day); time gone counts calendar days (weekends and holidays too).',
  },
  'show.plan': {
    'zh-CN': '来源：{items}',
    en: 'Set by: {items}',
  },
  'plan.last_year': { 'zh-CN': '{plan} 按去年同月 GMV 加权', en: '{plan} weighted by last year’s GMV' },
  'plan.equal': { 'zh-CN': '{plan} 平均拆分', en: '{plan} split equally' },
  'plan.fixed': { 'zh-CN': '{plan} 单独设置', en: '{plan} set on its own' },
  'plan.same': { 'zh-CN': '{plan} 每月相同', en: '{plan} the same each month' },
  'year.heading': { 'zh-CN': '各月目标与完成', en: 'Each month: target and result' },
  'year.line': { 'zh-CN': '{month}：{items}', en: '{month}: {items}' },
  'year.item_future': { 'zh-CN': '{metric} {target}', en: '{metric} {target}' },
  'year.item': {
    'zh-CN': '{metric} {target} → {actual}（{pct}）{mark}',
    en: '{metric} {target} → {actual} ({pct}){mark}',
  },
  'year.item_rate': {
    'zh-CN': '{metric} {target} → {actual}{mark}',
    en: '{metric} {target} → {actual}{mark}',
  },
  'year.none': { 'zh-CN': '未设', en: 'none set' },
  'year.total_heading': { 'zh-CN': '合计', en: 'In total' },
  'year.total': {
    'zh-CN':
      '{metric} 目标合计 {sum}（{n} 个月）：已完成 {actual}（{pct}），时间进度 {day}/{days} 天（{time}）',
    en: '{metric} targets add up to {sum} ({n} {n|month|months}): {actual} done ({pct}), {day} of {days} {days|day|days} gone ({time})',
  },

  // Pacing lines (daily digest, home, `/target`).
  'pace.heading': {
    'zh-CN': '目标进度 · {month}（截至 {date}，按自然日）',
    en: 'Targets · {month} (through {date}, calendar days)',
  },
  'pace.summed': {
    'zh-CN':
      '{metric} 月目标 {target}：已完成 {actual}（{done}%），时间进度 {day}/{days} 天（{time}）{state}',
    en: '{metric} target {target}: {actual} done ({done}%), {day} of {days} {days|day|days} gone ({time}){state}',
  },
  'pace.behind': {
    'zh-CN': '（落后 {pp} 个百分点，还差 {remaining}，余 {left} 天需日均 {perDay}）',
    en: ' ({pp} pp behind; {remaining} to go, {perDay} a day over the {left} {left|day|days} left)',
  },
  'pace.ahead': {
    'zh-CN': '（领先 {pp} 个百分点，还差 {remaining}，余 {left} 天需日均 {perDay}）',
    en: ' ({pp} pp ahead; {remaining} to go, {perDay} a day over the {left} {left|day|days} left)',
  },
  'pace.even': {
    'zh-CN': '（与时间进度持平，还差 {remaining}，余 {left} 天需日均 {perDay}）',
    en: ' (on pace; {remaining} to go, {perDay} a day over the {left} {left|day|days} left)',
  },
  'pace.reached': { 'zh-CN': '（已达成 ✅）', en: ' (reached ✅)' },
  'pace.missed': {
    'zh-CN': '（本月未达成，差 {remaining}）',
    en: ' (missed by {remaining})',
  },
  'pace.not_started': {
    'zh-CN': '{metric} 月目标 {target}：本月尚未开始',
    en: '{metric} target {target}: the month has not started',
  },
  'pace.roi': {
    'zh-CN': 'ROI 目标 ≥ {target}：本月至今 {actual}（GMV {gmv} ÷ 花费 {spend}）{mark}',
    en: 'ROI target ≥ {target}: {actual} so far (GMV {gmv} ÷ spend {spend}){mark}',
  },
  'pace.roi_none': {
    'zh-CN': 'ROI 目标 ≥ {target}：本月还没有同时记录 GMV 和花费的数据',
    en: 'ROI target ≥ {target}: no row with both GMV and spend logged this month yet',
  },
  'pace.uv': {
    'zh-CN': '官网 UV 增长目标 {target}：{range} UV {uv}，上月同期（{prevRange}）{prev}，{change}{mark}',
    en: 'Website UV growth target {target}: UV {uv} on {range}, {prev} on {prevRange} the month before, {change}{mark}',
  },
  'pace.uv_none': {
    'zh-CN': '官网 UV 增长目标 {target}：本月或上月同期没有官网（website）UV 记录',
    en: 'Website UV growth target {target}: no website UV logged this month or in the same days of the month before',
  },
  'pace.none': {
    'zh-CN': '本月还没有设置目标。管理员可以用 `/target set {month} gmv=…` 设置。',
    en: 'No targets are set for this month. Admins set them with `/target set {month} gmv=…`.',
  },
  range: { 'zh-CN': '{from}–{to}', en: '{from} to {to}' },

  // The monthly report's attainment section.
  'report.heading': { 'zh-CN': '目标达成', en: 'Target attainment' },
  'report.gmv': {
    'zh-CN': 'GMV {gmv} / 目标 {target} → 完成率 {att}',
    en: 'GMV {gmv} of a {target} target → {att}',
  },
  'report.source_target': {
    'zh-CN': '全渠道 GMV 对比 /target 设定的月目标（{plan}）',
    en: 'All channels’ GMV against the month’s target set with /target ({plan})',
  },
  'report.source_setting': {
    'zh-CN': '全渠道 GMV 对比月度目标（monthly_gmv_target 设置；用 /target 设置本月目标后以 /target 为准）',
    en: 'All channels’ GMV against the monthly target (the monthly_gmv_target setting; a month set with /target takes its place)',
  },
  'report.source_campaigns': {
    'zh-CN':
      '本月结束且已复盘的活动（{n} 个）：复盘 GMV 对比 target_gmv 之和（用 /target 设置月目标可按全月考核）',
    en: 'Campaigns ending this month with a filed retro ({n}): their GMV against their target_gmv (set the month’s target with /target to measure the whole month)',
  },
  'report.none': {
    'zh-CN':
      '本月没有 GMV 目标：没有用 /target 设置，本月结束的活动中也没有既设了 GMV 目标又已提交复盘的。可用 `/target set {month} gmv=…` 设置。',
    en: 'No GMV target for this month: none was set with /target, and no campaign ending this month has both a GMV target and a filed retrospective. Set one with `/target set {month} gmv=…`.',
  },
  'report.new_users': {
    'zh-CN': '新增用户 {actual} / 目标 {target} → 完成率 {att}（{source}）',
    en: 'New users {actual} of a {target} target → {att} ({source})',
  },
  'report.new_users_target': { 'zh-CN': '/target 设定', en: 'set with /target' },
});
