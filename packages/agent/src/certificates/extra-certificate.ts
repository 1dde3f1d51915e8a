/**
 * One certificate of certs.yaml: a fresh software key per issuance, the certificate written 0644 and the
 * key 0600 in directories created 0700, renewed at 2/3 of its lifetime unless the entry says otherwise.
 */
import path from 'node:path';
import type { RootDir } from '../os/root-dir.js';
import { certificateInfo, renewalTime } from './certificate-info.js';
import type { IssuanceTarget } from './certificate-issuance.js';
import { certificateMatchesKey, createCertificateRequestPem, generateKeyPem } from './certificate-request.js';
import type { ExtraCertificateConfig } from './extra-certificate-configs.js';

const CERT_FILE_MODE = 0o644;
const KEY_FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;
/** Renew with a third of the lifetime left when the entry sets no policy. */
const DEFAULT_RENEW_BEFORE_PERCENT = 100 / 3;

/** Whether the stored pair is a usable certificate for this entry, and when it needs renewing. */
async function storedRenewalTime(root: RootDir, config: ExtraCertificateConfig): Promise<Date | undefined> {
  const [certPem, keyPem] = await Promise.all([root.readFile(config.certPath), root.readFile(config.keyPath)]);
  if (certPem === undefined || keyPem === undefined) return undefined;
  try {
    const cert = certificateInfo(certPem);
    // A changed common name, or a key that is not the certificate's, means the pair must be replaced.
    if (cert.commonName !== config.commonName || !certificateMatchesKey(certPem, keyPem)) return undefined;
    const hasPolicy = config.renewBeforeMs !== undefined || config.renewBeforePercent !== undefined;
    return renewalTime(cert, hasPolicy ? config : { renewBeforePercent: DEFAULT_RENEW_BEFORE_PERCENT });
  } catch {
    return undefined;
  }
}

export function extraCertificate(root: RootDir, config: ExtraCertificateConfig): IssuanceTarget {
  return {
    label: config.name,
    async due(now) {
      const renewAt = await storedRenewalTime(root, config);
      return renewAt === undefined || now >= renewAt;
    },
    async prepare() {
      const keyPem = await generateKeyPem();
      return {
        keyPem,
        submission: {
          namePrefix: config.commonName,
          requestPem: await createCertificateRequestPem(keyPem, config.commonName),
          signerName: config.signerName,
          usages: [...new Set(['clientAuth', 'CA:false', ...config.usages])],
          expirationSeconds: config.expirationSeconds,
        },
      };
    },
    async install(certPem, keyPem) {
      for (const file of [config.keyPath, config.certPath]) await root.mkdir(path.posix.dirname(file), DIRECTORY_MODE);
      // The key first: a certificate on disk is always for the key next to it, or is replaced next sync.
      await root.writeFileAtomic(config.keyPath, keyPem, KEY_FILE_MODE);
      await root.writeFileAtomic(config.certPath, certPem, CERT_FILE_MODE);
    },
  };
}
