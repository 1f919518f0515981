/**
 * The console's request guard and body parsing. The console has no login, so every API request is checked
 * for where it comes from (this machine, this host name, not another site's page) and every POST body is
 * strict JSON read against a schema; a refusal carries an HTTP status and a localised message.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { z } from 'zod';
import type { Locale, Params } from '../../chat/i18n';
import { readBody } from '../../http';
import { errorStatus } from '../../util/errors';
import { isRecord, must } from '../../util/narrow';
import { type ConsoleMessageKey, tConsole } from './messages';

/** A refusal with an HTTP status and a clear, localised message. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Refusals in one locale. */
export const refusals =
  (locale: Locale) =>
  (status: number, code: string, key: ConsoleMessageKey, params?: Params): Refusal =>
    new Refusal(status, code, tConsole(locale, key, params));

type Refuse = ReturnType<typeof refusals>;

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (what a dual-stack listener reports). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export interface GuardOptions {
  /** Answer other machines too (CONSOLE_HOST opens the console on purpose). */
  allowRemote?: boolean;
  /** Host names answered besides localhost and IP literals, lower case. */
  allowedHosts: ReadonlySet<string>;
}

/**
 * This machine only: refuse other machines (unless allowRemote), other sites' pages (CSRF) and foreign
 * host names (DNS rebinding).
 */
export function guardRequest(req: IncomingMessage, opts: GuardOptions, refuse: Refuse): void {
  if (!opts.allowRemote && !isLoopback(req.socket?.remoteAddress))
    throw refuse(403, 'forbidden_remote', 'err.forbidden_remote');
  const hostHeader = (req.headers.host ?? '').toLowerCase();
  const host = hostHeader.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  if (host !== 'localhost' && isIP(host) === 0 && !opts.allowedHosts.has(host))
    throw refuse(403, 'forbidden_host', 'err.forbidden_host', { host: host || '∅' });
  const origin = req.headers.origin;
  if (origin !== undefined && originHost(origin) !== hostHeader)
    throw refuse(403, 'forbidden_origin', 'err.forbidden_origin');
  if (req.headers['sec-fetch-site'] === 'cross-site')
    throw refuse(403, 'forbidden_origin', 'err.forbidden_origin');
}

function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * A POST body: JSON only (a cross-site form or text/plain POST cannot send it without a preflight we never
 * grant), an object, and valid for `schema`; the refusal names the unknown, missing or bad field.
 */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  refuse: Refuse,
): Promise<z.infer<S>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    throw refuse(415, 'content_type', 'err.content_type');
  let raw: unknown;
  try {
    raw = JSON.parse((await readBody(req, 256 * 1024)).toString('utf8'));
  } catch (e) {
    if (errorStatus(e) === 413) throw e;
    throw refuse(400, 'bad_json', 'err.bad_json');
  }
  if (!isRecord(raw)) throw refuse(400, 'bad_json', 'err.bad_json');
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = must(parsed.error.issues[0], 'a failed parse has an issue');
  if (issue.code === 'unrecognized_keys')
    throw refuse(400, 'bad_request', 'err.unknown_field', { field: issue.keys.join(', ') });
  const field = issue.path.map(String).join('.') || '?';
  const missing = raw[String(issue.path[0])] === undefined;
  throw refuse(400, 'bad_request', missing ? 'err.missing_field' : 'err.bad_field', { field });
}
