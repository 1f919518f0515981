import type { z } from 'zod';
import { propOf } from './narrow';

/**
 * Reading what a `catch (e)` caught, which TypeScript types as `unknown` (anything can be thrown): these
 * narrow instead of asserting `(e as Error)`, so a thrown string or a plain object still says something.
 */

/** An Error's message; anything else thrown, as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The `code` a thrown error carries (`ECONNREFUSED`, `ETIMEDOUT`…), when it is text. */
export function errorCode(e: unknown): string | undefined {
  const code = propOf(e, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** The HTTP `status` a thrown error carries, when it is a number. */
export function errorStatus(e: unknown): number | undefined {
  const status = propOf(e, 'status');
  return typeof status === 'number' ? status : undefined;
}

/** What a schema refused, field by field, without the values (a stored payload can hold a response_url). */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
