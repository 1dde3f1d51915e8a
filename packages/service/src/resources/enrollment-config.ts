/**
 * `GET /api/v1/enrollmentconfig?csr=<name>` (ref/service.md §6.3): what an agent's config needs to
 * enroll with this service: the certificate issued for the named CSR (never its key, which only
 * its owner has), the CA bundle, and where the agent endpoint and the UI are.
 */
import { badRequest, notFound, validateDnsSubdomain, type EnrollmentConfig } from '@flightctl/api';
import type { ServiceConfig } from '../config/config-schema.js';
import type { CertificateServices } from '../crypto/certificate-services.js';
import type { Store } from '../store/index.js';
import type { Query } from './list-query.js';
import type { RequestContext } from './request-context.js';

export async function enrollmentConfig(
  deps: { store: Store; certificates: CertificateServices; service: ServiceConfig },
  ctx: RequestContext,
  query: Query,
): Promise<EnrollmentConfig> {
  let certificate = '';
  const name = query.csr;
  if (name !== undefined) {
    if (typeof name !== 'string') throw badRequest('csr: must be a single name');
    const problems = validateDnsSubdomain(name);
    if (problems.length > 0) throw badRequest(`csr: ${problems.join('; ')}`);
    const csr = await deps.store.certificateSigningRequests.get(ctx.orgId, name);
    if (!csr) throw notFound('CertificateSigningRequest', name);
    // Both carry base64 of the PEM.
    certificate = csr.status?.certificate ?? '';
  }
  return {
    'enrollment-service': {
      authentication: { 'client-certificate-data': certificate, 'client-key-data': '' },
      service: {
        'certificate-authority-data': Buffer.from(deps.certificates.caBundlePem).toString('base64'),
        server: deps.service.baseAgentEndpointUrl,
      },
      'enrollment-ui-endpoint': deps.service.baseUIUrl,
    },
  };
}
