/**
 * The agent API's enrollment and certificate routes (ref/api.md §2.4, ref/service.md §6.3–6.4, §6.7),
 * as a plugin for the mTLS listener:
 *
 *   POST /api/v1/enrollmentrequests            enrollment certificate; org from the certificate
 *   GET  /api/v1/enrollmentrequests/{name}     enrollment certificate; polled until approved
 *   POST /api/v1/certificatesigningrequests    device certificate; owned by the device, renewal and
 *                                              device-service requests approved and signed at once
 *   GET  /api/v1/certificatesigningrequests/{name}  device certificate; only the device's own
 *
 * The listener's authentication hook sets `request.agentIdentity` from the verified client
 * certificate; a request without one, or with the wrong kind, gets 401. Its errors become `Status`
 * bodies through the listener's error handler.
 *
 * deps: `store` (the Store), `certificates` (CertificateServices: signer names and signing).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, CONDITION_TYPE, notFound, type CertificateSigningRequest } from '@flightctl/api';
import type { CertificateServices, PeerCertificate } from '../../crypto/certificate-services.js';
import { withCallerCertificate } from '../../resources/certificate-caller.js';
import { certificateSigningRequestKind } from '../../resources/certificate-signing-requests.js';
import { findCondition } from '../../resources/conditions.js';
import { enrollmentRequestKind } from '../../resources/enrollment-requests.js';
import type { RequestContext } from '../../resources/request-context.js';
import { ResourceService } from '../../resources/resource-service.js';
import type { Store } from '../../store/index.js';
import type { AgentIdentity } from '../agent-identity.js';
import type { NameParams } from './route-context.js';

export interface AgentEnrollmentDeps {
  store: Store;
  certificates: CertificateServices;
}

type IdentityOf<K extends AgentIdentity['kind']> = Extract<AgentIdentity, { kind: K }>;

function identity<K extends AgentIdentity['kind']>(request: FastifyRequest, kind: K): IdentityOf<K> {
  const caller = request.agentIdentity;
  if (caller?.kind !== kind) throw new ApiError(401, `unauthorized: this request needs a ${kind} client certificate`);
  return caller as IdentityOf<K>;
}

/** Agents act in the organization of their certificate; their events name no user. */
const agentContext = (request: FastifyRequest, orgId: string): RequestContext => ({
  orgId,
  actor: '',
  requestId: request.id,
});

export function registerAgentEnrollmentRoutes(app: FastifyInstance, deps: AgentEnrollmentDeps): void {
  const { store, certificates } = deps;
  const enrollmentRequests = new ResourceService(enrollmentRequestKind(certificates), store);
  const csrs = new ResourceService(certificateSigningRequestKind(certificates), store);

  const enrollmentCaller = (request: FastifyRequest): RequestContext => {
    const caller = identity(request, 'enrollment');
    const peer: PeerCertificate = { signerName: certificates.signerNames.enrollment, commonName: caller.commonName };
    return withCallerCertificate(agentContext(request, caller.orgId), peer);
  };

  app.post('/api/v1/enrollmentrequests', async (req, reply) =>
    reply.code(201).send(await enrollmentRequests.create(enrollmentCaller(req), req.body)),
  );
  app.get<{ Params: NameParams }>('/api/v1/enrollmentrequests/:name', async (req) =>
    enrollmentRequests.get(enrollmentCaller(req), req.params.name),
  );

  app.post('/api/v1/certificatesigningrequests', async (req, reply) => {
    const caller = identity(req, 'device');
    const ctx = agentContext(req, caller.orgId);
    const device = await store.devices.get(ctx.orgId, caller.fingerprint);
    if (!device) throw new ApiError(401, `unauthorized: device "${caller.fingerprint}" is not enrolled`);
    if (findCondition(device.status?.conditions, CONDITION_TYPE.DeviceDecommissioning))
      throw new ApiError(401, `unauthorized: device "${caller.fingerprint}" is decommissioning`);
    const peer: PeerCertificate = { signerName: caller.signerName, commonName: caller.commonName };
    const owned = withCallerCertificate(ctx, peer, `Device/${caller.fingerprint}`);
    return reply.code(201).send(await csrs.create(owned, req.body));
  });

  app.get<{ Params: NameParams }>('/api/v1/certificatesigningrequests/:name', async (req) => {
    const caller = identity(req, 'device');
    const { name } = req.params;
    const csr: CertificateSigningRequest | undefined = await store.certificateSigningRequests.get(caller.orgId, name);
    if (!csr) throw notFound('CertificateSigningRequest', name);
    if (csr.metadata.owner !== `Device/${caller.fingerprint}`)
      throw new ApiError(401, `unauthorized: CertificateSigningRequest "${name}" does not belong to this device`);
    return csr;
  });
}
