/**
 * The user API's enrollment and certificate routes: EnrollmentRequests and CertificateSigningRequests
 * with their approval subresources, and /api/v1/enrollmentconfig (ref/api.md §2.1).
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config/config-schema.js';
import { parseDuration } from '../../config/duration.js';
import type { CertificateServices } from '../../crypto/certificate-services.js';
import { certificateSigningRequestKind } from '../../resources/certificate-signing-requests.js';
import { CsrApproval } from '../../resources/csr-approval.js';
import { EnrollmentApproval } from '../../resources/enrollment-approval.js';
import { enrollmentConfig } from '../../resources/enrollment-config.js';
import { enrollmentRequestKind } from '../../resources/enrollment-requests.js';
import { ResourceService } from '../../resources/resource-service.js';
import type { Store } from '../../store/index.js';
import { registerResourceRoutes } from './resource-routes.js';
import type { NameParams, Query, RouteDeps } from './route-context.js';

export interface EnrollmentRouteDeps extends RouteDeps {
  store: Store;
  certificates: CertificateServices;
  service: ServiceConfig;
}

export function registerEnrollmentRoutes(app: FastifyInstance, deps: EnrollmentRouteDeps): void {
  const { store, certificates } = deps;
  registerResourceRoutes(app, deps, new ResourceService(enrollmentRequestKind(certificates), store), {
    status: { patch: 'not-implemented' },
  });
  registerResourceRoutes(app, deps, new ResourceService(certificateSigningRequestKind(certificates), store));

  const enrollmentApproval = new EnrollmentApproval(
    store,
    certificates,
    parseDuration(deps.service.deviceDisconnectedTimeout),
  );
  app.put<{ Params: NameParams }>('/api/v1/enrollmentrequests/:name/approval', async (req) =>
    enrollmentApproval.approve(await deps.context(req), req.params.name, req.body),
  );
  const csrApproval = new CsrApproval(store, certificates);
  app.put<{ Params: NameParams }>('/api/v1/certificatesigningrequests/:name/approval', async (req) =>
    csrApproval.update(await deps.context(req), req.params.name, req.body),
  );
  app.get<{ Querystring: Query }>('/api/v1/enrollmentconfig', async (req) =>
    enrollmentConfig(deps, await deps.context(req), req.query),
  );
}
