/**
 * A tiny seeded PRNG (mulberry32) so the demo data set is the same on every machine and every run: the
 * demo and its tests can name what they will see without committing a dump.
 */
import { must } from '../util/narrow';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Whole number in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** A multiplicative wobble around 1 (log-normal, σ = spread), never negative. */
  wobble(spread: number): number;
}

/** A seeded generator; the same seed always gives the same sequence. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const rng: Rng = {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => must(list[Math.floor(next() * list.length)], 'pick from a non-empty list'),
    wobble: (spread) => {
      // Box–Muller; 1 − u keeps the logarithm away from zero.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return Math.exp(spread * z);
    },
  };
  return rng;
}

/** A stable sub-seed per name, so adding a channel does not reshuffle every other channel's numbers. */
export function seedFor(seed: number, name: string): number {
  let h = seed >>> 0 || 1;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
