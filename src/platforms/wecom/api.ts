/**
 * WeCom server API client (self-built app): cached access token with single-flight refresh, one retry on an
 * expired token, bounded backoff when WeCom says it is busy, and typed errors that never carry the token.
 */
import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';

export const DEFAULT_WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

/** errcodes meaning "this access_token is no good": drop it, fetch a new one, retry once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** errcodes meaning "busy / rate limited": back off and retry a bounded number of times. */
export const BACKOFF_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45033]);

/** WeCom answered with a non-zero errcode (after any retries). */
export class WecomApiError extends Error {
  constructor(
    public readonly errcode: number,
    public readonly errmsg: string,
    public readonly path: string,
  ) {
    super(`WeCom ${path} failed: errcode ${errcode}: ${errmsg}`);
    this.name = 'WecomApiError';
  }
}

/** The HTTP exchange itself failed (network, timeout, non-2xx). Carries no URL, so no token. */
export class WecomHttpError extends Error {
  constructor(
    public readonly path: string,
    public readonly status: number | undefined,
    public readonly code: string | undefined,
  ) {
    super(`WeCom ${path} failed: ${status ? `HTTP ${status}` : (code ?? 'network error')}`);
    this.name = 'WecomHttpError';
  }
}

export interface WecomLogger {
  warn(msg: string, meta?: Record<string, unknown>): void;
}

export interface WecomApiOptions {
  corpId: string;
  secret: string;
  agentId: string | number;
  /** WECOM_API_BASE; defaults to WeCom's own host. */
  apiBase?: string;
  /** Injected so tests need not wait for real backoff. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Backoff retries on busy errcodes before giving up (default 3). */
  maxBackoffRetries?: number;
  /** First backoff delay; doubles each retry (default 1000 ms). */
  backoffBaseMs?: number;
  /** Refresh the token this long before WeCom says it expires (default 5 min). */
  refreshMarginMs?: number;
  timeoutMs?: number;
  logger?: WecomLogger;
}

// ---- wire types (the JSON WeCom accepts) ----

// The template card is also kept in the outbox (a click's answer), so its shape is a schema that row is
// read back through.
const templateCardButton = z.object({
  text: z.string(),
  /** 1–4; see render.ts for which number means what. */
  style: z.number().optional(),
  key: z.string(),
});
export type TemplateCardButton = z.infer<typeof templateCardButton>;

const templateCardHorizontalContent = z.object({
  keyname: z.string(),
  value: z.string().optional(),
  type: z.number().optional(),
  url: z.string().optional(),
  userid: z.string().optional(),
});
export type TemplateCardHorizontalContent = z.infer<typeof templateCardHorizontalContent>;

export const buttonInteractionCard = z.object({
  card_type: z.literal('button_interaction'),
  source: z
    .object({
      icon_url: z.string().optional(),
      desc: z.string().optional(),
      desc_color: z.number().optional(),
    })
    .optional(),
  main_title: z.object({ title: z.string().optional(), desc: z.string().optional() }).optional(),
  sub_title_text: z.string().optional(),
  horizontal_content_list: z.array(templateCardHorizontalContent).optional(),
  button_list: z.array(templateCardButton),
  /** Digits, letters and `_-@`, at most 128 bytes, unique per app. */
  task_id: z.string(),
  /** On update: shows one grey, unclickable button with this text instead of the buttons. */
  replace_text: z.string().optional(),
});
export type ButtonInteractionCard = z.infer<typeof buttonInteractionCard>;

export type TemplateCard = ButtonInteractionCard;

type Recipients = {
  /** One userid, several (joined with `|`), or `@all`. */
  touser?: string | string[];
  toparty?: string | string[];
  totag?: string | string[];
  enable_duplicate_check?: 0 | 1;
  duplicate_check_interval?: number;
};

export type AppMessage = Recipients &
  (
    | { msgtype: 'text'; text: { content: string } }
    | { msgtype: 'markdown'; markdown: { content: string } }
    | { msgtype: 'image'; image: { media_id: string } }
    | { msgtype: 'template_card'; template_card: TemplateCard }
  );

