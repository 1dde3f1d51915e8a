import { describe, expect, it } from 'vitest';
import { csrProblem, isTcgCsr } from './csr-format.js';

const CSR_PEM = `-----BEGIN CERTIFICATE REQUEST-----
MIHfMIGFAgEAMCMxITAfBgNVBAMMGGNsaWVudC1lbnJvbGxtZW50LWxhYi0wMTBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABMy14rPVy6qFBfyOXPiM/gPdVfZqDgHQ
zIqedEzhgwuO0f85vflgrvkpGGN9NxzckQFf9EnXOfGzh/OardUqFwKgADAKBggq
hkjOPQQDAgNJADBGAiEAnodJFKugeclppLxafYCHMmN2XrmKlPta9/kisqnW3HkC
IQCiieQFww8GxoLDqA+90mvisHRQ1kHKmLsT/r5FrfL39w==
-----END CERTIFICATE REQUEST-----
`;
const TCG = Uint8Array.from([0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x10]);
const text = (s: string) => new TextEncoder().encode(s);

describe('csrProblem', () => {
  it('accepts a PEM CSR, its base64, and TCG blobs raw or base64', () => {
    expect(csrProblem(text(CSR_PEM))).toBeUndefined();
    expect(csrProblem(text(`  ${CSR_PEM}\n`))).toBeUndefined();
    expect(csrProblem(text(btoa(CSR_PEM)))).toBeUndefined();
    expect(csrProblem(TCG)).toBeUndefined();
    expect(csrProblem(text(btoa(String.fromCharCode(...TCG))))).toBeUndefined();
  });

  it('explains what is wrong', () => {
    expect(csrProblem(text(''))).toBe('must not be empty');
    expect(csrProblem(text('just text'))).toBe('must be a PEM-encoded certificate request');
    expect(csrProblem(text(CSR_PEM.replaceAll('CERTIFICATE REQUEST', 'PUBLIC KEY')))).toBe(
      'PEM block type must be CERTIFICATE REQUEST, got PUBLIC KEY',
    );
    expect(csrProblem(text('-----BEGIN CERTIFICATE REQUEST-----\n%%%\n-----END CERTIFICATE REQUEST-----'))).toBe(
      'PEM body must be valid base64',
    );
    expect(csrProblem(text('-----BEGIN CERTIFICATE REQUEST-----\naGVsbG8=\n-----END CERTIFICATE REQUEST-----'))).toBe(
      'PEM body is not a DER-encoded certificate request',
    );
    expect(csrProblem(text('-----BEGIN CERTIFICATE REQUEST-----\nMIIB'))).toBe(
      'must be a PEM-encoded certificate request',
    );
  });

  it('recognises the TCG magic only at the start', () => {
    expect(isTcgCsr(TCG)).toBe(true);
    expect(isTcgCsr(Uint8Array.from([0x01, 0x00, 0x01]))).toBe(false);
    expect(isTcgCsr(undefined)).toBe(false);
  });
});
