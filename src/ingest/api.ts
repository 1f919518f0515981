/**
 * `POST /api/metrics`: ad platforms and shop back-ends push daily figures on a schedule. The body is a JSON
 * array of rows with the `/metrics log` fields. Bearer token `MOPS_API_TOKEN` (the endpoint does not exist
 * when it is unset); all rows are written in one transaction or none are; re-sending the same rows changes
 * nothing (upsert by date and channel).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describeIssue } from '../chat/messages/metrics';
import type { Deps } from '../deps';
import { localDate } from '../domain/dates';
import {
  type MetricRow,
  metricKey,
  type RowIssue,
  upsertMetrics,
  validateMetricRow,
} from '../domain/metrics';
import { type Route, readBody, sendJson } from '../http';
import { errorMessage } from '../util/errors';
import { isRecord, must } from '../util/narrow';

/** Body cap: a year of 15 channels is ~1 MB of JSON; anything far bigger should be split. */
const MAX_BODY_BYTES = 10 << 20;
const MAX_ROWS = 50_000;
/** Errors listed in a 400; the rest are only counted. */
const MAX_LISTED = 100;

export interface ApiRowError {
  /** 0-based index in the posted array. */
  row: number;
  /** The field at fault; '' when the row as a whole is wrong. */
  field: string;
  reason: RowIssue['reason'] | 'not_an_object';
  message: string;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time token check: both sides are hashed first so their lengths never leak through timing. */
function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const given = digest(m?.[1] ?? '');
  // Always compare, even without a header, so a missing header costs the same as a wrong token.
  return timingSafeEqual(given, digest(token)) && m !== null;
}

/** Validate every row (collecting every problem), rejecting duplicate (date, channel) keys within the body. */
export function checkApiRows(body: unknown[], today: string): { rows: MetricRow[]; errors: ApiRowError[] } {
  const rows: MetricRow[] = [];
  const errors: ApiRowError[] = [];
  const firstIndex = new Map<string, number>();
  body.forEach((item, row) => {
    if (!isRecord(item)) {
      errors.push({
        row,
        field: '',
        reason: 'not_an_object',
        message: `rows[${row}]: each row must be a JSON object.`,
      });
      return;
    }
    const check = validateMetricRow(item, { today });
    if (!check.ok) {
      for (const issue of check.issues) {
        errors.push({
          row,
          field: issue.field,
          reason: issue.reason,
          message: `rows[${row}]: ${describeIssue('en', issue)}`,
        });
      }
      return;
    }
    const key = metricKey(check.row);
    const earlier = firstIndex.get(key);
    if (earlier !== undefined) {
      const issue: RowIssue = {
        field: 'channel',
        reason: 'duplicate',
        value: `${check.row.date} ${check.row.channel}`,
      };
      errors.push({
        row,
        field: 'channel',
        reason: 'duplicate',
        message: `rows[${row}]: ${describeIssue('en', issue, { other: `rows[${earlier}]` })}`,
      });
      return;
    }
    firstIndex.set(key, row);
    rows.push(check.row);
  });
  return { rows, errors };
}

/** The ingestion endpoint as a route on the bot's one HTTP server. */
export function metricsApiRoute(deps: Deps): Route {
  const log = deps.log.child({ route: 'api.metrics' });
  return {
    method: 'POST',
    path: '/api/metrics',
    handle: async (req, res) => {
      const token = deps.config.apiToken;
      // Off unless configured: answer exactly like an unknown path.
      if (!token) return sendJson(res, 404, { error: 'not_found' });
      if (!authorized(req, token)) {
        log.warn('metrics api: rejected token', { ip: req.socket.remoteAddress });
        res.setHeader('www-authenticate', 'Bearer realm="mopsbot"');
        return sendJson(res, 401, { error: 'unauthorized', message: 'A valid bearer token is required.' });
      }
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/json\b/i.test(type)) {
        return sendJson(res, 415, {
          error: 'unsupported_media_type',
          message: 'Send Content-Type: application/json.',
        });
      }
      const raw = await readBody(req, MAX_BODY_BYTES);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        return sendJson(res, 400, {
          error: 'invalid_json',
          message: `The body is not JSON: ${errorMessage(e)}`,
        });
      }
      if (!Array.isArray(body)) {
        return sendJson(res, 400, {
          error: 'expected_array',
          message: 'The body must be a JSON array of rows.',
        });
      }
      if (body.length > MAX_ROWS) {
        return sendJson(res, 413, {
          error: 'too_many_rows',
          message: `At most ${MAX_ROWS} rows per request; split the upload.`,
        });
      }
      const now = deps.clock.now();
      const { rows, errors } = checkApiRows(body, localDate(now, deps.config.tz));
      if (errors.length > 0) {
        const first = must(errors[0], 'errors.length > 0');
        return sendJson(res, 400, {
          error: 'invalid_rows',
          message: `${first.message} Nothing was written.`,
          row: first.row,
          field: first.field,
          errorCount: errors.length,
          errors: errors.slice(0, MAX_LISTED),
        });
      }
      const result = await upsertMetrics({ db: deps.db, now, actor: 'api:metrics' }, rows);
      log.info('metrics api: rows written', {
        received: body.length,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
      });
      return sendJson(res, 200, {
        ok: true,
        received: body.length,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
      });
    },
  };
}
