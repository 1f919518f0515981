/**
 * `npm run mops -- import-metrics FILE.csv`: channel metrics from a CSV file with the `/metrics log` columns.
 * Every row is checked before anything is written; one bad row means nothing is written, and each bad row
 * is reported with its line number and the reason. The file is streamed, with progress for large files.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Locale } from '../chat/i18n';
import { describeIssue, tMetrics } from '../chat/messages/metrics';
import type { Deps } from '../deps';
import { localDate } from '../domain/dates';
import {
  METRIC_FIELDS,
  type MetricRow,
  metricKey,
  upsertMetrics,
  validateMetricRow,
} from '../domain/metrics';

// ---------------------------------------------------------------------------------------------------------
// RFC 4180 parser

export type CsvProblem = 'unclosed_quote' | 'stray_quote' | 'after_quote';

/** One record, or the reason it could not be read; `line` is the 1-based line where the record starts. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; problem: CsvProblem };

type State = 'start' | 'unquoted' | 'quoted' | 'quote' | 'skip';

/**
 * A streaming RFC 4180 parser: comma-separated, fields optionally in double quotes, `""` for a quote inside
 * a quoted field, quoted fields may span lines, CRLF, LF or CR line ends, a leading UTF-8 BOM ignored.
 * A malformed record is reported (with its line) and skipped up to the end of its line, so parsing goes on
 * and every bad row in a file is found in one pass.
 */
export class CsvParser {
  private state: State = 'start';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private problem: CsvProblem | undefined;
  private afterCR = false;
  private quotedCR = false;
  private first = true;

  /** Feed the next piece of text; complete records are passed to `emit`. */
  push(chunk: string, emit: (r: CsvRecord) => void): void {
    let i = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < chunk.length; i++) {
      const c = chunk.charAt(i);
      if (this.afterCR) {
        this.afterCR = false;
        // The LF of a CRLF pair: the record already ended at the CR.
        if (c === '\n') continue;
      }
      const newline = c === '\n' || c === '\r';
      switch (this.state) {
        case 'start':
        case 'unquoted':
          if (c === ',') this.endField();
          else if (newline) this.endRecord(c, emit);
          else if (c === '"') {
            if (this.state === 'start' && this.field === '') this.state = 'quoted';
            else this.fail('stray_quote');
          } else {
            this.field += c;
            this.state = 'unquoted';
          }
          break;
        case 'quoted':
          if (c === '"') this.state = 'quote';
          else {
            // A line break inside a quoted field: CRLF counts once, even when split across chunks.
            if (c === '\r' || (c === '\n' && !this.quotedCR)) this.line++;
            this.field += c;
          }
          this.quotedCR = c === '\r';
          break;
        case 'quote':
          if (c === '"') {
            this.field += '"';
            this.state = 'quoted';
          } else if (c === ',') this.endField();
          else if (newline) this.endRecord(c, emit);
          else this.fail('after_quote');
          break;
        case 'skip':
          if (newline) this.endRecord(c, emit);
          break;
      }
    }
  }

  /** No more input: flush the last record (a file need not end with a newline). */
  end(emit: (r: CsvRecord) => void): void {
    if (this.state === 'quoted') {
      emit({ line: this.recordLine, problem: 'unclosed_quote' });
    } else if (this.state !== 'start' || this.fields.length > 0 || this.field !== '') {
      this.flush(emit);
    }
    this.reset();
  }

  private endField() {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'start';
  }

  private fail(problem: CsvProblem) {
    this.problem ??= problem;
    this.state = 'skip';
  }

  private endRecord(c: string, emit: (r: CsvRecord) => void) {
    this.flush(emit);
    this.line++;
    this.recordLine = this.line;
    if (c === '\r') this.afterCR = true;
  }

  private flush(emit: (r: CsvRecord) => void) {
    if (this.problem) emit({ line: this.recordLine, problem: this.problem });
    else {
      this.fields.push(this.field);
      emit({ line: this.recordLine, fields: this.fields });
    }
    this.reset();
  }

  private reset() {
    this.fields = [];
    this.field = '';
    this.state = 'start';
    this.problem = undefined;
  }
}

/** Parse a whole CSV text into records (tests and small inputs). */
export function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const p = new CsvParser();
  p.push(text, (r) => out.push(r));
  p.end((r) => out.push(r));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Import

