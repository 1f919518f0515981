/**
 * Personal-information masking for stored free text (the manual requires protecting customer data):
 * mainland mobile numbers become 138****5678, e-mail local parts keep their first character.
 */

// Mobile: optional +86/0086, 11 digits starting 1[3-9], optionally split by spaces or dashes as 3-4-4.
// Not part of a longer digit run (order numbers, timestamps).
const MOBILE = /(?<![\d])(?:(?:\+|00)86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

/** Masks phone numbers and e-mail addresses; returns the text and whether anything was masked. */
export function redactPii(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text
    .replace(EMAIL, (_m, first: string, domain: string) => {
      masked++;
      return `${first}***@${domain}`;
    })
    .replace(MOBILE, (_m, a: string, _b: string, c: string) => {
      masked++;
      return `${a}****${c}`;
    });
  return { text: out, masked };
}
