/**
 * A small, fixed marketing month for the digest tests: October and November 2026 channel figures for four
 * channels, November budget and spend, three campaigns, feedback, incidents and approvals. Every number is
 * a formula of the day, so snapshots are stable on both drivers.
 */
import type { Db } from '../../db/client';
import {
  approvals,
  budgetPlans,
  campaigns,
  channelMetrics,
  type Feedback,
  feedbacks,
  incidents,
  type NewChannelMetric,
  type NewFeedback,
  spendEntries,
  targets,
} from '../../db/schema';
import type { Card } from '../../src/chat/card';
import type { StoredCard } from '../../src/chat/card-codec';
import { addDays } from '../../src/domain/dates';

const by = 'slack:USEED';
const at = (iso: string) => new Date(iso);
/** A local (Asia/Shanghai) wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

function dayRows(date: string, scale: number): NewChannelMetric[] {
  const i = Number(date.slice(8, 10));
  const r = (x: number) => Math.round(x * scale);
  const base = { date, updatedAt: at('2026-11-26T00:00:00Z'), updatedBy: by };
  // Douyin jumps on the 25th: GMV +40%, so the daily digest has changes to flag.
  const spike = date === '2026-11-25' ? 1.4 : 1;
  return [
    {
      ...base,
      channel: 'douyin',
      uv: r(10_000 + 100 * i),
      pv: r(30_000 + 300 * i),
      impressions: r(200_000 + 1000 * i),
      clicks: r(4000 + 50 * i),
      orders: r((300 + 5 * i) * spike),
      buyers: r((280 + 5 * i) * spike),
      gmvFen: r((300 + 5 * i) * 15_000 * spike),
      spendFen: r(1_200_000 + 10_000 * i),
      newUsers: r(100 + i),
    },
    {
      ...base,
      channel: 'taobao',
      uv: r(8000 + 50 * i),
      pv: r(24_000 + 100 * i),
      orders: r(200 + 2 * i),
      buyers: r(190 + 2 * i),
      gmvFen: r((200 + 2 * i) * 20_000),
      spendFen: r(800_000 + 5000 * i),
      newUsers: r(60 + i),
    },
    {
      ...base,
      channel: 'xiaohongshu',
      uv: r(5000 + 20 * i),
      pv: r(12_000 + 50 * i),
      impressions: r(150_000 + 500 * i),
      clicks: r(2500 + 10 * i),
      orders: r(40 + i),
      buyers: r(40 + i),
      gmvFen: r((40 + i) * 12_000),
      spendFen: r(600_000),
      newUsers: r(30),
    },
    {
      ...base,
      channel: 'website',
      uv: r(3000 + 30 * i),
      pv: r(9000 + 60 * i),
      orders: r(20),
      buyers: r(20),
      gmvFen: r(20 * 18_000),
      newUsers: r(10),
    },
  ];
}

/** Seed the fixed dataset; metrics run from 2026-10-01 through `lastMetricsDay` (default 2026-11-30). */
export async function seedDigestData(db: Db, opts: { lastMetricsDay?: string } = {}): Promise<void> {
  const last = opts.lastMetricsDay ?? '2026-11-30';
  const rows: NewChannelMetric[] = [];
  // October at 80% of November's pace, so month-on-month growth is visible.
  for (let d = '2026-10-01'; d <= last; d = addDays(d, 1))
    rows.push(...dayRows(d, d < '2026-11-01' ? 0.8 : 1));
  await db.insert(channelMetrics).values(rows);

  await db.insert(budgetPlans).values(
    [
      ['channel_ads', 10_000_000],
      ['campaigns', 6_000_000],
      ['content', 4_000_000],
    ].map(([category, planFen]) => ({
      month: '2026-11',
      category: category as string,
      planFen: planFen as number,
      updatedAt: at('2026-11-01T01:00:00Z'),
      updatedBy: by,
    })),
  );

  const [live, reviewed, ended] = await db
    .insert(campaigns)
    .values([
      {
        code: 'CMP-1',
        name: '双11 返场 Encore',
        type: 'promotion',
        channels: ['douyin', 'taobao'],
        startDate: '2026-11-20',
        endDate: '2026-11-30',
        budgetFen: 5_000_000,
        owner: 'slack:UOWNER',
        targetGmvFen: 200_000_000,
        targetRoi: '3',
        status: 'live',
        createdBy: by,
        createdAt: at('2026-11-15T02:00:00Z'),
      },
      {
        code: 'CMP-2',
        name: '新品上市 Launch',
        type: 'launch',
        channels: ['xiaohongshu'],
        startDate: '2026-11-01',
        endDate: '2026-11-14',
        budgetFen: 8_000_000,
        owner: 'slack:UOWNER',
        targetGmvFen: 40_000_000,
        targetRoi: '3',
        status: 'reviewed',
        endedAt: sh('2026-11-15T00:00:00'),
        retroDueAt: sh('2026-11-18T23:59:59'),
        retroAt: sh('2026-11-17T14:00:00'),
        retroBy: 'slack:UOWNER',
        retroRoi: '3.5',
        retroGmvFen: 42_000_000,
        retroNotes: 'Good launch',
        createdBy: by,
        createdAt: at('2026-10-20T02:00:00Z'),
      },
      {
        code: 'CMP-3',
        name: '社群裂变 Referral',
        type: 'referral',
        channels: ['wecom_community'],
        startDate: '2026-11-10',
        endDate: '2026-11-19',
        budgetFen: 2_000_000,
        owner: 'slack:UOWNER',
        targetNewUsers: 2000,
        status: 'ended',
        endedAt: sh('2026-11-20T00:00:00'),
        retroDueAt: sh('2026-11-25T23:59:59'),
        createdBy: by,
        createdAt: at('2026-11-05T02:00:00Z'),
      },
    ])
    .returning();

  const spend = (spentOn: string, category: string, amountFen: number, campaignId: number | null = null) => ({
    spentOn,
    month: spentOn.slice(0, 7),
    category,
    channel: category === 'channel_ads' ? 'douyin' : null,
    campaignId,
    amountFen,
    createdBy: by,
    createdAt: sh(`${spentOn}T12:00:00`),
  });
  await db
    .insert(spendEntries)
    .values([
      spend('2026-11-10', 'channel_ads', 9_500_000),
      spend('2026-11-21', 'campaigns', 2_000_000, live!.id),
      spend('2026-11-05', 'campaigns', 1_000_000, reviewed!.id),
      spend('2026-11-12', 'content', 4_500_000),
      spend('2026-11-15', 'campaigns', 500_000, ended!.id),
    ]);

  const fb = (
    code: string,
    category: Feedback['category'],
    severity: Feedback['severity'],
    text: string,
    created: string,
    ackedAfterHours: number | null,
  ): NewFeedback => {
    const createdAt = sh(created);
    const dueAt = new Date(createdAt.getTime() + 24 * 3600_000);
    const ackedAt =
      ackedAfterHours === null ? null : new Date(createdAt.getTime() + ackedAfterHours * 3600_000);
    return {
      code,
      source: 'community',
      category,
      severity,
      text,
      status: ackedAt ? 'acknowledged' : 'open',
      reporter: 'slack:UREP',
      createdAt,
      dueAt,
      ackedAt,
      ackedBy: ackedAt ? 'slack:UREP' : null,
    };
  };
  await db
    .insert(feedbacks)
    .values([
      fb('FB-1', 'product', 'medium', 'Old item from the week before', '2026-11-10T10:00:00', 2),
      fb('FB-2', 'service', 'low', 'Another old one', '2026-11-12T10:00:00', 30),
      fb(
        'FB-3',
        'product',
        'high',
        '包装易漏，收到时洗发水漏了一半 (bottle leaks in transit)',
        '2026-11-16T10:00:00',
        3,
      ),
      fb('FB-4', 'logistics', 'medium', 'Delivery to Chengdu took nine days', '2026-11-17T09:00:00', 20),
      fb('FB-5', 'product', 'low', 'Wants a travel-size version', '2026-11-18T15:00:00', 30),
      fb('FB-6', 'price', 'medium', 'Coupon did not apply at checkout', '2026-11-20T11:00:00', null),
    ]);

  await db.insert(incidents).values([
    {
      code: 'INC-1',
      platform: 'weibo',
      severity: 'high',
      summary: 'Complaint thread about leaking bottles',
      status: 'reported',
      owner: 'slack:UPR',
      createdAt: sh('2026-11-18T10:00:00'),
      responseDueAt: sh('2026-11-18T12:00:00'),
      respondedAt: sh('2026-11-18T11:00:00'),
      closedAt: sh('2026-11-19T10:00:00'),
      reportDueAt: sh('2026-11-23T23:59:59'),
      reportedAt: sh('2026-11-20T10:00:00'),
    },
    {
      code: 'INC-2',
      platform: 'xiaohongshu',
      severity: 'medium',
      summary: 'Influencer post questioning ingredients',
      status: 'open',
      owner: 'slack:UPR',
      createdAt: sh('2026-11-21T10:00:00'),
      responseDueAt: sh('2026-11-21T12:00:00'),
    },
  ]);

  await db.insert(approvals).values([
    {
      code: 'APR-1',
      kind: 'content',
      status: 'approved',
      title: 'Winter launch note',
      requester: 'slack:UREP',
      details: { channel: 'xiaohongshu', text: 'Hello winter' },
      findings: [],
      createdAt: sh('2026-11-17T10:00:00'),
      decidedAt: sh('2026-11-17T15:00:00'),
      decidedBy: 'slack:UAPP',
    },
    {
      code: 'APR-2',
      kind: 'kol_deal',
      status: 'approved',
      title: 'KOL Lily',
      requester: 'slack:UREP',
      details: {
        name: 'Lily',
        platform: 'douyin',
        followers: 500_000,
        feeFen: 1_000_000,
        deliverables: '1 video',
        date: '2026-11-06',
        budget: {
          month: '2026-11',
          category: 'kol',
          planFen: null,
          spentFen: 0,
          feeFen: 1_000_000,
          usageAfter: null,
          level: 'no_plan',
        },
      },
      findings: [],
      createdAt: sh('2026-11-02T10:00:00'),
      decidedAt: sh('2026-11-03T10:00:00'),
      decidedBy: 'slack:UAPP',
      result: {
        views: 300_000,
        engagements: 12_000,
        gmvFen: 3_500_000,
        recordedAt: sh('2026-11-19T10:00:00').toISOString(),
        recordedBy: 'slack:UREP',
      },
    },
  ]);
}

