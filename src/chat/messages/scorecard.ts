/** The monthly KPI scorecard (manual 4.1) as card sections: pure, from scorecard rows. */
import { DASH, formatChange, formatPct, formatRoi } from '../../domain/kpi';
import { formatCount, formatMoney } from '../../domain/money';
import { SCORE_GROUPS, type ScoreRow, type ScoreStatus } from '../../domain/scorecard';
import type { Section } from '../card';
import { defineMessages, type Locale } from '../i18n';

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

const MARK: Record<ScoreStatus, string> = { pass: '✅', miss: '❌', na: '➖' };

const MONEY_ROWS = new Set(['gmv_growth', 'aov_growth', 'roi', 'invalid_spend']);

function num(locale: Locale, key: string, v: number | null): string {
  if (MONEY_ROWS.has(key)) return formatMoney(v === null ? null : Math.round(v), locale, { compact: true });
  if (key === 'satisfaction' && v !== null) return String(Number(v.toFixed(2)));
  return formatCount(v === null ? null : Math.round(v), locale);
}

function valueText(locale: Locale, r: ScoreRow): string {
  if (!r.hasData) return tScorecard(locale, 'no_data');
  let main: string;
  switch (r.unit) {
    case 'growth':
      main = formatChange(r.value, locale).text;
      break;
    case 'rate':
      main = formatPct(r.value, locale);
      break;
    case 'roi':
      main = formatRoi(r.value);
      break;
    case 'score':
      main = r.value === null ? DASH : r.value.toFixed(2);
      break;
    default:
      main = r.value === null ? DASH : formatCount(Math.round(r.value), locale);
  }
  if (!r.inputs) return main;
  const a = num(locale, r.key, r.inputs.a);
  const b = r.key === 'active_users' ? String(r.inputs.b ?? 0) : num(locale, r.key, r.inputs.b);
  const key =
    r.unit === 'growth'
      ? 'inputs.move'
      : r.key === 'active_users'
        ? 'inputs.days'
        : r.key === 'satisfaction'
          ? 'inputs.responses'
          : r.key === 'complaint_rate'
            ? 'inputs.orders'
            : 'inputs.ratio';
  return `${main} (${tScorecard(locale, key, { a, b })})`;
}

/** Digits a target percentage needs (20% → 0, 12.5% → 1, 12.25% → 2): a set target is shown as typed. */
const pctDigits = (v: number) =>
  Number.isInteger(Math.round(v * 1e6) / 1e4) ? 0 : Number.isInteger(Math.round(v * 1e6) / 1e3) ? 1 : 2;

function targetText(locale: Locale, r: ScoreRow): string {
  const t = r.target;
  if (!t) return tScorecard(locale, 'no_target');
  let text: string;
  switch (r.unit) {
    case 'growth':
      text = `${t.op} ${t.value >= 0 ? '+' : ''}${formatPct(t.value, locale, pctDigits(t.value))}`;
      break;
    case 'rate':
      text = `${t.op} ${formatPct(t.value, locale, pctDigits(t.value))}`;
      break;
    case 'roi':
      text = `${t.op} ${Number(t.value.toFixed(2))}:1`;
      break;
    case 'score':
      text = `${t.op} ${t.value}`;
      break;
    default:
      text = `${t.op} ${formatCount(t.value, locale, { compact: true })}`;
  }
  return t.fromTarget ? `${text} (/target)` : text;
}

/** One section per 指标类型 of the manual's table, one line per row: mark, name, value with inputs, target. */
export function scorecardSections(locale: Locale, rows: ScoreRow[]): Section[] {
  return SCORE_GROUPS.map((g) => ({
    heading: tScorecard(locale, `group.${g}`),
    lines: rows
      .filter((r) => r.group === g)
      .map((r) =>
        tScorecard(locale, 'line', {
          mark: MARK[r.status],
          name: tScorecard(locale, `row.${r.key}`),
          value: valueText(locale, r),
          target: targetText(locale, r),
        }),
      ),
  }));
}
