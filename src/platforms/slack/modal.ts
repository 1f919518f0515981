/**
 * FormSpec → Slack modal, and back: the submitted view state becomes the same `Record<string, string>` of
 * args that the inline `key=value` form gives, so one handler serves both. Limits are enforced by truncating
 * labels, or by dropping what cannot round-trip (an option whose value is too long), never by failing.
 */
import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { FormField, FormSpec } from '../../chat/card';
import { defineMessages, type Locale } from '../../chat/i18n';
import { cutCodePoints, encodeFormCallbackId, FORM_VALUE_ACTION_ID, SLACK_ID_MAX } from './ids';
import { truncatePlain } from './render';

type InputBlock = types.InputBlock;
type InputBlockElement = types.InputBlockElement;
type ModalView = types.ModalView;
type PlainTextElement = types.PlainTextElement;
type PlainTextOption = types.PlainTextOption;

/** Slack's published limits for modals. */
export const MODAL_LIMITS = {
  title: 24,
  submit: 24,
  close: 24,
  blocks: 100,
  privateMetadata: 3000,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  options: 100,
  optionText: 75,
  optionValue: 150,
} as const;

export interface ToModalOptions {
  /** Opaque state echoed back on submit (e.g. the channel to answer in); at most 3000 chars. */
  privateMetadata?: string;
  locale: Locale;
}

/** What `readModalValues` reads of one answer: the part of Bolt's ViewStateValue the inbox must keep. */
const viewStateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).optional(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).optional(),
});

/** The `view.state.values` of a view_submission payload (block id → action id → answer). */
export const viewStateValues = z.record(z.string(), z.record(z.string(), viewStateValue));
export type ViewStateValues = z.infer<typeof viewStateValues>;

export interface FieldErrorsResponse {
  response_action: 'errors';
  /** Error text keyed by block_id (the field name). */
  errors: Record<string, string>;
}

const t = defineMessages({
  close: { 'zh-CN': '取消', en: 'Cancel' },
  submit: { 'zh-CN': '提交', en: 'Submit' },
});

function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncatePlain(text, max), emoji: true };
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The block_id of a field's input block: its name, cut to Slack's id limit. */
export function fieldBlockId(field: Pick<FormField, 'name'>): string {
  return cutCodePoints(field.name, SLACK_ID_MAX);
}

/** Options Slack will accept and send back unchanged: non-empty, unique values of at most 150 chars. */
function selectOptions(field: FormField): PlainTextOption[] {
  const seen = new Set<string>();
  const out: PlainTextOption[] = [];
  for (const o of field.options ?? []) {
    if (!o.value || o.value.length > MODAL_LIMITS.optionValue || seen.has(o.value)) continue;
    seen.add(o.value);
    out.push({ text: plain(oneLine(o.label) || o.value, MODAL_LIMITS.optionText), value: o.value });
    if (out.length === MODAL_LIMITS.options) break;
  }
  return out;
}

function inputElement(field: FormField): InputBlockElement {
  const action_id = FORM_VALUE_ACTION_ID;
  const placeholder = oneLine(field.placeholder)
    ? { placeholder: plain(oneLine(field.placeholder), MODAL_LIMITS.placeholder) }
    : {};
  switch (field.kind) {
    case 'textarea':
      return { type: 'plain_text_input', action_id, multiline: true, ...placeholder };
    case 'date':
      return { type: 'datepicker', action_id, ...placeholder };
    case 'user':
      return { type: 'users_select', action_id, ...placeholder };
    case 'select':
    case 'multiselect': {
      const options = selectOptions(field);
      // A select with no usable options is invalid Block Kit; a text box still lets the user answer.
      if (options.length === 0) return { type: 'plain_text_input', action_id, ...placeholder };
      return field.kind === 'select'
        ? { type: 'static_select', action_id, options, ...placeholder }
        : { type: 'multi_static_select', action_id, options, ...placeholder };
    }
    default:
      return { type: 'plain_text_input', action_id, ...placeholder };
  }
}

