/**
 * The device's management certificate (§9.3, bundle `device-management`): renewed with the device's own
 * identity key, through the renewal signer, once only 75 % of its lifetime is left. The CSR's common
 * name is the device name, whose fingerprint the service checks against the calling certificate's.
 */
import type { SIGNER_DEVICE_MANAGEMENT_RENEWAL } from '@flightctl/api';
import type { RootDir } from '../os/root-dir.js';
import { certificateInfo, renewalTime } from './certificate-info.js';
import type { CertificateLogger, IssuanceTarget } from './certificate-issuance.js';
import { createCertificateRequestPem } from './certificate-request.js';

/** Renew once no more than this share of the certificate's lifetime is left. */
export const MANAGEMENT_RENEW_BEFORE_PERCENT = 75;
const CERT_FILE_MODE = 0o600;

/** The renewal policy, overridable by upstream's test variables (seconds, or percent of the lifetime). */
function managementRenewalPolicy(): {
  renewBeforeMs?: number;
  renewBeforePercent?: number;
} {
  const seconds = Number(process.env.FLIGHTCTL_TEST_MGMT_CERT_RENEW_BEFORE_SECONDS);
  const percent = Number(process.env.FLIGHTCTL_TEST_MGMT_CERT_RENEW_BEFORE_PERCENT);
  const policy = {
    ...(Number.isInteger(seconds) && seconds > 0 ? { renewBeforeMs: seconds * 1000 } : {}),
    ...(Number.isInteger(percent) && percent > 0 && percent < 100 ? { renewBeforePercent: percent } : {}),
  };
  return Object.keys(policy).length > 0 ? policy : { renewBeforePercent: MANAGEMENT_RENEW_BEFORE_PERCENT };
}

export interface ManagementCertificateOptions {
  root: RootDir;
  certPath: string;
  keyPath: string;
  deviceName: string;
  onRenewed(certPem: string, keyPem: string): void | Promise<void>;
  logger: CertificateLogger;
}

export function managementCertificate(options: ManagementCertificateOptions): IssuanceTarget {
  const policy = managementRenewalPolicy();
  return {
    label: 'device-management',
    async due(now) {
      const certPem = await options.root.readFile(options.certPath);
      // Before enrollment there is nothing to renew; enrollment itself issues the first certificate.
      if (certPem === undefined) return false;
      const cert = certificateInfo(certPem);
      const renewAt = renewalTime(cert, policy);
      if (now < renewAt) return false;
      options.logger.info({ notAfter: cert.notAfter, renewAt }, 'management certificate due for renewal');
      return true;
    },
    async prepare() {
      const keyPem = await options.root.readFile(options.keyPath);
      if (keyPem === undefined) throw new Error(`device key ${options.keyPath} is missing`);
      return {
        keyPem,
        submission: {
          namePrefix: options.deviceName,
          requestPem: await createCertificateRequestPem(keyPem, options.deviceName),
          // The API's constant as a literal the compiler checks: its module would bring TypeBox in.
          signerName: 'flightctl.io/device-management-renewal' satisfies typeof SIGNER_DEVICE_MANAGEMENT_RENEWAL,
          usages: ['clientAuth', 'CA:false'],
        },
      };
    },
    async install(certPem, keyPem) {
      await options.root.writeFileAtomic(options.certPath, certPem, CERT_FILE_MODE);
      await options.onRenewed(certPem, keyPem);
    },
  };
}
