import { describe, expect, it } from 'vitest';
import { keepMaskedSecrets, MASKED_SECRET, maskSecrets, type SecretPath } from './secret-masking.js';

const PATHS: SecretPath[] = [
  ['spec', 'auth', 'password'],
  ['spec', 'token'],
];

describe('secret masking', () => {
  const stored = { spec: { auth: { user: 'u', password: 'p' }, token: 't', other: 'o' } };

  it('masks present secrets only and leaves the input alone', () => {
    expect(maskSecrets(stored, PATHS)).toEqual({
      spec: { auth: { user: 'u', password: MASKED_SECRET }, token: MASKED_SECRET, other: 'o' },
    });
    expect(maskSecrets({ spec: { other: 'o' } }, PATHS)).toEqual({ spec: { other: 'o' } });
    expect(maskSecrets({ spec: null }, PATHS)).toEqual({ spec: null });
    expect(stored.spec.auth.password).toBe('p');
  });

  it('restores placeholders from the stored resource and keeps real values', () => {
    expect(keepMaskedSecrets(maskSecrets(stored, PATHS), stored, PATHS)).toEqual(stored);
    const incoming = { spec: { auth: { user: 'u', password: 'new' }, token: MASKED_SECRET } };
    expect(keepMaskedSecrets(incoming, stored, PATHS)).toEqual({
      spec: { auth: { user: 'u', password: 'new' }, token: 't' },
    });
  });

  it('leaves a placeholder with nothing stored behind it', () => {
    const incoming = { spec: { token: MASKED_SECRET } };
    expect(keepMaskedSecrets(incoming, undefined, PATHS)).toEqual(incoming);
    expect(keepMaskedSecrets<object>(incoming, { spec: {} }, PATHS)).toEqual(incoming);
  });
});
