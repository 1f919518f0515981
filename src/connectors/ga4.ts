/**
 * Google Analytics 4 Data API → channels by the session's default channel group.
 *
 * - Auth: a service account (GA4_CREDENTIALS_FILE) through google-auth-library's JWT client, scope
 *   analytics.readonly. The token is fetched from the file's own `token_uri` (the library would always use
 *   Google's; its transporter is pointed at the file's URI instead), cached by the library, and dropped once
 *   when the API answers 401.
 * - Call: `POST v1beta/properties/{GA4_PROPERTY_ID}:runReport`, dimensions date, sessionDefaultChannelGroup
 *   and sessionSource; metrics totalUsers, newUsers, sessions, screenPageViews, bounceRate, keyEvents and
 *   purchaseRevenue; 31 days per call, paged by 10,000 rows.
 * - Mapping (CHANNEL_GROUPS below, overridable with `/mops settings set ga4_channel_map=…`): rows of the same
 *   day and channel are summed: `uv` = Σ totalUsers, `new_users` = Σ newUsers, `sessions` = Σ sessions,
 *   `pv` = Σ screenPageViews, `bounces` = Σ round(sessions × bounceRate), `orders` = Σ keyEvents, `gmv` =
 *   Σ purchaseRevenue (in the property's currency, which should be CNY).
 */
import { readFileSync } from 'node:fs';
import type { JWT } from 'google-auth-library';
import { z } from 'zod';
import { type Channel, isChannel } from '../domain/channels';
import { errorMessage } from '../util/errors';
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

export const SOURCE = 'ga4';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/analytics.readonly';
const PAGE = 10_000;
export const METRICS = [
  'totalUsers',
  'newUsers',
  'sessions',
  'screenPageViews',
  'bounceRate',
  'keyEvents',
  'purchaseRevenue',
] as const;

export interface Ga4Creds {
  propertyId: string;
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  tokenUri: string;
  apiBase: string;
}

const SEARCH: [RegExp, Channel][] = [
  [/baidu/i, 'baidu'],
  [/google/i, 'google'],
];
const SOCIAL: [RegExp, Channel][] = [
  [/weibo/i, 'weibo'],
  [/xiaohongshu|xhs/i, 'xiaohongshu'],
  [/douyin/i, 'douyin'],
  [/weixin|wechat/i, 'wechat_official'],
];

/**
 * The documented default: GA4's default channel groups → mopsbot channels. A `source:` rule picks the channel
 * by the session source (the first pattern found in it wins), else its `default`.
 */
export const CHANNEL_GROUPS: Record<string, { bySource?: [RegExp, Channel][]; default: Channel }> = {
  'Organic Search': { bySource: SEARCH, default: 'other' },
  'Paid Search': { bySource: SEARCH, default: 'other' },
  Direct: { default: 'website' },
  Referral: { default: 'website' },
  'Organic Social': { bySource: SOCIAL, default: 'other' },
  'Paid Social': { bySource: SOCIAL, default: 'other' },
};

/** The channel of one GA4 row: the admin's map (`Group/source`, then `Group`), then the defaults, else other. */
export function channelOf(group: string, source: string, overrides: Record<string, string> = {}): Channel {
  for (const k of [`${group}/${source}`, group]) {
    const v = overrides[k];
    if (v && isChannel(v)) return v;
  }
  const rule = CHANNEL_GROUPS[group];
  if (!rule) return 'other';
  return rule.bySource?.find(([re]) => re.test(source))?.[1] ?? rule.default;
}

const clients = new Map<string, JWT>();

/**
 * One JWT client per service account, so the library's token cache lives across runs. The library is
 * loaded on first use: most installations never pull from GA4, and it costs every start about a second.
 */
async function jwtFor(creds: Ga4Creds): Promise<JWT> {
  const key = `${creds.clientEmail}|${creds.tokenUri}`;
  let c = clients.get(key);
  if (!c) {
    const { JWT } = await import('google-auth-library');
    c = new JWT({
      email: creds.clientEmail,
      key: creds.privateKey,
      keyId: creds.privateKeyId,
      scopes: [SCOPE],
    });
    // google-auth-library 10 posts to Google's token URL; the service-account file names the one to use.
    c.transporter.interceptors.request.add({
      resolved: async (opts) => {
        if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(creds.tokenUri);
        return opts;
      },
    });
    clients.set(key, c);
  }
  return c;
}

/** Forget cached clients (tests). */
export function resetGa4Clients(): void {
  clients.clear();
}

