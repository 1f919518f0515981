import { describe, expect, it } from 'vitest';
import { errorCode, errorMessage, errorStatus } from '../../src/util/errors';

describe('reading a caught value', () => {
  it('errorMessage says what was thrown, Error or not (a thrown string no longer logs "undefined")', () => {
    expect(errorMessage(new TypeError('fetch failed'))).toBe('fetch failed');
    expect(errorMessage('socket hang up')).toBe('socket hang up');
    expect(errorMessage({ status: 500 })).toBe('[object Object]');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it('errorCode and errorStatus read the field only when it has the right type', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(errorCode(refused)).toBe('ECONNREFUSED');
    expect(errorCode({ code: 42 })).toBeUndefined();
    expect(errorCode('ECONNREFUSED')).toBeUndefined();
    expect(errorStatus(Object.assign(new Error('too large'), { status: 413 }))).toBe(413);
    expect(errorStatus({ status: '413' })).toBeUndefined();
    expect(errorStatus(null)).toBeUndefined();
  });
});
