import { CHANNELS } from '../../domain/channels';
import { BASIS_KPIS, type BasisKpi, formatPct, formatRoi, type KpiBasis } from '../../domain/kpi';
import type { RowIssue } from '../../domain/metrics';
import { formatCount, formatMoney } from '../../domain/money';
import { defineMessages, type Locale } from '../i18n';

export const tMetrics = defineMessages({
  'log.summary': {
    'zh-CN': '记录某渠道一天的数据（再次记录会更新该行）',
    en: "Log a day of a channel's figures (logging again updates that row)",
  },
  'show.summary': {
    'zh-CN': '查看某天的 KPI（默认昨天），含环比和周同比',
    en: 'Show the KPIs for a day (yesterday by default) with day-on-day and week-on-week change',
  },
  'log.created': { 'zh-CN': '已记录 {channel} · {date}', en: 'Logged {channel} · {date}' },
  'log.updated': { 'zh-CN': '已更新 {channel} · {date}', en: 'Updated {channel} · {date}' },
  'log.unchanged': {
    'zh-CN': '{channel} · {date} 没有变化',
    en: 'No change for {channel} · {date}',
  },
  'log.unchanged_text': {
    'zh-CN': '这些数字和已记录的一样。',
    en: 'These figures are the same as the ones already logged.',
  },
  'log.change': { 'zh-CN': '{field}：{before} → {after}', en: '{field}: {before} → {after}' },
  'log.audited': {
    'zh-CN': '修改已写入审计日志。',
    en: 'The change is in the audit log.',
  },
  'field.date': { 'zh-CN': '日期', en: 'Date' },
  'field.channel': { 'zh-CN': '渠道', en: 'Channel' },
  'form.title': { 'zh-CN': '记录渠道数据', en: 'Log channel metrics' },
  'form.submit': { 'zh-CN': '保存', en: 'Save' },
  'kpi.ctr': { 'zh-CN': 'CTR 点击率', en: 'CTR' },
  'kpi.cvr': { 'zh-CN': 'CVR（订单÷点击）', en: 'CVR (orders ÷ clicks)' },
  'kpi.aov': { 'zh-CN': '客单价（GMV÷买家）', en: 'AOV (GMV ÷ buyers)' },
  'kpi.roi': { 'zh-CN': 'ROI（GMV÷花费）', en: 'ROI (GMV ÷ spend)' },
  'kpi.cac': { 'zh-CN': 'CAC（花费÷新客）', en: 'CAC (spend ÷ new users)' },
  'kpi.bounceRate': { 'zh-CN': '跳出率', en: 'Bounce rate' },
  'basis.roi': {
    'zh-CN': '付费渠道 ROI {value}（只算记录了花费的渠道：GMV {num} ÷ 花费 {den}）',
    en: 'Paid-channel ROI {value} (channels that logged spend only: GMV {num} ÷ spend {den})',
  },
  'basis.cvr': {
    'zh-CN': '有点击渠道的 CVR {value}（只算记录了点击的渠道：订单 {num} ÷ 点击 {den}）',
    en: 'CVR of channels with clicks {value} (those channels only: orders {num} ÷ clicks {den})',
  },
  'basis.cac': {
    'zh-CN': '付费渠道 CAC {value}（只算同时记录了花费和新客的渠道：花费 {num} ÷ 新客 {den}）',
    en: 'Paid-channel CAC {value} (channels that logged spend and new users: spend {num} ÷ new users {den})',
  },
  'kpi.line': {
    'zh-CN': '{label} {value} · 环比 {d} · 周同比 {w}',
    en: '{label} {value} · d/d {d} · w/w {w}',
  },
  'card.title': { 'zh-CN': '渠道数据 · {date}（{weekday}）', en: 'Channel metrics · {date} ({weekday})' },
  'card.total': { 'zh-CN': '全部渠道合计', en: 'All channels' },
  'card.others': { 'zh-CN': '其他渠道（{n}）', en: 'Other channels ({n})' },
  'card.other_line': { 'zh-CN': '{channel}：GMV {gmv} · ROI {roi}', en: '{channel}: GMV {gmv} · ROI {roi}' },
  'card.empty': {
    'zh-CN': '{date} 还没有记录任何渠道数据。用 `/metrics log date={date} channel=… gmv=…` 记录。',
    en: 'No figures logged for {date} yet. Log them with `/metrics log date={date} channel=… gmv=…`.',
  },
  'card.legend': {
    'zh-CN':
      'ROI、CVR、CAC 用上面列出的合计计算（总 GMV÷总花费）。环比 = 对比 {prev}；周同比 = 对比上周同日 {week}。比率的变化以百分点表示；— 表示基数为零或没有数据。',
    en: 'ROI, CVR and CAC divide the totals shown (total GMV ÷ total spend). d/d = vs {prev}; w/w = vs the same weekday a week before ({week}). Rate changes are in percentage points; — means a zero or missing base.',
  },
  'weekday.0': { 'zh-CN': '周日', en: 'Sun' },
  'weekday.1': { 'zh-CN': '周一', en: 'Mon' },
  'weekday.2': { 'zh-CN': '周二', en: 'Tue' },
  'weekday.3': { 'zh-CN': '周三', en: 'Wed' },
  'weekday.4': { 'zh-CN': '周四', en: 'Thu' },
  'weekday.5': { 'zh-CN': '周五', en: 'Fri' },
  'weekday.6': { 'zh-CN': '周六', en: 'Sat' },
  'issue.missing': { 'zh-CN': '缺少 `{field}`。', en: 'Missing `{field}`.' },
  'issue.unknown_field': { 'zh-CN': '不认识的字段 `{field}`。', en: 'Unknown field `{field}`.' },
  'issue.bad_type': {
    'zh-CN': '`{field}` 必须是数字或文本，而不是 `{value}`。',
    en: '`{field}` must be a number or text, not `{value}`.',
  },
  'issue.bad_date': {
    'zh-CN': '`{field}`：`{value}` 不是日期，请写成 YYYY-MM-DD。',
    en: '`{field}`: `{value}` is not a date; write YYYY-MM-DD.',
  },
  'issue.no_such_date': {
    'zh-CN': '`{field}`：日历上没有 `{value}` 这一天。',
    en: '`{field}`: `{value}` does not exist on the calendar.',
  },
  'issue.future_date': {
    'zh-CN': '`{field}`：{value} 还没到，不能记录未来的数据。',
    en: '`{field}`: {value} is in the future; figures can only be logged for past days and today.',
  },
  'issue.unknown_channel': {
    'zh-CN': '`{field}`：`{value}` 不是已知渠道。可选：{options}。',
    en: '`{field}`: `{value}` is not a known channel. Options: {options}.',
  },
  'issue.not_a_number': {
    'zh-CN': '`{field}`：`{value}` 不是数字（可以写 12,000、1.2万）。',
    en: '`{field}`: `{value}` is not a number (write 12,000 or 1.2万).',
  },
  'issue.negative': { 'zh-CN': '`{field}` 不能是负数。', en: '`{field}` cannot be negative.' },
  'issue.not_integer': {
    'zh-CN': '`{field}` 必须是整数（`{value}`）。',
    en: '`{field}` must be a whole number (`{value}`).',
  },
  'issue.too_many_decimals': {
    'zh-CN': '`{field}` 最多精确到分（两位小数）。',
    en: '`{field}` can have at most two decimals (fen).',
  },
  'issue.too_large': { 'zh-CN': '`{field}` 太大了。', en: '`{field}` is too large.' },
  'issue.no_figures': {
    'zh-CN': '请至少给出一项数据：uv=、pv=、clicks=、gmv= 等。',
    en: 'Give at least one figure: uv=, pv=, clicks=, gmv= and so on.',
  },
  'issue.duplicate': {
    'zh-CN': '{value} 的数据重复出现（{other} 已有）。',
    en: '{value} appears twice (already at {other}).',
  },
  'issue.more_than': {
    'zh-CN': '`{field}`（{value}）不能大于 `{than}`（{thanValue}）。请检查这两项。',
    en: '`{field}` ({value}) cannot be more than `{than}` ({thanValue}); check both figures.',
  },
  'err.metrics.impossible': {
    'zh-CN': '{key}：`{field}`（{value}）不能大于已记录的 `{other}`（{otherValue}）。请同时更正这两项。',
    en: '{key}: `{field}` ({value}) cannot be more than `{other}` ({otherValue}) as logged; correct both figures together.',
  },
  'log.confirm_title': {
    'zh-CN': '确认替换 {channel} · {date} 的数据？',
    en: 'Replace the figures for {channel} · {date}?',
  },
  'log.jump': {
    'zh-CN': '{field}：已记录 {before}，新值 {after}（相差 {factor} 倍）',
    en: '{field}: logged {before}, new {after} ({factor}× apart)',
  },
  'log.confirm_text': {
    'zh-CN': '新值和已记录的相差超过 10 倍，还没有保存。确认无误请点“确认替换”，或在命令末尾加 confirm=yes。',
    en: 'The new value differs from the logged one by more than 10×, so nothing was saved yet. Click "Replace" if it is right, or add confirm=yes to the command.',
  },
  'log.confirm_button': { 'zh-CN': '确认替换', en: 'Replace' },
  'err.metrics.duplicate_row': {
    'zh-CN': '{key} 的数据在同一批里出现了两次。',
    en: '{key} appears twice in the same batch.',
  },
  'err.metrics.bad_date': {
    'zh-CN': '参数 `date`：`{value}` 不是有效日期，请写成 YYYY-MM-DD。',
    en: 'Argument `date`: `{value}` is not a valid date; write YYYY-MM-DD.',
  },
  'err.metrics.future_date': {
    'zh-CN': '参数 `date`：{value} 还没到。',
    en: 'Argument `date`: {value} is in the future.',
  },
  'import.bad_header': {
    'zh-CN': '第 {line} 行（表头）：{problem}',
    en: 'Line {line} (header): {problem}',
  },
  'import.at_line': { 'zh-CN': '第 {line} 行', en: 'line {line}' },
  'import.not_text': {
    'zh-CN': '文件既不是 UTF-8 也不是 GB18030 文本；请另存为“CSV UTF-8”。',
    en: 'The file is neither UTF-8 nor GB18030 text; save it as "CSV UTF-8".',
  },
  'import.missing_column': { 'zh-CN': '缺少列 `{column}`。', en: 'Column `{column}` is missing.' },
  'import.unknown_column': {
    'zh-CN': '不认识的列 `{column}`。可用的列：{columns}。',
    en: 'Unknown column `{column}`. Known columns: {columns}.',
  },
  'import.duplicate_column': {
    'zh-CN': '列 `{column}` 出现了两次。',
    en: 'Column `{column}` appears twice.',
  },
  'import.empty': { 'zh-CN': '文件是空的。', en: 'The file is empty.' },
  'import.line': { 'zh-CN': '第 {line} 行：{problem}', en: 'Line {line}: {problem}' },
  'import.columns': {
    'zh-CN': '应有 {expected} 列，实际 {actual} 列。',
    en: 'Expected {expected} {expected|column|columns}, found {actual}.',
  },
  'import.unclosed_quote': {
    'zh-CN': '引号没有闭合（从这一行开始）。',
    en: 'A quoted field is not closed (it starts on this line).',
  },
  'import.stray_quote': {
    'zh-CN': '字段中间有引号；含引号或逗号的字段请整体加引号，并把引号写成 ""。',
    en: 'A quote inside an unquoted field; quote the whole field and write quotes as "".',
  },
  'import.after_quote': {
    'zh-CN': '引号结束后还有字符；字段应在引号后直接以逗号结束。',
    en: 'Characters after a closing quote; a quoted field must end at the next comma.',
  },
  'import.failed': {
    'zh-CN': '导入失败：{n} 行有问题，没有写入任何数据。',
    en: 'Import failed: {n} {n|row has|rows have} problems; nothing was written.',
  },
  'import.more': {
    'zh-CN': '……另有 {n} 个问题未列出。',
    en: '…and {n} more {n|problem|problems} not listed.',
  },
  'import.done': {
    'zh-CN': '已导入 {rows} 行：新增 {created}，更新 {updated}，未变 {unchanged}。',
    en: 'Imported {rows} {rows|row|rows}: {created} created, {updated} updated, {unchanged} unchanged.',
  },
  'import.progress_validate': { 'zh-CN': '已检查 {done} 行', en: 'Checked {done} {done|row|rows}' },
  'import.progress_write': {
    'zh-CN': '已写入 {done}/{total} 行',
    en: 'Wrote {done}/{total} {total|row|rows}',
  },
});

