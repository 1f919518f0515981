import { errorMessage } from '../util/errors';
/**
 * How a delivery failure is treated, in one table per platform. Only a permanent error (a retry cannot
 * succeed until a person fixes something) marks an outbox row dead at once. Transient errors (rate limits,
 * busy servers, the network) are retried with capped backoff for as long as it takes and never count
 * toward dead. An error in neither list is retried a bounded number of times (the dispatcher's maxAttempts).
 */
export type FailureKind = 'transient' | 'permanent' | 'unknown';

/** Slack Web API `error` codes that no retry can fix, with what the admin has to do. */
export const SLACK_PERMANENT: Readonly<Record<string, string>> = {
  channel_not_found: 'the channel does not exist or the bot cannot see it',
  not_in_channel: 'invite the bot to the channel (/invite @mopsbot)',
  is_archived: 'the channel is archived',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid',
  not_authed: 'SLACK_BOT_TOKEN is missing',
  account_inactive: 'the bot user or its workspace was deactivated',
  token_revoked: 'the bot token was revoked: reinstall the app',
  token_expired: 'the bot token expired: reinstall the app',
  no_permission: 'the app lacks a permission',
  missing_scope: 'the app lacks a scope: reinstall it with the manifest',
  restricted_action: 'the workspace does not allow the bot to post there',
  user_not_found: 'the user does not exist',
  user_not_in_channel: 'the user is not in the channel',
  cannot_dm_bot: 'a bot cannot be sent a DM',
  messages_tab_disabled: 'the user turned off DMs from apps',
  invalid_blocks: 'the message is not valid Block Kit',
  invalid_blocks_format: 'the message is not valid Block Kit',
  msg_too_long: 'the message is too long',
  no_text: 'the message has no text',
  too_many_attachments: 'the message has too many attachments',
  message_not_found: 'the message to update no longer exists',
  cant_update_message: 'the message can no longer be updated',
  edit_window_closed: 'the message can no longer be edited',
};

/** Slack codes that mean "later": never count toward dead. */
export const SLACK_TRANSIENT: ReadonlySet<string> = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

/** WeCom errcodes that no retry can fix (after the API client's own token refresh), with the fix. */
export const WECOM_PERMANENT: Readonly<Record<number, string>> = {
  40001: 'invalid credential: check WECOM_SECRET',
  40013: 'invalid corpid: check WECOM_CORP_ID',
  40014: 'invalid access_token after a refresh: check WECOM_SECRET',
  40003: 'invalid userid',
  40056: 'invalid agentid: check WECOM_AGENT_ID',
  48002: 'the API is forbidden for this app',
  60011: 'the app has no privilege for this member or department',
  60020: 'the server IP is not in the app’s trusted IPs',
  81013: 'every recipient (user, department, tag) is invalid',
  93000: 'the robot webhook is invalid or the robot was removed: update WECOM_ROBOT_KEY',
  301002: 'the app cannot message this member',
};

/** WeCom errcodes that mean "busy" or a frequency limit: never count toward dead. */
export const WECOM_TRANSIENT: ReadonlySet<number> = new Set([-1, 42001, 45009, 45011, 45033, 45047]);

/** A Slack Web API error code's kind. */
export function slackFailure(code: string): FailureKind {
  if (code in SLACK_PERMANENT) return 'permanent';
  return SLACK_TRANSIENT.has(code) ? 'transient' : 'unknown';
}

/** A WeCom errcode's kind. */
export function wecomFailure(errcode: number): FailureKind {
  if (errcode in WECOM_PERMANENT) return 'permanent';
  return WECOM_TRANSIENT.has(errcode) ? 'transient' : 'unknown';
}

/** An HTTP exchange that failed without a platform answer: the network, a 429 or a 5xx is transient. */
export function httpFailure(status: number | undefined): FailureKind {
  if (status === undefined || status === 408 || status === 429 || status >= 500) return 'transient';
  return 'unknown';
}

/**
 * A platform-specific delivery failure, judged. A `permanent` one marks the row dead at once; a `transient`
 * one (rate limit, busy, network) is retried for as long as it takes; an `unknown` one up to maxAttempts.
 */
export class SendError extends Error {
  constructor(
    message: string,
    public readonly kind: FailureKind,
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }

  get retryable(): boolean {
    return this.kind !== 'permanent';
  }
}

/**
 * What a platform said went wrong, before it is judged. The model is bolt-js's CodedError: each adapter
 * reads its SDK's errors into one of these codes, and `asSendError` judges them all by the tables above.
 */
export type Failure =
  /** No answer at all (DNS, refused, reset, timeout). */
  | { code: 'network' }
  /** An HTTP status without a platform answer; a 429 may say when to come back. */
  | { code: 'http'; status: number | undefined; retryAfterMs?: number }
  /** A Slack Web API `error` code. */
  | { code: 'slack'; error: string }
  /** A WeCom errcode; a frequency limit says when to come back. */
  | { code: 'wecom'; errcode: number; retryAfterMs?: number }
  /** This message can never go out as it is (too large, cannot be rendered, nobody to send it to). */
  | { code: 'refused' };

/** An adapter's reading of a thrown value: what to say and what failed; undefined when it is not its own. */
export type FailureReader = (e: unknown) => { message: string; failure: Failure } | undefined;

/** A failure's kind, and what the admin has to do when no retry can fix it. */
function judge(f: Failure): { kind: FailureKind; hint?: string } {
  switch (f.code) {
    case 'network':
      return { kind: 'transient' };
    case 'http':
      return { kind: httpFailure(f.status) };
    case 'slack':
      return { kind: slackFailure(f.error), hint: SLACK_PERMANENT[f.error] };
    case 'wecom':
      return { kind: wecomFailure(f.errcode), hint: WECOM_PERMANENT[f.errcode] };
    case 'refused':
      return { kind: 'permanent' };
  }
}

/** A failure the adapter knows, judged: its kind, the fix appended when it is permanent, when to retry. */
export function failed(message: string, failure: Failure): SendError {
  const { kind, hint } = judge(failure);
  const retryAfterMs = 'retryAfterMs' in failure ? failure.retryAfterMs : undefined;
  return new SendError(hint ? `${message} (${hint})` : message, kind, retryAfterMs);
}

/**
 * Any thrown value as the SendError the dispatcher acts on (bolt-js's asCodedError): a SendError as it is,
 * an error the adapter's `read` recognises judged by `failed`, anything else `unknown` (retried up to
 * maxAttempts).
 */
export function asSendError(e: unknown, read?: FailureReader): SendError {
  if (e instanceof SendError) return e;
  const r = read?.(e);
  return r ? failed(r.message, r.failure) : new SendError(errorMessage(e), 'unknown');
}
