/**
 * `flightctl.io/device-management-renewal`: a device renewing its management certificate, over
 * mTLS with the certificate it renews; the new one names the same device (ref/service.md §6.2, §6.5).
 */
import { SigningError } from '../certificate-request.js';
import { deviceCommonName, fingerprintOf } from './common-names.js';
import { cappedValidity, type PeerCertificate, type Signer, type SignerSettings } from './signer.js';

/** Device services and renewals are asked for with a management certificate, first or renewed. */
export function requireDevicePeer(settings: SignerSettings, peer: PeerCertificate | undefined): PeerCertificate {
  const { names } = settings;
  if (!peer) throw new SigningError('this signer needs the client certificate of a device');
  if (peer.signerName !== names.deviceManagement && peer.signerName !== names.deviceManagementRenewal)
    throw new SigningError(
      `unexpected client certificate signer: expected "${names.deviceManagement}" or ` +
        `"${names.deviceManagementRenewal}", got "${peer.signerName}"`,
    );
  return peer;
}

export function deviceManagementRenewalSigner(settings: SignerSettings): Signer {
  return {
    name: settings.names.deviceManagementRenewal,
    restrictedPrefix: settings.deviceCommonNamePrefix,
    organizationExtension: true,
    verify(request) {
      const peer = requireDevicePeer(settings, request.peer);
      const supplied = deviceCommonName(settings, request.csr.commonName);
      const current = deviceCommonName(settings, peer.commonName);
      if (supplied !== current) throw new SigningError(`csr CN mismatch: csr="${supplied}" peer="${current}"`);
    },
    async sign(request, issue) {
      const commonName = deviceCommonName(settings, request.csr.commonName);
      return issue(request, {
        commonName,
        validitySeconds: cappedValidity(request, settings.managementValiditySeconds),
        usage: 'client',
        fields: { fingerprint: fingerprintOf(settings, commonName) },
      });
    },
  };
}
