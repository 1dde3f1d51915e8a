import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { newDeviceStatus } from './device-status.js';
import {
  EnrollmentConfig,
  EnrollmentRequest,
  EnrollmentRequestApproval,
  EnrollmentRequestList,
  validateEnrollmentRequest,
  validateEnrollmentRequestApproval,
} from './enrollment-request.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validEr = ajv.compile(EnrollmentRequest);

const DEVICE_CSR = `-----BEGIN CERTIFICATE REQUEST-----
MIHsMIGUAgEAMDIxMDAuBgNVBAMMJ2RldmljZTowYTFiMmMzZDRlNWY2MDcxODI5
M2E0YjVjNmQ3ZThmOTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMy14rPVy6qF
BfyOXPiM/gPdVfZqDgHQzIqedEzhgwuO0f85vflgrvkpGGN9NxzckQFf9EnXOfGz
h/OardUqFwKgADAKBggqhkjOPQQDAgNHADBEAiBim9Rbby1q54muhaDIPAxXCL7R
ryda4+nAK8KcJu8m/wIgYYnrTawN0kMp5r0DWBfVCheOHLWlvsYQ70tvkfLSrNo=
-----END CERTIFICATE REQUEST-----
`;

const deviceStatus = {
  ...newDeviceStatus(),
  systemInfo: { architecture: 'amd64', bootID: 'b7c1', operatingSystem: 'linux', agentVersion: 'v1.0.0' },
};

const er: EnrollmentRequest = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'EnrollmentRequest',
  metadata: { name: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
  spec: {
    csr: DEVICE_CSR,
    deviceStatus,
    labels: { site: 'store-12', 'flightctl.io/arch': 'amd64' },
    knownRenderedVersion: '4',
    osMode: 'image',
  },
  status: {
    certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    conditions: [
      {
        type: 'Approved',
        status: 'True',
        reason: 'ManuallyApproved',
        message: 'Approved by alice',
        lastTransitionTime: '2025-01-01T00:00:00Z',
      },
    ],
    approval: {
      approved: true,
      labels: { fleet: 'pos' },
      replaceLabels: false,
      approvedBy: 'alice',
      approvedAt: '2025-01-01T00:00:00Z',
    },
  },
};

function withSpec(spec: Partial<EnrollmentRequest['spec']>): EnrollmentRequest {
  return { ...er, spec: { ...er.spec, ...spec } };
}

function paths(r: EnrollmentRequest): string[] {
  return validateEnrollmentRequest(r).map((e) => e.path);
}

describe('EnrollmentRequest schema', () => {
  it('accepts a realistic request and list', () => {
    expect(validEr(er), JSON.stringify(validEr.errors)).toBe(true);
    expect(
      ajv.validate(EnrollmentRequestList, {
        apiVersion: 'v1beta1',
        kind: 'EnrollmentRequestList',
        metadata: {},
        items: [er],
      }),
    ).toBe(true);
    expect(validateEnrollmentRequest(er)).toEqual([]);
  });

  it('accepts a minimal request as a fresh agent sends it', () => {
    const minimal = {
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'EnrollmentRequest',
      metadata: { name: 'abc' },
      spec: { csr: DEVICE_CSR },
    };
    expect(validEr(minimal)).toBe(true);
  });

  it('rejects a missing csr, an unknown os mode and stray fields', () => {
    const { csr: _csr, ...noCsr } = er.spec;
    expect(validEr({ ...er, spec: noCsr })).toBe(false);
    expect(validEr(withSpec({ osMode: 'rpm' as never }))).toBe(false);
    expect(validEr(withSpec({ region: 'eu' } as never))).toBe(false);
  });

  it('describes the approval body and the enrollment config', () => {
    expect(ajv.validate(EnrollmentRequestApproval, { approved: true, labels: { a: 'b' }, replaceLabels: true })).toBe(
      true,
    );
    expect(ajv.validate(EnrollmentRequestApproval, { labels: {} })).toBe(false);
    const config: EnrollmentConfig = {
      'enrollment-service': {
        authentication: { 'client-certificate-data': btoa('cert'), 'client-key-data': '' },
        service: { 'certificate-authority-data': btoa('ca'), server: 'https://agent.example.com:7443' },
        'enrollment-ui-endpoint': 'https://ui.example.com',
      },
    };
    expect(ajv.validate(EnrollmentConfig, config)).toBe(true);
    expect(
      ajv.validate(EnrollmentConfig, { 'enrollment-service': { service: config['enrollment-service'].service } }),
    ).toBe(false);
  });
});

describe('validateEnrollmentRequest', () => {
  it('accepts the csr base64-encoded and a TPM (TCG) csr', () => {
    expect(paths(withSpec({ csr: btoa(DEVICE_CSR) }))).toEqual([]);
    expect(paths(withSpec({ csr: btoa(String.fromCharCode(1, 0, 1, 0, 0, 0, 0, 9)) }))).toEqual([]);
  });

  it.each(['', 'hello', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'])('rejects csr %j', (csr) => {
    expect(paths(withSpec({ csr }))).toEqual(['spec.csr']);
  });

  it('checks the name, metadata labels and proposed labels', () => {
    expect(paths({ ...er, metadata: { name: 'Not_A_Name' } })).toEqual(['metadata.name']);
    expect(paths(withSpec({ labels: { 'bad key': 'x', ok: 'not ok!' } }))).toEqual(['spec.labels', 'spec.labels']);
  });

  it('checks the os mode', () => {
    expect(validateEnrollmentRequest(withSpec({ osMode: 'rpm' as never }))).toEqual([
      { path: 'spec.osMode', message: 'must be one of image, package' },
    ]);
  });

  it('checks approval labels', () => {
    expect(validateEnrollmentRequestApproval({ approved: true, labels: { env: 'prod' } })).toEqual([]);
    expect(validateEnrollmentRequestApproval({ approved: true, labels: { env: 'bad value' } })).toMatchObject([
      { path: 'labels' },
    ]);
  });
});
