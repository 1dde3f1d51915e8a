/**
 * `flightctl.io/device-enrollment`: a device's management certificate, signed when a user approves
 * its EnrollmentRequest. The CN must name the device the request is for (ref/service.md §6.2, §6.4).
 */
import { SigningError } from '../certificate-request.js';
import { deviceCommonName, fingerprintOf } from './common-names.js';
import { cappedValidity, type ParsedSignRequest, type Signer, type SignerSettings } from './signer.js';

function requestedCommonName(settings: SignerSettings, request: ParsedSignRequest): string {
  const supplied = deviceCommonName(settings, request.csr.commonName);
  const desired = deviceCommonName(settings, request.resourceName);
  if (supplied !== desired)
    throw new SigningError(
      `attempt to supply a fake CN, possible identity theft, csr: ${supplied}, metadata ${desired}`,
    );
  return desired;
}

export function deviceManagementSigner(settings: SignerSettings): Signer {
  const { names } = settings;
  return {
    name: names.deviceManagement,
    restrictedPrefix: settings.deviceCommonNamePrefix,
    organizationExtension: true,
    verify(request) {
      // Without a client certificate the caller is a user, who (as upstream) learns of a CN that does
      // not name the device when approving. An agent enrolling must present an enrollment
      // certificate and ask for exactly the name it enrolls under.
      if (!request.peer) return;
      if (request.peer.signerName !== names.enrollment)
        throw new SigningError(
          `unexpected client certificate signer: expected "${names.enrollment}", got "${request.peer.signerName}"`,
        );
      requestedCommonName(settings, request);
    },
    async sign(request, issue) {
      const commonName = requestedCommonName(settings, request);
      return issue(request, {
        commonName,
        validitySeconds: cappedValidity(request, settings.managementValiditySeconds),
        usage: 'client',
        fields: { fingerprint: fingerprintOf(settings, commonName) },
      });
    },
  };
}
