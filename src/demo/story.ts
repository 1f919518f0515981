/**
 * The demo story, area by area: each step writes through the domain verbs with back-dated clocks, as the
 * people in it would have on those days. seed.ts runs the steps in one transaction and counts what they
 * wrote.
 */
import type { Db } from '../../db/client';
import type { Campaign } from '../../db/schema';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { decideApproval, proposeKol, recordKolResult, submitContent } from '../domain/approvals';
import { type BudgetCategory, recordSpend, setBudget } from '../domain/budget';
import { createCampaign, retroCampaign, syncCampaignStatuses } from '../domain/campaigns';
import type { Channel } from '../domain/channels';
import { addDays, localDate, startOfLocalDay } from '../domain/dates';
import {
  ackFeedback,
  createFeedback,
  type FEEDBACK_CATEGORIES,
  type FEEDBACK_SEVERITIES,
  type FEEDBACK_SOURCES,
  resolveFeedback,
} from '../domain/feedback';
import { closeIncident, createIncident, reportIncident, respondIncident } from '../domain/incidents';
import { upsertMetrics } from '../domain/metrics';
import { defaultSettings, getSettings } from '../domain/settings';
import { calendarFor, type WorkCtx } from '../domain/work-calendar';
import { must } from '../util/narrow';
import {
  campaignResults,
  DEMO_CHANNELS,
  demoMetricRows,
  expectedResults,
  recentDailySpendFen,
} from './metrics';
import type { DemoCampaign, demoWindow } from './plan';
import { mulberry32, type Rng, seedFor } from './random';

/** One day's rows, every demo channel. */
type DemoDay = ReturnType<typeof demoMetricRows>[number];

const MIN = 60_000;
const HOUR = 60 * MIN;
const YUAN = 100;

/** Who plays which part in the demo: actor keys such as `console:lina`. */
export interface DemoPeople {
  /** Logs figures, campaigns, feedback and incidents, and requests approvals. */
  specialist: string;
  /** Approves drafts and KOL deals. */
  manager: string;
  /** Sets the budgets. */
  admin: string;
}

/** What every step of the story writes with: who, when, and a clock per write. */
export interface Story {
  db: Db;
  config: Config;
  tz: string;
  now: Date;
  today: string;
  seed: number;
  people: DemoPeople;
  rng: Rng;
  /** The verbs' context for `actor` acting at `at`. */
  ctx: (actor: string, at: Date) => WorkCtx;
  /** A local wall-clock time on a date, never later than a minute before now. */
  at: (date: string, hh: number, mm?: number) => Date;
  ago: (hours: number) => Date;
  later: (t: Date, hours: number) => Date;
}

const union = (list: string[], extra: string) => (list.includes(extra) ? list : [...list, extra]);

/** The story's context on `deps.db` (the load's transaction) at `now`. */
export async function beginStory(
  deps: Pick<Deps, 'db' | 'config' | 'log'>,
  opts: { now: Date; seed: number; people: DemoPeople },
): Promise<Story> {
  const { db, config } = deps;
  const { tz } = config;
  const { now, people, seed } = opts;
  const stored = await getSettings(db, config);
  // The demo people hold the roles the story needs (admin sets budgets, manager approves), whatever the
  // env lists; the console adds the same roles for them at start.
  const settings = {
    ...stored,
    admins: union(stored.admins, people.admin),
    approvers: union(stored.approvers, people.manager),
    managers: union(stored.managers, people.manager),
    // The story's approvals are sized for the default two-approver fee (¥50,000), whatever was set since.
    kolSecondApproverFeeFen: defaultSettings(config).kolSecondApproverFeeFen,
  };
  const calendar = calendarFor(settings, deps.log);
  return {
    db,
    config,
    tz,
    now,
    today: localDate(now, tz),
    seed,
    people,
    rng: mulberry32(seedFor(seed, 'events')),
    ctx: (actor, at) => ({ db, now: at, actor, settings, tz, calendar }),
    at: (date, hh, mm = 0) => {
      const t = new Date(startOfLocalDay(date, tz).getTime() + hh * HOUR + mm * MIN);
      return t.getTime() < now.getTime() - MIN ? t : new Date(now.getTime() - MIN);
    },
    ago: (hours) => new Date(now.getTime() - hours * HOUR),
    later: (t, hours) => new Date(t.getTime() + hours * HOUR),
  };
}

