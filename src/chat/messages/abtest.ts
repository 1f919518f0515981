import { defineMessages } from '../i18n';

export const tAbtest = defineMessages({
  'new.summary': {
    'zh-CN': '新建 A/B 测试（两组的访客和转化数），立即给出显著性结论',
    en: 'Create an A/B test from both arms’ visitors and conversions; get the verdict at once',
  },
  'update.summary': {
    'zh-CN': '给 A/B 测试追加新统计的访客和转化数',
    en: 'Add newly counted visitors and conversions to an A/B test',
  },
  'show.summary': { 'zh-CN': '查看 A/B 测试的结论', en: 'Show an A/B test’s verdict' },
  'list.summary': { 'zh-CN': '列出 A/B 测试', en: 'List A/B tests' },
  'close.summary': {
    'zh-CN': '结束 A/B 测试并记录胜出方',
    en: 'Close an A/B test and record the winner',
  },
  'base.ctr': { 'zh-CN': '点击 ÷ 展示', en: 'clicks ÷ impressions' },
  'base.cvr': { 'zh-CN': '转化 ÷ 访客', en: 'conversions ÷ visitors' },
  'arm.line': {
    'zh-CN': '{arm} 组：{conversions} / {visitors} = {rate}',
    en: 'Arm {arm}: {conversions} / {visitors} = {rate}',
  },
  'lift.line': {
    'zh-CN': 'B 相对 A：{lift}（差值 {diff}，95% 置信区间 {low} ～ {high}）',
    en: 'B vs A: {lift} relative (difference {diff}, 95% CI {low} to {high})',
  },
  'p.line': {
    'zh-CN': '双侧 p 值 {p}（两比例 z 检验，z = {z}，显著性水平 α = 0.05）',
    en: 'Two-sided p = {p} (two-proportion z-test, z = {z}, α = 0.05)',
  },
  'verdict.b_wins': { 'zh-CN': '✅ 结论：B 组胜出', en: '✅ Verdict: B wins' },
  'verdict.a_wins': { 'zh-CN': '✅ 结论：A 组胜出', en: '✅ Verdict: A wins' },
  'verdict.no_verdict': {
    'zh-CN': '⏳ 暂无结论：差异还不显著（p ≥ 0.05）',
    en: '⏳ No verdict yet: the difference is not significant (p ≥ 0.05)',
  },
  'verdict.too_small': {
    'zh-CN': '⏳ 暂无结论：样本太小，正态近似不可靠（每组预期转化数和未转化数都至少要 5，目前最少 {min}）',
    en: '⏳ No verdict: the sample is too small for the normal approximation (each arm needs at least 5 expected conversions and non-conversions; the smallest is {min})',
  },
  'needed.line': {
    'zh-CN': '要以 80% 的把握检出当前的差异（{lift}），每组约需 {n} 个{unit}（目前 A {a}、B {b}）。',
    en: 'To detect the current difference ({lift}) with 80% power, each arm needs about {n} {unit} (now A {a}, B {b}).',
  },
  'needed.none': {
    'zh-CN': '两组比率相同，没有可检出的差异。',
    en: 'Both rates are equal: there is no difference to detect.',
  },
  'unit.ctr': { 'zh-CN': '展示', en: 'impressions' },
  'unit.cvr': { 'zh-CN': '访客', en: 'visitors' },
  peeking: {
    'zh-CN':
      '⚠️ 已更新 {n} 次：反复查看并在第一次 p < 0.05 时停止，会让假阳性远超 5%。请预先定好样本量，达到后再下结论。',
    en: '⚠️ Updated {n} {n|time|times}: looking again and again and stopping at the first p < 0.05 pushes false positives well above 5%. Fix the sample size up front and decide when it is reached.',
  },
  'form.title': { 'zh-CN': '新建 A/B 测试', en: 'New A/B test' },
  'form.submit': { 'zh-CN': '计算结论', en: 'Get the verdict' },
  'field.metric': { 'zh-CN': '指标', en: 'Metric' },
  'field.channel': { 'zh-CN': '渠道', en: 'Channel' },
  'field.owner': { 'zh-CN': '负责人', en: 'Owner' },
  'field.status': { 'zh-CN': '状态', en: 'Status' },
  'field.name': { 'zh-CN': '名称', en: 'Name' },
  'field.a_visitors': { 'zh-CN': 'A 组访客（或展示）', en: 'A visitors (or impressions)' },
  'field.a_conversions': { 'zh-CN': 'A 组转化（或点击）', en: 'A conversions (or clicks)' },
  'field.b_visitors': { 'zh-CN': 'B 组访客（或展示）', en: 'B visitors (or impressions)' },
  'field.b_conversions': { 'zh-CN': 'B 组转化（或点击）', en: 'B conversions (or clicks)' },
  'winner.a': { 'zh-CN': 'A 组', en: 'A' },
  'winner.b': { 'zh-CN': 'B 组', en: 'B' },
  'winner.none': { 'zh-CN': '无（不采用任何一组）', en: 'none' },
  'title.show': { 'zh-CN': '{code}「{name}」· {metric}', en: '{code} "{name}" · {metric}' },
  'title.created': { 'zh-CN': '已新建 {code}「{name}」', en: 'Created {code} "{name}"' },
  'title.updated': { 'zh-CN': '已更新 {code}「{name}」', en: 'Updated {code} "{name}"' },
  'title.closed': {
    'zh-CN': '已结束 {code}「{name}」· 胜出：{winner}',
    en: 'Closed {code} "{name}" · winner: {winner}',
  },
  'title.already_closed': {
    'zh-CN': '{code} 已经结束过了（胜出：{winner}）',
    en: '{code} was already closed (winner: {winner})',
  },
  'added.line': {
    'zh-CN': '本次追加：A 组 +{av} / +{ac}，B 组 +{bv} / +{bc}（访客 / 转化）',
    en: 'Added this time: A +{av} / +{ac}, B +{bv} / +{bc} (visitors / conversions)',
  },
  'closed.against': {
    'zh-CN': '注意：记录的胜出方（{winner}）与统计结论不一致（{verdict}）。',
    en: 'Note: the recorded winner ({winner}) differs from the statistics ({verdict}).',
  },
  'list.title': { 'zh-CN': 'A/B 测试', en: 'A/B tests' },
  'list.line': {
    'zh-CN': '{code} · {status} · {name} · {metric} A {a} / B {b} · {verdict}',
    en: '{code} · {status} · {name} · {metric} A {a} / B {b} · {verdict}',
  },
  'short.b_wins': { 'zh-CN': 'B 胜出 (p={p})', en: 'B wins (p={p})' },
  'short.a_wins': { 'zh-CN': 'A 胜出 (p={p})', en: 'A wins (p={p})' },
  'short.no_verdict': { 'zh-CN': '暂无结论 (p={p})', en: 'no verdict (p={p})' },
  'short.too_small': { 'zh-CN': '样本太小', en: 'sample too small' },
  'short.closed': { 'zh-CN': '已结束，胜出：{winner}', en: 'closed, winner: {winner}' },
  'digest.heading': { 'zh-CN': 'A/B 测试结论', en: 'A/B tests with a verdict' },
  'digest.line': {
    'zh-CN': '{code}「{name}」{metric} A {a} → B {b}（{lift}）· {verdict}',
    en: '{code} "{name}" {metric} A {a} → B {b} ({lift}) · {verdict}',
  },
  'digest.more': { 'zh-CN': '……另有 {n} 个，见 /abtest list', en: '…and {n} more: /abtest list' },
  legend: {
    'zh-CN': '比率 = {base}；提升 = (B − A) ÷ A；置信区间是两组比率之差的 95% 区间。',
    en: 'Rate = {base}; lift = (B − A) ÷ A; the interval is the 95% CI of the difference in rates.',
  },
  'err.abtest.missing': {
    'zh-CN': '缺少参数 `{field}`：两组都要给出访客数和转化数。',
    en: 'Missing argument `{field}`: both arms need visitors and conversions.',
  },
  'err.abtest.not_positive': {
    'zh-CN': '参数 `{field}` 必须大于 0。',
    en: 'Argument `{field}` must be more than zero.',
  },
  'err.abtest.negative': {
    'zh-CN': '参数 `{field}` 不能是负数。',
    en: 'Argument `{field}` cannot be negative.',
  },
  'err.abtest.above_visitors': {
    'zh-CN': '参数 `{field}`：转化数不能多于访客数。',
    en: 'Argument `{field}`: conversions cannot exceed visitors.',
  },
  'err.abtest.above_visitors_total': {
    'zh-CN': '参数 `{field}`：追加后转化数会多于访客数。',
    en: 'Argument `{field}`: after adding, conversions would exceed visitors.',
  },
  'err.abtest.no_counts': {
    'zh-CN': '请至少给出一个要追加的数：a_visitors=、a_conversions=、b_visitors= 或 b_conversions=。',
    en: 'Give at least one count to add: a_visitors=, a_conversions=, b_visitors= or b_conversions=.',
  },
  'err.abtest.closed': {
    'zh-CN': '{code} 已经结束，不能再追加数据。',
    en: '{code} is closed; no more counts can be added.',
  },
  'err.abtest.close_forbidden': {
    'zh-CN': '只有 {code} 的负责人、创建人或管理员可以结束它。',
    en: 'Only the owner or creator of {code}, or an admin, can close it.',
  },
});
