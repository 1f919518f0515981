/**
 * Literal matching of the term list on normalised text: one String.prototype.indexOf scan per term, which
 * V8 runs as a vectorised search. bench/compliance.ts measures it side by side with the kept Aho–Corasick
 * library (modern-ahocorasick, a dev dependency for that reason) plugged in through `MatcherFactory`;
 * indexOf is faster at this list size (see bench/RESULTS.md), so the library is not used at run time.
 */

export interface LiteralHit {
  /** Index into the needle list the matcher was built with. */
  needle: number;
  start: number;
  end: number;
}

export interface LiteralMatcher {
  readonly name: string;
  /** Every occurrence of every needle, overlaps included, in no particular order. */
  find(text: string): LiteralHit[];
}

export function indexOfMatcher(needles: readonly string[]): LiteralMatcher {
  return {
    name: 'indexof',
    find(text) {
      const hits: LiteralHit[] = [];
      needles.forEach((needle, i) => {
        for (let s = text.indexOf(needle); s !== -1; s = text.indexOf(needle, s + 1))
          hits.push({ needle: i, start: s, end: s + needle.length });
      });
      return hits;
    },
  };
}

/** Builds a matcher for a needle list; the check builds one per term list and keeps it. */
export type MatcherFactory = (needles: readonly string[]) => LiteralMatcher;
