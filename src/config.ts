import { z } from 'zod';
import { configureConnectors, connectorEnvShape } from './connectors/registry';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const idList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const flag = z
  .string()
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATA_DIR: z.string().default('./data'),
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xox', 'must start with xox').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-', 'must start with xapp-').optional()),
  SLACK_API_URL: optionalString.pipe(z.url('must be a URL').optional()),
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: optionalString,
  WECOM_SECRET: optionalString,
  WECOM_TOKEN: optionalString,
  WECOM_AES_KEY: optionalString.pipe(z.string().length(43, 'must be 43 characters').optional()),
  WECOM_ROBOT_KEY: optionalString,
  WECOM_API_BASE: z.url('must be a URL').default('https://qyapi.weixin.qq.com'),
  WECOM_CALLBACK_WINDOW_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(30, 'must be at least 30')
    .max(3600, 'must be at most 3600')
    .default(300),
  TZ_NAME: z.string().default('Asia/Shanghai').refine(validTimeZone, 'is not a known IANA time zone'),
  LOCALE: z.enum(['zh-CN', 'en'], { error: 'must be zh-CN or en' }).default('zh-CN'),
  MOPS_ADMINS: idList,
  MOPS_APPROVERS: idList,
  MOPS_MANAGERS: idList,
  MOPS_API_TOKEN: optionalString,
  METRICS_TOKEN: optionalString,
  MOPS_DIGEST_CHANNEL: optionalString,
  MOPS_ALERTS_CHANNEL: optionalString,
  MOPS_APPROVALS_CHANNEL: optionalString,
  CONSOLE: flag,
  CONSOLE_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Seals tokens a connector must store (Baidu rotates its refresh token); at least 32 characters. */
  MOPS_SECRET_KEY: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ...connectorEnvShape(),
});

/** Checks across variables, run on the raw env so they are reported together with per-variable problems. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const has = (k: string) => (env[k] ?? '').trim() !== '';
  const problems: string[] = [];
  if (has('SLACK_BOT_TOKEN') && !has('SLACK_SIGNING_SECRET') && !has('SLACK_APP_TOKEN')) {
    problems.push(
      'SLACK_SIGNING_SECRET: is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  const wecom = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'];
  if (wecom.some(has)) {
    for (const k of wecom.filter((k) => !has(k)))
      problems.push(`${k}: is required when any WECOM_* app variable is set`);
  }
  return problems;
}

export interface Config {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  tz: string;
  locale: 'zh-CN' | 'en';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string };
  wecom?: {
    corpId: string;
    agentId: string;
    secret: string;
    token: string;
    aesKey: string;
    apiBase: string;
    /** A callback whose timestamp is further than this from now (either way) is refused before decrypting. */
    callbackWindowS: number;
  };
  wecomRobotKey?: string;
  wecomApiBase: string;
  roles: { admins: string[]; approvers: string[]; managers: string[] };
  channels: { digest?: string; alerts?: string; approvals?: string };
  apiToken?: string;
  /** Bearer token for GET /metrics; unset → loopback only. */
  metricsToken?: string;
  console: { enabled: boolean; host: string };
  /** Credentials of each configured metrics connector, by source id (src/connectors/registry.ts). */
  connectors: Record<string, unknown>;
  secretKey?: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * `loadConfig` for a process entry (`npm start`, `npm run mops`, `npm run demo`): a bad configuration is
 * printed, every problem listed, and the result is `undefined`, which the entry turns into exit code 2.
 */
export function configOrReport(env: Record<string, string | undefined> = process.env): Config | undefined {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    return undefined;
  }
}

/** Parse env once. Throws ConfigError listing every problem; never includes a secret's value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = [
    // zod messages never echo the input value, so secrets stay out.
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`)),
    ...crossChecks(env),
    ...(parsed.success ? configureConnectors(parsed.data).problems : []),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const slack = e.SLACK_BOT_TOKEN
    ? {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
      }
    : undefined;
  const wecom =
    e.WECOM_CORP_ID && e.WECOM_AGENT_ID && e.WECOM_SECRET && e.WECOM_TOKEN && e.WECOM_AES_KEY
      ? {
          corpId: e.WECOM_CORP_ID,
          agentId: e.WECOM_AGENT_ID,
          secret: e.WECOM_SECRET,
          token: e.WECOM_TOKEN,
          aesKey: e.WECOM_AES_KEY,
          apiBase: e.WECOM_API_BASE,
          callbackWindowS: e.WECOM_CALLBACK_WINDOW_SECONDS,
        }
      : undefined;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    tz: e.TZ_NAME,
    locale: e.LOCALE,
    logLevel: e.LOG_LEVEL,
    slack,
    wecom,
    wecomRobotKey: e.WECOM_ROBOT_KEY,
    wecomApiBase: e.WECOM_API_BASE,
    roles: { admins: e.MOPS_ADMINS, approvers: e.MOPS_APPROVERS, managers: e.MOPS_MANAGERS },
    channels: {
      digest: e.MOPS_DIGEST_CHANNEL,
      alerts: e.MOPS_ALERTS_CHANNEL,
      approvals: e.MOPS_APPROVALS_CHANNEL,
    },
    apiToken: e.MOPS_API_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    console: { enabled: e.CONSOLE || (!slack && !wecom), host: e.CONSOLE_HOST },
    connectors: configureConnectors(e).creds,
    secretKey: e.MOPS_SECRET_KEY,
  };
}
