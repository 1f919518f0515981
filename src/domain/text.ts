import { z } from 'zod';

/** PostgreSQL text cannot hold NUL characters, so every stored text drops them. */
export const stripNul = (s: string) => s.replaceAll('\u0000', '');

/** Trimmed free text of 1..max characters, without NUL characters. */
export const FreeText = (max: number) =>
  z.string().transform(stripNul).pipe(z.string().trim().min(1).max(max));
