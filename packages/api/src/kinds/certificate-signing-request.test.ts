import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  canonicalSignerName,
  CertificateSigningRequest,
  CertificateSigningRequestList,
  SIGNER_DEVICE_SVC_CLIENT,
  SIGNER_ENROLLMENT,
  validateCertificateSigningRequest,
} from './certificate-signing-request.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validCsr = ajv.compile(CertificateSigningRequest);

const CSR_PEM = `-----BEGIN CERTIFICATE REQUEST-----
MIHfMIGFAgEAMCMxITAfBgNVBAMMGGNsaWVudC1lbnJvbGxtZW50LWxhYi0wMTBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABMy14rPVy6qFBfyOXPiM/gPdVfZqDgHQ
zIqedEzhgwuO0f85vflgrvkpGGN9NxzckQFf9EnXOfGzh/OardUqFwKgADAKBggq
hkjOPQQDAgNJADBGAiEAnodJFKugeclppLxafYCHMmN2XrmKlPta9/kisqnW3HkC
IQCiieQFww8GxoLDqA+90mvisHRQ1kHKmLsT/r5FrfL39w==
-----END CERTIFICATE REQUEST-----
`;

const csr: CertificateSigningRequest = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 'lab-01' },
  spec: {
    request: btoa(CSR_PEM),
    signerName: SIGNER_ENROLLMENT,
    usages: ['clientAuth', 'CA:false'],
    expirationSeconds: 604800,
    username: 'alice',
    uid: '5d2e1c1e-9d0b-4a57-8f0e-3f1f6b0d7a11',
    extra: { groups: ['flightctl-admin'] },
  },
  status: {
    certificate: btoa('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'),
    conditions: [
      {
        type: 'Approved',
        status: 'True',
        reason: 'Approved',
        message: 'Auto-approved by enrollment signer',
        lastTransitionTime: '2025-01-01T00:00:00Z',
      },
    ],
  },
};

function withSpec(spec: Partial<CertificateSigningRequest['spec']>): CertificateSigningRequest {
  return { ...csr, spec: { ...csr.spec, ...spec } };
}

function errorsAt(c: CertificateSigningRequest, path: string): string[] {
  return validateCertificateSigningRequest(c)
    .filter((e) => e.path === path)
    .map((e) => e.message);
}

describe('CertificateSigningRequest schema', () => {
  it('accepts a realistic request and list', () => {
    expect(validCsr(csr), JSON.stringify(validCsr.errors)).toBe(true);
    const list = {
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'CertificateSigningRequestList',
      metadata: {},
      items: [csr],
    };
    expect(ajv.validate(CertificateSigningRequestList, list)).toBe(true);
    expect(validateCertificateSigningRequest(csr)).toEqual([]);
  });

  it('rejects a request that is not base64 and a missing signer', () => {
    expect(validCsr(withSpec({ request: 'not base64!' }))).toBe(false);
    const { signerName: _s, ...noSigner } = csr.spec;
    expect(validCsr({ ...csr, spec: noSigner })).toBe(false);
  });
});

describe('validateCertificateSigningRequest', () => {
  it('wants the request to decode to a PEM CSR', () => {
    expect(errorsAt(withSpec({ request: '%%%' }), 'spec.request')).toHaveLength(1);
    expect(errorsAt(withSpec({ request: btoa('hello') }), 'spec.request')).toHaveLength(1);
    const cert = btoa('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(errorsAt(withSpec({ request: cert }), 'spec.request')).toEqual([
      'PEM block type must be CERTIFICATE REQUEST, got CERTIFICATE',
    ]);
    const notDer = btoa('-----BEGIN CERTIFICATE REQUEST-----\naGVsbG8=\n-----END CERTIFICATE REQUEST-----\n');
    expect(errorsAt(withSpec({ request: notDer }), 'spec.request')).toHaveLength(1);
  });

  it('accepts a TCG CSR from a TPM', () => {
    const tcg = btoa(String.fromCharCode(0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x20));
    expect(errorsAt(withSpec({ request: tcg }), 'spec.request')).toEqual([]);
  });

  it('leaves which signers exist to the service, which may rename them', () => {
    expect(errorsAt(withSpec({ signerName: 'enrollment' }), 'spec.signerName')).toEqual([]);
    expect(errorsAt(withSpec({ signerName: SIGNER_DEVICE_SVC_CLIENT }), 'spec.signerName')).toEqual([]);
    expect(errorsAt(withSpec({ signerName: 'example.com/other' }), 'spec.signerName')).toEqual([]);
  });

  it('wants a signer name', () => {
    expect(errorsAt(withSpec({ signerName: '  ' }), 'spec.signerName')).toEqual(['must not be empty']);
    expect(validCsr(withSpec({ signerName: '' }))).toBe(false);
  });

  it('resolves the enrollment shorthand among the default names', () => {
    expect(canonicalSignerName('enrollment')).toBe(SIGNER_ENROLLMENT);
    expect(canonicalSignerName(SIGNER_DEVICE_SVC_CLIENT)).toBe(SIGNER_DEVICE_SVC_CLIENT);
    expect(canonicalSignerName('nope')).toBeUndefined();
  });

  it('rejects the retired ca signer', () => {
    expect(errorsAt(withSpec({ signerName: 'ca' }), 'spec.signerName')[0]).toMatch(/'ca' is no longer supported/);
  });

  it('wants clientAuth and CA:false among the usages', () => {
    expect(errorsAt(withSpec({ usages: ['clientAuth'] }), 'spec.usages')).toEqual(['must include CA:false']);
    expect(errorsAt(withSpec({ usages: undefined }), 'spec.usages')).toEqual(['must include clientAuth, CA:false']);
    expect(errorsAt(withSpec({ usages: ['CA:false', 'serverAuth', 'clientAuth'] }), 'spec.usages')).toEqual([]);
  });

  it('wants a positive expiration', () => {
    expect(errorsAt(withSpec({ expirationSeconds: 0 }), 'spec.expirationSeconds')).toEqual(['must be positive']);
    expect(errorsAt(withSpec({ expirationSeconds: -5 }), 'spec.expirationSeconds')).toEqual(['must be positive']);
  });

  it('checks the name', () => {
    expect(errorsAt({ ...csr, metadata: { name: 'UPPER' } }, 'metadata.name')).toHaveLength(1);
  });
});
