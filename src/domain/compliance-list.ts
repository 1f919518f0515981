import type { Db } from '../../db/client';
import type { Config } from '../config';
import { must } from '../util/narrow';
import { type CompanyPhrase, checkDraft, type Finding, normalize } from './compliance';
import { DomainError } from './errors';
import {
  COMPANY_PHRASE_MAX,
  COMPANY_PHRASES_MAX,
  COMPANY_REASON_MAX,
  changeSetting,
  type Settings,
} from './settings';

type Deps = { db: Db; now: Date; actor: { platform: string; userId: string }; config: Config };

/** Two spellings are the same entry when the check would read them the same (全網第一 = 全网第一, TOP 1 = top 1). */
const sameEntry = (a: string, b: string) => normalize(a) === normalize(b);

export function findEntry(list: readonly CompanyPhrase[], phrase: string): CompanyPhrase | undefined {
  return list.find((e) => sameEntry(e.phrase, phrase));
}

function cleanPhrase(raw: string): string {
  const phrase = raw.trim().replace(/\s+/g, ' ');
  if (normalize(phrase) === '') throw new DomainError('invalid_input', 'err.phrase_empty');
  const n = [...phrase].length;
  if (n > COMPANY_PHRASE_MAX) {
    throw new DomainError('invalid_input', 'err.phrase_too_long', { n, max: COMPANY_PHRASE_MAX });
  }
  return phrase;
}

export interface PhraseSet {
  entry: CompanyPhrase;
  /** The entry this one replaced (same phrase, maybe the other action or another reason). */
  previous: CompanyPhrase | undefined;
  /** For an allow entry: what the check finds inside the phrase itself, i.e. what the entry clears. */
  clears: Finding[];
  settings: Settings;
}

/**
 * Allow or block a phrase for the company's drafts; admins only, audited. Allowing clears the findings that
 * lie inside the phrase (and says so on the card); blocking raises a high finding wherever it appears. The
 * same phrase (in any script or case) is one entry: setting it again replaces action and reason.
 */
export async function setCompanyPhrase(
  deps: Deps,
  input: { phrase: string; action: CompanyPhrase['action']; reason?: string | undefined },
): Promise<PhraseSet> {
  const phrase = cleanPhrase(input.phrase);
  const reason = input.reason?.trim() || undefined;
  if (reason && [...reason].length > COMPANY_REASON_MAX) {
    throw new DomainError('invalid_input', 'err.reason_too_long', { max: COMPANY_REASON_MAX });
  }
  const entry: CompanyPhrase = { phrase, action: input.action, ...(reason ? { reason } : {}) };
  let previous: CompanyPhrase | undefined;
  const settings = await changeSetting(deps, 'compliancePhrases', (list) => {
    previous = findEntry(list, phrase);
    const rest = list.filter((e) => e !== previous);
    if (rest.length >= COMPANY_PHRASES_MAX) {
      throw new DomainError('invalid_input', 'err.phrase_list_full', { max: COMPANY_PHRASES_MAX });
    }
    return [...rest, entry];
  });
  const clears = entry.action === 'allow' ? checkDraft(phrase, { policy: [entry] }).allowed : [];
  return { entry, previous, clears, settings };
}

/** Take a phrase off the company's list; admins only, audited. A phrase not on the list is an error. */
export async function removeCompanyPhrase(
  deps: Deps,
  rawPhrase: string,
): Promise<{ removed: CompanyPhrase; settings: Settings }> {
  const phrase = cleanPhrase(rawPhrase);
  let removed: CompanyPhrase | undefined;
  const settings = await changeSetting(deps, 'compliancePhrases', (list) => {
    removed = findEntry(list, phrase);
    if (!removed) throw new DomainError('not_found', 'err.phrase_not_listed', { phrase });
    return list.filter((e) => e !== removed);
  });
  return { removed: must(removed, 'changeSetting ran the change'), settings };
}
