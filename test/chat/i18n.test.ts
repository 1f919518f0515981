/**
 * Translators take only the keys their catalogue defines, so a line missing for one status is a type error
 * (npm run typecheck covers this file), and a key that comes from outside is narrowed with `has`.
 */
import { describe, expect, it } from 'vitest';
import { listOf } from '../../src/chat/i18n';
import { tApprovals } from '../../src/chat/messages/approvals';
import { connectorErrorText } from '../../src/chat/messages/connectors';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../../src/domain/approvals';

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
