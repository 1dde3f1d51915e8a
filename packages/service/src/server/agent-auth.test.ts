import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../crypto/certificate-authority.js';
import { flightctlExtensions, type FlightctlCertificateFields } from '../crypto/certificate-extensions.js';
import { generateKeyPair } from '../crypto/keys.js';
import { DEFAULT_ORG_ID } from '../store/schema.js';
import { IdentityCache, identityOf, type AgentAuthOptions } from './agent-auth.js';

const OPTIONS: AgentAuthOptions = {
  signerNames: {
    enrollment: 'flightctl.io/enrollment',
    deviceManagement: 'flightctl.io/device-enrollment',
    deviceManagementRenewal: 'flightctl.io/device-management-renewal',
  },
  deviceCommonNamePrefix: 'device:',
};
const ORG = '5b0f6a52-9c1a-4f39-8a43-4a8a2f9f1d11';

describe('identityOf', () => {
  let dir: string;
  let ca: CertificateAuthority;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flightctl-agent-auth-'));
    ca = await CertificateAuthority.loadOrCreate(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function der(commonName: string, fields: FlightctlCertificateFields): Promise<Buffer> {
    const keys = await generateKeyPair();
    const cert = await ca.issue({
      subject: `CN=${commonName}`,
      publicKey: keys.publicKey,
      validityDays: 1,
      extensions: flightctlExtensions(fields),
    });
    return Buffer.from(cert.rawData);
  }

  it('gives an enrollment identity to enrollment certificates, in their organization or the default one', async () => {
    expect(
      identityOf(await der('client-enrollment', { signerName: 'flightctl.io/enrollment', orgId: ORG }), OPTIONS),
    ).toEqual({
      kind: 'enrollment',
      orgId: ORG,
      commonName: 'client-enrollment',
    });
    const noOrg = identityOf(await der('client-enrollment', { signerName: 'flightctl.io/enrollment' }), OPTIONS);
    expect(noOrg.orgId).toBe(DEFAULT_ORG_ID);
  });

  it('gives a device identity to management and renewal certificates, named by their common name', async () => {
    for (const signerName of ['flightctl.io/device-enrollment', 'flightctl.io/device-management-renewal']) {
      expect(identityOf(await der('device:abcdef0123456789', { signerName, orgId: ORG }), OPTIONS)).toEqual({
        kind: 'device',
        orgId: ORG,
        fingerprint: 'abcdef0123456789',
        signerName,
        commonName: 'device:abcdef0123456789',
      });
    }
    const prefixed = { ...OPTIONS, deviceCommonNamePrefix: 'edge-' };
    const edge = await der('edge-abcdef0123456789', { signerName: 'flightctl.io/device-enrollment' });
    expect(identityOf(edge, prefixed)).toMatchObject({ kind: 'device', fingerprint: 'abcdef0123456789' });
  });

  it('refuses other signers, certificates without one, and device certificates that name no device', async () => {
    const refused = [
      await der('device:abc', { signerName: 'flightctl.io/device-svc-client' }),
      await der('device:abc', {}),
      await der('abcdef0123456789', { signerName: 'flightctl.io/device-enrollment' }),
      await der('device:', { signerName: 'flightctl.io/device-enrollment' }),
    ];
    for (const cert of refused) expect(() => identityOf(cert, OPTIONS)).toThrow(expect.objectContaining({ code: 401 }));
  });
});

describe('IdentityCache', () => {
  const identity = { kind: 'enrollment', orgId: DEFAULT_ORG_ID, commonName: 'client-enrollment' } as const;

  it('keeps an identity for its time to live, never past the certificate expiry', () => {
    const cache = new IdentityCache(600_000);
    cache.set('long-lived', identity, 10_000_000, 0);
    cache.set('expiring', identity, 1_000, 0);
    expect(cache.get('long-lived', 599_999)).toBe(identity);
    expect(cache.get('long-lived', 600_000)).toBeUndefined();
    expect(cache.get('expiring', 999)).toBe(identity);
    expect(cache.get('expiring', 1_000)).toBeUndefined();
    expect(cache.get('unknown', 0)).toBeUndefined();
  });
});
