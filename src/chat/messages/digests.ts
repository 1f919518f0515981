import { defineMessages } from '../i18n';

/** Strings of the daily, weekly and monthly digests and of `/mops digest` (the preview). */
export const tDigests = defineMessages({
  // Figures
  'm.uv': { 'zh-CN': 'UV', en: 'UV' },
  'm.pv': { 'zh-CN': 'PV', en: 'PV' },
  'm.orders': { 'zh-CN': '订单', en: 'Orders' },
  'm.gmv': { 'zh-CN': 'GMV', en: 'GMV' },
  'm.aov': { 'zh-CN': '客单价', en: 'AOV' },
  'm.spend': { 'zh-CN': '花费', en: 'Spend' },
  'm.roi': { 'zh-CN': 'ROI', en: 'ROI' },
  'm.ctr': { 'zh-CN': 'CTR', en: 'CTR' },
  'm.cvr': { 'zh-CN': 'CVR', en: 'CVR' },
  'm.newUsers': { 'zh-CN': '新客', en: 'New users' },
  'm.clicks': { 'zh-CN': '点击', en: 'Clicks' },
  'm.cac': { 'zh-CN': 'CAC', en: 'CAC' },
  'm.activeUsers': { 'zh-CN': '活跃用户（人天）', en: 'Active users (user-days)' },
  'm.retention': { 'zh-CN': '7日留存率（留存÷基数）', en: '7-day retention (retained ÷ cohort)' },
  'm.repurchase': { 'zh-CN': '复购率（复购买家÷买家）', en: 'Repurchase rate (repeat ÷ buyers)' },
  'line.two': { 'zh-CN': '{label} {value} · {a} / {b}', en: '{label} {value} · {a} / {b}' },
  'line.one': { 'zh-CN': '{label} {value} · {a}', en: '{label} {value} · {a}' },
  'legend.formulas': {
    'zh-CN':
      '客单价 = GMV÷买家；ROI = GMV÷花费、CVR = 订单÷点击、CAC = 花费÷新客，都用上面列出的合计计算；比率的变化以百分点表示；— 表示基数为零或没有数据。',
    en: 'AOV = GMV ÷ buyers; ROI = GMV ÷ spend, CVR = orders ÷ clicks and CAC = spend ÷ new users, each from the totals shown. Rate changes are in percentage points; — means a zero or missing base.',
  },
  total: { 'zh-CN': '全部渠道', en: 'All channels' },
  more: { 'zh-CN': '……另有 {n} 项', en: '…and {n} more' },

  // Daily
  'daily.title': { 'zh-CN': '营销数据日报 · {date}（{weekday}）', en: 'Daily report · {date} ({weekday})' },
  'daily.headline': {
    'zh-CN': 'GMV {gmv}（环比 {d}），花费 {spend}，ROI {roi}。',
    en: 'GMV {gmv} ({d} d/d), spend {spend}, ROI {roi}.',
  },
  'daily.empty': {
    'zh-CN': '{date} 没有记录任何渠道数据，今天没有指标可报。补录：/metrics log date={date} channel=… gmv=…',
    en: 'No channel figures were logged for {date}, so there are no metrics to report. Log them with /metrics log date={date} channel=… gmv=…',
  },
  'daily.legend': {
    'zh-CN': '变化：环比（对比 {prev}）/ 周同比（对比上周同日 {week}）。',
    en: 'Changes: d/d (vs {prev}) / w/w (vs the same weekday a week before, {week}).',
  },
  'others.heading': { 'zh-CN': '其他渠道（{n}）', en: 'Other channels ({n})' },
  'others.line': {
    'zh-CN': '{channel}：GMV {gmv}（{d}）· ROI {roi}',
    en: '{channel}: GMV {gmv} ({d}) · ROI {roi}',
  },
  'live.heading': { 'zh-CN': '进行中的活动（{n}）', en: 'Live campaigns ({n})' },
  'live.line': {
    'zh-CN': '{code} {name} · {start} 至 {end} · 已花 {spent} / 预算 {budget}（{rate}）',
    en: '{code} {name} · {start} to {end} · spent {spent} of {budget} ({rate})',
  },
  'live.none': { 'zh-CN': '今天没有进行中的活动。', en: 'No campaign is running today.' },
  'sla.heading': { 'zh-CN': '待处理与超时', en: 'Open and overdue' },
  'sla.line': {
    'zh-CN': '{kind}：待处理 {open}，超时 {overdue}',
    en: '{kind}: {open} open, {overdue} overdue',
  },
  'sla.overdue_mark': { 'zh-CN': ' 🚨', en: ' 🚨' },
  'sla.none': { 'zh-CN': '没有待处理的时限事项。', en: 'Nothing is waiting on a deadline.' },
  'pacing.heading': { 'zh-CN': '本月预算进度 · {month}', en: 'Budget pacing · {month}' },
  'pacing.elapsed': {
    'zh-CN': '本月已过 {elapsed}（第 {day}/{days} 天）',
    en: '{elapsed} of the month has passed (day {day} of {days})',
  },
  'pace.ahead': { 'zh-CN': ' · ⚠️ 快于进度', en: ' · ⚠️ ahead of pace' },
  'pace.on': { 'zh-CN': ' · 符合进度', en: ' · on pace' },
  'pace.behind': { 'zh-CN': ' · 慢于进度', en: ' · behind pace' },
  'chart.title': { 'zh-CN': 'GMV 与花费 · 近 14 天', en: 'GMV and spend · last 14 days' },
  'chart.title_range': { 'zh-CN': 'GMV 与花费 · {from} 至 {to}', en: 'GMV and spend · {from} to {to}' },
  'chart.alt': {
    'zh-CN': '每日 GMV 与花费折线图，{from} 至 {to}',
    en: 'Line chart of GMV and spend per day, {from} to {to}',
  },
  'chart.no_data': { 'zh-CN': '没有数据', en: 'No data' },

  // Budget (all digests)
  'budget.heading': { 'zh-CN': '预算使用 · {month}', en: 'Budget usage · {month}' },
  'budget.line': {
    'zh-CN': '{cat}：{spend} / {plan}（{rate}）{mark}',
    en: '{cat}: {spend} of {plan} ({rate}){mark}',
  },
  'budget.unplanned': { 'zh-CN': '{cat}：已花 {spend}，未设预算', en: '{cat}: {spend} spent with no plan' },
  'budget.total': { 'zh-CN': '合计', en: 'Total' },
  'budget.none': {
    'zh-CN': '{month} 还没有预算和花费记录。设置：/budget set {month} channel_ads=… campaigns=… content=…',
    en: 'No budget or spend for {month} yet. Set one with /budget set {month} channel_ads=… campaigns=… content=…',
  },
  'band.90': { 'zh-CN': ' · 接近预算', en: ' · nearly used' },
  'band.100': { 'zh-CN': ' · ⚠️ 已超预算', en: ' · ⚠️ over plan' },
  'band.105': { 'zh-CN': ' · 🚨 超过 105%', en: ' · 🚨 above 105%' },

  // Weekly
  'weekly.title': {
    'zh-CN': '营销数据周报 · {week}（{from} 至 {to}）',
    en: 'Weekly report · {week} ({from} to {to})',
  },
  'weekly.headline': {
    'zh-CN': '本周 GMV {gmv}（周环比 {c}），花费 {spend}，ROI {roi}。',
    en: 'GMV {gmv} this week ({c} w/w), spend {spend}, ROI {roi}.',
  },
  'weekly.empty': {
    'zh-CN': '{from} 至 {to} 没有记录任何渠道数据，本周没有指标可报。',
    en: 'No channel figures were logged from {from} to {to}, so there are no metrics to report this week.',
  },
  'weekly.totals': { 'zh-CN': '本周 vs 上周', en: 'This week vs last week' },
  'weekly.legend': {
    'zh-CN': '变化：周环比（对比上周 {from} 至 {to}）。',
    en: 'Changes: w/w (vs the week before, {from} to {to}).',
  },
  'rank.heading': { 'zh-CN': '渠道 ROI 排名', en: 'Channels by ROI' },
  'rank.line': {
    'zh-CN': '{n}. {channel} ROI {roi}（{c}）· GMV {gmv} · 花费 {spend}',
    en: '{n}. {channel} ROI {roi} ({c}) · GMV {gmv} · spend {spend}',
  },
  'rank.no_spend': { 'zh-CN': '没有花费记录：{channels}', en: 'No spend logged: {channels}' },
  'rank.none': { 'zh-CN': '没有渠道同时记录了 GMV 和花费。', en: 'No channel logged both GMV and spend.' },
  'campaigns.heading': { 'zh-CN': '活动结果', en: 'Campaign results' },
  'campaigns.reviewed': { 'zh-CN': '{code} {name} · 已复盘', en: '{code} {name} · reviewed' },
  'campaigns.ended': {
    'zh-CN': '{code} {name} · {date} 结束，复盘截止 {due}',
    en: '{code} {name} · ended {date}, retro due {due}',
  },
  'campaigns.ended_no_due': { 'zh-CN': '{code} {name} · {date} 结束', en: '{code} {name} · ended {date}' },
  'campaigns.result': {
    'zh-CN': '  ROI {roi}（{roiAtt}）· GMV {gmv}（{gmvAtt}）· 花费 {spend}',
    en: '  ROI {roi} ({roiAtt}) · GMV {gmv} ({gmvAtt}) · spend {spend}',
  },
  'att.of': { 'zh-CN': '目标 {target}，达成 {att}', en: 'target {target}, {att}' },
  'att.none': { 'zh-CN': '无目标', en: 'no target' },
  'campaigns.none': {
    'zh-CN': '本周没有结束或复盘的活动。',
    en: 'No campaign ended or was reviewed this week.',
  },
  'content.heading': { 'zh-CN': '内容与达人', en: 'Content and KOL deals' },
  'content.line': {
    'zh-CN': '内容审批：提交 {submitted}，通过 {approved}，退回或拒绝 {returned}',
    en: 'Content approvals: {submitted} submitted, {approved} approved, {returned} sent back or rejected',
  },
  'kol.line': {
    'zh-CN': '达人合作效果：{n} 条，GMV {gmv}，费用 {fee}，ROI {roi}',
    en: 'KOL deals with results: {n} · GMV {gmv} · fees {fee} · ROI {roi}',
  },
  'needs.title': {
    'zh-CN': '用户需求报告 · {week}（{from} 至 {to}）',
    en: 'User-needs report (用户需求报告) · {week} ({from} to {to})',
  },
  'needs.heading': { 'zh-CN': '用户需求报告', en: 'User-needs report (用户需求报告)' },
  'needs.total': {
    'zh-CN': '本周 {n} 条反馈（上周 {prev}，{c}），其中高优先级 {high} 条。',
    en: '{n} feedback {n|item|items} this week (last week {prev}, {c}); {high} high severity.',
  },
  'needs.category': { 'zh-CN': '{category} {n}', en: '{category} {n}' },
  'needs.by_category': { 'zh-CN': '按类别：{list}', en: 'By category: {list}' },
  'needs.category_line': {
    'zh-CN': '{category}：{n} 条（上周 {prev}，{c}）· 高优先级 {high}',
    en: '{category}: {n} (last week {prev}, {c}) · {high} high',
  },
  'needs.top': { 'zh-CN': '重点反馈', en: 'Top items' },
  'needs.item': {
    'zh-CN': '{code}【{severity}·{category}】{text}（{status}）',
    en: '{code} [{severity} · {category}] {text} ({status})',
  },
  'needs.none': { 'zh-CN': '本周没有新的用户反馈。', en: 'No new user feedback this week.' },
  'needs.context': {
    'zh-CN': '来自 /feedback 记录的反馈；每周一发送给市场和产品团队。',
    en: 'From feedback logged with /feedback; sent to marketing and product every Monday.',
  },
  'incidents.heading': { 'zh-CN': '舆情与时限', en: 'Incidents and deadlines' },
  'incidents.line': {
    'zh-CN': '舆情：新增 {opened}（高/紧急 {serious}），关闭 {closed}，仍未关闭 {open}',
    en: 'Incidents: {opened} opened ({serious} high/critical), {closed} closed, {open} still open',
  },
  'hit.line': { 'zh-CN': '{kind}按时率 {rate}（{met}/{due}）', en: '{kind} on time: {rate} ({met}/{due})' },
  'hit.none': { 'zh-CN': '本期没有到期的时限事项。', en: 'No deadline came due in this period.' },

  // Monthly
  'monthly.title': { 'zh-CN': '营销数据月报 · {month}', en: 'Monthly report · {month}' },
  'monthly.headline': {
    'zh-CN': '本月 GMV {gmv}，花费 {spend}，ROI {roi}；GMV 目标完成率 {att}。',
    en: 'GMV {gmv} this month, spend {spend}, ROI {roi}; GMV target attainment {att}.',
  },
  'monthly.empty': {
    'zh-CN': '{month} 没有记录任何渠道数据，本月没有指标可报。',
    en: 'No channel figures were logged in {month}, so there are no metrics to report this month.',
  },
  'monthly.totals': { 'zh-CN': '本月 vs 上月', en: 'This month vs last month' },
  'monthly.legend': { 'zh-CN': '变化：月环比（对比 {prev}）。', en: 'Changes: m/m (vs {prev}).' },
  'survey.line': {
    'zh-CN': '满意度 {mean} 分（Σ总分 {sum} ÷ Σ回答数 {n}，按回答数加权）',
    en: 'Satisfaction {mean} (Σscores {sum} ÷ Σresponses {n}, weighted by responses)',
  },
  'score.heading': { 'zh-CN': '响应时限', en: 'Response deadlines' },
  'score.line': {
    'zh-CN': '{mark} {name}：{value} · 目标 {target}',
    en: '{mark} {name}: {value} · target {target}',
  },
  'score.feedback_sla': { 'zh-CN': '反馈 24 小时内响应', en: 'Feedback answered within 24 h' },
  'score.incident_sla': { 'zh-CN': '舆情 2 小时内回应', en: 'Incidents answered within 2 h' },
  'best.heading': { 'zh-CN': '表现最好的渠道', en: 'Strongest channels' },
  'worst.heading': { 'zh-CN': '表现最弱的渠道', en: 'Weakest channels' },
  'best.line': {
    'zh-CN': '{channel}：ROI {roi} · GMV {gmv}（{c}）· UV {uv}（{uvc}）',
    en: '{channel}: ROI {roi} · GMV {gmv} ({c}) · UV {uv} ({uvc})',
  },
  'best.none': {
    'zh-CN': '没有渠道同时记录了 GMV 和花费，无法比较。',
    en: 'No channel logged both GMV and spend, so there is nothing to compare.',
  },

  // Preview (/mops digest)
  'preview.summary': {
    'zh-CN': '预览日报/周报/月报（只有你能看到）',
    en: 'Preview the daily, weekly or monthly digest (only you see it)',
  },
  'preview.note': {
    'zh-CN': '预览：这是现在运行时会发出的内容，没有发到频道。发到频道的报告还会附上它的 GMV 与花费趋势图。',
    en: 'Preview: what the digest would post if it ran now; nothing was posted. The posted digest also carries its GMV and spend chart.',
  },
  'preview.missing': {
    'zh-CN': '请指定要预览哪一份：daily（日报）、weekly（周报）或 monthly（月报）。',
    en: 'Say which digest to preview: daily, weekly or monthly.',
  },
  'preview.bad_kind': {
    'zh-CN': '`{word}` 不是报告类型，可选：daily（日报）、weekly（周报）、monthly（月报）。',
    en: '`{word}` is not a digest; choose daily, weekly or monthly.',
  },
});