export type ImportProgress =
  | { phase: 'validate'; rows: number; bytes: number; totalBytes: number }
  | { phase: 'write'; done: number; total: number };

export interface ImportProblem {
  /** 1-based line in the file (1 is the header). */
  line: number;
  /** The column at fault, when one is. */
  field?: string;
  message: string;
}

export type ImportResult =
  | { ok: true; rows: number; created: number; updated: number; unchanged: number; summary: string }
  | { ok: false; errors: ImportProblem[]; errorCount: number; summary: string };

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Validation progress is reported every this many rows (default 1000). */
  progressEvery?: number;
}

/** Problems listed in the result; the rest are only counted, so a broken million-row file stays readable. */
const MAX_LISTED = 100;
const KNOWN_COLUMNS = ['date', 'channel', ...METRIC_FIELDS] as const;

class NotUtf8 extends Error {}

/** Progress as a short line for the CLI. */
export function formatImportProgress(locale: Locale, p: ImportProgress): string {
  return p.phase === 'validate'
    ? tMetrics(locale, 'import.progress_validate', { done: p.rows })
    : tMetrics(locale, 'import.progress_write', { done: p.done, total: p.total });
}

/**
 * Import metrics from a CSV file: validate every row, then write all of them in one transaction (an
 * upsert by date and channel, audited), or write nothing and list each bad row's line and reason.
 * UTF-8 is expected; a file Excel saved in GB18030/GBK is read as such.
 */
export async function importMetricsCsv(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  filePath: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const locale = deps.config.locale;
  const totalBytes = (await stat(filePath)).size;
  let checked: Checked;
  try {
    checked = await checkFile(filePath, 'utf-8', deps, totalBytes, opts);
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    checked = await checkFile(filePath, 'gb18030', deps, totalBytes, opts);
  }
  if (checked.errors.length > 0) {
    const listed = checked.errors.slice(0, MAX_LISTED);
    const lines = [
      tMetrics(locale, 'import.failed', { n: new Set(checked.errors.map((e) => e.line)).size }),
      ...listed.map((e) => e.message),
      ...(checked.errors.length > MAX_LISTED
        ? [tMetrics(locale, 'import.more', { n: checked.errors.length - MAX_LISTED })]
        : []),
    ];
    return { ok: false, errors: listed, errorCount: checked.errors.length, summary: lines.join('\n') };
  }
  const now = deps.clock.now();
  const res = await upsertMetrics({ db: deps.db, now, actor: cliActor() }, checked.rows, {
    onProgress: (done, total) => opts.onProgress?.({ phase: 'write', done, total }),
  });
  const counts = {
    rows: checked.rows.length,
    created: res.created,
    updated: res.updated,
    unchanged: res.unchanged,
  };
  return { ok: true, ...counts, summary: tMetrics(locale, 'import.done', counts) };
}

function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:import';
  }
}

interface Checked {
  rows: MetricRow[];
  errors: ImportProblem[];
}

/** Read and check the whole file in `encoding`; throws NotUtf8 when it is not UTF-8 (the caller retries). */
async function checkFile(
  filePath: string,
  encoding: 'utf-8' | 'gb18030',
  deps: Pick<Deps, 'config' | 'clock'>,
  totalBytes: number,
  opts: ImportOptions,
): Promise<Checked> {
  const locale = deps.config.locale;
  const every = opts.progressEvery ?? 1000;
  let bytes = 0;
  const check = new RecordCheck(locale, localDate(deps.clock.now(), deps.config.tz), (rows) => {
    if (rows % every === 0) opts.onProgress?.({ phase: 'validate', rows, bytes, totalBytes });
  });
  await readRecords(filePath, encoding, locale, {
    onBytes: (n) => {
      bytes += n;
    },
    onRecord: (r) => check.record(r),
  });
  const checked = check.result();
  opts.onProgress?.({ phase: 'validate', rows: check.records, bytes, totalBytes });
  return checked;
}

