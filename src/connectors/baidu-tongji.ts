/**
 * 百度统计 (Baidu Tongji) → channel `website`, through the OAuth API on openapi.baidu.com.
 *
 * - Auth: OAuth 2.0. Baidu gives a 30-day access token and a refresh token that is used up by every refresh
 *   (the answer carries a new one). The pair is therefore stored, sealed with MOPS_SECRET_KEY
 *   (connector_state.tokens), refreshed under a row lock so two processes never spend the same refresh
 *   token, and refreshed once more when a call answers 110/111. BAIDU_TONGJI_REFRESH_TOKEN seeds it; setting
 *   a new one there (after re-authorizing) replaces whatever was stored.
 * - Call: `GET rest/2.0/tongji/report/getData` with `method=trend/time/a`, `gran=day`, metrics
 *   `pv_count,visitor_count,visit_count,bounce_ratio`, 20 days per call (one page of the report).
 * - Mapping: `uv` = visitor_count, `pv` = pv_count, `sessions` = visit_count, `bounces` =
 *   round(visit_count × bounce_ratio ÷ 100) (Baidu gives the ratio in percent), so the digest's bounce rate
 *   (bounces ÷ sessions) reproduces Baidu's. avg_visit_time has no field in mopsbot and is not pulled. A day
 *   Baidu shows as "--" has no figures and is left out.
 */
import { z } from 'zod';
import { getConnectorState, lockConnectorState, putTokens } from '../../db/queries/connectors';
import type { Http } from './http';
import { fingerprint, seal, unseal } from './seal';
import {
  type Connector,
  ConnectorError,
  clampTo,
  count,
  type DayRange,
  type PullContext,
  type PulledRow,
  shapeError,
  splitRange,
} from './types';

export const SOURCE = 'baidu_tongji';
const SPAN_DAYS = 20;
const METRICS = ['pv_count', 'visitor_count', 'visit_count', 'bounce_ratio'] as const;
/** Refresh this long before Baidu says the access token expires. */
const REFRESH_MARGIN_MS = 24 * 3_600_000;

export interface BaiduCreds {
  siteId: string;
  apiKey: string;
  secretKey: string;
  refreshToken: string;
  apiBase: string;
}

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  /** Fingerprint of the env refresh token these descend from. */
  seed: string;
}

/** Baidu Open API error codes (error_code) and what they mean for the reader. */
const ERRORS: Record<number, { kind: ConnectorError['kind']; key: string }> = {
  1: { kind: 'unavailable', key: 'err.baidu.busy' },
  2: { kind: 'unavailable', key: 'err.baidu.busy' },
  4: { kind: 'rate', key: 'err.baidu.rate' },
  18: { kind: 'rate', key: 'err.baidu.rate' },
  17: { kind: 'quota', key: 'err.baidu.quota' },
  19: { kind: 'quota', key: 'err.baidu.quota' },
  5: { kind: 'auth', key: 'err.baidu.ip' },
  6: { kind: 'auth', key: 'err.baidu.permission' },
  100: { kind: 'api', key: 'err.baidu.param' },
};
/** Access token invalid (110) or expired (111): refresh once and call again. */
const TOKEN_ERRORS = new Set([110, 111]);

function apiError(code: number, msg: unknown): ConnectorError {
  const known = ERRORS[code];
  const params = {
    source: SOURCE,
    path: 'report/getData',
    errcode: code,
    errmsg: String(msg ?? '').slice(0, 80),
  };
  return known
    ? new ConnectorError(known.kind, known.key, params)
    : new ConnectorError('api', 'err.api', params);
}

async function refresh(creds: BaiduCreds, http: Http, refreshToken: string, nowMs: number, seed: string) {
  const { body } = await http.retry(() =>
    http.request('GET', `${creds.apiBase}/oauth/2.0/token`, {
      query: {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: creds.apiKey,
        client_secret: creds.secretKey,
      },
    }),
  );
  const b = body as {
    access_token?: unknown;
    refresh_token?: unknown;
    expires_in?: unknown;
    error?: unknown;
  };
  if (typeof b?.error === 'string') {
    throw new ConnectorError('auth', 'err.baidu.refresh', { source: SOURCE, error: b.error.slice(0, 40) });
  }
  if (typeof b?.access_token !== 'string' || !b.access_token)
    throw shapeError(SOURCE, 'access_token', b?.access_token);
  if (typeof b.refresh_token !== 'string' || !b.refresh_token)
    throw shapeError(SOURCE, 'refresh_token', b.refresh_token);
  const ttl = typeof b.expires_in === 'number' ? b.expires_in : 2_592_000;
  return { accessToken: b.access_token, refreshToken: b.refresh_token, expiresAt: nowMs + ttl * 1000, seed };
}

