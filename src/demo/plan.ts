/**
 * What the demo data set contains, relative to "today": the campaigns (one or more per status), and the
 * window of daily figures. Pure: no database, so the metrics generator and the loader share one plan.
 */
import type { CampaignType, Channel } from '../domain/campaigns';
import { addDays, daysBetween, isDateStr } from '../domain/dates';

export interface DemoCampaign {
  name: string;
  type: CampaignType;
  channels: Channel[];
  startDate: string;
  endDate: string;
  /**
   * Target ÷ what the figures deliver: below 1 the campaign beats its targets, above 1 it misses them.
   * Budgets and targets are sized from the generated figures, so they stay in proportion at any scale.
   */
  ambition: number;
  /** Whether the campaign also sets a new-user target. */
  newUserTarget: boolean;
  /** The local day it was logged (before it started, as teams plan ahead). */
  createdOn: string;
  /** When set, the owner files the retrospective on this local day (status reviewed). */
  retroOn?: string;
  retroNotes?: string;
}

/** The metrics window: three calendar months ending yesterday. */
export function demoWindow(today: string): { from: string; to: string; days: string[] } {
  const to = addDays(today, -1);
  const from = addDays(minusMonths(to, 3), 1);
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return { from, to, days };
}

/** The same day n months earlier, clamped to the month's last day (05-31 − 3 months → 02-28). */
function minusMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const out = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  if (!isDateStr(out)) throw new RangeError(`bad month arithmetic for ${date}`);
  return out;
}

/**
 * The campaigns, relative to today: two reviewed, one ended with an overdue retro, one ended yesterday
 * (retro still due), one live, one planned, and the 双11 campaign when a Nov 11 is near.
 */
export function demoCampaigns(today: string, windowFrom: string): DemoCampaign[] {
  return [...yearRound(today), ...singlesDays(today, windowFrom)];
}

/** The campaigns at fixed distances from today. */
function yearRound(today: string): DemoCampaign[] {
  const day = (n: number) => addDays(today, n);
  return [
    {
      name: '轻盈系列 新品首发',
      type: 'launch',
      channels: ['xiaohongshu', 'douyin', 'wechat_official'],
      startDate: day(-72),
      endDate: day(-62),
      ambition: 0.92,
      newUserTarget: true,
      createdOn: day(-90),
      retroOn: day(-59),
      retroNotes:
        '小红书种草带动搜索量明显上升；抖音短视频 CTR 高于预期，直播转化偏低，下次提前备好主播话术。',
    },
    {
      name: '会员日 · 满 299 减 50',
      type: 'promotion',
      channels: ['wecom_community', 'wechat_official', 'taobao', 'jd'],
      startDate: day(-41),
      endDate: day(-39),
      ambition: 1.08,
      newUserTarget: false,
      createdOn: day(-55),
      retroOn: day(-36),
      retroNotes: '社群预告 + 公众号推文的组合效果最好，会员复购率提升；京东库存不足导致第二天断货。',
    },
    {
      name: '老带新 · 邀请有礼',
      type: 'referral',
      channels: ['wecom_community', 'wechat_channels', 'website'],
      startDate: day(-30),
      endDate: day(-14),
      ambition: 1,
      newUserTarget: true,
      createdOn: day(-40),
    },
    {
      name: '品牌直播周',
      type: 'brand_event',
      channels: ['douyin', 'wechat_channels'],
      startDate: day(-6),
      endDate: day(-1),
      ambition: 0.95,
      newUserTarget: false,
      createdOn: day(-20),
    },
    {
      name: '周末闪购',
      type: 'promotion',
      channels: ['taobao', 'jd', 'pinduoduo'],
      startDate: day(-2),
      endDate: day(4),
      ambition: 1.05,
      newUserTarget: false,
      createdOn: day(-12),
    },
    {
      name: '年终品牌联名 预热',
      type: 'launch',
      channels: ['xiaohongshu', 'douyin', 'weibo'],
      startDate: day(8),
      endDate: day(21),
      ambition: 1,
      newUserTarget: true,
      createdOn: day(-6),
    },
  ];
}

/** The 双11 campaign whenever its run (Oct 20 – Nov 11) touches the window or the month ahead. */
function singlesDays(today: string, windowFrom: string): DemoCampaign[] {
  const list: DemoCampaign[] = [];
  for (let y = Number(windowFrom.slice(0, 4)); y <= Number(today.slice(0, 4)) + 1; y++) {
    const start = `${y}-10-20`;
    const end = `${y}-11-11`;
    if (end < windowFrom || start > addDays(today, 30)) continue;
    const endedDaysAgo = daysBetween(end, today);
    list.push({
      name: `${y} 双11 狂欢节`,
      type: 'promotion',
      channels: ['taobao', 'jd', 'douyin', 'pinduoduo'],
      startDate: start,
      endDate: end,
      ambition: 0.9,
      newUserTarget: true,
      createdOn: addDays(start, -21),
      // Reviewed once it is well over; a 双11 that just ended waits for its retro like any other.
      ...(endedDaysAgo >= 10
        ? {
            retroOn: addDays(end, 4),
            retroNotes:
              '11 日 0 点开场 2 小时完成全天 45% GMV；预售尾款转化率高于去年，拼多多渠道 ROI 偏低，明年减少投放。',
          }
        : {}),
    });
  }
  return list;
}
