import { describe, expect, it } from 'vitest';
import { findKind, KINDS } from './kinds.js';

describe('kind catalogue', () => {
  it('lists the ten user-facing kinds once each', () => {
    expect(KINDS.map((k) => k.kind)).toEqual([
      'Device',
      'Fleet',
      'TemplateVersion',
      'Repository',
      'ResourceSync',
      'EnrollmentRequest',
      'CertificateSigningRequest',
      'Event',
      'AuthProvider',
      'Organization',
    ]);
    const names = KINDS.flatMap((k) => [k.singular, k.plural, ...k.shortNames]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('derives list kinds and singular names from the kind', () => {
    for (const k of KINDS) {
      expect(k.listKind).toBe(`${k.kind}List`);
      expect(k.singular).toBe(k.kind.toLowerCase());
    }
  });

  it('resolves what a user types', () => {
    expect(findKind('csr')?.plural).toBe('certificatesigningrequests');
    expect(findKind('Repositories')?.kind).toBe('Repository');
    expect(findKind('ENROLLMENTREQUEST')?.shortNames).toEqual(['er']);
    expect(findKind('org')?.hasStatus).toBe(false);
    expect(findKind('catalog')).toBeUndefined();
  });

  it('knows which kinds have a status', () => {
    expect(KINDS.filter((k) => !k.hasStatus).map((k) => k.kind)).toEqual(['Event', 'AuthProvider', 'Organization']);
  });
});
