/** `/mops settings connectors` and the digest's source line from hand-made runs: no database. The command end to end is in test/jobs/metrics-pull.test.ts. */
import { describe, expect, it } from 'vitest';
import { connectorAlertCard, connectorsCard } from '../../../src/chat/cards/connectors';
import { sourceNotes } from '../../../src/chat/cards/digest-kit';
import type { ConnectorRow } from '../../../src/domain/connectors';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

const ga4: ConnectorRow = {
  id: 'ga4',
  label: { 'zh-CN': 'Google Analytics 4', en: 'Google Analytics 4' },
  channels: ['website', 'google'],
  configured: true,
  status: {
    lastSuccessAt: at('2026-11-26T08:30:00'),
    lastRunAt: at('2026-11-27T09:15:00'),
    lastOk: false,
    lastError: { key: 'err.http_429', params: { source: 'ga4', path: '/runReport' } },
    failuresInARow: 3,
  },
};
const baidu: ConnectorRow = {
  id: 'baidu_tongji',
  label: { 'zh-CN': '百度统计', en: 'Baidu Tongji' },
  channels: ['baidu'],
  configured: false,
};

const view = (over: Partial<Parameters<typeof connectorsCard>[1]> = {}) => ({
  tz: TZ,
  now: at('2026-11-27T09:20:00'),
  nextPull: at('2026-11-27T10:15:00'),
  sources: [ga4, baidu],
  settings: { metricsPrefer: 'manual' as const, ga4ChannelMap: undefined },
  ...over,
});

describe('connectorsCard (pure)', () => {
  it('a failing source: last success, the last error in words, failures in a row and the next run', () => {
    const card = connectorsCard('en', view());
    expect(card.sections?.[0]?.heading).toBe('Google Analytics 4 · ga4');
    const lines = card.sections?.[0]?.lines ?? [];
    expect(lines[0]).toBe('configured');
    // Channel names, not codes, listed the English way.
    expect(lines[1]).toBe('Fills: Website, Google');
    expect(lines[2]).toBe('Last success: 11-26 08:30');
    expect(lines[3]).toMatch(/^Last error \(11-27 09:15\): Google Analytics 4: \/runReport .*429/);
    expect(lines[4]).toContain('3');
    expect(lines.at(-1)).toBe('Next run: 11-27 10:15');
  });

  it('the channels a source fills are listed with 、 in Chinese and a comma in English', () => {
    expect(connectorsCard('zh-CN', view()).sections?.[0]?.lines[1]).toBe('填充渠道：官网、谷歌');
    expect(connectorsCard('en', view()).sections?.[0]?.lines[1]).toBe('Fills: Website, Google');
  });

  it('a source without configuration and without runs says only that, with the channels it would fill', () => {
    const card = connectorsCard('zh-CN', view());
    expect(card.sections?.[1]?.heading).toBe('百度统计 · baidu_tongji');
    expect(card.sections?.[1]?.lines).toHaveLength(2);
    expect(card.sections?.[1]?.lines[1]).toContain('百度');
  });

  it('GA4’s channel mapping is listed by channel name, and the source order setting is said', () => {
    const card = connectorsCard(
      'en',
      view({ settings: { metricsPrefer: 'pulled', ga4ChannelMap: { 'Organic Search/bing': 'google' } } }),
    );
    expect(card.sections?.[0]?.lines.at(-1)).toContain('Organic Search/bing → Google');
    expect(card.context?.[0]).not.toBe(connectorsCard('en', view()).context?.[0]);
  });
});

describe('a source that keeps failing', () => {
  it('alerts by the source’s name with the error in words, mentioning the admins', () => {
    const card = connectorAlertCard('zh-CN', {
      source: 'ga4',
      error: 'Google Analytics 4 限流（HTTP 429），稍后会自动重试。',
      failures: 3,
      admins: ['slack:U0ADMIN', 'console:chenjing'],
    });
    expect(card.title).toBe('数据拉取连续失败：谷歌 Analytics (GA4)');
    expect(card.text).toContain('已连续 3 次拉取失败');
    expect(card.text).toContain('HTTP 429');
    expect(card.text).not.toContain('ga4');
    expect(card.mentions).toEqual([
      { platform: 'slack', userId: 'U0ADMIN' },
      { platform: 'console', userId: 'chenjing' },
    ]);
    expect(connectorAlertCard('en', { source: 'ga4', error: 'x', failures: 3, admins: [] }).title).toBe(
      'Metrics pull keeps failing: Google Analytics 4',
    );
  });
});

describe('the digest’s source line (sourceNotes, pure)', () => {
  it('two sources of one channel are listed the locale’s way, each with its time', () => {
    const facts = {
      pulled: [{ channel: 'website', sources: ['baidu_tongji', 'ga4'], handLogged: false }],
      asOf: new Map([
        ['baidu_tongji', at('2026-11-26T08:30:00')],
        ['ga4', at('2026-11-26T08:15:00')],
      ]),
      missing: [],
    };
    const now = at('2026-11-26T09:00:00');
    expect(sourceNotes(facts, 'en', TZ, now).byChannel.get('website')).toBe(
      'Source: Baidu Tongji (as of 08:30), Google Analytics 4 (as of 08:15)',
    );
    expect(sourceNotes(facts, 'zh-CN', TZ, now).byChannel.get('website')).toBe(
      '来源：百度统计（截至 08:30）、谷歌 Analytics (GA4)（截至 08:15）',
    );
  });
});
