import { defineMessages } from '../i18n';

export const tSettings = defineMessages({
  'help.set': {
    'zh-CN':
      '管理员可以用 /mops settings set key=value 修改，例如 monthly_gmv_target=500万（后备的月度 GMV 目标：某月没有用 /target 设置目标时，月报按全渠道 GMV 对比它考核完成率）、kol_second_approver_fee=5万、daily_at=09:00。',
    en: 'Admins change them with /mops settings set key=value, e.g. monthly_gmv_target=500万 (a fallback GMV target for months without one set with /target: the monthly report measures all channels’ GMV against it), kol_second_approver_fee=5万, daily_at=09:00.',
  },
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
  'h.anomalies': { 'zh-CN': '异常提醒', en: 'Unusual figures' },
  'anomaly_z.means': {
    'zh-CN':
      '日报、周报和 /metrics 只标出偏离本渠道自己历史（同一星期几的中位数）约 {z}σ 及以上的数字；调大更安静，调小更灵敏（2–10）。',
    en: 'The digests and /metrics flag a figure only when it is about {z}σ or more from the channel’s own history (the median of the same weekday); raise it for fewer flags, lower it for more (2–10).',
  },
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
    en: '{h} extra {h|day|days} off, {w} make-up {w|workday|workdays}',
  },
  'outbox.dead': {
    'zh-CN': '{n} 条消息投递失败（npm run mops -- outbox 查看，outbox retry 重试）',
    en: '{n} {n|message|messages} could not be delivered (npm run mops -- outbox to see, outbox retry to retry)',
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
  'h.compliance': { 'zh-CN': '合规名单', en: 'Compliance list' },
  'compliance.summary': {
    'zh-CN': '放行 {allow} 条，禁用 {block} 条（/mops settings compliance 查看）',
    en: '{allow} allowed, {block} blocked (/mops settings compliance to see them)',
  },
  'compliance.title': { 'zh-CN': '公司合规名单（{n} 条）', en: 'Company compliance list ({n})' },
  'compliance.empty': {
    'zh-CN': '名单为空：所有稿件只按广告法规则检查。',
    en: 'The list is empty: drafts are checked against the advertising-law rules only.',
  },
  'compliance.h.allow': { 'zh-CN': '放行（不再提示）', en: 'Allowed (no finding raised)' },
  'compliance.h.block': { 'zh-CN': '禁用（高风险）', en: 'Blocked (high-severity finding)' },
  'compliance.entry': { 'zh-CN': '「{phrase}」{reason}', en: '“{phrase}”{reason}' },
  'compliance.reason': { 'zh-CN': ' — {reason}', en: ' — {reason}' },
  'compliance.how': {
    'zh-CN':
      '放行只清除短语范围内的问题，卡片上会注明“公司名单放行”；禁用的短语出现在稿件中即为高风险，批准前需确认。',
    en: 'Allowing clears only findings inside the phrase, and the card says “allowed by company list”; a blocked phrase in a draft is a high-severity finding that approvers must confirm.',
  },
  'compliance.allowed': { 'zh-CN': '已放行「{phrase}」', en: 'Allowed “{phrase}”' },
  'compliance.blocked': { 'zh-CN': '已禁用「{phrase}」', en: 'Blocked “{phrase}”' },
  'compliance.removed': { 'zh-CN': '已从名单移除「{phrase}」', en: 'Removed “{phrase}” from the list' },
  'compliance.replaced': {
    'zh-CN': '替换了原条目：{action}',
    en: 'It replaces the earlier entry: {action}',
  },
  'compliance.action.allow': { 'zh-CN': '放行', en: 'allowed' },
  'compliance.action.block': { 'zh-CN': '禁用', en: 'blocked' },
  'compliance.clears': {
    'zh-CN': '含此短语的稿件不再提示：{findings}',
    en: 'Drafts containing it no longer get: {findings}',
  },
  'compliance.clears_nothing': {
    'zh-CN':
      '注意：「{phrase}」本身不触发任何规则，放行只清除短语范围内的问题；如需放行更长的说法，请放行整句短语。',
    en: 'Note: “{phrase}” raises no finding by itself, and allowing clears only findings inside the phrase; to allow a longer wording, allow the whole wording.',
  },
  'compliance.blocks': {
    'zh-CN': '含此短语的稿件将出现高风险问题，批准前需确认。',
    en: 'Drafts containing it now get a high-severity finding that approvers must confirm.',
  },
  'compliance.removed_was': { 'zh-CN': '原为：{action}{reason}', en: 'It was: {action}{reason}' },
  'err.compliance_verb': {
    'zh-CN': '不认识的操作 `{verb}`：请用 allow（放行）、block（禁用）或 remove（移除）。',
    en: 'Unknown action `{verb}`: use allow, block or remove.',
  },
  'err.phrase_empty': {
    'zh-CN': '请给出短语，例如 /mops settings compliance allow 全网首发 reason="品牌活动名称"。',
    en: 'Name the phrase, e.g. /mops settings compliance allow 全网首发 reason="campaign name".',
  },
  'err.phrase_too_long': {
    'zh-CN': '短语有 {n} 个字符，最多 {max} 个：名单放的是词语或口号，不是整段文字。',
    en: 'The phrase has {n} {n|character|characters}; at most {max}: the list holds terms and slogans, not paragraphs.',
  },
  'err.reason_too_long': {
    'zh-CN': '`reason` 最多 {max} 个字符。',
    en: '`reason` is at most {max} characters.',
  },
  'err.phrase_list_full': {
    'zh-CN': '名单已有 {max} 条，已满；请先移除不再需要的条目。',
    en: 'The list is full ({max} entries); remove entries no longer needed first.',
  },
  'err.phrase_not_listed': {
    'zh-CN': '「{phrase}」不在公司合规名单上（/mops settings compliance 查看名单）。',
    en: '“{phrase}” is not on the company compliance list (/mops settings compliance shows it).',
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
