/**
 * CertificateSigningRequests (ref/service.md §6.3): every write is checked with its signer; the
 * enrollment signer's requests, and renewal and device-service requests of a device on the agent
 * API, are approved and signed in the same write. Owned requests keep their spec.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  ApiError,
  CertificateSigningRequest,
  FIELD_CATALOGS,
  MSG_UPDATE_WITH_OWNER,
  validateCertificateSigningRequest,
} from '@flightctl/api';
import type { CertificateServices } from '../crypto/certificate-services.js';
import { certificateSigningRequests } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import { callerOwner } from './certificate-caller.js';
import {
  MSG_AUTO_APPROVED_DEVICE,
  MSG_AUTO_APPROVED_ENROLLMENT,
  approveAutomatically,
  refuseManagementSigner,
  resolveSigner,
  signIfApproved,
  verifyCsr,
} from './csr-signing.js';
import type { HookContext, ResourceKind } from './resource-kind.js';

export function certificateSigningRequestKind(
  certificates: CertificateServices,
): ResourceKind<CertificateSigningRequest> {
  const { signerNames } = certificates;
  const deviceSigners = new Set([signerNames.deviceManagementRenewal, signerNames.deviceSvcClient]);

  /** Checks the request, then approves and signs what needs no one's decision. */
  async function checkAndSign({ ctx }: HookContext, csr: CertificateSigningRequest): Promise<void> {
    resolveSigner(certificates, csr);
    refuseManagementSigner(certificates, csr);
    await verifyCsr(certificates, ctx, csr);
    const signer = csr.spec.signerName;
    if (signer === signerNames.enrollment) approveAutomatically(csr, MSG_AUTO_APPROVED_ENROLLMENT);
    else if (callerOwner(ctx) && deviceSigners.has(signer)) approveAutomatically(csr, MSG_AUTO_APPROVED_DEVICE);
    await signIfApproved(certificates, ctx, csr);
  }

  return {
    kind: 'CertificateSigningRequest',
    listKind: 'CertificateSigningRequestList',
    plural: 'certificatesigningrequests',
    schema: CertificateSigningRequest,
    validate: validateCertificateSigningRequest,
    store: (s) => s.certificateSigningRequests.withType<CertificateSigningRequest>(),
    initialStatus: () => ({ conditions: [] }),
    catalog: FIELD_CATALOGS.CertificateSigningRequest,
    columns: SELECTABLE_COLUMNS.CertificateSigningRequest,
    labels: certificateSigningRequests.labels,
    async beforeCreate(h, csr) {
      const owner = callerOwner(h.ctx);
      if (owner) csr.metadata.owner = owner;
      await checkAndSign(h, csr);
    },
    async beforeUpdate(h, current, next) {
      resolveSigner(certificates, next);
      if (current.metadata.owner && !isDeepStrictEqual(current.spec, next.spec))
        throw new ApiError(409, MSG_UPDATE_WITH_OWNER);
      await checkAndSign(h, next);
    },
  };
}
