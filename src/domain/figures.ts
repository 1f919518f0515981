/**
 * The figures the reports print and judge, each list written once. `Figures` is one channel's (or all
 * channels') figures over a period as the digests' loaders build them (src/domain/digests.ts); the daily
 * digest prints DIGEST_METRICS, the weekly and monthly reports PERIOD_METRICS, /metrics its KPIs (KPI_NAMES
 * in src/domain/metrics.ts), and the anomaly rule (src/domain/anomalies.ts) judges all of them.
 */
import { type KpiName, RATE_KPIS } from './metrics';

/** The figures a digest reports for one channel (or all channels) over one period; null = no data. */
export interface Figures {
  uv: number | null;
  pv: number | null;
  orders: number | null;
  gmv: number | null;
  spend: number | null;
  newUsers: number | null;
  clicks: number | null;
  /** GMV ÷ buyers, in fen. */
  aov: number | null;
  /** Total GMV ÷ total spend. */
  roi: number | null;
  ctr: number | null;
  /** Total orders ÷ total clicks. */
  cvr: number | null;
  /** Total spend ÷ total new users, in fen. */
  cac: number | null;
  /** Σ daily active users (a sum of days: divide by the days logged for a daily average). */
  activeUsers: number | null;
  /** retained_d7 ÷ cohort_d7. */
  retention: number | null;
  /** repeat_buyers ÷ buyers. */
  repurchase: number | null;
}
export type MetricKey = keyof Figures;

/** The ten figures of the daily report, in reading order; clicks are printed so CVR can be checked. */
export const DIGEST_METRICS = [
  'gmv',
  'spend',
  'roi',
  'orders',
  'aov',
  'uv',
  'pv',
  'clicks',
  'ctr',
  'cvr',
] as const satisfies readonly MetricKey[];

/** The weekly and monthly reports' figures: the daily ten plus new users and CAC (spend ÷ new users). */
export const PERIOD_METRICS = [...DIGEST_METRICS, 'newUsers', 'cac'] as const satisfies readonly MetricKey[];
export type PeriodMetric = (typeof PERIOD_METRICS)[number];

/** Figures that are rates, whose changes read in percentage points: /metrics' rate KPIs, retention, repurchase. */
export const RATE_FIGURES: ReadonlySet<MetricKey | KpiName> = new Set<MetricKey | KpiName>([
  ...RATE_KPIS,
  'retention',
  'repurchase',
]);
