import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertificateAuthority } from './certificate-authority.js';
import { flightctlExtensions, readFlightctlFields } from './certificate-extensions.js';
import { generateKeyPair } from './keys.js';

describe('Flight Control certificate extensions', () => {
  it('round-trips signer, organization and fingerprint through an issued certificate', async () => {
    const ca = await CertificateAuthority.loadOrCreate(mkdtempSync(path.join(tmpdir(), 'ext-')));
    const keys = await generateKeyPair();
    const fields = {
      signerName: 'flightctl.io/device-enrollment',
      orgId: '00000000-0000-0000-0000-000000000000',
      fingerprint: 'abc123',
    };
    const cert = await ca.issue({
      subject: 'CN=device:abc123',
      publicKey: keys.publicKey,
      validityDays: 1,
      extensions: flightctlExtensions(fields),
    });
    expect(readFlightctlFields(cert.toString('pem'))).toEqual(fields);
    expect(readFlightctlFields(Buffer.from(cert.rawData))).toEqual(fields);
  });

  it('reports absent fields as undefined', async () => {
    const ca = await CertificateAuthority.loadOrCreate(mkdtempSync(path.join(tmpdir(), 'ext-')));
    const keys = await generateKeyPair();
    const cert = await ca.issue({ subject: 'CN=x', publicKey: keys.publicKey, validityDays: 1, extensions: [] });
    expect(readFlightctlFields(cert)).toEqual({ signerName: undefined, orgId: undefined, fingerprint: undefined });
  });
});
