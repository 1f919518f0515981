/**
 * Command tokenizer: `area verb CODE key=value key="quoted value"`.
 * Accepts what Chinese keyboards type: full-width ＝, “ ” 「」 『』 ‘ ’ quotes, full-width spaces,
 * and full-width letters/digits in keys.
 */
import { own } from '../util/narrow';

export const AREA_ALIASES: Record<string, string> = {
  活动: 'campaign',
  反馈: 'feedback',
  舆情: 'incident',
  预算: 'budget',
  数据: 'metrics',
  内容: 'content',
  达人: 'kol',
  调查: 'survey',
  满意度: 'survey',
  实验: 'abtest',
  目标: 'target',
  帮助: 'help',
  设置: 'mops',
};

/** Chinese verbs, so WeCom users can type the whole command in Chinese. */
export const VERB_ALIASES: Record<string, string> = {
  新建: 'new',
  列表: 'list',
  查看: 'show',
  确认: 'ack',
  解决: 'resolve',
  结束: 'end',
  复盘: 'retro',
  回应: 'respond',
  关闭: 'close',
  报告: 'report',
  设置: 'set',
  支出: 'spend',
  记录: 'log',
  提交: 'submit',
  提议: 'propose',
  结果: 'result',
  作废: 'void',
  计划: 'plan',
  发布: 'published',
  已发布: 'published',
  更新: 'update',
  批准: 'approve',
  通过: 'approve',
  驳回: 'reject',
  拒绝: 'reject',
  退回修改: 'changes',
  修改: 'changes',
};

const QUOTE_PAIRS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '”': '”',
  '「': '」',
  '『': '』',
  '‘': '’',
};

export type TokenizeError =
  | { kind: 'unclosed_quote'; at: number }
  | { kind: 'empty_key'; at: number }
  | { kind: 'duplicate_key'; key: string };

export interface Tokens {
  /** Words before the first key=value: typically area, verb and an item code. */
  positional: string[];
  args: Record<string, string>;
  errors: TokenizeError[];
}

function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const isSpace = (c: string) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000' || c === '\u00a0';

interface RawToken {
  key?: string;
  value: string;
  quoted: boolean;
  at: number;
  /** The token exactly as typed, so a `key=value` that turns out to be text can be put back. */
  raw: string;
}

/**
 * What can be a key: letters, digits, `_` and `-`. `https://shop.example.com/item?id=5` is not a key
 * followed by a value, it is one word of text.
 */
const KEY_RE = /^[\p{L}\p{N}_-]{1,40}$/u;

function lex(input: string): { tokens: RawToken[]; errors: TokenizeError[] } {
  const tokens: RawToken[] = [];
  const errors: TokenizeError[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && isSpace(input.charAt(i))) i++;
    if (i >= input.length) break;
    const start = i;
    let word = '';
    let key: string | undefined;
    let quoted = false;
    // Once a word is not key-shaped before its `=`, the rest of it is text (`?id=5&from=xhs`).
    let text = false;
    while (i < input.length && !isSpace(input.charAt(i))) {
      const c = input.charAt(i);
      if (key === undefined && !text && (c === '=' || c === '＝')) {
        const k = toHalfWidth(word).trim().toLowerCase();
        if (k === '' || KEY_RE.test(k)) {
          key = k;
          word = '';
          i++;
          continue;
        }
        text = true;
      }
      const close = Object.hasOwn(QUOTE_PAIRS, c) ? QUOTE_PAIRS[c] : undefined;
      if (close !== undefined && word === '') {
        const end = input.indexOf(close, i + 1);
        // Straight double quote may also be closed by a curly one when keyboards mix them.
        const alt = c === '"' ? input.indexOf('”', i + 1) : -1;
        const stop = end === -1 ? alt : alt === -1 ? end : Math.min(end, alt);
        if (stop === -1) {
          errors.push({ kind: 'unclosed_quote', at: i });
          word += input.slice(i + 1);
          i = input.length;
          quoted = true;
          break;
        }
        word += input.slice(i + 1, stop);
        quoted = true;
        i = stop + 1;
        continue;
      }
      word += c;
      i++;
    }
    if (key === '') errors.push({ kind: 'empty_key', at: start });
    tokens.push({ key, value: word, quoted, at: start, raw: input.slice(start, i) });
  }
  return { tokens, errors };
}

// NUL and other control characters (except tab and newline) cannot be stored in PostgreSQL text
// and never mean anything in a command; they are dropped before anything else sees the input.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Remove control characters that no user means to type. */
export const cleanText = (s: string) => s.replace(CONTROL, '');

export interface TokenizeOptions {
  /**
   * The command's parameters. A `key=` that is not one of them, inside an unquoted free-text value, stays
   * part of that text (`text=用户说 ref=abc 打不开`). Without it every key-shaped word starts an argument.
   */
  keys?: ReadonlySet<string>;
}

/** Split a command line into positional words and key=value args. */
export function tokenize(input: string, opts: TokenizeOptions = {}): Tokens {
  const { tokens, errors } = lex(cleanText(input));
  const positional: string[] = [];
  // A Map, so keys like `__proto__` or `constructor` are plain data.
  const args = new Map<string, string>();
  let lastKey: string | undefined;
  for (const t of tokens) {
    if (t.key !== undefined && lastKey !== undefined && opts.keys && !opts.keys.has(t.key)) {
      args.set(lastKey, `${args.get(lastKey)} ${t.raw}`);
    } else if (t.key !== undefined) {
      if (t.key === '') continue;
      if (args.has(t.key)) errors.push({ kind: 'duplicate_key', key: t.key });
      args.set(t.key, t.value);
      lastKey = t.quoted ? undefined : t.key;
    } else if (lastKey !== undefined) {
      // `text=App crashes on login`: bare words after an unquoted value continue it, so free text
      // works without quotes, which is what people type on a phone.
      args.set(lastKey, `${args.get(lastKey)} ${t.value}`);
    } else if (args.size === 0) {
      positional.push(t.value);
    } else {
      // A bare word after a quoted value: keep it visible to the handler as an extra positional.
      positional.push(t.value);
    }
  }
  return { positional, args: Object.fromEntries(args), errors };
}

export interface CommandLine {
  /** Canonical area (`feedback`, `campaign`, …) or the raw first word when unknown. */
  area: string;
  verb?: string;
  /** Positional words after area and verb (e.g. the item code). */
  rest: string[];
  args: Record<string, string>;
  errors: TokenizeError[];
}

/** Canonical area name for a word (`/反馈`, `Feedback`, `反馈` → `feedback`). */
export function canonicalArea(word: string): string {
  const w = toHalfWidth(word).replace(/^\//, '').trim();
  return own(AREA_ALIASES, w) ?? w.toLowerCase();
}

/** Parse a whole line: `/feedback new text=…` or `反馈 列表` (leading slash optional). */
export function parseCommandLine(line: string, opts: TokenizeOptions = {}): CommandLine {
  const { positional, args, errors } = tokenize(line.trim(), opts);
  const [first = '', second, ...rest] = positional;
  const area = canonicalArea(first);
  let verb: string | undefined;
  if (second !== undefined) {
    const v = toHalfWidth(second).trim();
    verb = own(VERB_ALIASES, v) ?? v.toLowerCase();
  }
  return { area, verb, rest, args, errors };
}
