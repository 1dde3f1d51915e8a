import { describe, expect, it } from 'vitest';
import { decodeBase64, isBase64 } from './base64.js';

describe('base64', () => {
  it.each(['', 'YQ==', 'YWI=', 'YWJj', 'YWJj\nZGVm', 'YWJj\r\nZGVm\n'])('accepts %j', (value) => {
    expect(isBase64(value)).toBe(true);
  });

  it.each(['YQ', 'YQ=', 'Y===', 'YWJj!', 'YW Jj', '-_-_', '*****'])('rejects %j', (value) => {
    expect(isBase64(value)).toBe(false);
  });

  it('decodes to bytes, ignoring line breaks', () => {
    expect(decodeBase64('aGVs\nbG8=')).toEqual(new TextEncoder().encode('hello'));
    expect(decodeBase64('AQABAA==')).toEqual(Uint8Array.from([1, 0, 1, 0]));
    expect(decodeBase64('nope!')).toBeUndefined();
  });
});