/** A card as the plain text a reader sees (title, text, sections, context), for snapshots; image bytes left out. */
/** November 2026's targets as `/target set 2026 …` would leave them (GMV, new users, UV growth, ROI). */
export async function seedTargets(db: Db): Promise<void> {
  const base = { month: '2026-11', planKey: '2026', updatedAt: at('2026-11-01T00:00:00Z'), updatedBy: by };
  await db.insert(targets).values([
    { ...base, metric: 'gmv', value: 1_000_000_000, weighting: 'last_year' },
    { ...base, metric: 'new_users', value: 8000, weighting: 'last_year' },
    { ...base, metric: 'uv_growth', value: 2000, weighting: 'same' },
    { ...base, metric: 'roi', value: 300, weighting: 'same' },
  ]);
}

export function cardText(card: Card | StoredCard): string {
  const out = [`# ${card.title}`];
  if (card.text) out.push(card.text);
  for (const f of card.fields ?? []) out.push(`${f.label}: ${f.value}`);
  for (const s of card.sections ?? []) out.push('', ...(s.heading ? [`## ${s.heading}`] : []), ...s.lines);
  if (card.image) out.push('', `[image: ${card.image.alt}]`);
  if (card.context?.length) out.push('', ...card.context.map((c) => `> ${c}`));
  return out.join('\n');
}
