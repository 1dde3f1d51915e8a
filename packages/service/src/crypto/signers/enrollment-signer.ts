/**
 * `flightctl.io/enrollment`: enrollment (bootstrap) certificates that operators bake into device
 * images. Users ask for them; a certificate this service issued may not (ref/service.md §6.2).
 */
import { SigningError } from '../certificate-request.js';
import { bootstrapCommonName } from './common-names.js';
import type { Signer, SignerSettings } from './signer.js';

export function enrollmentSigner(settings: SignerSettings): Signer {
  return {
    name: settings.names.enrollment,
    organizationExtension: true,
    verify(request) {
      if (request.peer)
        throw new SigningError(
          'enrollment certificates cannot be requested using client certificates issued by the system',
        );
    },
    async sign(request, issue) {
      // As upstream, a name that does not fit is found when signing: the request is stored, marked Failed.
      const commonName = bootstrapCommonName(settings, request.csr.commonName);
      if (commonName !== bootstrapCommonName(settings, request.resourceName))
        throw new SigningError(
          `common name "${request.csr.commonName}" does not match the request name "${request.resourceName}"`,
        );
      return issue(request, {
        commonName,
        validitySeconds: request.expirationSeconds ?? settings.enrollmentValiditySeconds,
        usage: 'client',
        fields: {},
      });
    },
  };
}