/** 1. Channel figures, logged by the specialist each morning for the day before. */
export async function logFigures(
  s: Story,
  window: ReturnType<typeof demoWindow>,
  plan: DemoCampaign[],
): Promise<DemoDay[]> {
  const days = demoMetricRows(window.days, plan, s.seed);
  for (const rows of days) {
    const [first] = rows;
    if (!first) continue;
    const loggedAt = s.at(addDays(first.date, 1), 9, s.rng.int(5, 55));
    await upsertMetrics(s.ctx(s.people.specialist, loggedAt), rows);
  }
  return days;
}

/** 2. Campaigns, logged ahead of their start; retros filed for the reviewed ones; then the status job. */
export async function runCampaigns(
  s: Story,
  plan: DemoCampaign[],
  days: DemoDay[],
): Promise<Map<string, Campaign>> {
  const campaigns = new Map<string, Campaign>();
  for (const c of [...plan].sort((a, b) => a.createdOn.localeCompare(b.createdOn))) {
    // Budgets and targets in proportion to what the figures deliver, so retros land near their targets.
    const expected = expectedResults(days, c);
    const roi = expected.spendFen > 0 ? expected.gmvFen / expected.spendFen : 3;
    const created = await createCampaign(
      s.ctx(s.people.specialist, s.at(c.createdOn, 10, s.rng.int(0, 50))),
      {
        name: c.name,
        type: c.type,
        startDate: c.startDate,
        endDate: c.endDate,
        budgetFen: roundTo(expected.spendFen * 1.15, 1000 * YUAN),
        channels: c.channels,
        targetGmvFen: roundTo(expected.gmvFen * c.ambition, 1000 * YUAN),
        targetRoi: (roi * c.ambition).toFixed(1),
        ...(c.newUserTarget ? { targetNewUsers: roundTo(expected.newUsers * c.ambition, 100) } : {}),
      },
    );
    campaigns.set(c.name, created);
  }
  for (const c of plan) {
    const created = campaigns.get(c.name);
    if (!c.retroOn || !created) continue;
    const r = campaignResults(days, c);
    await retroCampaign(s.ctx(s.people.specialist, s.at(c.retroOn, 16, 30)), {
      code: created.code,
      roi: r.roi,
      gmvFen: r.gmvFen,
      newUsers: r.newUsers,
      notes: c.retroNotes ?? '',
    });
  }
  await syncCampaignStatuses(s.ctx('system:scheduler', s.now));
  return campaigns;
}

/**
 * 3. Budgets: last month within plan, this month with channel ads above 105% and campaigns near 90%.
 * Returns how many spend entries were recorded.
 */
export async function spendBudgets(
  s: Story,
  plan: DemoCampaign[],
  days: DemoDay[],
  campaigns: Map<string, Campaign>,
): Promise<number> {
  const month = s.today.slice(0, 7);
  const lastMonth = addDays(`${month}-01`, -1).slice(0, 7);
  const activeIn = (from: string, to: string) =>
    plan
      .filter((c) => c.startDate <= to && c.endDate >= from && c.startDate <= s.today)
      .flatMap((c) => campaigns.get(c.name) ?? []);
  // Plans follow the 50/30/20 split of the manual, sized to a month of the recent ad spend.
  const adsPlan = roundTo((recentDailySpendFen(days, 28) / YUAN) * 30, 10_000);
  const planYuan: Record<BudgetCategory, number> = {
    channel_ads: adsPlan,
    campaigns: roundTo(adsPlan * 0.6, 10_000),
    content: roundTo(adsPlan * 0.4, 10_000),
  };
  const linkedFen = new Map<string, number>();
  let spendEntries = 0;
  for (const [m, targets] of [
    [lastMonth, { channel_ads: 0.96, campaigns: 0.88, content: 0.93 }],
    [month, { channel_ads: 1.084, campaigns: 0.912, content: 0.62 }],
  ] as const) {
    const first = `${m}-01`;
    const last = m === month ? s.today : addDays(`${month}-01`, -1);
    await setBudget(s.ctx(s.people.admin, s.at(first, 9, 30)), {
      month: m,
      plans: Object.fromEntries(Object.entries(planYuan).map(([k, v]) => [k, v * YUAN])),
    });
    const linked = activeIn(first, last);
    for (const category of Object.keys(planYuan) as BudgetCategory[]) {
      const total = Math.round(planYuan[category] * targets[category]);
      spendEntries += await spendMonth(s, category, total, { first, last }, linked, linkedFen);
    }
  }
  return spendEntries;
}

