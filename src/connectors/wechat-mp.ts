/**
 * 微信公众号 datacube (WeChat Official Account analytics) → channel `wechat_official`.
 *
 * - Auth: the stable access token (`POST cgi-bin/stable_token`, normal mode), cached per AppID until five
 *   minutes before it expires, fetched once for concurrent callers (single flight), and fetched again once
 *   when a call answers 40001/40014/42001.
 * - Calls (POST, body `{begin_date, end_date}`): `datacube/getusersummary` and `datacube/getusercumulate`
 *   span at most 7 days per call, `datacube/getarticlesummary` 1 day; yesterday is the latest day (WeChat
 *   finishes a day's figures by 08:00). A 365-day backfill is 53 + 53 + 365 = 471 calls.
 * - Mapping: `followers` = cumulate_user; `new_users` = Σ new_user over every user_source (new followers
 *   that day, gross: the net change is negative on a bad day, which no count field accepts, and CAC needs
 *   the people gained; the net change is the difference of two days' `followers`); `pv` = Σ
 *   int_page_read_count (article reads). A day counts once getusercumulate has it; a day it does not have
 *   yet is left out (no zeros).
 */
import { z } from 'zod';
import { addDays } from '../domain/dates';
import type { Http } from './http';
import {
  type Connector,
  ConnectorError,
  clampTo,
  count,
  type DayRange,
  type PulledRow,
  shapeError,
  splitRange,
} from './types';

export const SOURCE = 'wechat_mp';
const USER_SPAN_DAYS = 7;
const ARTICLE_SPAN_DAYS = 1;

export interface WechatCreds {
  appId: string;
  secret: string;
  apiBase: string;
}

/** errcodes meaning "this access_token is no good": fetch it again, once. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/** Documented errcodes and what they mean for the person reading the status. */
const ERRCODES: Record<number, { kind: ConnectorError['kind']; key: string }> = {
  [-1]: { kind: 'unavailable', key: 'err.wechat.busy' },
  40013: { kind: 'config', key: 'err.wechat.appid' },
  40125: { kind: 'config', key: 'err.wechat.secret' },
  40164: { kind: 'auth', key: 'err.wechat.ip' },
  41002: { kind: 'config', key: 'err.wechat.appid' },
  41004: { kind: 'config', key: 'err.wechat.secret' },
  45009: { kind: 'quota', key: 'err.wechat.quota' },
  45011: { kind: 'rate', key: 'err.wechat.minute_quota' },
  48001: { kind: 'auth', key: 'err.wechat.unauthorized' },
  61500: { kind: 'api', key: 'err.wechat.date' },
  61501: { kind: 'api', key: 'err.wechat.date' },
};

function apiError(path: string, errcode: number, errmsg: unknown): ConnectorError {
  const known = ERRCODES[errcode];
  const params = { source: SOURCE, path, errcode, errmsg: String(errmsg ?? '').slice(0, 80) };
  return known
    ? new ConnectorError(known.kind, known.key, params)
    : new ConnectorError('api', 'err.api', params);
}

interface Cached {
  token: string;
  expiresAt: number;
}
const tokens = new Map<string, Cached>();
const inflight = new Map<string, Promise<string>>();

/** Forget cached tokens (tests; a changed secret). */
export function resetWechatTokens(): void {
  tokens.clear();
  inflight.clear();
}

async function fetchToken(creds: WechatCreds, http: Http, nowMs: number): Promise<string> {
  const { body } = await http.retry(() =>
    http.request('POST', `${creds.apiBase}/cgi-bin/stable_token`, {
      json: {
        grant_type: 'client_credential',
        appid: creds.appId,
        secret: creds.secret,
        force_refresh: false,
      },
    }),
  );
  const b = body as { access_token?: unknown; expires_in?: unknown; errcode?: number; errmsg?: unknown };
  if (typeof b?.errcode === 'number' && b.errcode !== 0)
    throw apiError('cgi-bin/stable_token', b.errcode, b.errmsg);
  if (typeof b?.access_token !== 'string' || b.access_token === '')
    throw shapeError(SOURCE, 'access_token', b?.access_token);
  const ttl = typeof b.expires_in === 'number' ? b.expires_in : 7200;
  tokens.set(creds.appId, { token: b.access_token, expiresAt: nowMs + (ttl - 300) * 1000 });
  return b.access_token;
}

/** The cached token, or one fetch shared by every concurrent caller. */
export async function stableToken(creds: WechatCreds, http: Http, nowMs = Date.now()): Promise<string> {
  const c = tokens.get(creds.appId);
  if (c && c.expiresAt > nowMs) return c.token;
  const pending = inflight.get(creds.appId);
  if (pending) return pending;
  const p = fetchToken(creds, http, nowMs).finally(() => inflight.delete(creds.appId));
  inflight.set(creds.appId, p);
  return p;
}

