/** The manual's 4.1 KPI scorecard as card sections (the 月报): pure, from the scorecard rows. */
import { DASH, formatChange, formatPct, formatRoi } from '../../domain/kpi';
import { formatCount, formatMoney } from '../../domain/money';
import { SCORE_GROUPS, type ScoreRow, type ScoreStatus } from '../../domain/scorecard';
import type { Section } from '../card';
import type { Locale } from '../i18n';
import { tScorecard } from '../messages/scorecard';

/** Met, missed, or nothing to judge: the scorecard's and the monthly report's marks. */
export const SCORE_MARK: Record<ScoreStatus, string> = { pass: '✅', miss: '❌', na: '➖' };

const MONEY_ROWS = new Set(['gmv_growth', 'aov_growth', 'roi', 'invalid_spend']);

function num(locale: Locale, key: string, v: number | null): string {
  if (MONEY_ROWS.has(key)) return formatMoney(v === null ? null : Math.round(v), locale, { compact: true });
  if (key === 'satisfaction' && v !== null) return String(Number(v.toFixed(2)));
  return formatCount(v === null ? null : Math.round(v), locale);
}

function valueText(locale: Locale, r: ScoreRow): string {
  if (!r.hasData) return tScorecard(locale, 'no_data');
  let main: string;
  switch (r.unit) {
    case 'growth':
      main = formatChange(r.value, locale).text;
      break;
    case 'rate':
      main = formatPct(r.value, locale);
      break;
    case 'roi':
      main = formatRoi(r.value);
      break;
    case 'score':
      main = r.value === null ? DASH : r.value.toFixed(2);
      break;
    default:
      main = r.value === null ? DASH : formatCount(Math.round(r.value), locale);
  }
  if (!r.inputs) return main;
  const a = num(locale, r.key, r.inputs.a);
  const b = r.key === 'active_users' ? String(r.inputs.b ?? 0) : num(locale, r.key, r.inputs.b);
  const key =
    r.unit === 'growth'
      ? 'inputs.move'
      : r.key === 'active_users'
        ? 'inputs.days'
        : r.key === 'satisfaction'
          ? 'inputs.responses'
          : r.key === 'complaint_rate'
            ? 'inputs.orders'
            : 'inputs.ratio';
  return `${main} (${tScorecard(locale, key, { a, b })})`;
}

/** Digits a target percentage needs (20% → 0, 12.5% → 1, 12.25% → 2): a set target is shown as typed. */
const pctDigits = (v: number) =>
  Number.isInteger(Math.round(v * 1e6) / 1e4) ? 0 : Number.isInteger(Math.round(v * 1e6) / 1e3) ? 1 : 2;

function targetText(locale: Locale, r: ScoreRow): string {
  const t = r.target;
  if (!t) return tScorecard(locale, 'no_target');
  let text: string;
  switch (r.unit) {
    case 'growth':
      text = `${t.op} ${t.value >= 0 ? '+' : ''}${formatPct(t.value, locale, pctDigits(t.value))}`;
      break;
    case 'rate':
      text = `${t.op} ${formatPct(t.value, locale, pctDigits(t.value))}`;
      break;
    case 'roi':
      text = `${t.op} ${Number(t.value.toFixed(2))}:1`;
      break;
    case 'score':
      text = `${t.op} ${t.value}`;
      break;
    default:
      text = `${t.op} ${formatCount(t.value, locale, { compact: true })}`;
  }
  return t.fromTarget ? `${text} (/target)` : text;
}

/** One section per 指标类型 of the manual's table, one line per row: mark, name, value with inputs, target. */
export function scorecardSections(locale: Locale, rows: ScoreRow[]): Section[] {
  return SCORE_GROUPS.map((g) => ({
    heading: tScorecard(locale, `group.${g}`),
    lines: rows
      .filter((r) => r.group === g)
      .map((r) =>
        tScorecard(locale, 'line', {
          mark: SCORE_MARK[r.status],
          name: tScorecard(locale, `row.${r.key}`),
          value: valueText(locale, r),
          target: targetText(locale, r),
        }),
      ),
  }));
}
