import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  openCallback,
  sealReply,
  signature,
  verifySignature,
  verifyUrl,
  WecomCryptoError,
  type WecomCryptoReason,
} from '../../../src/platforms/wecom/crypto';
import { parseEncryptedEnvelope } from '../../../src/platforms/wecom/xml';

// Tencent's published samples (issue 6, "Test vectors").
const TENCENT = {
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
};
const GET = {
  msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};
const FIXED = {
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  id: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  plaintext: '我是中文abcd123',
  cipher: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};

function reasonOf(fn: () => unknown): WecomCryptoReason | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (err) {
    expect(err).toBeInstanceOf(WecomCryptoError);
    return (err as WecomCryptoError).reason;
  }
}

/** Encrypts raw bytes with the WeCom key/IV but without any padding logic, to forge bad padding. */
function rawEncrypt(aesKey: string, plain: Buffer): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

function wecomPlain(msg: string, receiveId: string): Buffer {
  const m = Buffer.from(msg);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(m.length);
  return Buffer.concat([Buffer.alloc(16, 7), len, m, Buffer.from(receiveId)]);
}

function flipByte(b64: string, index: number): string {
  const b = Buffer.from(b64, 'base64');
  b[index] = b[index]! ^ 0x01;
  return b.toString('base64');
}

describe('Tencent test vectors', () => {
  it('GET verification: the published signature matches and echostr decrypts to the published plaintext', () => {
    expect(signature(TENCENT.token, GET.timestamp, GET.nonce, GET.echostr)).toBe(GET.msg_signature);
    expect(verifyUrl(TENCENT, GET)).toBe('1616140317555161061');
  });

  it('encrypting with the fixed random reproduces the published ciphertext', () => {
    expect(encrypt(FIXED.aesKey, FIXED.plaintext, FIXED.id, FIXED.random)).toBe(FIXED.cipher);
  });

  it('the published ciphertext decrypts back to the Chinese plaintext', () => {
    expect(decrypt(FIXED.aesKey, FIXED.cipher, FIXED.id)).toBe(FIXED.plaintext);
  });

  it('decrypting for another receive id is refused', () => {
    expect(reasonOf(() => decrypt(FIXED.aesKey, FIXED.cipher, 'wxb11529c136998cb7'))).toBe(
      'wrong_receive_id',
    );
    expect(reasonOf(() => decrypt(TENCENT.aesKey, GET.echostr, 'wx5823bf96d3bd56c'))).toBe(
      'wrong_receive_id',
    );
  });
});

describe('tampered input is rejected', () => {
  it('a flipped byte in the first block corrupts the length header → bad_length', () => {
    expect(reasonOf(() => decrypt(FIXED.aesKey, flipByte(FIXED.cipher, 0), FIXED.id))).toBe('bad_length');
  });

  it('a flipped byte in the last block corrupts the padding → bad_padding', () => {
    const last = Buffer.from(FIXED.cipher, 'base64').length - 1;
    expect(reasonOf(() => decrypt(FIXED.aesKey, flipByte(FIXED.cipher, last), FIXED.id))).toBe('bad_padding');
  });

  it('a flipped byte in a signed echostr fails the signature before decryption', () => {
    const tampered = flipByte(GET.echostr, 5);
    expect(reasonOf(() => verifyUrl(TENCENT, { ...GET, echostr: tampered }))).toBe('bad_signature');
  });

  it('a pad byte of 0 or above 32 is rejected', () => {
    const body = wecomPlain('hi', FIXED.id); // 16 + 4 + 2 + 18 = 40 bytes
    const zero = Buffer.concat([body, Buffer.alloc(24, 0)]);
    const big = Buffer.concat([body, Buffer.alloc(23, 0), Buffer.from([33])]);
    expect(reasonOf(() => decrypt(FIXED.aesKey, rawEncrypt(FIXED.aesKey, zero), FIXED.id))).toBe(
      'bad_padding',
    );
    expect(reasonOf(() => decrypt(FIXED.aesKey, rawEncrypt(FIXED.aesKey, big), FIXED.id))).toBe(
      'bad_padding',
    );
  });

  it('pad bytes that do not all equal the pad value are rejected', () => {
    const body = wecomPlain('hi', FIXED.id);
    const pad = Buffer.alloc(24, 24);
    pad[3] = 23;
    const forged = rawEncrypt(FIXED.aesKey, Buffer.concat([body, pad]));
    expect(reasonOf(() => decrypt(FIXED.aesKey, forged, FIXED.id))).toBe('bad_padding');
  });

  it('a well-padded message declaring more bytes than it has → bad_length', () => {
    const body = wecomPlain('hi', FIXED.id);
    body.writeUInt32BE(1000, 16);
    const forged = rawEncrypt(FIXED.aesKey, Buffer.concat([body, Buffer.alloc(24, 24)]));
    expect(reasonOf(() => decrypt(FIXED.aesKey, forged, FIXED.id))).toBe('bad_length');
  });

  it('ciphertext that is not whole AES blocks → bad_length', () => {
    const short = Buffer.from(FIXED.cipher, 'base64').subarray(0, 40).toString('base64');
    expect(reasonOf(() => decrypt(FIXED.aesKey, short, FIXED.id))).toBe('bad_length');
    expect(reasonOf(() => decrypt(FIXED.aesKey, '', FIXED.id))).toBe('bad_length');
  });

  it('a bad signature on URL verification is rejected', () => {
    const sig = `${GET.msg_signature.slice(0, -1)}0`;
    expect(reasonOf(() => verifyUrl(TENCENT, { ...GET, msg_signature: sig }))).toBe('bad_signature');
    expect(reasonOf(() => verifyUrl(TENCENT, { ...GET, msg_signature: '' }))).toBe('bad_signature');
    expect(reasonOf(() => verifyUrl({ ...TENCENT, token: 'other' }, GET))).toBe('bad_signature');
  });

  it('the wrong corp id on URL verification is rejected', () => {
    expect(reasonOf(() => verifyUrl({ ...TENCENT, corpId: 'ww0000000000000000' }, GET))).toBe(
      'wrong_receive_id',
    );
  });

  it('error messages carry no key, token or plaintext', () => {
    let caught: unknown;
    try {
      decrypt(FIXED.aesKey, FIXED.cipher, 'someone-else');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WecomCryptoError);
    const text = `${(caught as Error).message} ${JSON.stringify(caught)}`;
    expect(text).not.toContain(FIXED.aesKey);
    expect(text).not.toContain(FIXED.plaintext);
    expect(text).not.toContain(FIXED.id);
  });
});