/** One category's spend over a month, split into entries on office-hours moments; how many were written. */
async function spendMonth(
  s: Story,
  category: BudgetCategory,
  total: number,
  days: { first: string; last: string },
  linked: Campaign[],
  linkedFen: Map<string, number>,
): Promise<number> {
  const { rng } = s;
  const entries = splitAmount(rng, total, SPEND_COUNT[category]);
  const times = spendTimes(rng, days.first, days.last, entries.length, s.at, s.now, s.tz);
  for (const [i, amount] of entries.entries()) {
    const at = must(times[i], 'spendTimes gives a time per entry');
    const { channel, note } = spendLine(rng, category);
    const amountFen = amount * YUAN;
    // Execution costs go to a campaign that existed by then, while it stays within 85% of its own
    // budget; the rest are general campaign costs (materials, gifts shared by several campaigns).
    const fits = linked.filter(
      (c) => c.createdAt <= at && (linkedFen.get(c.code) ?? 0) + amountFen <= c.budgetFen * 0.85,
    );
    const campaign = category === 'campaigns' && fits.length > 0 ? rng.pick(fits) : undefined;
    if (campaign) linkedFen.set(campaign.code, (linkedFen.get(campaign.code) ?? 0) + amountFen);
    await recordSpend(s.ctx(s.people.specialist, at), {
      amountFen,
      category,
      tz: s.tz,
      ...(channel ? { channel } : {}),
      ...(campaign ? { campaignCode: campaign.code } : {}),
      note,
    });
  }
  return entries.length;
}

/**
 * 4. Feedback: answered ones over the weeks, two open and past the 24 h clock, two still inside it.
 * Returns how many are open and overdue.
 */
export async function logFeedback(s: Story): Promise<number> {
  const { people } = s;
  let overdue = 0;
  for (const f of FEEDBACK) {
    const createdAt =
      f.hoursAgo !== undefined ? s.ago(f.hoursAgo) : s.at(addDays(s.today, -(f.daysAgo ?? 0)), f.hour ?? 11);
    const { feedback } = await createFeedback(s.ctx(people.specialist, createdAt), f.input);
    if (f.ackAfter !== undefined) {
      await ackFeedback(s.ctx(people.specialist, s.later(createdAt, f.ackAfter)), {
        code: feedback.code,
        note: f.ackNote,
      });
    }
    if (f.resolveAfter !== undefined) {
      await resolveFeedback(s.ctx(people.specialist, s.later(createdAt, f.resolveAfter)), {
        code: feedback.code,
        note: f.resolveNote ?? '已处理',
      });
    }
    if (f.ackAfter === undefined && f.resolveAfter === undefined && feedback.dueAt < s.now) overdue++;
  }
  return overdue;
}

/** How many feedback items the story logs. */
export const DEMO_FEEDBACK_COUNT = (): number => FEEDBACK.length;