/** Stream the file through the decoder and the CSV parser, record by record. */
async function readRecords(
  filePath: string,
  encoding: 'utf-8' | 'gb18030',
  locale: Locale,
  on: { onBytes: (n: number) => void; onRecord: (r: CsvRecord) => void },
): Promise<void> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parser = new CsvParser();
  const decode = (buf?: Buffer) => {
    try {
      return buf ? decoder.decode(buf, { stream: true }) : decoder.decode();
    } catch {
      if (encoding === 'utf-8') throw new NotUtf8();
      throw new Error(tMetrics(locale, 'import.not_text'));
    }
  };
  const stream = createReadStream(filePath);
  try {
    for await (const chunk of stream) {
      // Without an encoding the stream yields Buffers.
      const buf: Buffer = chunk;
      on.onBytes(buf.length);
      parser.push(decode(buf), on.onRecord);
    }
    parser.push(decode(), on.onRecord);
    parser.end(on.onRecord);
  } finally {
    stream.destroy();
  }
}

/**
 * The records of one file in order: the first non-blank one is the header, every later one a row checked
 * against it (its column count, `/metrics log`'s validation, a date and channel seen on an earlier line).
 * Keeps the good rows and every problem with its line; a bad header stops the rows being checked.
 */
class RecordCheck {
  readonly rows: MetricRow[] = [];
  readonly errors: ImportProblem[] = [];
  /** Rows counted so far (after the header). */
  records = 0;
  private header: string[] | undefined;
  private headerBad = false;
  private readonly firstLine = new Map<string, number>();

  constructor(
    private readonly locale: Locale,
    private readonly today: string,
    private readonly counted: (records: number) => void,
  ) {}

  record(r: CsvRecord): void {
    if ('problem' in r) {
      if (!this.header) this.headerBad = true;
      this.lineError(r.line, tMetrics(this.locale, `import.${r.problem}`));
      return;
    }
    // Blank lines (often a trailing newline, or a spreadsheet's empty rows) are not rows.
    if (r.fields.every((f) => f.trim() === '')) return;
    if (!this.header) this.readHeader(r.line, r.fields);
    else if (!this.headerBad) this.checkRow(r.line, r.fields, this.header);
  }

  /** What was kept and found; a file with no header at all is empty. */
  result(): Checked {
    const { rows, errors } = this;
    if (!this.header && errors.length === 0)
      errors.push({ line: 1, message: tMetrics(this.locale, 'import.empty') });
    return { rows, errors };
  }

  private readHeader(line: number, fields: string[]) {
    this.header = fields.map((f) => f.trim().toLowerCase());
    for (const problem of checkHeader(this.locale, this.header)) {
      this.headerBad = true;
      this.errors.push({ line, message: tMetrics(this.locale, 'import.bad_header', { line, problem }) });
    }
  }

  private checkRow(line: number, fields: string[], header: string[]) {
    const l = this.locale;
    this.records++;
    this.counted(this.records);
    if (fields.length !== header.length) {
      this.lineError(line, tMetrics(l, 'import.columns', { expected: header.length, actual: fields.length }));
      return;
    }
    const raw = Object.fromEntries(header.map((h, i) => [h, fields[i]]));
    const check = validateMetricRow(raw, { today: this.today });
    if (!check.ok) {
      for (const issue of check.issues)
        this.lineError(line, describeIssue(l, issue), issue.field || undefined);
      return;
    }
    const key = metricKey(check.row);
    const earlier = this.firstLine.get(key);
    if (earlier !== undefined) {
      const issue = {
        field: 'channel',
        reason: 'duplicate' as const,
        value: `${check.row.date} ${check.row.channel}`,
      };
      const other = tMetrics(l, 'import.at_line', { line: earlier });
      this.lineError(line, describeIssue(l, issue, { other }), 'channel');
      return;
    }
    this.firstLine.set(key, line);
    this.rows.push(check.row);
  }

  private lineError(line: number, message: string, field?: string) {
    this.errors.push({
      line,
      field,
      message: tMetrics(this.locale, 'import.line', { line, problem: message }),
    });
  }
}

function checkHeader(locale: Locale, header: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (!(KNOWN_COLUMNS as readonly string[]).includes(h)) {
      problems.push(
        tMetrics(locale, 'import.unknown_column', { column: h, columns: KNOWN_COLUMNS.join(', ') }),
      );
    } else if (seen.has(h)) problems.push(tMetrics(locale, 'import.duplicate_column', { column: h }));
    seen.add(h);
  }
  for (const required of ['date', 'channel']) {
    if (!seen.has(required)) problems.push(tMetrics(locale, 'import.missing_column', { column: required }));
  }
  return problems;
}
