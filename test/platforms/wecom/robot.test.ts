import { createHash } from 'node:crypto';
import fc from 'fast-check';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ROBOT_IMAGE_MAX_BYTES,
  RobotClient,
  RobotError,
  splitMarkdown,
} from '../../../src/platforms/wecom/robot';

const BASE = 'https://robot.example.test';
const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function capture(reply: object = { errcode: 0, errmsg: 'ok' }) {
  const seen: { body?: Record<string, unknown> } = {};
  const scope = nock(BASE)
    .post('/cgi-bin/webhook/send', (b) => {
      seen.body = b as Record<string, unknown>;
      return true;
    })
    .query({ key: KEY })
    .reply(200, reply);
  return { seen, scope };
}

const robot = () => new RobotClient({ key: KEY, apiBase: BASE });

async function failure(p: Promise<unknown>): Promise<RobotError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RobotError);
  return err as RobotError;
}

describe('RobotClient', () => {
  it('sendMarkdown posts a markdown message to the webhook key', async () => {
    const { seen, scope } = capture();
    await robot().sendMarkdown('**日报**\n<@zhangsan>');
    expect(scope.isDone()).toBe(true);
    expect(seen.body).toEqual({ msgtype: 'markdown', markdown: { content: '**日报**\n<@zhangsan>' } });
  });

  it('sendText carries mentioned_list only when there are mentions', async () => {
    const a = capture();
    await robot().sendText('逾期提醒', ['zhangsan', 'lisi']);
    expect(a.seen.body).toEqual({
      msgtype: 'text',
      text: { content: '逾期提醒', mentioned_list: ['zhangsan', 'lisi'] },
    });
    const b = capture();
    await robot().sendText('no one');
    expect(b.seen.body).toEqual({ msgtype: 'text', text: { content: 'no one' } });
  });

  it('sendImage sends base64 and the md5 of the raw bytes', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 255]);
    const { seen } = capture();
    await robot().sendImage(png);
    expect(seen.body).toEqual({
      msgtype: 'image',
      image: {
        base64: Buffer.from(png).toString('base64'),
        md5: createHash('md5').update(png).digest('hex'),
      },
    });
  });

  it('a subarray image sends only its own bytes', async () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const { seen } = capture();
    await robot().sendImage(backing.subarray(2, 5));
    expect(seen.body).toMatchObject({ image: { base64: Buffer.from([1, 2, 3]).toString('base64') } });
  });

  it('45009 is a retryable rate-limit error', async () => {
    capture({ errcode: 45009, errmsg: 'api freq out of limit' });
    const err = await failure(robot().sendMarkdown('x'));
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, errcode: 45009 });
  });

  it('93000 (robot removed) is permanent, and no error text contains the key', async () => {
    capture({ errcode: 93000, errmsg: `invalid webhook url, key=${KEY}` });
    const err = await failure(robot().sendText('x'));
    expect(err).toMatchObject({ kind: 'invalid_webhook', retryable: false, errcode: 93000 });
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(KEY);
  });

  it('other errcodes are permanent rejections with WeCom’s errmsg', async () => {
    capture({ errcode: 40008, errmsg: 'invalid message type' });
    const err = await failure(robot().sendMarkdown('x'));
    expect(err).toMatchObject({ kind: 'rejected', retryable: false, errmsg: 'invalid message type' });
  });

  it('HTTP 5xx is retryable, HTTP 4xx is not, and neither leaks the webhook URL', async () => {
    nock(BASE).post('/cgi-bin/webhook/send').query(true).reply(503, 'busy');
    const e5 = await failure(robot().sendMarkdown('x'));
    expect(e5).toMatchObject({ kind: 'unavailable', retryable: true });
    nock(BASE).post('/cgi-bin/webhook/send').query(true).reply(404, 'no');
    const e4 = await failure(robot().sendMarkdown('x'));
    expect(e4.retryable).toBe(false);
    for (const e of [e5, e4]) expect(`${e.message} ${JSON.stringify(e)}`).not.toContain(KEY);
  });

  it('oversized markdown, text or image is refused before any request', async () => {
    // No interceptor: a request would fail with a network error, not too_large.
    const md = await failure(robot().sendMarkdown('字'.repeat(1366))); // 4098 bytes
    expect(md).toMatchObject({ kind: 'too_large', retryable: false });
    const txt = await failure(robot().sendText('a'.repeat(2049)));
    expect(txt.kind).toBe('too_large');
    const img = await failure(robot().sendImage(new Uint8Array(ROBOT_IMAGE_MAX_BYTES + 1)));
    expect(img.kind).toBe('too_large');
  });

  it('markdown of exactly 4096 bytes is sent', async () => {
    const { scope } = capture();
    await robot().sendMarkdown(`${'字'.repeat(1365)}a`); // 4095 + 1
    expect(scope.isDone()).toBe(true);
  });
});

describe('splitMarkdown', () => {
  it('short text is one chunk, empty text none', () => {
    expect(splitMarkdown('**hi**\nthere')).toEqual(['**hi**\nthere']);
    expect(splitMarkdown('')).toEqual([]);
  });

  it('splits between lines, keeping every line whole and every chunk within the limit', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `第${i}行：预算使用率 ${i}%`);
    const text = lines.join('\n');
    const chunks = splitMarkdown(text, 4096);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(4096);
    expect(chunks.join('\n')).toBe(text);
  });

  it('counts Chinese as 3 bytes: 1365 characters fit in 4096, 1366 do not', () => {
    expect(splitMarkdown('中'.repeat(1365))).toHaveLength(1);
    const two = splitMarkdown('中'.repeat(1366));
    expect(two.map(bytes)).toEqual([4095, 3]);
  });

  it('hard-splits one over-long line without cutting a character', () => {
    const line = '舆情😀'.repeat(1000); // 3+3+4 bytes per repeat
    const chunks = splitMarkdown(`head\n${line}\ntail`, 1000);
    for (const c of chunks) {
      expect(bytes(c)).toBeLessThanOrEqual(1000);
      expect(Buffer.from(c, 'utf8').toString('utf8')).toBe(c);
      expect(c).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(chunks.join('').replace(/\n/g, '')).toBe(`head${line}tail`);
  });

  it('never exceeds the limit and never loses non-blank text (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.constantFrom('', '中文行', '😀😀')),
          {
            maxLength: 60,
          },
        ),
        fc.integer({ min: 8, max: 300 }),
        (lines, max) => {
          const text = lines.join('\n');
          const chunks = splitMarkdown(text, max);
          for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(max);
          expect(chunks.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        },
      ),
    );
  });
});
