import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { insertAudit } from '../../db/queries/audit';
import { allSettings, lockSetting, putSetting } from '../../db/queries/settings';
import type { Config } from '../config';
import { must, own } from '../util/narrow';
import { DEFAULT_ANOMALY_Z } from './baselines';
import { DomainError } from './errors';

/** Longest company phrase, in characters: a phrase is a slogan or a term, not a paragraph. */
export const COMPANY_PHRASE_MAX = 40;
export const COMPANY_REASON_MAX = 200;
/** Every phrase is searched in every draft; the list stays a reviewed list, not a dictionary. */
export const COMPANY_PHRASES_MAX = 200;

/** One entry of the company's compliance list (see `/mops settings compliance`). */
export const CompanyPhraseSchema = z.object({
  phrase: z.string().min(1).max(COMPANY_PHRASE_MAX),
  action: z.enum(['allow', 'block']),
  reason: z.string().min(1).max(COMPANY_REASON_MAX).optional(),
});

/** Settings admins can change at runtime; env gives the defaults. */
export const SettingsSchema = z.object({
  digestChannel: z.string().optional(),
  alertsChannel: z.string().optional(),
  approvalsChannel: z.string().optional(),
  productChannel: z.string().optional(),
  admins: z.array(z.string()),
  approvers: z.array(z.string()),
  managers: z.array(z.string()),
  currency: z.string().default('CNY'),
  slaFeedbackHours: z.number().positive(),
  slaIncidentResponseHours: z.number().positive(),
  slaIncidentReportWorkdays: z.number().int().positive(),
  slaRetroWorkdays: z.number().int().positive(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  dailyAt: z.string(),
  weeklyAt: z.string(),
  monthlyAt: z.string(),
  kolSecondApproverFeeFen: z.number().int().nonnegative(),
  /** The month's GMV target for the monthly report; without it the report uses campaign targets. */
  monthlyGmvTargetFen: z.number().int().positive().optional(),
  /** The company's own allow and block phrases for the 广告法 check. */
  compliancePhrases: z.array(CompanyPhraseSchema).max(COMPANY_PHRASES_MAX),
  /** Which figure wins when a connector and a person give different values for the same day and channel. */
  metricsPrefer: z.enum(['manual', 'pulled']).default('manual'),
  /**
   * How unusual a figure must be for the digests and /metrics to flag it: |robust z| against the channel's
   * own history (src/domain/baselines.ts). 3 by default; between 2 and 10.
   */
  anomalyZ: z.number().min(2).max(10).default(3),
  /** GA4 channel group (or `group/source`) → channel code, over the documented defaults (src/connectors/ga4.ts). */
  ga4ChannelMap: z.record(z.string(), z.string()).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(config: Config): Settings {
  return {
    digestChannel: config.channels.digest,
    alertsChannel: config.channels.alerts,
    approvalsChannel: config.channels.approvals,
    productChannel: undefined,
    admins: config.roles.admins,
    approvers: config.roles.approvers,
    managers: config.roles.managers,
    currency: 'CNY',
    slaFeedbackHours: 24,
    slaIncidentResponseHours: 2,
    slaIncidentReportWorkdays: 2,
    slaRetroWorkdays: 3,
    holidays: [],
    workdays: [],
    dailyAt: '09:00',
    weeklyAt: 'MON 09:30',
    monthlyAt: '1 10:00',
    kolSecondApproverFeeFen: 5_000_000,
    compliancePhrases: [],
    metricsPrefer: 'manual',
    anomalyZ: DEFAULT_ANOMALY_Z,
  };
}

/** Effective settings: stored values over env defaults. Unknown or invalid stored keys are ignored. */
export async function getSettings(db: DbOrTx, config: Config): Promise<Settings> {
  const stored = await allSettings(db);
  const merged: Record<string, unknown> = { ...defaultSettings(config) };
  const shape = SettingsSchema.shape as Record<string, z.ZodType>;
  for (const [k, v] of Object.entries(stored)) {
    if (own(shape, k)?.safeParse(v).success) merged[k] = v;
  }
  return SettingsSchema.parse(merged);
}

export type SettingKey = keyof Settings;

/** True when the user id (bare or `platform:id`) is in the role list. */
export function hasRole(list: string[], actor: { platform: string; userId: string }): boolean {
  return list.includes(actor.userId) || list.includes(`${actor.platform}:${actor.userId}`);
}

/**
 * Whether an actor key (`slack:U1`) may change plans (budgets, cadences, targets): an admin, or anyone while
 * no admins are configured (a fresh install). PRODUCT.md: the admin sets budgets and targets.
 */
export function mayPlan(settings: Pick<Settings, 'admins'>, actorKey: string): boolean {
  if (settings.admins.length === 0) return true;
  const i = actorKey.indexOf(':');
  const actor =
    i > 0
      ? { platform: actorKey.slice(0, i), userId: actorKey.slice(i + 1) }
      : { platform: '', userId: actorKey };
  return hasRole(settings.admins, actor);
}

type SettingDeps = { db: Db; now: Date; actor: { platform: string; userId: string }; config: Config };

/** Change one setting; admins only; audited. */
export async function updateSetting(deps: SettingDeps, key: SettingKey, value: unknown): Promise<Settings> {
  return changeSetting(deps, key, () => value);
}

/**
 * Change one setting from its current value (add to a list, remove from it); admins only; audited. The key
 * is locked while `change` runs, so concurrent changes apply one after the other and none is lost.
 * `change` may throw a DomainError: nothing is written then.
 */
export async function changeSetting<K extends SettingKey>(
  { db, now, actor, config }: SettingDeps,
  key: K,
  change: (current: Settings[K], all: Settings) => unknown,
): Promise<Settings> {
  const shape = SettingsSchema.shape as Record<string, z.ZodType>;
  const by = `${actor.platform}:${actor.userId}`;
  await db.transaction(async (tx) => {
    await lockSetting(tx, key);
    const current = await getSettings(tx, config);
    if (!hasRole(current.admins, actor)) throw new DomainError('forbidden', 'err.admins_only');
    const parsed = must(own(shape, key), `${key} is a setting`).safeParse(change(current[key], current));
    if (!parsed.success) throw new DomainError('invalid_input', 'err.bad_setting', { key });
    await putSetting(tx, key, parsed.data, by, now);
    await insertAudit(tx, {
      at: now,
      actor: by,
      action: 'settings.update',
      entity: 'settings',
      entityId: key,
      before: current[key] ?? null,
      after: parsed.data,
    });
  });
  return getSettings(db, config);
}