/** 5. Incidents: one reported, one closed and waiting for its report, one responded, one open and overdue. */
export async function runIncidents(s: Story): Promise<number> {
  const { people } = s;
  const reported = await createIncident(s.ctx(people.specialist, s.at(addDays(s.today, -24), 9, 40)), {
    platform: 'weibo',
    severity: 'high',
    summary: '微博有用户称保温杯内胆生锈，帖子被转发 1,200 次，评论区要求品牌回应。',
    link: 'https://weibo.com/demo/status/4821',
  });
  await respondIncident(s.ctx(people.specialist, s.at(addDays(s.today, -24), 11, 20)), {
    code: reported.code,
    note: '官微发布检测报告与换新通道，私信联系发帖用户。',
  });
  await closeIncident(s.ctx(people.specialist, s.at(addDays(s.today, -22), 18, 0)), { code: reported.code });
  await reportIncident(s.ctx(people.specialist, s.at(addDays(s.today, -20), 15, 0)), {
    code: reported.code,
    text: '起因：个别批次内胆抛光不足。处理：官微回应 + 检测报告 + 免费换新。结果：48 小时内负面声量下降 80%。改进：质检增加内胆抽检。',
  });
  const closed = await createIncident(s.ctx(people.specialist, s.at(addDays(s.today, -2), 11, 0)), {
    platform: 'xiaohongshu',
    severity: 'medium',
    summary: '小红书笔记吐槽直播间赠品与宣传不符，点赞 3,000+。',
    link: 'https://www.xiaohongshu.com/explore/demo-note-7731',
  });
  await respondIncident(s.ctx(people.specialist, s.at(addDays(s.today, -2), 12, 5)), {
    code: closed.code,
    note: '评论区致歉并补发正确赠品。',
  });
  await closeIncident(s.ctx(people.specialist, s.at(addDays(s.today, -1), 17, 30)), { code: closed.code });
  const responded = await createIncident(s.ctx(people.specialist, s.ago(28)), {
    platform: 'douyin',
    severity: 'low',
    summary: '抖音评论区有人质疑直播间价格比官网贵。',
  });
  await respondIncident(s.ctx(people.specialist, s.ago(26.5)), {
    code: responded.code,
    note: '置顶评论说明直播间叠加券后到手价。',
  });
  await createIncident(s.ctx(people.specialist, s.ago(5)), {
    platform: 'weibo',
    severity: 'critical',
    summary: '微博大V发帖称新品保温杯漏水烫伤孩子，转发 2,300+，多家自媒体跟进。',
    link: 'https://weibo.com/demo/status/5107',
  });

  return 4;
}

/**
 * 6. Approvals: history (approved, changes requested, a KOL deal with results) and three pending ones.
 * Returns how many were requested and how many still wait.
 */
export async function requestApprovals(s: Story): Promise<{ approvals: number; pending: number }> {
  const { people } = s;
  const month = s.today.slice(0, 7);
  const kolOld = await proposeKol(s.ctx(people.specialist, s.at(addDays(s.today, -25), 14, 0)), {
    name: '@暖暖的杯子日记',
    platform: 'douyin',
    followers: 320_000,
    feeFen: 28_000 * YUAN,
    deliverables: '1 条 60 秒口播视频，挂购物车',
    date: addDays(s.today, -18),
    expectedViews: 300_000,
  });
  await decideApproval(s.ctx(people.manager, s.at(addDays(s.today, -24), 10, 15)), {
    code: kolOld.code,
    decision: 'approve',
  });
  await recordKolResult(s.ctx(people.specialist, s.at(addDays(s.today, -10), 17, 0)), {
    code: kolOld.code,
    views: 520_000,
    engagements: 31_000,
    gmvFen: 96_500 * YUAN,
  });
  const approved = await submitContent(s.ctx(people.specialist, s.at(addDays(s.today, -5), 10, 20)), {
    title: '轻盈杯实测：6 小时保温',
    channel: 'xiaohongshu',
    text: '轻盈杯实测：6 小时后水温 62℃，通勤党可以放心带',
  });
  await decideApproval(s.ctx(people.manager, s.at(addDays(s.today, -4), 15, 10)), {
    code: approved.code,
    decision: 'approve',
  });
  const changes = await submitContent(s.ctx(people.specialist, s.at(addDays(s.today, -3), 11, 0)), {
    title: '暖冬保温杯推荐',
    channel: 'douyin',
    text: '这款杯子保温效果极佳，100% 不漏水',
  });
  await decideApproval(s.ctx(people.manager, s.at(addDays(s.today, -2), 14, 0)), {
    code: changes.code,
    decision: 'changes',
    reason: '「极佳」「100%」属于绝对化和数据用语，请改成实测数据后重新提交。',
  });
  await submitContent(s.ctx(people.specialist, s.ago(26)), {
    title: '周末闪购 推文',
    channel: 'wechat_official',
    text: '周末闪购：轻盈系列保温杯第二件半价，周五 20 点开抢',
  });
  // Fee above the two-approver threshold (¥50,000).
  const monthEnd = addDays(`${addDays(`${month}-28`, 7).slice(0, 7)}-01`, -1);
  const publish = [addDays(s.today, 7), monthEnd].sort()[0] ?? monthEnd;
  await proposeKol(s.ctx(people.specialist, s.ago(6)), {
    name: '@小鹿生活志',
    platform: 'xiaohongshu',
    followers: 860_000,
    feeFen: 68_000 * YUAN,
    deliverables: '1 篇图文笔记 + 1 条 60 秒视频，带购物车链接',
    date: publish,
    expectedViews: 400_000,
  });
  await submitContent(s.ctx(people.specialist, s.ago(3)), {
    title: '新品种草：全网第一的保温黑科技',
    channel: 'xiaohongshu',
    text: '这是全网第一、口碑最佳的保温杯，24 小时保温，冬天出门必备！点击主页链接抢购。',
    brief: '小红书 KOC 种草笔记，周末发布',
  });
  return { approvals: 6, pending: 3 };
}

