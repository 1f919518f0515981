/**
 * Sealing for the few tokens a connector must store (Baidu rotates its refresh token on every refresh):
 * AES-256-GCM with a key derived from MOPS_SECRET_KEY, a random IV per seal, and the auth tag checked on
 * open, so a changed key or a tampered value is refused instead of read as garbage.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

const keyOf = (secret: string) => createHash('sha256').update(`mopsbot-seal:${secret}`, 'utf8').digest();

export function seal(secret: string, value: unknown): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]);
  return [VERSION, iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join(
    '.',
  );
}

/** The sealed value, or undefined when it cannot be opened with this key (changed key, tampering). */
export function unseal<T>(secret: string, sealed: string): T | undefined {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== VERSION || !iv || !tag || !body) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64'));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    const text = Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A fingerprint of a secret (to notice that an admin set a new one) that reveals nothing about it. */
export const fingerprint = (secret: string) =>
  createHash('sha256').update(`mopsbot-fp:${secret}`, 'utf8').digest('hex').slice(0, 16);
