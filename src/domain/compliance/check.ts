import { must, recordOf } from '../../util/narrow';
import { type ExemptionId, exemptionFor, isVerifiableTitle } from './context';
import { indexOfMatcher, type LiteralMatcher, type MatcherFactory } from './matcher';
import { normalize, normalizeWithMap } from './normalize';
import { citesSource, PATTERN_RULES, type RuleId } from './patterns';
import { inferProduct, MEDICAL_REGIME, type Product } from './product';
import { CATEGORIES, type LoadedTerm, type Severity, TERM_LIST, type TermList } from './terms';

/** What a finding is about: the four 广告法 categories, or a phrase the company blocked. */
export const FINDING_CATEGORIES = [...CATEGORIES, 'company'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

/** A company's own decision about a phrase: allow it (suppresses findings inside it) or block it. */
export interface CompanyPhrase {
  phrase: string;
  action: 'allow' | 'block';
  reason?: string | undefined;
}

export interface Finding {
  category: FindingCategory;
  /** Which rule raised it (absolute term, disease claim, data claim …). */
  rule: RuleId;
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
  /** Set when the company's allow or block list decided this finding. */
  policy?: { action: 'allow' | 'block'; phrase: string; reason?: string | undefined };
}

export interface CheckResult {
  findings: Finding[];
  /** Findings the company's allowlist suppressed: shown on the card so the approver sees what changed. */
  allowed: Finding[];
  /** The product kind the check assumed (it decides which medical regime is cited). */
  product: Product | null;
}

export interface CheckOptions {
  list?: TermList;
  policy?: readonly CompanyPhrase[];
  /** How literal terms are found; bench/compliance.ts plugs in an Aho–Corasick matcher to compare. */
  matcher?: MatcherFactory;
}

export interface ComplianceSummary {
  total: number;
  byCategory: Record<FindingCategory, number>;
  /** Null when there are no findings. */
  maxSeverity: Severity | null;
}

type Kind = 'term' | 'pattern' | 'stem' | 'policy';

interface Candidate {
  start: number;
  end: number;
  kind: Kind;
  category: FindingCategory;
  rule: RuleId;
  term: string;
  article: string;
  severity: Severity;
  rewrite: string;
  policy?: Finding['policy'];
}

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
// On equal length a company decision beats a reviewed list entry, which beats a generic pattern, which
// beats a stem expansion.
const KIND_RANK: Record<Kind, number> = { policy: 0, term: 1, pattern: 2, stem: 3 };
const HAN = /^\p{Script=Han}$/u;
// A stem form stops before these, so 最好的 reports 最好 rather than 最好的.
const PARTICLES = new Set('的了地之和与及或也都就还又是在把被让给对而但呢吗吧啊呀哦嘛啦么着');
const STEM_FORM_MAX_EXTRA = 2;
const LATIN_OR_DIGIT = /^[a-z0-9]$/;
const RANKING_TERM = /第一|排名|冠军|销冠|榜|领先/u;
const TITLE_REWRITE = '核实并在审批中附上证书或认定文件（全称、批次、颁发机构），无法提供的删去';

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

function ruleOfTerm(term: LoadedTerm): RuleId {
  if (term.category === 'absolute') return 'absolute';
  if (term.category === 'medical') return 'medical-term';
  if (term.category === 'guarantee') return 'guarantee';
  return RANKING_TERM.test(term.term) ? 'ranking' : 'data-claim';
}

function fromTerm(term: LoadedTerm, start: number, end: number, kind: Kind): Candidate {
  const { category, article, severity, rewrite } = term;
  return { start, end, kind, category, rule: ruleOfTerm(term), term: term.term, article, severity, rewrite };
}

function stemFormEnd(text: string, stemEnd: number): number {
  let end = stemEnd;
  while (end - stemEnd < STEM_FORM_MAX_EXTRA && end < text.length) {
    const ch = text.charAt(end);
    if (!HAN.test(ch) || PARTICLES.has(ch)) break;
    end++;
  }
  return end;
}

interface Prepared {
  literals: LoadedTerm[];
  stems: LoadedTerm[];
  /** Finds needles in this order: literals, then stems, then allowlist phrases. */
  matcher: LiteralMatcher;
}

const prepared = new WeakMap<TermList, Map<MatcherFactory, Prepared>>();

function prepare(list: TermList, factory: MatcherFactory): Prepared {
  let byFactory = prepared.get(list);
  if (!byFactory) {
    byFactory = new Map();
    prepared.set(list, byFactory);
  }
  let p = byFactory.get(factory);
  if (!p) {
    const literals = list.terms.filter((t) => !t.stem);
    const stems = list.terms.filter((t) => t.stem);
    const needles = [...literals.map((t) => t.match), ...stems.map((t) => t.match), ...list.allowlist];
    p = { literals, stems, matcher: factory(needles) };
    byFactory.set(factory, p);
  }
  return p;
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** The exemption that applies to a candidate, or null. Company decisions are never exempted. */
function exempted(text: string, c: Candidate): ExemptionId | null {
  if (c.kind === 'policy' || c.category === 'company') return null;
  return exemptionFor(text, {
    start: c.start,
    end: c.end,
    category: c.category,
    match: text.slice(c.start, c.end),
    kind: c.kind,
  });
}

function collectCandidates(text: string, list: TermList, factory: MatcherFactory): Candidate[] {
  const { literals, stems, matcher } = prepare(list, factory);
  const hits = matcher.find(text);
  const allowed: { start: number; end: number }[] = [];
  const literalHits: { term: LoadedTerm; start: number; end: number }[] = [];
  const stemHits: { term: LoadedTerm; start: number }[] = [];
  // Needles are the literals, then the stems, then the allowed phrases.
  for (const h of hits) {
    const literal = literals[h.needle];
    const stem = stems[h.needle - literals.length];
    if (literal) literalHits.push({ term: literal, start: h.start, end: h.end });
    else if (stem) stemHits.push({ term: stem, start: h.start });
    else allowed.push({ start: h.start, end: h.end });
  }

  const candidates: Candidate[] = [];
  for (const { term, start, end } of literalHits) {
    if (!atWordEdges(text, term.match, start)) continue;
    if (allowed.some((a) => a.start <= start && end <= a.end)) continue;
    candidates.push(fromTerm(term, start, end, 'term'));
  }
  for (const { term: stem, start } of stemHits) {
    // Forms the list names (最佳, 第一名) carry a better rewrite, so they replace the generic expansion;
    // this also holds when the allowlist suppressed that form (最好在 must not come back as 最好).
    if (literalHits.some((h) => h.start === start && h.term.match.startsWith(stem.match))) continue;
    if (allowed.some((a) => a.start <= start && start < a.end)) continue;
    candidates.push(fromTerm(stem, start, stemFormEnd(text, start + stem.match.length), 'stem'));
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
      const { term, category, rule: ruleId, article, severity, rewrite } = rule;
      candidates.push({
        start,
        end,
        kind: 'pattern',
        category,
        rule: ruleId,
        term,
        article,
        severity,
        rewrite,
      });
    }
  }

  // Official titles (国家级非物质文化遗产) are verified, not banned: low severity, ask for the certificate.
  for (const c of candidates) {
    if (c.category === 'absolute' && c.rule === 'absolute' && isVerifiableTitle(text, c.start)) {
      c.rule = 'verifiable-title';
      c.severity = 'low';
      c.rewrite = TITLE_REWRITE;
    }
  }
  return candidates;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.kind === 'policy' || b.kind === 'policy') return a.kind === 'policy' && b.kind !== 'policy';
  const lengthA = a.end - a.start;
  const lengthB = b.end - b.start;
  if (lengthA !== lengthB) return lengthA > lengthB;
  if (a.severity !== b.severity) return SEVERITY_RANK[a.severity] < SEVERITY_RANK[b.severity];
  if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind];
  return a.start < b.start;
}

