/**
 * `flightctl.io/server-svc`: server certificates for Flight Control's own services (`svc-<name>`),
 * asked for by users; approving one needs a super-admin (ref/service.md §6.2).
 */
import { SigningError } from '../certificate-request.js';
import { cappedValidity, type ParsedSignRequest, type Signer, type SignerSettings } from './signer.js';

const SERVICE_PREFIX = 'svc-';

function checkRequest(request: ParsedSignRequest): void {
  if (request.peer) throw new SigningError('server csr is not allowed with peer certificate');
  const { commonName } = request.csr;
  if (!commonName.startsWith(SERVICE_PREFIX))
    throw new SigningError(`CSR CommonName "${commonName}" must start with prefix "${SERVICE_PREFIX}"`);
  if (commonName === SERVICE_PREFIX)
    throw new SigningError(
      `CSR CommonName "${commonName}" must include a service name after prefix "${SERVICE_PREFIX}"`,
    );
}

export function serverSvcSigner(settings: SignerSettings): Signer {
  return {
    name: settings.names.serverSvc,
    organizationExtension: false,
    verify: checkRequest,
    async sign(request, issue) {
      checkRequest(request);
      return issue(request, {
        commonName: request.csr.commonName,
        validitySeconds: cappedValidity(request, settings.serverSvcValiditySeconds),
        usage: 'server',
        fields: {},
      });
    },
  };
}