export interface SendResult {
  msgid?: string;
  /** Present for template cards: lets the app update the card once without a click. */
  response_code?: string;
  invaliduser?: string;
  invalidparty?: string;
  invalidtag?: string;
  unlicenseduser?: string;
}

export interface UpdateTemplateCardRequest {
  userids?: string[];
  partyids?: number[];
  tagids?: number[];
  atall?: 0 | 1;
  response_code: string;
  /** Grey out the clicked button with this text… */
  button?: { replace_name: string };
  /** …or replace the whole card. */
  template_card?: TemplateCard;
}

interface WecomReply {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const joinIds = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('|') : v);

/** Client for the WeCom app API (gettoken, message/send, message/update_template_card). */
export class WecomApi {
  private readonly http: AxiosInstance;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly maxBackoffRetries: number;
  private readonly backoffBaseMs: number;
  private readonly refreshMarginMs: number;
  private readonly logger?: WecomLogger;
  private token?: CachedToken;
  private inflight?: Promise<string>;

  constructor(private readonly opts: WecomApiOptions) {
    this.http = axios.create({
      baseURL: opts.apiBase ?? DEFAULT_WECOM_API_BASE,
      timeout: opts.timeoutMs ?? 10_000,
      headers: { 'Content-Type': 'application/json' },
    });
    this.sleep = opts.sleep ?? defaultSleep;
    this.now = opts.now ?? Date.now;
    this.maxBackoffRetries = opts.maxBackoffRetries ?? 3;
    this.backoffBaseMs = opts.backoffBaseMs ?? 1000;
    this.refreshMarginMs = opts.refreshMarginMs ?? 5 * 60_000;
    this.logger = opts.logger;
  }

  /** The cached access token, fetched (once, however many callers wait) when missing or near expiry. */
  async getAccessToken(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return this.token.value;
    if (!this.inflight) {
      this.inflight = this.fetchToken().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  /** Forgets the cached token so the next call fetches a new one. */
  invalidateToken(): void {
    this.token = undefined;
  }

  /** Sends an app message (text, markdown or template_card) as this app's agent. */
  async sendAppMessage(msg: AppMessage): Promise<SendResult> {
    const body = {
      ...msg,
      touser: joinIds(msg.touser),
      toparty: joinIds(msg.toparty),
      totag: joinIds(msg.totag),
      agentid: Number(this.opts.agentId),
    };
    const reply = await this.post('/cgi-bin/message/send', body);
    const pick = (k: string) => {
      const v = reply[k];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    return {
      msgid: pick('msgid'),
      response_code: pick('response_code'),
      invaliduser: pick('invaliduser'),
      invalidparty: pick('invalidparty'),
      invalidtag: pick('invalidtag'),
      unlicenseduser: pick('unlicenseduser'),
    };
  }

  /** Updates a sent template card, consuming its one-shot `response_code`. */
  async updateTemplateCard(req: UpdateTemplateCardRequest): Promise<{ invaliduser: string[] }> {
    const reply = await this.post('/cgi-bin/message/update_template_card', {
      ...req,
      agentid: Number(this.opts.agentId),
    });
    const invalid = reply.invaliduser;
    return { invaliduser: Array.isArray(invalid) ? invalid.map(String) : [] };
  }

  /** A member's display name (`user/get`), or undefined when WeCom does not give one. */
  async getUserName(userid: string): Promise<string | undefined> {
    const path = '/cgi-bin/user/get';
    const reply = await this.withToken(path, (token) =>
      this.request('get', path, undefined, { access_token: token, userid }, token),
    );
    return typeof reply.name === 'string' && reply.name.trim() ? reply.name.trim() : undefined;
  }

  /** Upload a PNG as temporary media (kept 3 days by WeCom) and return its media_id for an image message. */
  async uploadImage(png: Uint8Array, filename = 'chart.png'): Promise<string> {
    const path = '/cgi-bin/media/upload';
    const reply = await this.withToken(path, (token) => {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(png)], { type: 'image/png' }), filename);
      return this.request('post', path, form, { access_token: token, type: 'image' }, token);
    });
    if (typeof reply.media_id !== 'string' || reply.media_id === '') {
      throw new WecomApiError(-2, 'media/upload returned no media_id', path);
    }
    return reply.media_id;
  }

