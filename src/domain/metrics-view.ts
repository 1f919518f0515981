/** `/metrics [date=]`: what the KPI card (src/chat/cards/metrics.ts) shows for a day, in one call. */
import type { Deps } from '../deps';
import { dailyVerdicts, type Verdicts } from './anomalies';
import { type KpiReport, kpiReport } from './metrics';
import { getSettings } from './settings';

export interface MetricsView {
  report: KpiReport;
  /** What is unusual on the day, per channel and figure, judged at `anomalyZ`. */
  verdicts: Verdicts;
  /** The threshold the verdicts used (the `anomaly_z` setting), which the card names. */
  anomalyZ: number;
}

/** The day's KPI report with its unusual figures, judged at the configured threshold. */
export async function metricsView(deps: Pick<Deps, 'db' | 'config'>, date: string): Promise<MetricsView> {
  const { anomalyZ } = await getSettings(deps.db, deps.config);
  const [report, verdicts] = await Promise.all([
    kpiReport(deps.db, date),
    dailyVerdicts(deps.db, date, anomalyZ),
  ]);
  return { report, verdicts, anomalyZ };
}