/** A usable access token: the stored one, or a refresh under the state row's lock (`rejected`: it failed). */
async function accessToken(
  creds: BaiduCreds,
  http: Http,
  ctx: PullContext,
  rejected?: string,
): Promise<string> {
  const key = ctx.secretKey;
  if (!key) throw new ConnectorError('config', 'err.baidu.secret_key', { source: SOURCE });
  const seed = fingerprint(creds.refreshToken);
  const nowMs = ctx.now.getTime();
  const usable = (t: StoredTokens | undefined) =>
    t && t.seed === seed && t.expiresAt - REFRESH_MARGIN_MS > nowMs && t.accessToken !== rejected
      ? t
      : undefined;
  const stored = (await getConnectorState(ctx.db, SOURCE))?.tokens;
  const quick = usable(stored ? unseal<StoredTokens>(key, stored) : undefined);
  if (quick) return quick.accessToken;
  return ctx.db.transaction(async (tx) => {
    const row = await lockConnectorState(tx, SOURCE, ctx.now);
    const current = row.tokens ? unseal<StoredTokens>(key, row.tokens) : undefined;
    // Another process may have refreshed while we waited for the lock.
    const fresh = usable(current);
    if (fresh) return fresh.accessToken;
    const from = current?.seed === seed ? current.refreshToken : creds.refreshToken;
    const next = await refresh(creds, http, from, nowMs, seed);
    await putTokens(tx, SOURCE, seal(key, next), ctx.now);
    return next.accessToken;
  });
}

interface TrendResult {
  fields?: unknown;
  items?: unknown;
  total?: unknown;
}

async function getData(
  creds: BaiduCreds,
  http: Http,
  ctx: PullContext,
  range: DayRange,
): Promise<TrendResult> {
  const ymd = (d: string) => d.replaceAll('-', '');
  const call = (token: string) =>
    http.retry(async () => {
      const { body } = await http.request('GET', `${creds.apiBase}/rest/2.0/tongji/report/getData`, {
        query: {
          access_token: token,
          site_id: creds.siteId,
          method: 'trend/time/a',
          start_date: ymd(range.from),
          end_date: ymd(range.to),
          metrics: METRICS.join(','),
          gran: 'day',
        },
      });
      const b = body as { error_code?: unknown; error_msg?: unknown; result?: TrendResult };
      const code = Number(b?.error_code);
      if (b?.error_code !== undefined && !TOKEN_ERRORS.has(code)) throw apiError(code, b.error_msg);
      return b;
    });
  let token = await accessToken(creds, http, ctx);
  let body = await call(token);
  if (body.error_code !== undefined) {
    token = await accessToken(creds, http, ctx, token);
    body = await call(token);
    if (body.error_code !== undefined) throw apiError(Number(body.error_code), body.error_msg);
  }
  if (!body.result || typeof body.result !== 'object') throw shapeError(SOURCE, 'result', body.result);
  return body.result;
}

/** One figure cell: a number, or "--" (no data) as undefined. */
function cell(field: string, v: unknown): number | undefined {
  if (v === '--' || v === null) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
    throw shapeError(SOURCE, `result.items[1][].${field}`, v);
  return n;
}

