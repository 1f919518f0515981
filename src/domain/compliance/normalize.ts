/**
 * Text normalisation for the compliance check. Drafts arrive with full-width digits (１００％), mixed
 * case Latin (NO.1), spaces, zero-width or bidi marks slipped between characters (最 佳), and in
 * traditional script (the job manual is traditional Chinese), so matching runs on a folded copy.
 * Every folded unit keeps the span of the input it came from, so a finding quotes what the user typed.
 */
import * as OpenCC from 'opencc-js/t2cn';

// OpenCC's traditional → mainland dictionaries, applied one character at a time so the folded text keeps
// one unit per input character (phrase conversion could change lengths and break the offset map).
// Characters are converted lazily and cached: a draft only ever holds a few hundred distinct ones.
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const HAN_CACHE = new Map<string, string>();

function simplify(ch: string): string {
  let s = HAN_CACHE.get(ch);
  if (s === undefined) {
    const converted = toSimplified(ch);
    // Keep the one-unit-per-character invariant even if a dictionary entry ever maps to a longer string.
    s = converted.length === ch.length ? converted : ch;
    HAN_CACHE.set(ch, s);
  }
  return s;
}

// Invisible characters are a known trick to dodge keyword filters (最\u200b佳), so they are dropped:
// soft hyphen, zero-width space/joiners, word joiner, BOM, and the bidi controls (LRM/RLM, embeddings,
// isolates, the Arabic letter mark) that RTL-aware editors insert.
const INVISIBLE = /^[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]$/u;
const HORIZONTAL_SPACE = /^[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]$/u;
// Spaces next to these are layout, not word breaks, so 最 佳 and 提升 80 % match like 最佳 and 提升80%.
const TIGHT = /^[\p{Script=Han}\u3001-\u303f%]$/u;
const HAN = /^\p{Script=Han}$/u;
const DIGIT = /^[0-9]$/;

/** A normalised text plus, for every UTF-16 unit of it, the span of the input it came from. */
export interface NormalizedText {
  text: string;
  /** `starts[i]`/`ends[i]`: the input span (UTF-16 offsets) that produced `text[i]`. */
  starts: number[];
  ends: number[];
}

function foldChar(ch: string): string {
  if (INVISIBLE.test(ch)) return '';
  const cp = ch.codePointAt(0) ?? 0;
  let folded = ch;
  if (cp >= 0xff01 && cp <= 0xff5e) folded = String.fromCharCode(cp - 0xfee0);
  else if (cp === 0x3000) folded = ' ';
  else if (cp === 0x2215) folded = '/';
  if (folded >= 'A' && folded <= 'Z') return folded.toLowerCase();
  if (cp >= 0x3400 && HAN.test(folded)) return simplify(folded);
  return folded;
}

/** Normalises `input` and keeps the mapping back to input offsets (used to quote what the user typed). */
export function normalizeWithMap(input: string): NormalizedText {
  const units: { s: string; start: number; end: number }[] = [];
  let offset = 0;
  for (const ch of input) {
    const s = foldChar(ch);
    if (s !== '') units.push({ s, start: offset, end: offset + ch.length });
    offset += ch.length;
  }

  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let previous = '';
  // A run of spaces between two tight characters is dropped whole: `skip` is where it ends.
  let skip = 0;
  for (const [i, unit] of units.entries()) {
    if (i < skip) continue;
    if (HORIZONTAL_SPACE.test(unit.s)) {
      let j = i;
      while (HORIZONTAL_SPACE.test(units[j]?.s ?? '')) j++;
      const next = units[j]?.s ?? '';
      if (TIGHT.test(previous) || TIGHT.test(next)) {
        skip = j;
        continue;
      }
    }
    let s = unit.s;
    // An ordinal written with a digit reads like the Chinese numeral (第1 = 第１ = 第壹 = 第一), so one set
    // of ordinal rules covers all of them; a longer number (第12) is left alone.
    if (previous === '第' && (s === '1' || s === '壹') && !DIGIT.test(units[i + 1]?.s ?? '')) s = '一';
    text += s;
    for (let k = 0; k < s.length; k++) {
      starts.push(unit.start);
      ends.push(unit.end);
    }
    previous = s;
  }
  return { text, starts, ends };
}

/** Folds full-width ASCII, Latin case, traditional script and layout spaces so terms match reliably. */
export function normalize(input: string): string {
  return normalizeWithMap(input).text;
}
