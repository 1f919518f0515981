import { randomBytes } from 'node:crypto';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  child(ctx: Record<string, unknown>): Logger;
}

const SECRET_KEY = /token|secret|password|aes_?key|authorization|signature|access_token|database_url/i;
const SECRET_VALUE = [/xox[abprs]-[\w-]+/g, /xapp-[\w-]+/g, /postgres(ql)?:\/\/[^\s@]*@/g];

/** Removes secret-looking values so a log line never carries a token, whatever a caller passes. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const re of SECRET_VALUE) s = s.replace(re, '[redacted]');
    return s;
  }
  if (value instanceof Error) {
    return { name: value.name, message: scrub(value.message), stack: scrub(value.stack) };
  }
  // A time reads as its instant (Object.entries of a Date is empty: it would log as {}).
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1);
  return out;
}

export interface LogSink {
  write(line: string): void;
}

/** JSON lines to stdout (or a sink), one object per event; secrets scrubbed. */
export function createLogger(
  level: Level = 'info',
  base: Record<string, unknown> = {},
  sink: LogSink = process.stdout,
): Logger {
  const emit = (lvl: Level, msg: string, ctx?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const entry = { t: new Date().toISOString(), level: lvl, msg, ...(scrub({ ...base, ...ctx }) as object) };
    sink.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
    child: (c) => createLogger(level, { ...base, ...c }, sink),
  };
}

/** Short id a user can quote to support; it is logged with the error. */
export const newErrorId = () => `E${randomBytes(4).toString('hex').toUpperCase()}`;