/** Overlapping candidates become one finding: the union of their spans, described by the best match. */
function mergeOverlaps(
  candidates: Candidate[],
): { span: { start: number; end: number }; winner: Candidate }[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { span: { start: number; end: number }; winner: Candidate }[] = [];
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

function bySeverityThenPosition(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.index - b.index;
}

/**
 * Checks a marketing draft: list terms, open-ended patterns, context rules, then the company's own allow
 * and block phrases. Findings are sorted high severity first, then by position; quoted spans always point
 * at the input as typed.
 */
export function checkDraft(text: string, options: CheckOptions = {}): CheckResult {
  const norm = normalizeWithMap(text);
  if (norm.text === '') return { findings: [], allowed: [], product: null };
  const list = options.list ?? TERM_LIST;
  const product = inferProduct(norm.text);
  const sourced = citesSource(norm.text);

  const raw = collectCandidates(norm.text, list, options.matcher ?? indexOfMatcher);
  let candidates = raw.filter((c) => exempted(norm.text, c) === null);

  const allowedCandidates: Candidate[] = [];
  for (const p of options.policy ?? []) {
    const phrase = normalize(p.phrase);
    for (const start of occurrences(norm.text, phrase)) {
      // A Latin phrase is a word: blocking `top` must not flag laptop.
      if (!atWordEdges(norm.text, phrase, start)) continue;
      const end = start + phrase.length;
      const policy = { action: p.action, phrase: p.phrase, reason: p.reason };
      if (p.action === 'allow') {
        const inside = candidates.filter((c) => c.start >= start && c.end <= end);
        for (const c of inside) allowedCandidates.push({ ...c, policy });
        candidates = candidates.filter((c) => !inside.includes(c));
      } else {
        candidates.push({
          start,
          end,
          kind: 'policy',
          category: 'company',
          rule: 'company-block',
          term: p.phrase,
          article: '公司禁用词',
          severity: 'high',
          rewrite: p.reason ? `按公司规定删去或改写（${p.reason}）` : '按公司规定删去或改写',
          policy,
        });
      }
    }
  }

  const toFinding = (span: { start: number; end: number }, winner: Candidate): Finding => {
    const originalIndex = must(norm.starts[span.start], 'every normalised unit maps back to the input');
    const regime = winner.category === 'medical' && product ? MEDICAL_REGIME[product] : undefined;
    return {
      category: winner.category,
      rule: winner.rule,
      phrase: norm.text.slice(span.start, span.end),
      term: winner.term,
      article: regime ? `${winner.article}；${regime}` : winner.article,
      severity: winner.severity,
      rewrite: winner.rewrite,
      index: span.start,
      original: text.slice(
        originalIndex,
        must(norm.ends[span.end - 1], 'every normalised unit maps back to the input'),
      ),
      originalIndex,
      ...(winner.policy ? { policy: winner.policy } : {}),
    };
  };

  // A cited source clears data claims; decided after merging, so 排名第一 (sourced) also covers its 第一.
  const findings = mergeOverlaps(candidates)
    .filter(({ winner }) => !(sourced && winner.category === 'data_claim'))
    .map(({ span, winner }) => toFinding(span, winner));
  const allowed = mergeOverlaps(allowedCandidates).map(({ span, winner }) => toFinding(span, winner));
  return {
    findings: findings.sort(bySeverityThenPosition),
    allowed: allowed.sort(bySeverityThenPosition),
    product,
  };
}

/** Checks a marketing draft against the 广告法 rules; findings are sorted high severity first, then by position. */
export function checkCompliance(text: string, options: CheckOptions = {}): Finding[] {
  return checkDraft(text, options).findings;
}

/** Counts findings per category and reports the worst severity (null when clean). */
export function summarize(findings: readonly Finding[]): ComplianceSummary {
  const byCategory = recordOf(FINDING_CATEGORIES, () => 0);
  let maxSeverity: Severity | null = null;
  for (const f of findings) {
    byCategory[f.category]++;
    if (maxSeverity === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[maxSeverity])
      maxSeverity = f.severity;
  }
  return { total: findings.length, byCategory, maxSeverity };
}
