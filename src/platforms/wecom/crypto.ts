/**
 * WeCom (企业微信) callback crypto: msg_signature, AES-256-CBC message encryption and the envelope helpers
 * for URL verification, inbound callbacks and encrypted passive replies. node:crypto only.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseEncryptedEnvelope } from './xml';

export type WecomCryptoReason =
  | 'bad_signature'
  | 'bad_padding'
  | 'bad_length'
  | 'wrong_receive_id'
  /** The request is not shaped like a WeCom callback at all (no Encrypt element, bad key, bad XML). */
  | 'malformed';

/** A callback that must be rejected (4xx). The message never contains key material or plaintext. */
export class WecomCryptoError extends Error {
  constructor(
    public readonly reason: WecomCryptoReason,
    message: string,
  ) {
    super(message);
    this.name = 'WecomCryptoError';
  }
}

/** The app's callback settings (WECOM_TOKEN, WECOM_AES_KEY, WECOM_CORP_ID). */
export interface WecomCallbackConfig {
  token: string;
  aesKey: string;
  corpId: string;
}

export interface UrlVerifyQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
}

export interface CallbackQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

// WeCom pads to 32-byte blocks (not AES's 16), so a pad byte may legitimately be anything from 1 to 32.
const PAD_BLOCK = 32;
const RANDOM_LEN = 16;
const HEADER_LEN = RANDOM_LEN + 4;

/** SHA1 hex of the four strings sorted and concatenated, as WeCom computes msg_signature. */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const joined = [token, timestamp, nonce, encrypt].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/** True when `msgSignature` matches; compared in constant time. */
export function verifySignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  msgSignature: string,
): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypt), 'utf8');
  const given = Buffer.from(String(msgSignature ?? '').toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function keyOf(aesKey: string): Buffer {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (aesKey.length !== 43 || key.length !== 32) {
    throw new WecomCryptoError('malformed', 'EncodingAESKey must be 43 base64 characters');
  }
  return key;
}

/** Decrypts a WeCom ciphertext and returns the inner message; throws WecomCryptoError on any tampering. */
export function decrypt(aesKey43: string, base64Cipher: string, expectedReceiveId: string): string {
  const key = keyOf(aesKey43);
  const cipherBytes = Buffer.from(base64Cipher, 'base64');
  if (cipherBytes.length === 0 || cipherBytes.length % 16 !== 0) {
    throw new WecomCryptoError('bad_length', 'ciphertext is not a whole number of AES blocks');
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  // Node's PKCS#7 check assumes 16-byte blocks and would reject WeCom's 32-byte padding.
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);

  const pad = padded.at(-1) ?? 0;
  if (pad < 1 || pad > PAD_BLOCK || pad > padded.length) {
    throw new WecomCryptoError('bad_padding', 'padding byte out of range');
  }
  for (let i = padded.length - pad; i < padded.length; i++) {
    if (padded[i] !== pad) throw new WecomCryptoError('bad_padding', 'padding bytes differ');
  }
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < HEADER_LEN) {
    throw new WecomCryptoError('bad_length', 'plaintext shorter than its header');
  }

  const msgLen = plain.readUInt32BE(RANDOM_LEN);
  if (msgLen > plain.length - HEADER_LEN) {
    throw new WecomCryptoError('bad_length', 'declared message length exceeds the plaintext');
  }
  const msg = plain.subarray(HEADER_LEN, HEADER_LEN + msgLen).toString('utf8');
  const receiveId = plain.subarray(HEADER_LEN + msgLen).toString('utf8');
  if (receiveId !== expectedReceiveId) {
    throw new WecomCryptoError('wrong_receive_id', 'message was encrypted for another receiver id');
  }
  return msg;
}

/** Encrypts `plaintext` for `receiveId` the way WeCom does; pass `random16` only to reproduce a vector. */
export function encrypt(
  aesKey: string,
  plaintext: string,
  receiveId: string,
  random16: string | Uint8Array = randomBytes(RANDOM_LEN),
): string {
  const key = keyOf(aesKey);
  const random = typeof random16 === 'string' ? Buffer.from(random16, 'utf8') : Buffer.from(random16);
  if (random.length !== RANDOM_LEN) throw new RangeError('random16 must be exactly 16 bytes');
  const msg = Buffer.from(plaintext, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = PAD_BLOCK - (body.length % PAD_BLOCK);
  const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

function requireSigned(cfg: WecomCallbackConfig, q: CallbackQuery, encrypted: string): void {
  if (!verifySignature(cfg.token, q.timestamp ?? '', q.nonce ?? '', encrypted, q.msg_signature ?? '')) {
    throw new WecomCryptoError('bad_signature', 'msg_signature does not match');
  }
}

/** Handles the GET URL verification: checks the signature over echostr and returns the decrypted echo. */
export function verifyUrl(cfg: WecomCallbackConfig, query: UrlVerifyQuery): string {
  if (!query.echostr) throw new WecomCryptoError('malformed', 'echostr is missing');
  requireSigned(cfg, query, query.echostr);
  return decrypt(cfg.aesKey, query.echostr, cfg.corpId);
}

/** Verifies and decrypts a POSTed callback body; returns the inner plaintext XML. */
export function openCallback(cfg: WecomCallbackConfig, query: CallbackQuery, xmlBody: string): string {
  let encrypted: string;
  try {
    encrypted = parseEncryptedEnvelope(xmlBody).Encrypt;
  } catch {
    throw new WecomCryptoError('malformed', 'body is not a WeCom encrypted envelope');
  }
  requireSigned(cfg, query, encrypted);
  return decrypt(cfg.aesKey, encrypted, cfg.corpId);
}

/** Builds the encrypted passive-reply XML for `plaintextXml`. */
export function sealReply(
  cfg: WecomCallbackConfig,
  plaintextXml: string,
  timestamp: string,
  nonce: string,
  random16?: string | Uint8Array,
): string {
  // These go into the reply verbatim; refuse anything that could break out of the CDATA or the element.
  if (!/^\d+$/.test(timestamp)) throw new RangeError('timestamp must be decimal digits');
  if (!/^[A-Za-z0-9_-]+$/.test(nonce)) throw new RangeError('nonce must be alphanumeric');
  const sealed = encrypt(cfg.aesKey, plaintextXml, cfg.corpId, random16);
  const sig = signature(cfg.token, timestamp, nonce, sealed);
  return (
    '<xml>' +
    `<Encrypt><![CDATA[${sealed}]]></Encrypt>` +
    `<MsgSignature><![CDATA[${sig}]]></MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp>` +
    `<Nonce><![CDATA[${nonce}]]></Nonce>` +
    '</xml>'
  );
}