/** Renders a FormSpec as a Slack modal view; throws RangeError if privateMetadata exceeds 3000 chars. */
export function toModal(form: FormSpec, opts: ToModalOptions): ModalView {
  if (opts.privateMetadata && opts.privateMetadata.length > MODAL_LIMITS.privateMetadata) {
    // Cutting it would silently corrupt machine state, so this is the caller's bug to fix.
    throw new RangeError(`private_metadata is ${opts.privateMetadata.length} chars; Slack allows 3000`);
  }
  const seen = new Set<string>();
  const blocks: InputBlock[] = [];
  for (const field of form.fields) {
    const block_id = fieldBlockId(field);
    // Duplicate block_ids make Slack reject the whole view.
    if (!block_id || seen.has(block_id)) continue;
    seen.add(block_id);
    const hint =
      field.hint && oneLine(field.hint) ? { hint: plain(field.hint.trim(), MODAL_LIMITS.hint) } : {};
    blocks.push({
      type: 'input',
      block_id,
      label: plain(oneLine(field.label) || field.name, MODAL_LIMITS.label),
      element: inputElement(field),
      optional: !field.required,
      ...hint,
    });
    if (blocks.length === MODAL_LIMITS.blocks) break;
  }
  return {
    type: 'modal',
    callback_id: encodeFormCallbackId(form.command),
    title: plain(oneLine(form.title) || oneLine(form.command) || 'mopsbot', MODAL_LIMITS.title),
    submit: plain(oneLine(form.submit) || t(opts.locale, 'submit'), MODAL_LIMITS.submit),
    close: plain(t(opts.locale, 'close'), MODAL_LIMITS.close),
    blocks,
    ...(opts.privateMetadata ? { private_metadata: opts.privateMetadata } : {}),
  };
}

/** The raw answer of one input element, by the element type Slack reports. */
function rawValue(state: z.infer<typeof viewStateValue>): string | undefined {
  switch (state.type) {
    case 'datepicker':
      return state.selected_date ?? undefined;
    case 'users_select':
      return state.selected_user ?? undefined;
    case 'multi_users_select':
      return state.selected_users?.join(',');
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return state.selected_option?.value;
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return state.selected_options?.map((o) => o.value).join(',');
    default:
      return state.value ?? undefined;
  }
}

/**
 * Reads a submitted modal into args, as `key=value` would give them: multiselect joined with `,`, the
 * user's id, numbers as typed, dates as YYYY-MM-DD. Empty answers are omitted.
 */
export function readModalValues(form: FormSpec, values: ViewStateValues | undefined): Record<string, string> {
  const args: Record<string, string> = {};
  for (const field of form.fields) {
    const block = values?.[fieldBlockId(field)];
    if (!block) continue;
    // Prefer our action_id; fall back to the block's only element so an older view still reads.
    const state = block[FORM_VALUE_ACTION_ID] ?? Object.values(block)[0];
    if (!state || field.name in args) continue;
    const raw = rawValue(state);
    const value = raw?.trim();
    if (value) args[field.name] = value;
  }
  return args;
}

/**
 * The view_submission response that shows errors under fields. Errors for names that are not fields of
 * `form` are moved to its first field, because Slack rejects errors for unknown block_ids.
 */
export function toFieldErrors(errors: Record<string, string>, form?: FormSpec): FieldErrorsResponse {
  const firstField = form?.fields[0];
  if (!form || !firstField) return { response_action: 'errors', errors: { ...errors } };
  const known = new Set(form.fields.map((f) => fieldBlockId(f)));
  const first = fieldBlockId(firstField);
  const out: Record<string, string> = {};
  const stray: string[] = [];
  for (const [name, message] of Object.entries(errors)) {
    const id = cutCodePoints(name, SLACK_ID_MAX);
    if (known.has(id)) out[id] = out[id] ? `${out[id]}; ${message}` : message;
    else stray.push(`${name}: ${message}`);
  }
  if (stray.length > 0) out[first] = [out[first], ...stray].filter(Boolean).join('; ');
  return { response_action: 'errors', errors: out };
}