/** One datacube call with the token; a rejected token is dropped and fetched again once. */
async function datacube(creds: WechatCreds, http: Http, api: string, range: DayRange): Promise<unknown[]> {
  const path = `datacube/${api}`;
  const call = async () => {
    const token = await stableToken(creds, http);
    const { body } = await http.retry(async () => {
      const r = await http.request('POST', `${creds.apiBase}/${path}`, {
        query: { access_token: token },
        json: { begin_date: range.from, end_date: range.to },
      });
      const b = r.body as { errcode?: number; errmsg?: unknown };
      // Busy and per-minute quota answers are retried here with backoff.
      if (typeof b?.errcode === 'number' && b.errcode !== 0 && !TOKEN_ERRCODES.has(b.errcode)) {
        throw apiError(path, b.errcode, b.errmsg);
      }
      return r;
    });
    return { token, body: body as { errcode?: number; errmsg?: unknown; list?: unknown } };
  };
  let { token, body } = await call();
  if (typeof body?.errcode === 'number' && TOKEN_ERRCODES.has(body.errcode)) {
    if (tokens.get(creds.appId)?.token === token) tokens.delete(creds.appId);
    ({ body } = await call());
    if (typeof body?.errcode === 'number' && body.errcode !== 0)
      throw apiError(path, body.errcode, body.errmsg);
  }
  if (!Array.isArray(body?.list)) throw shapeError(SOURCE, `${api}.list`, body?.list);
  return body.list;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function refDate(api: string, item: unknown): string {
  const d = (item as { ref_date?: unknown })?.ref_date;
  if (typeof d !== 'string' || !DATE.test(d)) throw shapeError(SOURCE, `${api}.list[].ref_date`, d);
  return d;
}

export const wechatMp: Connector<WechatCreds> = {
  id: SOURCE,
  label: { 'zh-CN': '微信公众号', en: 'WeChat Official Account' },
  channels: ['wechat_official'],
  intraday: false,
  chunkDays: 7,
  finalAfterHour: 8,
  env: {
    WECHAT_MP_APPID: z.string().optional(),
    WECHAT_MP_SECRET: z.string().optional(),
    WECHAT_MP_API_BASE: z.url('must be a URL').default('https://api.weixin.qq.com'),
  },
  secretEnv: ['WECHAT_MP_SECRET'],
  configure(env) {
    const appId = (env.WECHAT_MP_APPID as string | undefined)?.trim();
    const secret = (env.WECHAT_MP_SECRET as string | undefined)?.trim();
    if (!appId && !secret) return { problems: [] };
    if (!appId || !secret) {
      return {
        problems: [
          `${appId ? 'WECHAT_MP_SECRET' : 'WECHAT_MP_APPID'}: is required with the other WECHAT_MP_* variable`,
        ],
      };
    }
    const apiBase = String(env.WECHAT_MP_API_BASE).replace(/\/+$/, '');
    return { creds: { appId, secret, apiBase }, problems: [] };
  },
  async pull(range, creds, http, ctx) {
    // WeChat has figures up to yesterday.
    const r = clampTo(range, addDays(ctx.today, -1));
    if (!r) return [];
    const summary = new Map<string, number>();
    const cumulate = new Map<string, number>();
    const reads = new Map<string, number>();
    for (const piece of splitRange(r, USER_SPAN_DAYS)) {
      for (const item of await datacube(creds, http, 'getusersummary', piece)) {
        const d = refDate('getusersummary', item);
        const it = item as { new_user?: unknown; cancel_user?: unknown };
        // Both are checked so a changed shape is caught; new_users is the gross count (see the file header).
        count(SOURCE, 'getusersummary.cancel_user', it.cancel_user);
        const added = count(SOURCE, 'getusersummary.new_user', it.new_user);
        summary.set(d, (summary.get(d) ?? 0) + added);
      }
      for (const item of await datacube(creds, http, 'getusercumulate', piece)) {
        const d = refDate('getusercumulate', item);
        cumulate.set(
          d,
          count(SOURCE, 'getusercumulate.cumulate_user', (item as { cumulate_user?: unknown }).cumulate_user),
        );
      }
    }
    for (const piece of splitRange(r, ARTICLE_SPAN_DAYS)) {
      // Only days WeChat has finished (cumulate present) are worth an article call.
      if (!cumulate.has(piece.from)) continue;
      for (const item of await datacube(creds, http, 'getarticlesummary', piece)) {
        const d = refDate('getarticlesummary', item);
        const n = count(
          SOURCE,
          'getarticlesummary.int_page_read_count',
          (item as { int_page_read_count?: unknown }).int_page_read_count,
        );
        reads.set(d, (reads.get(d) ?? 0) + n);
      }
    }
    const rows: PulledRow[] = [];
    for (const [date, followers] of [...cumulate].sort(([a], [b]) => a.localeCompare(b))) {
      if (date < r.from || date > r.to) continue;
      rows.push({
        date,
        channel: 'wechat_official',
        source: SOURCE,
        followers,
        new_users: summary.get(date) ?? 0,
        pv: reads.get(date) ?? 0,
      });
    }
    return rows;
  },
};
