/**
 * Translators take only the keys their catalogue defines, so a line missing for one status is a type error
 * (npm run typecheck covers this file), and a key that comes from outside is narrowed with `has`.
 */
import { describe, expect, it } from 'vitest';
import { type Catalogue, interpolate, listOf } from '../../src/chat/i18n';
import { tApprovals } from '../../src/chat/messages/approvals';
import { connectorErrorText } from '../../src/chat/messages/connectors';
import { tFeedback } from '../../src/chat/messages/feedback';
import { tJobs } from '../../src/chat/messages/jobs';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../../src/domain/approvals';
import { filesDefining } from '../helpers/source-files';

describe('translators', () => {
  it('a key built from a typed status has a line for every decided status, in both languages', () => {
    const decided = APPROVAL_STATUSES.filter((s): s is Exclude<ApprovalStatus, 'pending'> => s !== 'pending');
    for (const s of decided) {
      const zh = tApprovals('zh-CN', `dm.${s}.title`, { code: 'APR-1' });
      expect(zh).toContain('APR-1');
      expect(tApprovals('en', `dm.${s}.title`, { code: 'APR-1' })).not.toBe(zh);
    }
    // @ts-expect-error 'pending' has no DM: the key is not in the catalogue
    expect(() => tApprovals('en', `dm.${'pending' as ApprovalStatus}.title`)).toThrow();
  });

  it('has() narrows a stored key: a known one is translated, an unknown one is shown as stored', () => {
    expect(tApprovals.has('dm.approved.title')).toBe(true);
    expect(tApprovals.has('toString')).toBe(false);
    expect(connectorErrorText('en', { key: 'err.not_a_key', params: {} })).toContain('err.not_a_key');
  });
});

describe('listOf', () => {
  it('joins names with 、 in Chinese and a comma in English, with no "and" in either', () => {
    expect(listOf('zh-CN', ['抖音', '小红书', '微博'])).toBe('抖音、小红书、微博');
    expect(listOf('en', ['Douyin', 'Xiaohongshu', 'Weibo'])).toBe('Douyin, Xiaohongshu, Weibo');
    expect(listOf('en', ['Website', 'Google'])).toBe('Website, Google');
    expect(listOf('zh-CN', ['官网'])).toBe('官网');
    expect(listOf('en', [])).toBe('');
  });
});

describe('English plurals', () => {
  it('{n|one|other} picks the word for the count: 1 working day, 3 working days, 0 and 1.5 days, a count printed as text', () => {
    const t = '({n} working {n|day|days})';
    expect(interpolate(t, { n: 1 }, 'en')).toBe('(1 working day)');
    expect(interpolate(t, { n: 3 }, 'en')).toBe('(3 working days)');
    expect(interpolate(t, { n: 0 }, 'en')).toBe('(0 working days)');
    expect(interpolate(t, { n: 1.5 }, 'en')).toBe('(1.5 working days)');
    expect(interpolate(t, { n: '1,200' }, 'en')).toBe('(1,200 working days)');
    expect(interpolate('{n} {n|row has|rows have} problems', { n: '1' }, 'en')).toBe('1 row has problems');
    // A missing count stays visible, like any missing placeholder.
    expect(interpolate(t, {}, 'en')).toBe('({n} working {n|day|days})');
  });

  it('no English line prints a count with a "(s)" noun: each says "1 message" or "2 messages"', async () => {
    const offending: string[] = [];
    let catalogues = 0;
    for (const file of filesDefining('defineMessages(')) {
      const mod: Record<string, unknown> = await import(file);
      for (const t of Object.values(mod)) {
        if (typeof t !== 'function' || !('catalogue' in t)) continue;
        catalogues++;
        for (const [key, lines] of Object.entries(t.catalogue as Catalogue)) {
          if (/\{\w+\}(?: [\w-]+){0,3}\((?:s|es)\)/.test(lines.en)) offending.push(`${key}: ${lines.en}`);
        }
      }
    }
    expect(catalogues).toBeGreaterThan(20);
    expect(offending).toEqual([]);
    expect(tJobs('en', 'dead.title', { n: 1 })).toBe('📮 1 message could not be delivered');
    expect(tJobs('en', 'dead.title', { n: 2 })).toBe('📮 2 messages could not be delivered');
    expect(tFeedback('en', 'created.masked', { n: 1 })).toBe(
      '1 phone number or e-mail address was masked to protect personal data.',
    );
  });
});
