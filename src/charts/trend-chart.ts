/**
 * The daily digest's trend chart: GMV and spend per day as a PNG, rendered without a browser
 * (vega-lite → vega View → SVG → resvg). Axis labels are ASCII on purpose (dates as MM-DD, amounts as
 * 12K / 1.2M) so the chart reads even on a machine without a CJK font; only the caller's title and legend
 * labels may need one.
 */
import { existsSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';

export interface TrendPoint {
  /** Calendar day, `YYYY-MM-DD`. */
  date: string;
  gmvFen: number;
  spendFen: number;
}

export interface TrendChartInput {
  /** One point per day; the caller chooses the window (the digest passes the last 14 days). */
  points: TrendPoint[];
  title?: string;
  /** CSS pixels; default 800. */
  width?: number;
  /** CSS pixels; default 400. */
  height?: number;
  /**
   * Pixel ratio, 1–3; default 1 (800 px already covers a Slack message at 2× on most screens). Whole numbers
   * only, so the PNG is exactly `width × scale` by `height × scale`.
   */
  scale?: number;
  /** Legend labels (already localised); `noData` is shown instead of lines when there is nothing to draw. */
  labels: { gmv: string; spend: string; noData?: string };
  /** Extra font files for resvg, e.g. a CJK font shipped with the app. */
  fontFiles?: string[];
}

export const DEFAULT_CHART_WIDTH = 800;
export const DEFAULT_CHART_HEIGHT = 400;

/** Where Debian/Ubuntu put common CJK fonts; any that exist are handed to resvg explicitly. */
export const CJK_FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];

// DejaVu first so Latin text and digits look the same everywhere; resvg falls back per glyph to the
// CJK fonts for Chinese legend labels and titles.
const FONT_STACK = 'DejaVu Sans, WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif';
const GMV_COLOR = '#2f6fb2';
const SPEND_COLOR = '#e8772e';
const DAY_MS = 86_400_000;

// Amounts are shown in yuan with K/M/B suffixes: ASCII, so no CJK font is needed for the axis.
const AMOUNT_LABEL_EXPR = [
  "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '.1~f') + 'B'",
  "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, '.1~f') + 'M'",
  "abs(datum.value) >= 1e3 ? format(datum.value / 1e3, '.1~f') + 'K'",
  "format(datum.value, '.2~f')",
].join(' : ');

type Libs = { vl: typeof import('vega-lite'); vega: typeof import('vega') };
let libs: Promise<Libs> | undefined;

// vega and vega-lite take ~200 ms to import; load them on the first chart, not at bot start.
function loadLibs(): Promise<Libs> {
  libs ??= Promise.all([import('vega-lite'), import('vega')]).then(([vl, vega]) => ({ vl, vega }));
  return libs;
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Parses `YYYY-MM-DD` to a UTC midnight timestamp; null for anything else or an impossible date. */
function dayToUtcMs(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

type Row = { t: number; series: string; yuan: number };

/** Cleans the caller's points: bad dates and non-finite amounts are skipped, repeated days are summed. */
function toRows(points: TrendPoint[], gmvLabel: string, spendLabel: string): Row[] {
  const byDay = new Map<number, { gmv: number | null; spend: number | null }>();
  for (const p of points ?? []) {
    const t = typeof p?.date === 'string' ? dayToUtcMs(p.date) : null;
    if (t === null) continue;
    const day = byDay.get(t) ?? { gmv: null, spend: null };
    if (Number.isFinite(p.gmvFen)) day.gmv = (day.gmv ?? 0) + p.gmvFen;
    if (Number.isFinite(p.spendFen)) day.spend = (day.spend ?? 0) + p.spendFen;
    byDay.set(t, day);
  }
  const rows: Row[] = [];
  for (const [t, day] of [...byDay].sort(([a], [b]) => a - b)) {
    // Fen → yuan as a float is fine here: it only positions pixels, it is never stored or summed again.
    if (day.gmv !== null) rows.push({ t, series: gmvLabel, yuan: day.gmv / 100 });
    if (day.spend !== null) rows.push({ t, series: spendLabel, yuan: day.spend / 100 });
  }
  return rows;
}

function baseSpec(width: number, height: number, title: string | undefined): Partial<TopLevelSpec> {
  return {
    width,
    height,
    // 'fit' + 'padding' makes the whole SVG exactly width × height, legend and title included.
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: 'white',
    ...(title ? { title: { text: title, limit: Math.max(50, width - 40), fontSize: 16 } } : {}),
    config: {
      font: FONT_STACK,
      view: { stroke: null },
      axis: { labelFontSize: 12, labelColor: '#444', gridColor: '#e6e6e6', domainColor: '#999' },
      legend: { labelFontSize: 13, labelLimit: Math.max(80, Math.floor(width / 3)) },
    },
  };
}

function lineSpec(rows: Row[], input: TrendChartInput, width: number, height: number): TopLevelSpec {
  const { gmv, spend } = seriesLabels(input);
  const days = new Set(rows.map((r) => r.t)).size;
  const minT = Math.min(...rows.map((r) => r.t));
  const maxT = Math.max(...rows.map((r) => r.t));
  return {
    ...baseSpec(width, height, input.title),
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2.5, point: days <= 31 ? { size: 36 } : false },
    encoding: {
      x: {
        field: 't',
        type: 'temporal',
        timeUnit: 'utcyearmonthdate',
        // Pad a single day on both sides so one point does not sit on a zero-width domain.
        ...(minT === maxT ? { scale: { domain: [minT - DAY_MS, maxT + DAY_MS] } } : {}),
        axis: {
          title: null,
          format: '%m-%d',
          labelAngle: 0,
          grid: false,
          tickCount: { interval: 'day', step: Math.max(1, Math.ceil(days / 14)) },
        },
      },
      y: {
        field: 'yuan',
        type: 'quantitative',
        axis: { title: null, labelExpr: AMOUNT_LABEL_EXPR, tickCount: 6 },
      },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: [gmv, spend], range: [GMV_COLOR, SPEND_COLOR] },
        legend: { title: null, orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 3 },
      },
    },
  } as TopLevelSpec;
}

