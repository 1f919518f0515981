import { createHmac } from 'node:crypto';
import nock from 'nock';
import { encodeFormCallbackId } from '../../src/platforms/slack/ids';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const SLACK_API = 'https://slack.test';
export const RESPONSE_HOST = 'https://hooks.slack.test';

/** Headers Slack would send for this raw body. */
export function slackSignature(body: string, secret = SIGNING_SECRET, ts = Math.floor(Date.now() / 1000)) {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig };
}

let n = 0;

/** A slash-command form body, with a unique trigger_id and response_url per call. */
export function slashBody(command: string, text: string, user = 'U_SPEC', channel = 'C_MKT') {
  n++;
  const responsePath = `/commands/T1/${n}/resp`;
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: channel,
    channel_name: 'marketing',
    user_id: user,
    user_name: user.toLowerCase(),
    command,
    text,
    api_app_id: 'A1',
    response_url: `${RESPONSE_HOST}${responsePath}`,
    trigger_id: `trig.${process.pid}.${n}`,
  }).toString();
  return { body, responsePath };
}

/**
 * The body Slack posts when U_SPEC submits the modal of the form `command` (e.g. `budget set`) opened in
 * C_MKT; `values` maps each block id to its input's state.
 */
export function viewSubmissionBody(command: string, values: Record<string, Record<string, unknown>>): string {
  const payload = {
    type: 'view_submission',
    team: { id: 'T1', domain: 'acme' },
    user: { id: 'U_SPEC', name: 'spec', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig.view.${Math.random()}`,
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: encodeFormCallbackId(command),
      private_metadata: JSON.stringify({ platform: 'slack', channel: 'C_MKT' }),
      state: {
        values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
      },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** POST a signed request to the running bot. */
export async function postSigned(
  baseUrl: string,
  body: string,
  opts: { secret?: string; ts?: number; headers?: Record<string, string>; contentType?: string } = {},
) {
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      ...slackSignature(body, opts.secret, opts.ts),
      ...opts.headers,
    },
    body,
  });
}

/** Intercept the response_url POST and resolve with the JSON Slack would receive. */
export function captureResponse(path: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    nock(RESPONSE_HOST)
      .post(path)
      .reply(200, (_uri, body) => {
        resolve(body as Record<string, unknown>);
        return { ok: true };
      });
  });
}

/** auth.test as Slack answers it at start. */
export function mockAuthTest() {
  return nock(SLACK_API)
    .post('/api/auth.test')
    .reply(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
}

/** All visible text of a Block Kit message, for asserting what a user would read. */
export function blockText(msg: Record<string, unknown>): string {
  return JSON.stringify(msg.blocks ?? []) + String(msg.text ?? '');
}

/** A Web API request body as an object (the client sends form-encoded or JSON bodies). */
export function apiBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'string') return body as Record<string, unknown>;
  if (body.trim().startsWith('{')) return JSON.parse(body);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    try {
      out[k] = k === 'blocks' || k === 'attachments' ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}