/** x rounded to a multiple of step, and at least one step. */
const roundTo = (x: number, step: number) => Math.max(step, Math.round(x / step) * step);
const SPEND_COUNT: Record<BudgetCategory, number> = { channel_ads: 12, campaigns: 6, content: 5 };

/** Whole-yuan parts of a total that add up to it exactly. */
function splitAmount(rng: Rng, total: number, n: number): number[] {
  const weights = Array.from({ length: n }, () => rng.between(0.6, 1.4));
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.slice(0, -1).map((w) => Math.floor((total * w) / sum));
  parts.push(total - parts.reduce((a, b) => a + b, 0));
  return parts;
}

/** Office-hours moments on days first..last, ascending and all before now. */
function spendTimes(
  rng: Rng,
  first: string,
  last: string,
  n: number,
  at: (date: string, hh: number, mm?: number) => Date,
  now: Date,
  tz: string,
): Date[] {
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  const startOfToday = startOfLocalDay(localDate(now, tz), tz).getTime();
  return Array.from({ length: n }, () => {
    const t = at(rng.pick(days), rng.int(10, 17), rng.int(0, 59));
    // `at` clamps to a minute before now; spread today's entries over the hours already gone instead.
    if (t.getTime() >= now.getTime() - MIN)
      return new Date(startOfToday + (now.getTime() - startOfToday) * rng.between(0.1, 0.9));
    return t;
  }).sort((a, b) => a.getTime() - b.getTime());
}

const AD_NOTES: Partial<Record<Channel, string>> = {
  douyin: '巨量千川 充值',
  xiaohongshu: '聚光 信息流投放',
  wechat_channels: '视频号 加热',
  baidu: '百度搜索推广',
  taobao: '万相台 / 直通车',
  jd: '京准通 推广',
  pinduoduo: '多多搜索 推广',
};
const CAMPAIGN_NOTES = ['直播间搭建', '赠品采购', '活动物料印刷', '主播坑位费', '满减补贴'];
const CONTENT_NOTES: [Channel, string][] = [
  ['xiaohongshu', '小红书笔记拍摄'],
  ['douyin', '短视频剪辑外包'],
  ['taobao', '产品主图精修'],
  ['wechat_official', '公众号推文排版'],
  ['xiaohongshu', '达人样品寄送'],
];

function spendLine(rng: Rng, category: BudgetCategory): { channel?: Channel; note: string } {
  if (category === 'channel_ads') {
    const channel = rng.pick(DEMO_CHANNELS.filter((p) => p.paid).map((p) => p.channel));
    return { channel, note: AD_NOTES[channel] ?? '投放' };
  }
  if (category === 'campaigns') return { note: rng.pick(CAMPAIGN_NOTES) };
  const [channel, note] = rng.pick(CONTENT_NOTES);
  return { channel, note };
}

