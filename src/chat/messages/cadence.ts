import { defineMessages } from '../i18n';

export const tCadence = defineMessages({
  'plan.summary': {
    'zh-CN': '发布节奏：查看各渠道计划与本周进度；管理员设置每周/每日篇数',
    en: 'Publishing cadence: show each channel’s plan and this week’s progress; admins set per week or per day',
  },
  'published.summary': {
    'zh-CN': '记录一条已发布的内容（可关联已批准的 APR-n）',
    en: 'Log a piece that went out (optionally the approved APR-n)',
  },
  'plan.title': { 'zh-CN': '发布节奏 · {date}', en: 'Publishing cadence · {date}' },
  'plan.none': {
    'zh-CN': '还没有发布计划。管理员可以设置：`/content plan channel=wechat_official per_week=3`',
    en: 'No publishing plan yet. Admins set one: `/content plan channel=wechat_official per_week=3`',
  },
  'plan.week': { 'zh-CN': '每周 {n} 篇', en: '{n} per week' },
  'plan.day': { 'zh-CN': '每日 {n} 篇', en: '{n} per day' },
  'plan.workdays': { 'zh-CN': '（只算工作日）', en: ' (working days only)' },
  'plan.line': {
    'zh-CN': '{mark} {channel}：{plan}{workdays} · {progress} · 负责人 {owner}',
    en: '{mark} {channel}: {plan}{workdays} · {progress} · owner {owner}',
  },
  'progress.week': {
    'zh-CN': '本周已发 {published}/{planned}，到今天应发 {expected}',
    en: '{published} of {planned} out this week, {expected} due by today',
  },
  'progress.day': { 'zh-CN': '今天已发 {published}/{planned}', en: '{published} of {planned} out today' },
  'progress.off': { 'zh-CN': '今天不计（非工作日）', en: 'today does not count (not a working day)' },
  'plan.set': {
    'zh-CN': '已设置 {channel} 的发布节奏：{plan}{workdays}',
    en: 'Cadence for {channel} set: {plan}{workdays}',
  },
  'plan.before': { 'zh-CN': '之前：{plan}{workdays}', en: 'Before: {plan}{workdays}' },
  'plan.legend': {
    'zh-CN': '每周计划按已过去的（工作）日按比例计算应发篇数；每天 18:00 落后时提醒负责人。',
    en: 'A weekly plan is due pro rata over the (working) days so far; the owner is reminded at 18:00 when it slips.',
  },
  'published.title': {
    'zh-CN': '已记录发布：{channel}「{title}」',
    en: 'Logged as published: {channel} “{title}”',
  },
  'published.progress': { 'zh-CN': '{progress}', en: '{progress}' },
  'button.published': { 'zh-CN': '标记为已发布', en: 'Mark published' },
  'remind.title': {
    'zh-CN': '⏰ {channel} 发布节奏落后',
    en: '⏰ {channel} is behind its publishing cadence',
  },
  'remind.week': {
    'zh-CN': '到今天（{date}）本周已发 {published}/{planned}，按计划应发 {expected}。',
    en: 'By today ({date}) {published} of {planned} are out this week; {expected} {expected|was|were} due.',
  },
  'remind.day': {
    'zh-CN': '今天（{date}）已发 {published}/{planned}。',
    en: 'Today ({date}) {published} of {planned} are out.',
  },
  'remind.hint': {
    'zh-CN':
      '发布后记录：`/content published channel={channel} title=…`（或在“已批准”消息上点“标记为已发布”）',
    en: 'Log what goes out: `/content published channel={channel} title=…` (or “Mark published” on the “approved” message)',
  },
  'digest.heading': { 'zh-CN': '内容发布节奏（计划 vs 实际）', en: 'Content cadence (planned vs published)' },
  'digest.line': {
    'zh-CN': '{mark} {channel}：已发 {published} / 计划 {planned}',
    en: '{mark} {channel}: {published} published of {planned} planned',
  },
  'err.cadence.admins_only': {
    'zh-CN': '只有管理员可以设置发布节奏。',
    en: 'Only admins can set the publishing cadence.',
  },
  'err.cadence.one_of': {
    'zh-CN': '请给出 `per_week` 或 `per_day` 中的一个。',
    en: 'Give one of `per_week` or `per_day`.',
  },
  'err.cadence.not_approved': {
    'zh-CN': '{code} 还没有被批准，不能标记为已发布。',
    en: '{code} is not approved, so it cannot be marked published.',
  },
  'err.cadence.already_published': {
    'zh-CN': '{code} 已在 {date} 标记为已发布。',
    en: '{code} was already marked published on {date}.',
  },
  'err.cadence.channel_title': {
    'zh-CN': '请给出 `channel` 和 `title`（或已批准的 APR-n）。',
    en: 'Give `channel` and `title` (or an approved APR-n).',
  },
});
