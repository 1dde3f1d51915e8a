/**
 * The service's CAs on disk (ref/service.md §6.1), as upstream's production layout has them:
 *
 *   root `ca.crt` (service.certStore) ── server certificates of the user and agent endpoints
 *                                    └─ `client-signer.crt` (ca.internalConfig) ── every client certificate
 *
 * and `ca-bundle.crt`, every CA that agents and the agent endpoint trust. The client-signer is an
 * intermediate rather than the root itself (upstream's single-CA internal default) so that the root
 * key, which CLI users already trust through `ca.crt`, only ever signs servers and one intermediate,
 * and an operator can later swap the client-signer without re-issuing server certificates. Files an
 * operator put there are used as they are; only missing ones are generated.
 */
import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { CaConfig } from '../config/config-schema.js';
import { CERTIFICATE_MODE, readOptionalFile, writeFileAtomically } from './cert-files.js';
import { CertificateAuthority } from './certificate-authority.js';
import { fileSerialNumbers, randomSerialNumbers } from './serial-numbers.js';

export interface CaLayout {
  /** Signs the server certificates and the client-signer. */
  root: CertificateAuthority;
  /** Signs every certificate the signers issue. */
  clientSigner: CertificateAuthority;
  bundlePem: string;
  bundlePath: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function certificatesIn(pem: string): NodeX509Certificate[] {
  return (pem.match(PEM_CERTIFICATE) ?? []).map((block) => new NodeX509Certificate(block));
}

async function loadOrWriteBundle(bundlePath: string, required: CertificateAuthority[]): Promise<string> {
  const existing = await readOptionalFile(bundlePath);
  if (existing === undefined) {
    const unique = [...new Map(required.map((ca) => [ca.certPem.trim(), ca])).keys()];
    const pem = `${unique.join('\n')}\n`;
    await writeFileAtomically(bundlePath, pem, CERTIFICATE_MODE);
    return pem;
  }
  const trusted = certificatesIn(existing);
  for (const ca of required) {
    const raw = new NodeX509Certificate(ca.certPem).raw;
    if (!trusted.some((cert) => cert.raw.equals(raw)))
      throw new Error(
        `CA bundle ${bundlePath} does not contain ${ca.certPath}: add it, or remove the bundle to have it generated`,
      );
  }
  return existing;
}

/**
 * Loads the layout, generating what is missing. `certStore` is service.certStore (the root and
 * server certificates); the client-signer files are under ca.internalConfig.certStore, which
 * defaults to the same directory.
 */
export async function loadCaLayout(certStore: string, internal: CaConfig['internalConfig']): Promise<CaLayout> {
  const store = internal.certStore ? path.resolve(internal.certStore.replace(/^~(?=$|\/)/, os.homedir())) : certStore;
  const serials = internal.serialFile
    ? fileSerialNumbers(path.resolve(store, internal.serialFile))
    : randomSerialNumbers;
  const root = await CertificateAuthority.loadOrCreate(certStore, serials);
  const clientSigner = await CertificateAuthority.loadOrCreateFiles(
    { certPath: path.resolve(store, internal.certFile), keyPath: path.resolve(store, internal.keyFile) },
    { commonName: internal.signerCertName, validityDays: internal.certValidityDays, issuer: root },
    serials,
  );
  const bundlePath = path.resolve(store, internal.caBundleFile);
  const bundlePem = await loadOrWriteBundle(bundlePath, [root, clientSigner]);
  return { root, clientSigner, bundlePem, bundlePath };
}
