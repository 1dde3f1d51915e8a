import { describe, expect, it } from 'vitest';
import { ApiError } from '@flightctl/api';
import { decodeContinueToken, encodeContinueToken, parseLimit } from './pagination.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('parseLimit', () => {
  it('defaults absent and zero to 1000', () => {
    expect(parseLimit(undefined)).toBe(1000);
    expect(parseLimit('')).toBe(1000);
    expect(parseLimit('0')).toBe(1000);
    expect(parseLimit(0)).toBe(1000);
  });

  it('accepts 1..1000', () => {
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit(1000)).toBe(1000);
  });

  it('rejects too large, negative and non-integer limits with 400', () => {
    expect(apiError(() => parseLimit('1001'))).toMatchObject({ code: 400, message: 'limit cannot exceed 1000' });
    expect(apiError(() => parseLimit(-1))).toMatchObject({ code: 400, message: 'limit cannot be negative' });
    expect(apiError(() => parseLimit('ten')).code).toBe(400);
    expect(apiError(() => parseLimit(1.5)).code).toBe(400);
  });
});

describe('continue token', () => {
  it('is base64 of the JSON upstream writes, field order included', () => {
    expect(encodeContinueToken({ names: ['dev-7'], count: 42 })).toBe(
      b64('{"Version":1,"Names":["dev-7"],"Count":42}'),
    );
  });

  it('round-trips', () => {
    const token = { names: ['2024-05-01T10:20:30.123456Z', 'e1'], count: 3 };
    expect(decodeContinueToken(encodeContinueToken(token), 2)).toEqual(token);
  });

  it.each([
    ['not base64', '%%%'],
    ['not JSON', b64('nope')],
    ['another version', b64('{"Version":2,"Names":["a"],"Count":1}')],
    ['no version', b64('{"Names":["a"],"Count":1}')],
    ['the wrong number of sort keys', b64('{"Version":1,"Names":["a","b"],"Count":1}')],
    ['non-string keys', b64('{"Version":1,"Names":[1],"Count":1}')],
    ['a non-integer count', b64('{"Version":1,"Names":["a"],"Count":"x"}')],
  ])('rejects %s with 400', (_what, token) => {
    const err = apiError(() => decodeContinueToken(token, 1));
    expect(err.code).toBe(400);
    expect(err.message).toMatch(/^failed to parse continue parameter: /);
  });

  it('names the version it expects, as upstream does', () => {
    expect(apiError(() => decodeContinueToken(b64('{"Version":2,"Names":["a"]}'), 1)).message).toBe(
      'failed to parse continue parameter: continue string version 2 must be 1',
    );
  });
});