function noDataSpec(input: TrendChartInput, width: number, height: number): TopLevelSpec {
  return {
    ...baseSpec(width, height, input.title),
    data: { values: [{ message: input.labels?.noData || 'No data' }] },
    mark: { type: 'text', fontSize: 20, color: '#888', limit: width - 40 },
    encoding: {
      text: { field: 'message', type: 'nominal' },
      x: { value: width / 2 },
      y: { value: height / 2 },
    },
  } as TopLevelSpec;
}

/** The two legend labels, made distinct: the colour scale needs two different domain values. */
function seriesLabels(input: TrendChartInput): { gmv: string; spend: string } {
  const gmv = input.labels?.gmv || 'GMV';
  let spend = input.labels?.spend || 'Spend';
  if (spend === gmv) spend = `${spend} `;
  return { gmv, spend };
}

/** Forces the root `<svg>` to exactly width × height so the PNG size never depends on vega's layout. */
function pinSvgSize(svg: string, width: number, height: number): string {
  return svg.replace(/^<svg\b[^>]*>/, (tag) => {
    const w = /\swidth="([\d.]+)"/.exec(tag)?.[1];
    const h = /\sheight="([\d.]+)"/.exec(tag)?.[1];
    if (Number(w) === width && Number(h) === height) return tag;
    const viewBox = /\sviewBox="[^"]*"/.test(tag) ? '' : ` viewBox="0 0 ${w ?? width} ${h ?? height}"`;
    return tag
      .replace(/\swidth="[^"]*"/, ` width="${width}"`)
      .replace(/\sheight="[^"]*"/, ` height="${height}"`)
      .replace(/>$/, `${viewBox}>`);
  });
}

function fontFiles(extra: string[] | undefined): string[] {
  return [...CJK_FONT_CANDIDATES, ...(extra ?? [])].filter((f) => existsSync(f));
}

/** Renders the chart as an SVG string of exactly width × height (the step before rasterising). */
export async function renderTrendChartSvg(input: TrendChartInput): Promise<string> {
  const width = clampInt(input.width, DEFAULT_CHART_WIDTH, 200, 4000);
  const height = clampInt(input.height, DEFAULT_CHART_HEIGHT, 120, 4000);
  const { gmv, spend } = seriesLabels(input);
  const rows = toRows(input.points, gmv, spend);
  const spec = rows.length > 0 ? lineSpec(rows, input, width, height) : noDataSpec(input, width, height);

  const { vl, vega } = await loadLibs();
  // Warnings (e.g. dropped properties) are not actionable at run time and would spam the bot's stdout.
  const compiled = vl.compile(spec, { logger: vega.logger(vega.Error) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return pinSvgSize(await view.toSVG(), width, height);
  } finally {
    view.finalize();
  }
}

/**
 * Renders GMV and spend per day as a line chart PNG of exactly `width × scale` by `height × scale` pixels.
 * Never throws for bad data: empty or unusable points give a chart that says "no data".
 */
export async function renderTrendChart(input: TrendChartInput): Promise<Uint8Array> {
  const svg = await renderTrendChartSvg(input);
  const scale = clampInt(input.scale, 1, 1, 3);
  // resvg is a native module; like vega it loads with the first chart, not at bot start.
  const { renderAsync } = await import('@resvg/resvg-js');
  const png = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, fontFiles: fontFiles(input.fontFiles), defaultFontFamily: 'DejaVu Sans' },
    logLevel: 'off',
  });
  return new Uint8Array(png.asPng());
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads width and height from a PNG's IHDR chunk; throws if the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const isPng =
    bytes.length >= 24 &&
    PNG_SIGNATURE.every((b, i) => bytes[i] === b) &&
    String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (!isPng) throw new Error('not a PNG: missing signature or IHDR chunk');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}