/** A row problem as a sentence naming the field (chat args, CSV columns and API fields use the same names). */
export function describeIssue(locale: Locale, issue: RowIssue, extra: { other?: string } = {}): string {
  return tMetrics(locale, `issue.${issue.reason}`, {
    field: issue.field,
    value: issue.value ?? '',
    options: CHANNELS.join(', '),
    other: extra.other ?? '',
    than: issue.than?.field ?? '',
    thanValue: issue.than?.value ?? '',
  });
}

/**
 * The narrower-base lines beside a headline (paid-channel ROI with its own GMV, CVR of channels with clicks,
 * paid-channel CAC), each printing the numerator and denominator it divides.
 */
export function basisLines(
  locale: Locale,
  bases: Partial<Record<BasisKpi, KpiBasis>>,
  /** The headline KPIs the card shows; a narrower base is only printed beside its headline. */
  shown: readonly BasisKpi[] = BASIS_KPIS,
): string[] {
  const money = (fen: number) => formatMoney(fen, locale, { compact: true });
  const count = (n: number) => formatCount(n, locale, { compact: true });
  return shown.flatMap((k) => {
    const b = bases[k];
    if (!b) return [];
    const parts =
      k === 'roi'
        ? { value: formatRoi(b.value), num: money(b.num), den: money(b.den) }
        : k === 'cvr'
          ? { value: formatPct(b.value, locale), num: count(b.num), den: count(b.den) }
          : { value: formatMoney(b.value, locale), num: money(b.num), den: count(b.den) };
    return [tMetrics(locale, `basis.${k}`, parts)];
  });
}