describe('verifySignature', () => {
  it('accepts the right signature and rejects any other, including a different length', () => {
    const args = [TENCENT.token, GET.timestamp, GET.nonce, GET.echostr] as const;
    expect(verifySignature(...args, GET.msg_signature)).toBe(true);
    expect(verifySignature(...args, GET.msg_signature.toUpperCase())).toBe(true);
    expect(verifySignature(...args, GET.msg_signature.slice(1))).toBe(false);
    expect(verifySignature(...args, 'a'.repeat(40))).toBe(false);
  });
});

describe('POST callbacks', () => {
  const inner =
    '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>' +
    '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[反馈 list]]></Content>' +
    '<MsgId>7303011234567890123</MsgId><AgentID>1000002</AgentID></xml>';
  const query = { timestamp: '1700000001', nonce: 'n0nce' };

  function envelope(encrypted: string): string {
    return `<xml><ToUserName><![CDATA[${TENCENT.corpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  }

  it('a correctly signed envelope opens to the inner XML', () => {
    const enc = encrypt(TENCENT.aesKey, inner, TENCENT.corpId);
    const sig = signature(TENCENT.token, query.timestamp, query.nonce, enc);
    expect(openCallback(TENCENT, { ...query, msg_signature: sig }, envelope(enc))).toBe(inner);
  });

  it('a flipped byte in the Encrypt element fails the signature', () => {
    const enc = encrypt(TENCENT.aesKey, inner, TENCENT.corpId);
    const sig = signature(TENCENT.token, query.timestamp, query.nonce, enc);
    const body = envelope(flipByte(enc, 10));
    expect(reasonOf(() => openCallback(TENCENT, { ...query, msg_signature: sig }, body))).toBe(
      'bad_signature',
    );
  });

  it('a message encrypted for another corp is refused even when correctly signed', () => {
    const enc = encrypt(TENCENT.aesKey, inner, 'ww-other-corp');
    const sig = signature(TENCENT.token, query.timestamp, query.nonce, enc);
    expect(reasonOf(() => openCallback(TENCENT, { ...query, msg_signature: sig }, envelope(enc)))).toBe(
      'wrong_receive_id',
    );
  });

  it('a body without an Encrypt element, or not XML at all, is malformed', () => {
    const q = { ...query, msg_signature: 'x' };
    expect(reasonOf(() => openCallback(TENCENT, q, '<xml><ToUserName>a</ToUserName></xml>'))).toBe(
      'malformed',
    );
    expect(reasonOf(() => openCallback(TENCENT, q, 'not xml'))).toBe('malformed');
  });

  it('sealReply produces a signed envelope that opens back to the reply', () => {
    const reply = '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[好的]]></Content></xml>';
    const sealed = sealReply(TENCENT, reply, '1700000002', 'abc123');
    const env = parseEncryptedEnvelope(sealed);
    expect(sealed).toContain('<TimeStamp>1700000002</TimeStamp>');
    const sig = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]><\/MsgSignature>/.exec(sealed)?.[1];
    expect(sig).toBe(signature(TENCENT.token, '1700000002', 'abc123', env.Encrypt));
    expect(
      openCallback(TENCENT, { msg_signature: sig!, timestamp: '1700000002', nonce: 'abc123' }, sealed),
    ).toBe(reply);
  });

  it('sealReply refuses a nonce or timestamp that could break the XML', () => {
    expect(() => sealReply(TENCENT, '<xml/>', '1', 'a]]><x>')).toThrow(RangeError);
    expect(() => sealReply(TENCENT, '<xml/>', '1<', 'abc')).toThrow(RangeError);
  });
});
