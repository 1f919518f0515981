/**
 * Every connector, in precedence order: when two sources fill the same figure of the same (date, channel),
 * the one listed first wins. Adding a source is one file plus one line here (docs/ARCHITECTURE.md).
 */
import type { z } from 'zod';
import { baiduTongji } from './baidu-tongji';
import { ga4 } from './ga4';
import type { Connector } from './types';
import { wechatMp } from './wechat-mp';

export const CONNECTORS: readonly Connector<unknown>[] = [
  baiduTongji as Connector<unknown>,
  ga4 as Connector<unknown>,
  wechatMp as Connector<unknown>,
];

export function connectorById(id: string): Connector<unknown> | undefined {
  return CONNECTORS.find((c) => c.id === id);
}

/** Precedence rank of a source (lower wins); unknown sources rank last. */
export function rankOf(id: string): number {
  const i = CONNECTORS.findIndex((c) => c.id === id);
  return i < 0 ? CONNECTORS.length : i;
}

/** The env variables of every connector, merged into the one config schema. */
export function connectorEnvShape(): z.ZodRawShape {
  return Object.assign({}, ...CONNECTORS.map((c) => c.env));
}

/** Credentials of every configured source and the problems of half-configured ones. */
export function configureConnectors(env: Record<string, unknown>): {
  creds: Record<string, unknown>;
  problems: string[];
} {
  const creds: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const c of CONNECTORS) {
    const r = c.configure(env);
    problems.push(...r.problems);
    if (r.creds !== undefined) creds[c.id] = r.creds;
  }
  return { creds, problems };
}
