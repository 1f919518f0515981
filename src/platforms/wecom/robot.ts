/**
 * WeCom group robot (群机器人 / 消息推送) webhook client for digests and alerts, plus the byte-aware
 * markdown splitter. Each call sends exactly one message so the outbox dispatcher can pace them
 * (20 messages a minute per robot) and decide retry vs dead from `RobotError.retryable`.
 */
import { createHash } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { DEFAULT_WECOM_API_BASE } from './api';

export const ROBOT_MARKDOWN_MAX_BYTES = 4096;
export const ROBOT_TEXT_MAX_BYTES = 2048;
/** Limit on the image before base64 encoding. */
export const ROBOT_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** WeCom's per-robot send limit; the dispatcher enforces it. */
export const ROBOT_MESSAGES_PER_MINUTE = 20;

export type RobotErrorKind =
  /** 45009: over the per-robot rate limit. */
  | 'rate_limited'
  /** 93000: the robot was removed from the group or the key is wrong. */
  | 'invalid_webhook'
  /** -1 or an HTTP/network failure: try again later. */
  | 'unavailable'
  /** The message is too big to send; splitting is the caller's job. */
  | 'too_large'
  /** Any other errcode: WeCom will refuse it again. */
  | 'rejected';

/** A robot send failed; `retryable` tells the dispatcher whether to try again or mark it dead. */
export class RobotError extends Error {
  constructor(
    public readonly kind: RobotErrorKind,
    public readonly retryable: boolean,
    message: string,
    public readonly errcode?: number,
    public readonly errmsg?: string,
  ) {
    super(message);
    this.name = 'RobotError';
  }
}

export interface RobotClientOptions {
  /** WECOM_ROBOT_KEY, the `key` in the webhook URL. */
  key: string;
  apiBase?: string;
  timeoutMs?: number;
}

export type RobotMessage =
  | { msgtype: 'markdown'; markdown: { content: string } }
  | {
      msgtype: 'text';
      text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] };
    }
  | { msgtype: 'image'; image: { base64: string; md5: string } };

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function classify(errcode: number, errmsg: string): RobotError {
  if (errcode === 45009) {
    return new RobotError('rate_limited', true, `robot rate limited (45009): ${errmsg}`, errcode, errmsg);
  }
  if (errcode === 93000) {
    return new RobotError(
      'invalid_webhook',
      false,
      `robot webhook invalid or robot removed (93000): ${errmsg}`,
      errcode,
      errmsg,
    );
  }
  if (errcode === -1) {
    return new RobotError('unavailable', true, `WeCom busy (-1): ${errmsg}`, errcode, errmsg);
  }
  return new RobotError('rejected', false, `robot send rejected (${errcode}): ${errmsg}`, errcode, errmsg);
}

/** Posts to one group robot webhook. */
export class RobotClient {
  private readonly http: AxiosInstance;

  constructor(private readonly opts: RobotClientOptions) {
    this.http = axios.create({
      baseURL: opts.apiBase ?? DEFAULT_WECOM_API_BASE,
      timeout: opts.timeoutMs ?? 10_000,
      headers: { 'Content-Type': 'application/json' },
    });
  }

  /** Sends one markdown message (≤ 4096 UTF-8 bytes; use splitMarkdown first). Mentions are `<@userid>`. */
  async sendMarkdown(content: string): Promise<void> {
    const size = utf8Bytes(content);
    if (size > ROBOT_MARKDOWN_MAX_BYTES) {
      throw new RobotError(
        'too_large',
        false,
        `markdown is ${size} bytes; the limit is ${ROBOT_MARKDOWN_MAX_BYTES}`,
      );
    }
    await this.send({ msgtype: 'markdown', markdown: { content } });
  }

