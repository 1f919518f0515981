import { normalizeWithMap } from './normalize';
import { citesSource, PATTERN_RULES } from './patterns';
import { CATEGORIES, type Category, type LoadedTerm, type Severity, TERM_LIST, type TermList } from './terms';

export interface Finding {
  category: Category;
  /** The matched text as it appears in the normalised draft (see `normalize`). */
  phrase: string;
  /** The list entry or pattern that matched; for a stem (最) the stem itself. */
  term: string;
  article: string;
  severity: Severity;
  rewrite: string;
  /** UTF-16 offset of `phrase` in the normalised draft. */
  index: number;
  /** The same span exactly as the user typed it (full-width characters, spaces, traditional script). */
  original: string;
  /** UTF-16 offset of `original` in the input. */
  originalIndex: number;
}

export interface ComplianceSummary {
  total: number;
  byCategory: Record<Category, number>;
  /** Null when there are no findings. */
  maxSeverity: Severity | null;
}

type Kind = 'term' | 'pattern' | 'stem';

interface Candidate {
  start: number;
  end: number;
  kind: Kind;
  category: Category;
  term: string;
  article: string;
  severity: Severity;
  rewrite: string;
}

interface Span {
  start: number;
  end: number;
}

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
// On equal length a reviewed list entry beats a generic pattern, which beats a stem expansion.
const KIND_RANK: Record<Kind, number> = { term: 0, pattern: 1, stem: 2 };
const HAN = /^\p{Script=Han}$/u;
// A stem form stops before these, so 最好的 reports 最好 rather than 最好的.
const PARTICLES = new Set('的了地之和与及或也都就还又是在把被让给对而但呢吗吧啊呀哦嘛啦么着');
const STEM_FORM_MAX_EXTRA = 2;
const LATIN_OR_DIGIT = /^[a-z0-9]$/;

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

function isLatinOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && LATIN_OR_DIGIT.test(ch);
}

// Latin terms need word edges: top1 must not fire inside top10 or laptop1.
function atWordEdges(text: string, match: string, start: number): boolean {
  const end = start + match.length;
  if (isLatinOrDigit(match[0]) && isLatinOrDigit(text[start - 1])) return false;
  if (isLatinOrDigit(match[match.length - 1]) && isLatinOrDigit(text[end])) return false;
  return true;
}

function fromTerm(term: LoadedTerm, start: number, end: number, kind: Kind): Candidate {
  const { category, article, severity, rewrite } = term;
  return { start, end, kind, category, term: term.term, article, severity, rewrite };
}

function stemFormEnd(text: string, stemEnd: number): number {
  let end = stemEnd;
  while (end - stemEnd < STEM_FORM_MAX_EXTRA && end < text.length) {
    const ch = text[end]!;
    if (!HAN.test(ch) || PARTICLES.has(ch)) break;
    end++;
  }
  return end;
}

function collectCandidates(text: string, list: TermList): Candidate[] {
  const allowed: Span[] = list.allowlist.flatMap((phrase) =>
    occurrences(text, phrase).map((start) => ({ start, end: start + phrase.length })),
  );
  const literals = list.terms.filter((t) => !t.stem);
  const candidates: Candidate[] = [];

  for (const term of literals) {
    for (const start of occurrences(text, term.match)) {
      const end = start + term.match.length;
      if (!atWordEdges(text, term.match, start)) continue;
      if (allowed.some((a) => a.start <= start && end <= a.end)) continue;
      candidates.push(fromTerm(term, start, end, 'term'));
    }
  }

  for (const stem of list.terms.filter((t) => t.stem)) {
    // Forms the list names (最佳, 第一名) carry a better rewrite, so they replace the generic expansion;
    // this also holds when the allowlist suppressed that form (最好在 must not come back as 最好).
    const named = literals.filter((t) => t.match.startsWith(stem.match));
    for (const start of occurrences(text, stem.match)) {
      if (named.some((t) => text.startsWith(t.match, start))) continue;
      if (allowed.some((a) => a.start <= start && start < a.end)) continue;
      const end = stemFormEnd(text, start + stem.match.length);
      candidates.push(fromTerm(stem, start, end, 'stem'));
    }
  }

  for (const rule of PATTERN_RULES) {
    const regex = new RegExp(rule.regex.source, rule.regex.flags);
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (rule.accept && !rule.accept(text, start, end, m.groups ?? {})) continue;
      const { term, article, severity, rewrite } = rule;
      candidates.push({
        start,
        end,
        kind: 'pattern',
        category: 'data_claim',
        term,
        article,
        severity,
        rewrite,
      });
    }
  }
  return candidates;
}

function better(a: Candidate, b: Candidate): boolean {
  const lengthA = a.end - a.start;
  const lengthB = b.end - b.start;
  if (lengthA !== lengthB) return lengthA > lengthB;
  if (a.severity !== b.severity) return SEVERITY_RANK[a.severity] < SEVERITY_RANK[b.severity];
  if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind];
  return a.start < b.start;
}

/** Overlapping candidates become one finding: the union of their spans, described by the longest match. */
function mergeOverlaps(candidates: Candidate[]): { span: Span; winner: Candidate }[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { span: Span; winner: Candidate }[] = [];
  for (const c of sorted) {
    const last = merged[merged.length - 1];
    if (last && c.start < last.span.end) {
      last.span.end = Math.max(last.span.end, c.end);
      if (better(c, last.winner)) last.winner = c;
    } else {
      merged.push({ span: { start: c.start, end: c.end }, winner: c });
    }
  }
  return merged;
}

/** Checks a marketing draft against the 广告法 term list; findings are sorted high severity first, then by position. */
export function checkCompliance(text: string, list: TermList = TERM_LIST): Finding[] {
  const norm = normalizeWithMap(text);
  if (norm.text === '') return [];
  const sourced = citesSource(norm.text);
  const findings: Finding[] = [];
  for (const { span, winner } of mergeOverlaps(collectCandidates(norm.text, list))) {
    if (sourced && winner.category === 'data_claim') continue;
    const originalIndex = norm.starts[span.start]!;
    findings.push({
      category: winner.category,
      phrase: norm.text.slice(span.start, span.end),
      term: winner.term,
      article: winner.article,
      severity: winner.severity,
      rewrite: winner.rewrite,
      index: span.start,
      original: text.slice(originalIndex, norm.ends[span.end - 1]!),
      originalIndex,
    });
  }
  return findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.index - b.index);
}

/** Counts findings per category and reports the worst severity (null when clean). */
export function summarize(findings: readonly Finding[]): ComplianceSummary {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  let maxSeverity: Severity | null = null;
  for (const f of findings) {
    byCategory[f.category]++;
    if (maxSeverity === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[maxSeverity])
      maxSeverity = f.severity;
  }
  return { total: findings.length, byCategory, maxSeverity };
}
