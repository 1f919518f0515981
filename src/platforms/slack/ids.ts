/**
 * Block Kit ids: the constants the renderer and modal builder stamp on blocks, and the codecs between the
 * neutral `Button.action` / `FormSpec.command` and Slack's action_id, button value and callback_id.
 */
import { createHash } from 'node:crypto';

/** Block ids of a rendered card; sections and chunks append `_<n>`. */
export const BLOCK_ID = {
  header: 'card_header',
  text: 'card_text',
  fields: 'card_fields',
  section: 'card_section',
  image: 'card_image',
  context: 'card_context',
  actions: 'card_actions',
  truncated: 'card_truncated',
} as const;

/** The action_id of every input element in a form modal; its block_id is the field name. */
export const FORM_VALUE_ACTION_ID = 'value';

/** Prefix of modal callback ids: `form:<command>`. */
export const FORM_CALLBACK_PREFIX = 'form:';

/** Slack's limits on ids and values. */
export const SLACK_ID_MAX = 255;
export const SLACK_BUTTON_VALUE_MAX = 2000;

export interface EncodedAction {
  action_id: string;
  /** The full neutral action; authoritative when parsing (the action_id may be shortened). */
  value: string;
}

export interface ParsedAction {
  /** The neutral action string, e.g. `approval:APR-12:approve`. */
  action: string;
  /** The first `:`-separated segment, e.g. `approval` or `more`. */
  kind: string;
  /** The remaining segments, e.g. `['APR-12', 'approve']`. */
  args: string[];
}

const SHORTENED_SUFFIX = /~[0-9a-f]{8}$/;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * Encodes a neutral action for a button: action_id keeps the action's prefix so listeners can match
 * `/^approval:/`, and value carries the full action. An action longer than 255 chars gets a shortened
 * action_id ending in `~<hash>`; `salt` makes ids unique when one message holds the same action twice.
 * Returns null when the action cannot round-trip (empty, or longer than the 2000-char value limit).
 */
export function encodeAction(action: string, salt?: string): EncodedAction | null {
  if (!action || action.length > SLACK_BUTTON_VALUE_MAX) return null;
  if (action.length <= SLACK_ID_MAX && !salt) return { action_id: action, value: action };
  const suffix = `~${shortHash(`${action}\u0000${salt ?? ''}`)}`;
  const head =
    action.length + suffix.length <= SLACK_ID_MAX
      ? action
      : cutCodePoints(action, SLACK_ID_MAX - suffix.length);
  return { action_id: `${head}${suffix}`, value: action };
}

/**
 * Parses a block_actions click back into the neutral action. The button value wins; without one, the
 * action_id is used unless it was shortened (then the action is lost and null is returned).
 */
export function parseAction(actionId: string, value?: string | null): ParsedAction | null {
  let action: string;
  if (value) action = value;
  else if (actionId && !SHORTENED_SUFFIX.test(actionId)) action = actionId;
  else return null;
  const [kind = '', ...args] = action.split(':');
  if (!kind) return null;
  return { action, kind, args };
}

/** The modal callback_id for a form completing `command`, e.g. `form:feedback new`. */
export function encodeFormCallbackId(command: string): string {
  return cutCodePoints(`${FORM_CALLBACK_PREFIX}${command.trim()}`, SLACK_ID_MAX);
}

/** The command a form modal completes, or null when the callback id is not one of ours. */
export function parseFormCallbackId(callbackId: string): string | null {
  if (!callbackId?.startsWith(FORM_CALLBACK_PREFIX)) return null;
  const command = callbackId.slice(FORM_CALLBACK_PREFIX.length).trim();
  return command || null;
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}
