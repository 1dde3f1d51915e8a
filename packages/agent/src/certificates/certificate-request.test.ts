import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { x509 } from '../../test/x509.js';
import { certificateRequestCommonName, createCertificateRequestPem, generateKeyPem } from './certificate-request.js';

describe('certificate requests', () => {
  it('are PKCS#10 requests for the key, signed ECDSA with SHA-256, that X.509 libraries read', async () => {
    const keyPem = await generateKeyPem();
    const pem = await createCertificateRequestPem(keyPem, 'n95qjsoah4hm8fknigkbrhr5bk7m2popouimbr8p14323eke72cg');
    expect(pem).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE REQUEST-----\n$/,
    );
    const csr = new x509.Pkcs10CertificateRequest(pem);
    expect(csr.subject).toBe('CN=n95qjsoah4hm8fknigkbrhr5bk7m2popouimbr8p14323eke72cg');
    expect(csr.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(await csr.verify()).toBe(true);
    const spki = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
    expect(Buffer.from(csr.publicKey.rawData)).toEqual(spki);
  });

  it('keep any character of the common name', async () => {
    const pem = await createCertificateRequestPem(await generateKeyPem(), 'Gerät #1, "edge"');
    expect(new x509.Pkcs10CertificateRequest(pem).subjectName.getField('CN')).toEqual(['Gerät #1, "edge"']);
    expect(certificateRequestCommonName(pem)).toBe('Gerät #1, "edge"');
  });

  it('tell their common name, and nothing for what is not a request', async () => {
    const pem = await createCertificateRequestPem(await generateKeyPem(), 'device-1');
    expect(certificateRequestCommonName(pem)).toBe('device-1');
    expect(
      certificateRequestCommonName('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'),
    ).toBe(undefined);
    expect(certificateRequestCommonName('not a PEM')).toBeUndefined();
  });

  it('need a P-256 key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await expect(createCertificateRequestPem(rsaPem, 'device-1')).rejects.toThrow('ECDSA P-256');
  });
});
