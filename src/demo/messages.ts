import { defineMessages } from '../chat/i18n';

export const tDemo = defineMessages({
  loaded: {
    'zh-CN':
      '演示数据已加载：{from} 至 {to} 共 {days} 天、{channels} 个渠道的指标（{rows} 行）；活动 {campaigns} 个（计划中 {planned}、进行中 {live}、待复盘 {ended}、已复盘 {reviewed}）；反馈 {feedback} 条（{overdue} 条已超时）；舆情 {incidents} 个；本月预算与 {spend} 笔支出；审批 {approvals} 个（{pending} 个待审）。用时 {seconds} 秒。',
    en: 'Demo data loaded: {days} {days|day|days} of figures for {channels} {channels|channel|channels}, {from} to {to} ({rows} {rows|row|rows}); {campaigns} {campaigns|campaign|campaigns} ({planned} planned, {live} live, {ended} awaiting retro, {reviewed} reviewed); {feedback} feedback {feedback|item|items} ({overdue} overdue); {incidents} {incidents|incident|incidents}; budgets with {spend} spend {spend|entry|entries}; {approvals} {approvals|approval|approvals} ({pending} pending). Took {seconds} s.',
  },
  already: {
    'zh-CN': '演示数据已在 {at} 加载过，这次没有再写入。',
    en: 'Demo data was already loaded at {at}; nothing was written this time.',
  },
  not_empty: {
    'zh-CN':
      '数据库里已经有业务数据（指标、活动、反馈或审批），演示数据会混进去。确认要加载请加 --force：npm run demo -- --force',
    en: 'The database already holds real data (metrics, campaigns, feedback or approvals) and the demo data would mix with it. To load it anyway: npm run demo -- --force',
  },
  shown: {
    'zh-CN':
      '已排队发到频道：{digests} 份日报/周报/月报、{alerts} 条预算提醒、{approvalCards} 张待审批卡片（机器人运行时发出）。',
    en: 'Queued for the channels: {digests} {digests|digest|digests} (daily, weekly, monthly), {alerts} budget {alerts|alert|alerts}, {approvalCards} pending approval {approvalCards|card|cards} (the bot posts them when it runs).',
  },
  failed: {
    'zh-CN': '演示数据没有加载，数据库保持原样（什么都没有写入）。原因：{reason}',
    en: 'Demo data was not loaded and the database is as it was (nothing was written). Reason: {reason}',
  },
  usage: {
    'zh-CN': '用法：npm run demo [-- --force]（--force：数据库里已有数据时也加载）',
    en: 'Usage: npm run demo [-- --force]   (--force: load even when the database already holds data)',
  },
});