async function bearer(creds: Ga4Creds): Promise<string> {
  try {
    const { token } = await (await jwtFor(creds)).getAccessToken();
    if (!token) throw new Error('no token');
    return token;
  } catch (e) {
    const data = (e as { response?: { data?: { error?: unknown } } }).response?.data;
    const status = (e as { status?: number; response?: { status?: number } }).response?.status;
    if (status !== undefined && (status >= 500 || status === 429)) {
      throw new ConnectorError('unavailable', 'err.http_5xx', { source: SOURCE, path: 'token', status });
    }
    const reason = typeof data?.error === 'string' ? data.error : errorMessage(e).slice(0, 60);
    throw new ConnectorError('auth', 'err.ga4.token', { source: SOURCE, reason });
  }
}

const STATUS: Record<string, { kind: ConnectorError['kind']; key: string }> = {
  UNAUTHENTICATED: { kind: 'auth', key: 'err.ga4.unauthenticated' },
  PERMISSION_DENIED: { kind: 'auth', key: 'err.ga4.permission' },
  NOT_FOUND: { kind: 'config', key: 'err.ga4.property' },
  INVALID_ARGUMENT: { kind: 'api', key: 'err.ga4.argument' },
  RESOURCE_EXHAUSTED: { kind: 'quota', key: 'err.ga4.quota' },
};

interface ReportBody {
  dimensionHeaders?: { name?: unknown }[];
  metricHeaders?: { name?: unknown }[];
  rows?: { dimensionValues?: { value?: unknown }[]; metricValues?: { value?: unknown }[] }[];
  rowCount?: unknown;
  error?: { code?: unknown; message?: unknown; status?: unknown };
}

async function runReport(creds: Ga4Creds, http: Http, range: DayRange, offset: number): Promise<ReportBody> {
  const path = `v1beta/properties/${creds.propertyId}:runReport`;
  const call = (token: string) =>
    http.retry(() =>
      http.request('POST', `${creds.apiBase}/${path}`, {
        headers: { authorization: `Bearer ${token}` },
        json: {
          dateRanges: [{ startDate: range.from, endDate: range.to }],
          dimensions: [{ name: 'date' }, { name: 'sessionDefaultChannelGroup' }, { name: 'sessionSource' }],
          metrics: METRICS.map((name) => ({ name })),
          limit: PAGE,
          offset,
        },
      }),
    );
  let r = await call(await bearer(creds));
  if (r.status === 401) {
    // A revoked or expired token the library still held: drop it and ask once more.
    const c = await jwtFor(creds);
    // Marked expired (not emptied: the JWT client needs its placeholder refresh token) forces a new one.
    c.credentials = { ...c.credentials, expiry_date: 1 };
    r = await call(await bearer(creds));
  }
  const body = r.body as ReportBody;
  if (r.status >= 400 || body?.error) {
    const status = String(body?.error?.status ?? '');
    const known = STATUS[status];
    const params = {
      source: SOURCE,
      path: 'runReport',
      errcode: `${r.status} ${status}`.trim(),
      errmsg: String(body?.error?.message ?? '').slice(0, 120),
    };
    throw known
      ? new ConnectorError(known.kind, known.key, params)
      : new ConnectorError('api', 'err.api', params);
  }
  return body;
}

type Sums = {
  uv: number;
  new_users: number;
  sessions: number;
  pv: number;
  bounces: number;
  orders: number;
  gmvFen: number;
};