  private async fetchToken(): Promise<string> {
    const path = '/cgi-bin/gettoken';
    const started = this.now();
    const reply = await this.withBackoff(path, () =>
      this.request('get', path, undefined, { corpid: this.opts.corpId, corpsecret: this.opts.secret }),
    );
    const value = reply.access_token;
    if (typeof value !== 'string' || value === '') {
      throw new WecomApiError(-2, 'gettoken returned no access_token', path);
    }
    const lifetimeMs = (Number(reply.expires_in) || 7200) * 1000;
    // Short lifetimes (tests, odd proxies) still get half their life before a refresh.
    const margin = Math.min(this.refreshMarginMs, lifetimeMs / 2);
    this.token = { value, refreshAt: started + lifetimeMs - margin };
    return value;
  }

  private post(path: string, body: unknown, params: Record<string, string> = {}): Promise<WecomReply> {
    return this.withToken(path, (token) =>
      this.request('post', path, body, { ...params, access_token: token }, token),
    );
  }

  /** Call with the cached token; a rejected token is refreshed once and the call repeated. */
  private async withToken(path: string, call: (token: string) => Promise<WecomReply>): Promise<WecomReply> {
    let tokenRetried = false;
    for (;;) {
      const token = await this.getAccessToken();
      try {
        return await this.withBackoff(path, () => call(token));
      } catch (err) {
        if (err instanceof WecomApiError && TOKEN_ERRCODES.has(err.errcode) && !tokenRetried) {
          tokenRetried = true;
          // Only drop the token this request used: a concurrent caller may already have fetched a fresh one,
          // and dropping that would cost another gettoken per stale sender.
          if (this.token?.value === token) this.token = undefined;
          this.logger?.warn('wecom access token rejected; refreshing', { path, errcode: err.errcode });
          continue;
        }
        throw err;
      }
    }
  }

  private async withBackoff(path: string, call: () => Promise<WecomReply>): Promise<WecomReply> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (
          err instanceof WecomApiError &&
          BACKOFF_ERRCODES.has(err.errcode) &&
          attempt < this.maxBackoffRetries
        ) {
          const delay = this.backoffBaseMs * 2 ** attempt;
          this.logger?.warn('wecom busy; backing off', {
            path,
            errcode: err.errcode,
            attempt: attempt + 1,
            delay,
          });
          await this.sleep(delay);
          continue;
        }
        throw err;
      }
    }
  }

  private async request(
    method: 'get' | 'post',
    path: string,
    body: unknown,
    params: Record<string, string>,
    secretToScrub?: string,
  ): Promise<WecomReply> {
    let data: WecomReply;
    try {
      // A form (media upload) goes as multipart/form-data; axios adds the boundary.
      const headers = body instanceof FormData ? { 'Content-Type': 'multipart/form-data' } : undefined;
      const res = await this.http.request<WecomReply>({ method, url: path, params, data: body, headers });
      data = res.data ?? {};
    } catch (err) {
      // Axios errors carry the request config (URL with access_token or corpsecret); rethrow without it.
      if (axios.isAxiosError(err)) throw new WecomHttpError(path, err.response?.status, err.code);
      throw err;
    }
    const errcode = Number(data.errcode ?? 0);
    if (errcode !== 0) {
      const scrub = (s: string) =>
        [secretToScrub, this.opts.secret].reduce<string>((acc, v) => (v ? acc.split(v).join('***') : acc), s);
      throw new WecomApiError(errcode, scrub(String(data.errmsg ?? '')), path);
    }
    return data;
  }
}
