/** The monthly KPI scorecard's strings (manual 4.1); its sections are built in src/chat/cards/scorecard.ts. */
import { defineMessages } from '../i18n';

export const tScorecard = defineMessages({
  'group.channel': { 'zh-CN': '考核 · 渠道运营', en: 'Scorecard · channel operations' },
  'group.users': { 'zh-CN': '考核 · 用户增长', en: 'Scorecard · user growth' },
  'group.sales': { 'zh-CN': '考核 · 销售业绩', en: 'Scorecard · sales' },
  'group.promotion': { 'zh-CN': '考核 · 推广效果', en: 'Scorecard · promotion' },
  'group.cost': { 'zh-CN': '考核 · 成本控制', en: 'Scorecard · cost control' },
  'group.satisfaction': { 'zh-CN': '考核 · 用户满意度', en: 'Scorecard · satisfaction' },
  'row.website_uv': { 'zh-CN': '官网 UV 增长', en: 'Website UV growth' },
  'row.followers_wechat_official': {
    'zh-CN': '公众号粉丝增长（月末对比上月末）',
    en: 'WeChat Official followers growth (month end vs last)',
  },
  'row.followers_douyin': {
    'zh-CN': '抖音粉丝增长（月末对比上月末）',
    en: 'Douyin followers growth (month end vs last)',
  },
  'row.ecom_uv': { 'zh-CN': '电商平台访客数增长', en: 'E-commerce visitors growth' },
  'row.new_users': { 'zh-CN': '新增用户', en: 'New users' },
  'row.active_users': { 'zh-CN': '日均活跃用户（Σ活跃 ÷ 天数）', en: 'Daily active users (Σactive ÷ days)' },
  'row.retention_d7': { 'zh-CN': '7日留存率（留存 ÷ 基数）', en: '7-day retention (retained ÷ cohort)' },
  'row.gmv_growth': { 'zh-CN': 'GMV 月增长', en: 'GMV growth m/m' },
  'row.gmv_attainment': { 'zh-CN': 'GMV 目标完成率', en: 'GMV attainment' },
  'row.ecom_cvr': {
    'zh-CN': '电商平台转化率（订单 ÷ 访客）',
    en: 'E-commerce conversion (orders ÷ visitors)',
  },
  'row.aov_growth': { 'zh-CN': '客单价增长（GMV ÷ 买家）', en: 'AOV growth (GMV ÷ buyers)' },
  'row.repurchase': { 'zh-CN': '复购率（复购买家 ÷ 买家）', en: 'Repurchase rate (repeat buyers ÷ buyers)' },
  'row.roi': { 'zh-CN': '投放 ROI（GMV ÷ 花费）', en: 'Ad ROI (GMV ÷ spend)' },
  'row.ctr': { 'zh-CN': '点击率 CTR（点击 ÷ 曝光）', en: 'CTR (clicks ÷ impressions)' },
  'row.cvr': { 'zh-CN': '转化率 CVR（订单 ÷ 点击）', en: 'CVR (orders ÷ clicks)' },
  'row.budget_usage': { 'zh-CN': '预算使用率（支出 ÷ 计划）', en: 'Budget usage (spend ÷ plan)' },
  'row.invalid_spend': {
    'zh-CN': '无效支出占比（无效 ÷ 总支出）',
    en: 'Invalid-spend share (invalid ÷ all spend)',
  },
  'row.satisfaction': { 'zh-CN': '满意度（Σ总分 ÷ Σ回答数）', en: 'Satisfaction (Σscores ÷ Σresponses)' },
  'row.complaint_rate': { 'zh-CN': '投诉率（投诉 ÷ 订单）', en: 'Complaint rate (complaints ÷ orders)' },
  line: { 'zh-CN': '{mark} {name}：{value} · 目标 {target}', en: '{mark} {name}: {value} · target {target}' },
  no_data: { 'zh-CN': '尚无数据', en: 'no data yet' },
  no_target: { 'zh-CN': '未设', en: 'none set' },
  'inputs.ratio': { 'zh-CN': '{a} ÷ {b}', en: '{a} ÷ {b}' },
  'inputs.move': { 'zh-CN': '{a} → {b}', en: '{a} → {b}' },
  'inputs.days': { 'zh-CN': '{a} ÷ {b} 天', en: '{a} ÷ {b} days' },
  'inputs.responses': { 'zh-CN': '{a} ÷ {b} 份回答', en: '{a} ÷ {b} responses' },
  'inputs.orders': { 'zh-CN': '{a} 条投诉 ÷ {b} 单', en: '{a} complaints ÷ {b} orders' },
  legend: {
    'zh-CN':
      '✅ 达标 · ❌ 未达标 · ➖ 无数据或未设目标；— 表示基数为零。标 (/target) 的目标是用 /target 为本月设定的；其余为默认目标：官网 UV +20%、ROI ≥ 3:1、GMV +15%、预算 ≤ 105%、满意度 ≥ 4.5，新增用户为本月结束的活动目标之和。投诉 = 类别为服务或物流、严重度为高的反馈。粉丝增长比较月内最后一次记录的粉丝数。',
    en: '✅ met · ❌ missed · ➖ no data or no target; — means a zero base. Targets marked (/target) were set for the month with /target; the others are defaults: website UV +20%, ROI ≥ 3:1, GMV +15%, budget ≤ 105%, satisfaction ≥ 4.5, and new users the sum of the targets of campaigns ending this month. A complaint is feedback about service or logistics with high severity. Follower growth compares the last follower count logged in each month.',
  },
});
