/**
 * `flightctl.io/device-svc-client`: client certificates for services running on a device, asked for
 * by its agent. The CN ends with `-<fingerprint>` of the asking device (ref/service.md §6.2).
 */
import { SigningError } from '../certificate-request.js';
import { fingerprintOf } from './common-names.js';
import { requireDevicePeer } from './device-management-renewal-signer.js';
import { cappedValidity, type Signer, type SignerSettings } from './signer.js';

export function deviceSvcClientSigner(settings: SignerSettings): Signer {
  return {
    name: settings.names.deviceSvcClient,
    organizationExtension: false,
    verify(request) {
      const fingerprint = fingerprintOf(settings, requireDevicePeer(settings, request.peer).commonName);
      if (!request.csr.commonName.endsWith(`-${fingerprint}`))
        throw new SigningError(
          `CSR CommonName "${request.csr.commonName}" does not end with device fingerprint suffix -${fingerprint}`,
        );
    },
    async sign(request, issue) {
      const { commonName } = request.csr;
      const hyphen = commonName.lastIndexOf('-');
      if (hyphen < 0) throw new SigningError(`invalid CN format: no hyphen found in "${commonName}"`);
      return issue(request, {
        commonName,
        validitySeconds: cappedValidity(request, settings.svcClientValiditySeconds),
        usage: 'client',
        fields: { fingerprint: commonName.slice(hyphen + 1) },
      });
    },
  };
}
