import { describe, expect, it, vi } from 'vitest';
import {
  pngSize,
  renderTrendChart,
  renderTrendChartSvg,
  type TrendPoint,
} from '../../src/charts/trend-chart';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function fourteenDays(): TrendPoint[] {
  return Array.from({ length: 14 }, (_, i) => ({
    date: `2026-03-${String(i + 1).padStart(2, '0')}`,
    gmvFen: 12_000_000 + i * 1_234_567,
    spendFen: 3_000_000 + i * 150_000,
  }));
}

const labels = { gmv: 'GMV', spend: 'Spend' };

describe('renderTrendChart', () => {
  it('14 days of figures → a PNG of the default 800×400', async () => {
    const png = await renderTrendChart({ points: fourteenDays(), title: 'Last 14 days', labels });
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
  });

  it('custom size at scale 2 → exactly width×2 by height×2 pixels', async () => {
    const png = await renderTrendChart({ points: fourteenDays(), labels, width: 600, height: 300, scale: 2 });
    expect(pngSize(png)).toEqual({ width: 1200, height: 600 });
  });

  it('no points → a PNG of the requested size that says "no data"', async () => {
    const input = { points: [], title: 'GMV', labels: { ...labels, noData: 'No metrics yet' } };
    const png = await renderTrendChart(input);
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
    const svg = await renderTrendChartSvg(input);
    expect(svg).toContain('No metrics yet');
  });

  it('only unusable points (bad dates, NaN, Infinity) → the no-data chart, not an exception', async () => {
    const points = [
      { date: '2026-02-30', gmvFen: 1, spendFen: 1 },
      { date: 'yesterday', gmvFen: 1, spendFen: 1 },
      { date: '2026-03-01', gmvFen: Number.NaN, spendFen: Number.POSITIVE_INFINITY },
    ];
    const svg = await renderTrendChartSvg({ points, labels });
    expect(svg).toContain('No data');
    expect(pngSize(await renderTrendChart({ points, labels }))).toEqual({ width: 800, height: 400 });
  });

  it('one day only, identical legend labels → still renders at the default size', async () => {
    const png = await renderTrendChart({
      points: fourteenDays().slice(0, 1),
      labels: { gmv: 'X', spend: 'X' },
    });
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
  });

  it('axis labels are ASCII (MM-DD dates, K/M amounts) so no CJK font is needed for them', async () => {
    const svg = await renderTrendChartSvg({
      points: fourteenDays(),
      labels: { gmv: '成交额', spend: '花费' },
    });
    expect(svg).toMatch(/>03-01</);
    expect(svg).toMatch(/>\d+(\.\d)?K</);
    expect(svg).toContain('成交额');
    expect(svg).toContain('花费');
    expect(svg).toMatch(/^<svg[^>]*\swidth="800"[^>]*\sheight="400"/);
  });

  it('a date in a server time zone west of UTC → still labelled with its own day', async () => {
    // Dates are UTC timestamps internally; this guards against a local-time parse shifting them a day.
    vi.stubEnv('TZ', 'America/Los_Angeles');
    try {
      expect(new Date(Date.UTC(2026, 2, 1)).getDate()).toBe(28); // the stub really moved the clock west
      const svg = await renderTrendChartSvg({
        points: [{ date: '2026-03-01', gmvFen: 100, spendFen: 50 }],
        labels,
      });
      expect(svg).toMatch(/>03-01</);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('duplicate days are summed into one point per day', async () => {
    const points = [
      { date: '2026-03-02', gmvFen: 100_000_00, spendFen: 0 },
      { date: '2026-03-02', gmvFen: 50_000_00, spendFen: 0 },
      { date: '2026-03-01', gmvFen: 10_000_00, spendFen: 0 },
    ];
    const svg = await renderTrendChartSvg({ points, labels });
    // Each mark's aria-label carries its value: one summed point of ¥150,000 for 03-02.
    expect(svg).toContain('03-02; yuan: 150000; series: GMV');
    expect(svg).not.toContain('yuan: 100000;');
  });
});

describe('pngSize', () => {
  it('bytes that are not a PNG → throws a clear error', () => {
    expect(() => pngSize(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
  });

  it('a PNG inside a larger buffer (byteOffset > 0) → reads its own IHDR', async () => {
    const png = await renderTrendChart({ points: [], labels, width: 300, height: 200 });
    const padded = new Uint8Array(png.length + 5);
    padded.set(png, 5);
    expect(pngSize(padded.subarray(5))).toEqual({ width: 300, height: 200 });
  });
});