interface DemoFeedback {
  input: {
    source: (typeof FEEDBACK_SOURCES)[number];
    category: (typeof FEEDBACK_CATEGORIES)[number];
    severity: (typeof FEEDBACK_SEVERITIES)[number];
    text: string;
  };
  /** Logged this many hours before now… */
  hoursAgo?: number;
  /** …or on this many days before today, at `hour` local. */
  daysAgo?: number;
  hour?: number;
  /** Hours after logging when it was acknowledged / resolved. */
  ackAfter?: number;
  ackNote?: string;
  resolveAfter?: number;
  resolveNote?: string;
}

const FEEDBACK: DemoFeedback[] = [
  {
    input: {
      source: 'review',
      category: 'product',
      severity: 'medium',
      text: '淘宝评价：杯盖密封圈有异味，洗了几次还在。',
    },
    daysAgo: 63,
    hour: 10,
    ackAfter: 2,
    ackNote: '已联系用户，寄送新密封圈',
    resolveAfter: 30,
    resolveNote: '补发密封圈，用户追评好评',
  },
  {
    input: {
      source: 'customer_service',
      category: 'logistics',
      severity: 'low',
      text: '用户反映快递三天未更新物流。',
    },
    daysAgo: 48,
    hour: 15,
    ackAfter: 1.5,
    resolveAfter: 20,
    resolveNote: '快递已派送，用户确认收货',
  },
  {
    input: {
      source: 'community',
      category: 'price',
      severity: 'medium',
      text: '社群老用户说会员日价格比直播间贵 10 元，觉得不公平。',
    },
    daysAgo: 38,
    hour: 20,
    ackAfter: 13,
    ackNote: '核实价格差异',
    resolveAfter: 40,
    resolveNote: '给会员补发 10 元无门槛券',
  },
  {
    input: {
      source: 'wecom',
      category: 'service',
      severity: 'high',
      text: '客户在企业微信投诉客服两天没回复退款申请，电话 13912345678。',
    },
    daysAgo: 27,
    hour: 9,
    ackAfter: 1,
    ackNote: '升级给客服主管',
    resolveAfter: 6,
    resolveNote: '已退款并致歉',
  },
  {
    input: { source: 'review', category: 'product', severity: 'low', text: '京东评价：颜色比图片暗一点。' },
    daysAgo: 19,
    hour: 14,
    ackAfter: 4,
    resolveAfter: 50,
    resolveNote: '详情页补充实拍图',
  },
  {
    input: {
      source: 'customer_service',
      category: 'product',
      severity: 'medium',
      text: '用户说保温 6 小时后水温只有 45℃，和宣传不符。',
    },
    daysAgo: 11,
    hour: 16,
    ackAfter: 3,
    ackNote: '请用户提供使用场景，安排质检复测',
    resolveAfter: 70,
    resolveNote: '复测合格，向用户说明预热方法，赠送杯套',
  },
  {
    input: {
      source: 'community',
      category: 'logistics',
      severity: 'medium',
      text: '社群里几位用户说周末闪购的订单还没发货。',
    },
    hoursAgo: 74,
    // Answered, but late: the 24 h clock had already run out.
    ackAfter: 30,
    ackNote: '仓库爆单，已加急',
  },
  {
    input: {
      source: 'review',
      category: 'service',
      severity: 'low',
      text: '拼多多评价：客服回复太机械，像机器人。',
    },
    hoursAgo: 30,
    ackAfter: 2,
    ackNote: '已反馈给客服培训',
  },
  {
    input: {
      source: 'community',
      category: 'product',
      severity: 'high',
      text: '社群用户晒图：新品杯盖漏水，要求退货，已有 5 人跟帖。',
    },
    hoursAgo: 26,
  },
  {
    input: {
      source: 'customer_service',
      category: 'logistics',
      severity: 'medium',
      text: '顺丰显示已签收但用户没收到，订单尾号 3321，联系电话 13812345678。',
    },
    hoursAgo: 51,
  },
  {
    input: {
      source: 'wecom',
      category: 'price',
      severity: 'low',
      text: '客户问直播间的赠品能不能补发给昨天下单的人。',
    },
    hoursAgo: 20,
  },
  {
    input: {
      source: 'review',
      category: 'product',
      severity: 'medium',
      text: '小红书评论：杯身有划痕，怀疑是二手。',
    },
    hoursAgo: 4,
  },
];