/** Rows of one getData answer (see the file header for the mapping). */
export function trendRows(result: TrendResult, range: DayRange): PulledRow[] {
  const fields = result.fields;
  if (!Array.isArray(fields) || fields[0] !== 'simple_date_title')
    throw shapeError(SOURCE, 'result.fields', fields);
  const col = (m: string) => {
    const i = fields.indexOf(m);
    if (i < 1) throw shapeError(SOURCE, `result.fields.${m}`, undefined);
    return i - 1;
  };
  const items = result.items;
  if (!Array.isArray(items) || !Array.isArray(items[0]) || !Array.isArray(items[1])) {
    throw shapeError(SOURCE, 'result.items', items);
  }
  const [dates, values] = items as [unknown[], unknown[]];
  if (typeof result.total === 'number' && result.total > dates.length) {
    throw shapeError(SOURCE, 'result.total', `${result.total} > ${dates.length}`);
  }
  const rows: PulledRow[] = [];
  dates.forEach((d, i) => {
    const raw = Array.isArray(d) ? d[0] : d;
    const m = typeof raw === 'string' ? raw.match(/^(\d{4})\/(\d{2})\/(\d{2})$/) : null;
    if (!m) throw shapeError(SOURCE, 'result.items[0][]', raw);
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    if (date < range.from || date > range.to) return;
    const v = values[i];
    if (!Array.isArray(v)) throw shapeError(SOURCE, 'result.items[1][]', v);
    const pv = cell('pv_count', v[col('pv_count')]);
    const uv = cell('visitor_count', v[col('visitor_count')]);
    const sessions = cell('visit_count', v[col('visit_count')]);
    const ratio = cell('bounce_ratio', v[col('bounce_ratio')]);
    if (pv === undefined && uv === undefined && sessions === undefined) return;
    const row: PulledRow = { date, channel: 'website', source: SOURCE };
    if (pv !== undefined) row.pv = count(SOURCE, 'pv_count', pv);
    if (uv !== undefined) row.uv = count(SOURCE, 'visitor_count', uv);
    if (sessions !== undefined) {
      row.sessions = count(SOURCE, 'visit_count', sessions);
      if (ratio !== undefined) row.bounces = Math.round((sessions * Math.min(ratio, 100)) / 100);
    }
    rows.push(row);
  });
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}

export const baiduTongji: Connector<BaiduCreds> = {
  id: SOURCE,
  label: { 'zh-CN': '百度统计', en: 'Baidu Tongji' },
  channels: ['website'],
  intraday: true,
  chunkDays: SPAN_DAYS,
  finalAfterHour: 1,
  env: {
    BAIDU_TONGJI_SITE_ID: z.string().optional(),
    BAIDU_TONGJI_API_KEY: z.string().optional(),
    BAIDU_TONGJI_SECRET_KEY: z.string().optional(),
    BAIDU_TONGJI_REFRESH_TOKEN: z.string().optional(),
    BAIDU_TONGJI_API_BASE: z.url('must be a URL').default('https://openapi.baidu.com'),
  },
  secretEnv: ['BAIDU_TONGJI_SECRET_KEY', 'BAIDU_TONGJI_REFRESH_TOKEN'],
  configure(env) {
    const names = [
      'BAIDU_TONGJI_SITE_ID',
      'BAIDU_TONGJI_API_KEY',
      'BAIDU_TONGJI_SECRET_KEY',
      'BAIDU_TONGJI_REFRESH_TOKEN',
    ];
    const v = Object.fromEntries(names.map((n) => [n, (env[n] as string | undefined)?.trim() || undefined]));
    const given = names.filter((n) => v[n]);
    if (given.length === 0) return { problems: [] };
    const problems = names
      .filter((n) => !v[n])
      .map((n) => `${n}: is required when any BAIDU_TONGJI_* variable is set`);
    if (!env.MOPS_SECRET_KEY) {
      problems.push(
        'MOPS_SECRET_KEY: is required with BAIDU_TONGJI_* (Baidu rotates its refresh token; it is stored sealed)',
      );
    }
    const [siteId, apiKey, secretKey, refreshToken] = names.map((n) => v[n]);
    // No problem means every name was given.
    if (problems.length || !siteId || !apiKey || !secretKey || !refreshToken) return { problems };
    return {
      problems: [],
      creds: {
        siteId,
        apiKey,
        secretKey,
        refreshToken,
        apiBase: String(env.BAIDU_TONGJI_API_BASE).replace(/\/+$/, ''),
      },
    };
  },
  async pull(range, creds, http, ctx) {
    const r = clampTo(range, ctx.today);
    if (!r) return [];
    const rows: PulledRow[] = [];
    for (const piece of splitRange(r, SPAN_DAYS)) {
      rows.push(...trendRows(await getData(creds, http, ctx, piece), piece));
    }
    return rows;
  },
};
