/** The home view's strings (the cards are in src/chat/cards/home.ts). */
import { defineMessages } from '../i18n';

export const tHome = defineMessages({
  'me.summary': {
    'zh-CN': '我的待办：SLA 截止、待我审批、我的活动与复盘、本月预算、目标进度',
    en: 'What is waiting for me: SLA deadlines, approvals for me, my campaigns and retros, this month’s budget, target pacing',
  },
  title: { 'zh-CN': '我的主页 · {date}', en: 'My home · {date}' },
  'sla.heading': { 'zh-CN': '我的 SLA 待办（{n}）', en: 'My open SLA items ({n})' },
  'sla.none': { 'zh-CN': '没有进行中的时限。', en: 'No clocks running for you.' },
  'sla.line': {
    'zh-CN': '{mark}{code} · {kind} · 截止 {due} · {title}',
    en: '{mark}{code} · {kind} · due {due} · {title}',
  },
  'sla.overdue': { 'zh-CN': '⚠️ 已超时 ', en: '⚠️ overdue ' },
  'approvals.heading': { 'zh-CN': '待我审批（{n}）', en: 'Waiting for my decision ({n})' },
  'approvals.none': { 'zh-CN': '没有等你决定的审批。', en: 'Nothing is waiting for your decision.' },
  'approval.title': { 'zh-CN': '{code} · {title}', en: '{code} · {title}' },
  'approval.text': {
    'zh-CN': '{kind} · {who} 提交于 {at}{high}',
    en: '{kind} · requested by {who} at {at}{high}',
  },
  'approval.high': { 'zh-CN': ' · ⚠️ 高风险 ×{n}', en: ' · ⚠️ high ×{n}' },
  'approval.commands': {
    'zh-CN':
      '回复 `/{area} approve {code}`、`/{area} changes {code} reason=…` 或 `/{area} reject {code} reason=…`',
    en: 'Reply `/{area} approve {code}`, `/{area} changes {code} reason=…` or `/{area} reject {code} reason=…`',
  },
  'kind.content': { 'zh-CN': '内容', en: 'Content' },
  'kind.kol_deal': { 'zh-CN': '达人合作', en: 'KOL deal' },
  'campaigns.heading': { 'zh-CN': '我的活动（{n}）', en: 'My campaigns ({n})' },
  'campaigns.none': { 'zh-CN': '没有负责中的活动。', en: 'No campaigns of yours are open.' },
  'campaign.line': {
    'zh-CN': '{code}「{name}」· {status} · {start} → {end}{retro}',
    en: '{code} “{name}” · {status} · {start} → {end}{retro}',
  },
  'campaign.retro': { 'zh-CN': ' · 复盘截止 {due}{late}', en: ' · retro due {due}{late}' },
  'campaign.retro_late': { 'zh-CN': '（已超时）', en: ' (overdue)' },
  more: { 'zh-CN': '还有 {n} 项', en: '{n} more' },
  'list.title': { 'zh-CN': '我的待办 · {date}', en: 'Waiting for me · {date}' },
  'list.context': {
    'zh-CN': '只列出你自己的事项（含你关联的其他平台身份）。/mops me 查看主页。',
    en: 'Only your own items (with your linked identities on other platforms). /mops me shows the home view.',
  },
  'approvals.not_approver': {
    'zh-CN': '你不是审批人，没有等你决定的审批。',
    en: 'You are not an approver: nothing waits for your decision.',
  },
  'more.button': { 'zh-CN': '查看更多', en: 'More' },
  context: {
    'zh-CN': '打开时刷新，在这里操作后也会刷新。',
    en: 'Refreshed when opened and after an action taken here.',
  },
});