/** Rows of runReport answers, summed per (date, channel). */
export function reportRows(
  bodies: ReportBody[],
  range: DayRange,
  overrides?: Record<string, string>,
): PulledRow[] {
  const sums = new Map<string, Sums>();
  for (const body of bodies) {
    const dims = (body.dimensionHeaders ?? []).map((h) => h.name);
    const mets = (body.metricHeaders ?? []).map((h) => h.name);
    if (body.rows === undefined) continue; // GA4 leaves `rows` out when there is no data
    if (dims.join() !== 'date,sessionDefaultChannelGroup,sessionSource')
      throw shapeError(SOURCE, 'dimensionHeaders', dims.join());
    if (mets.join() !== METRICS.join()) throw shapeError(SOURCE, 'metricHeaders', mets.join());
    if (!Array.isArray(body.rows)) throw shapeError(SOURCE, 'rows', body.rows);
    for (const row of body.rows) {
      const d = row.dimensionValues?.map((v) => v.value);
      const m = row.metricValues?.map((v) => v.value);
      if (d?.length !== 3 || typeof d[0] !== 'string' || !/^\d{8}$/.test(d[0])) {
        throw shapeError(SOURCE, 'rows[].dimensionValues[0]', d?.[0]);
      }
      if (!m || m.length !== METRICS.length) throw shapeError(SOURCE, 'rows[].metricValues', m?.length);
      const date = `${d[0].slice(0, 4)}-${d[0].slice(4, 6)}-${d[0].slice(6)}`;
      if (date < range.from || date > range.to) continue;
      const channel = channelOf(String(d[1] ?? ''), String(d[2] ?? ''), overrides);
      const v = (i: number) => {
        const n = Number(m[i]);
        if (typeof m[i] !== 'string' || !Number.isFinite(n) || n < 0)
          throw shapeError(SOURCE, `rows[].metricValues.${METRICS[i]}`, m[i]);
        return n;
      };
      const key = `${date}|${channel}`;
      const s = sums.get(key) ?? {
        uv: 0,
        new_users: 0,
        sessions: 0,
        pv: 0,
        bounces: 0,
        orders: 0,
        gmvFen: 0,
      };
      const sessions = count(SOURCE, 'sessions', v(2));
      s.uv += count(SOURCE, 'totalUsers', v(0));
      s.new_users += count(SOURCE, 'newUsers', v(1));
      s.sessions += sessions;
      s.pv += count(SOURCE, 'screenPageViews', v(3));
      s.bounces += Math.round(sessions * Math.min(1, v(4)));
      s.orders += count(SOURCE, 'keyEvents', v(5));
      s.gmvFen += Math.round(v(6) * 100);
      sums.set(key, s);
    }
  }
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, s]) => {
      const [date, channel] = key.split('|') as [string, string];
      const { gmvFen, ...counts } = s;
      return { date, channel, source: SOURCE, ...counts, gmv: (gmvFen / 100).toFixed(2) };
    });
}

const ServiceAccount = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  token_uri: z.url(),
});

export const ga4: Connector<Ga4Creds> = {
  id: SOURCE,
  label: { 'zh-CN': '谷歌 Analytics (GA4)', en: 'Google Analytics 4' },
  channels: ['website', 'google', 'baidu'],
  intraday: true,
  chunkDays: 31,
  finalAfterHour: 8,
  env: {
    GA4_PROPERTY_ID: z.string().regex(/^\d+$/, 'must be the numeric property id').optional(),
    GA4_CREDENTIALS_FILE: z.string().optional(),
    GA4_API_BASE: z.url('must be a URL').default('https://analyticsdata.googleapis.com'),
  },
  secretEnv: [],
  configure(env) {
    const propertyId = (env.GA4_PROPERTY_ID as string | undefined)?.trim();
    const file = (env.GA4_CREDENTIALS_FILE as string | undefined)?.trim();
    if (!propertyId && !file) return { problems: [] };
    if (!propertyId || !file) {
      return {
        problems: [
          `${propertyId ? 'GA4_CREDENTIALS_FILE' : 'GA4_PROPERTY_ID'}: is required with the other GA4_* variable`,
        ],
      };
    }
    let parsed: z.infer<typeof ServiceAccount>;
    try {
      const r = ServiceAccount.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!r.success) {
        const fields = [...new Set(r.error.issues.map((i) => String(i.path[0] ?? '?')))].join(', ');
        return { problems: [`GA4_CREDENTIALS_FILE: is not a service-account key file (check ${fields})`] };
      }
      parsed = r.data;
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? 'not JSON';
      return { problems: [`GA4_CREDENTIALS_FILE: cannot be read (${why})`] };
    }
    return {
      problems: [],
      creds: {
        propertyId,
        clientEmail: parsed.client_email,
        privateKey: parsed.private_key,
        privateKeyId: parsed.private_key_id,
        tokenUri: parsed.token_uri,
        apiBase: String(env.GA4_API_BASE).replace(/\/+$/, ''),
      },
    };
  },
  async pull(range, creds, http, ctx) {
    const r = clampTo(range, ctx.today);
    if (!r) return [];
    const rows: PulledRow[] = [];
    for (const piece of splitRange(r, 31)) {
      const bodies: ReportBody[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const body = await runReport(creds, http, piece, offset);
        bodies.push(body);
        const total = body.rowCount === undefined ? 0 : Number(body.rowCount);
        if (!Number.isInteger(total)) throw shapeError(SOURCE, 'rowCount', body.rowCount);
        if (offset + PAGE >= total || (body.rows?.length ?? 0) === 0) break;
      }
      rows.push(...reportRows(bodies, piece, ctx.settings.ga4ChannelMap));
    }
    return rows;
  },
};