  /** Sends one text message (≤ 2048 bytes), mentioning `mentioned_list` userids (`@all` for everyone). */
  async sendText(content: string, mentioned_list?: string[]): Promise<void> {
    const size = utf8Bytes(content);
    if (size > ROBOT_TEXT_MAX_BYTES) {
      throw new RobotError('too_large', false, `text is ${size} bytes; the limit is ${ROBOT_TEXT_MAX_BYTES}`);
    }
    const text = mentioned_list?.length ? { content, mentioned_list } : { content };
    await this.send({ msgtype: 'text', text });
  }

  /** Sends a PNG/JPG (≤ 2 MB raw) as an image message: base64 plus the md5 of the raw bytes. */
  async sendImage(pngBytes: Uint8Array): Promise<void> {
    if (pngBytes.byteLength > ROBOT_IMAGE_MAX_BYTES) {
      throw new RobotError(
        'too_large',
        false,
        `image is ${pngBytes.byteLength} bytes; the limit is ${ROBOT_IMAGE_MAX_BYTES}`,
      );
    }
    const raw = Buffer.from(pngBytes.buffer, pngBytes.byteOffset, pngBytes.byteLength);
    await this.send({
      msgtype: 'image',
      image: { base64: raw.toString('base64'), md5: createHash('md5').update(raw).digest('hex') },
    });
  }

  /** Sends any robot message body; throws RobotError on failure. */
  async send(message: RobotMessage): Promise<void> {
    let data: { errcode?: number; errmsg?: string };
    try {
      const res = await this.http.post('/cgi-bin/webhook/send', message, { params: { key: this.opts.key } });
      data = res.data ?? {};
    } catch (err) {
      // Axios errors carry the URL, which contains the robot key; rethrow without it.
      if (axios.isAxiosError(err)) {
        const status = err.response?.status;
        const retryable = status === undefined || status === 429 || status >= 500;
        const what = status ? `HTTP ${status}` : (err.code ?? 'network error');
        throw new RobotError(retryable ? 'unavailable' : 'rejected', retryable, `robot send failed: ${what}`);
      }
      throw err;
    }
    const errcode = Number(data.errcode ?? 0);
    if (errcode !== 0) {
      const errmsg = String(data.errmsg ?? '')
        .split(this.opts.key)
        .join('***');
      throw classify(errcode, errmsg);
    }
  }
}

function hardSplit(line: string, maxBytes: number): string[] {
  const out: string[] = [];
  let cur = '';
  let curBytes = 0;
  // for…of walks code points, so a surrogate pair (4 UTF-8 bytes) is never cut in half.
  for (const ch of line) {
    const b = utf8Bytes(ch);
    if (curBytes + b > maxBytes && cur) {
      out.push(cur);
      cur = '';
      curBytes = 0;
    }
    cur += ch;
    curBytes += b;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Splits markdown into chunks of at most `maxBytes` UTF-8 bytes, breaking between lines where possible and
 * hard-splitting (on character boundaries) only a single line that is itself too long.
 */
export function splitMarkdown(text: string, maxBytes = ROBOT_MARKDOWN_MAX_BYTES): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must allow at least one character (4 bytes)');
  if (text.trim() === '') return [];
  if (utf8Bytes(text) <= maxBytes) return [text];

  const chunks: string[] = [];
  let cur: string | undefined;
  let curBytes = 0;
  const flush = () => {
    if (cur !== undefined && cur.trim() !== '') chunks.push(cur);
    cur = undefined;
    curBytes = 0;
  };
  for (const line of text.split('\n')) {
    const lineBytes = utf8Bytes(line);
    if (lineBytes > maxBytes) {
      flush();
      const parts = hardSplit(line, maxBytes);
      chunks.push(...parts.slice(0, -1));
      cur = parts.at(-1);
      curBytes = cur ? utf8Bytes(cur) : 0;
      continue;
    }
    const joinedBytes = cur === undefined ? lineBytes : curBytes + 1 + lineBytes;
    if (joinedBytes > maxBytes) {
      flush();
      cur = line;
      curBytes = lineBytes;
    } else {
      cur = cur === undefined ? line : `${cur}\n${line}`;
      curBytes = joinedBytes;
    }
  }
  flush();
  return chunks;
}
