/**
 * The neutral message model. Handlers and jobs build these; each platform adapter renders them
 * (Block Kit, WeCom template_card/markdown, console HTML). Text is plain user text: renderers escape it.
 */

export type ButtonStyle = 'primary' | 'danger' | 'default';

export interface Button {
  /** Visible label (already localised). */
  text: string;
  /**
   * Action id that `dispatchAction` (handlers/index.ts) routes: `approval:APR-12:approve` to
   * handlers/approval-actions.ts, or `cmd:<command line>` to re-run a command (the list's "more" button).
   */
  action: string;
  style?: ButtonStyle;
  /** Optional confirmation dialog shown before the action fires. */
  confirm?: { title: string; text: string; ok: string; cancel: string };
}

export interface Field {
  label: string;
  value: string;
  /** Shown struck through where the platform can (a deadline whose clock has stopped). */
  struck?: boolean;
}

export interface Section {
  /** Optional bold heading line for the section. */
  heading?: string;
  /** Plain text lines; rendered one per line. */
  lines: string[];
}

export interface CardImage {
  /** PNG bytes. Renderers upload it (Slack files v2, WeCom robot image) or inline it (console). */
  png: Uint8Array;
  alt: string;
  title?: string;
}

/** A user mention; renderers turn it into `<@U123>` (Slack) or `<@userid>` (WeCom). */
export interface Mention {
  platform: 'slack' | 'wecom' | 'console';
  userId: string;
}

export interface Card {
  title: string;
  /** Short text under the title. */
  text?: string;
  fields?: Field[];
  sections?: Section[];
  /** Small grey footnote lines. */
  context?: string[];
  buttons?: Button[];
  image?: CardImage;
  mentions?: Mention[];
  /** Visual accent: info (default), success, warning, danger. */
  tone?: 'info' | 'success' | 'warning' | 'danger';
}

/** What a handler returns to the caller. */
export interface Reply {
  /** ephemeral: only the caller sees it; channel: visible in the channel. */
  visibility: 'ephemeral' | 'channel';
  card: Card;
  /** When set, the platform opens this form instead of posting a message (Slack modal). */
  form?: FormSpec;
  /** Input problems keyed by argument name, so a form can show them next to the field. */
  fieldErrors?: Record<string, string>;
}

/**
 * `amount` (money) and `count` are text boxes, never number inputs: they take what the command line takes
 * (`5万`, `50,000`, `¥5000`, `1.2万`) and go through the same parser, so a bad value gets a field error.
 */
export type FormFieldKind =
  | 'text'
  | 'textarea'
  | 'amount'
  | 'count'
  | 'date'
  | 'select'
  | 'multiselect'
  | 'user';

export interface FormField {
  /** Argument name the field maps to (same key as in `key=value`). */
  name: string;
  label: string;
  kind: FormFieldKind;
  required?: boolean;
  options?: { value: string; label: string }[];
  placeholder?: string;
  hint?: string;
}

/** A neutral form definition: Slack renders a modal, the console an HTML form, WeCom shows usage. */
export interface FormSpec {
  /** The command it completes, e.g. `feedback new`. */
  command: string;
  title: string;
  submit: string;
  fields: FormField[];
}
