/**
 * Checking and signing CertificateSigningRequests (ref/service.md §6.3), shared by their writes,
 * their approval and the agent API: the signer is resolved among the configured ones and checked, an
 * approved request without a certificate is signed, and a signing failure is recorded on the request
 * instead of failing the write.
 */
import {
  ApiError,
  CSR_REASON,
  CONDITION_TYPE,
  SIGNER_ENROLLMENT_SHORTHAND,
  badRequest,
  formatProblems,
  type CertificateSigningRequest,
  type CertificateSigningRequestStatus,
} from '@flightctl/api';
import { SigningError, type CertificateServices, type SignRequest } from '../crypto/certificate-services.js';
import { callerCertificate } from './certificate-caller.js';
import { isConditionTrue, removeCondition, setCondition } from './conditions.js';
import type { RequestContext } from './request-context.js';

export const MSG_AUTO_APPROVED_ENROLLMENT = 'Auto-approved by enrollment signer';
export const MSG_AUTO_APPROVED_DEVICE = 'Auto-approved: requested by the device it is for';

/**
 * The request's signer as configured: the `enrollment` shorthand names the enrollment signer, and a
 * name the configuration does not give (a default name the operator changed, say) is a 400 on the field.
 */
export function resolveSigner(certificates: CertificateServices, csr: CertificateSigningRequest): void {
  const { signerNames } = certificates;
  if (csr.spec.signerName === SIGNER_ENROLLMENT_SHORTHAND) csr.spec.signerName = signerNames.enrollment;
  const configured: string[] = Object.values(signerNames);
  if (configured.includes(csr.spec.signerName)) return;
  const message = `unknown signer "${csr.spec.signerName}"; must be one of ${[...configured, SIGNER_ENROLLMENT_SHORTHAND].join(', ')}`;
  throw new ApiError(400, formatProblems([{ path: 'spec.signerName', message }]));
}

/** Management certificates come only from EnrollmentRequest approval. */
export function refuseManagementSigner(certificates: CertificateServices, csr: CertificateSigningRequest): void {
  const name = csr.spec.signerName;
  if (name === certificates.signerNames.deviceManagement)
    throw badRequest(
      `signer name "${name}" is not allowed in CertificateSigningRequest service; use the EnrollmentRequest API instead`,
    );
}

/** A SigningError (the caller may not have this signed) as 400; anything else is the service's fault. */
export async function asBadRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SigningError) throw badRequest(err.message);
    throw err;
  }
}

function signRequest(ctx: RequestContext, csr: CertificateSigningRequest): SignRequest {
  return {
    signerName: csr.spec.signerName,
    request: csr.spec.request,
    resourceName: csr.metadata.name!,
    expirationSeconds: csr.spec.expirationSeconds,
    orgId: ctx.orgId,
    peer: callerCertificate(ctx),
  };
}

/** Throws 400 unless the request's signer accepts it from this caller. */
export function verifyCsr(certificates: CertificateServices, ctx: RequestContext, csr: CertificateSigningRequest) {
  return asBadRequest(() => certificates.verify(signRequest(ctx, csr)));
}

const statusOf = (csr: CertificateSigningRequest): CertificateSigningRequestStatus =>
  (csr.status ??= { conditions: [] });

/** Approves the request unless a decision was already taken. */
export function approveAutomatically(csr: CertificateSigningRequest, message: string): void {
  const status = statusOf(csr);
  const decided = [CONDITION_TYPE.Approved, CONDITION_TYPE.Denied].some((t) => isConditionTrue(status.conditions, t));
  if (decided) return;
  const approved = setCondition(status.conditions, {
    type: CONDITION_TYPE.Approved,
    status: 'True',
    reason: CSR_REASON.Approved,
    message,
  });
  status.conditions = removeCondition(approved, CONDITION_TYPE.Failed);
}

/** Issues the certificate of an approved request that has none; a failure marks it Failed. */
export async function signIfApproved(
  certificates: CertificateServices,
  ctx: RequestContext,
  csr: CertificateSigningRequest,
): Promise<void> {
  const status = statusOf(csr);
  if (!isConditionTrue(status.conditions, CONDITION_TYPE.Approved) || status.certificate) return;
  try {
    const pem = await certificates.sign(signRequest(ctx, csr));
    status.certificate = Buffer.from(pem).toString('base64');
  } catch (err) {
    status.conditions = setCondition(status.conditions, {
      type: CONDITION_TYPE.Failed,
      status: 'True',
      reason: CSR_REASON.SigningFailed,
      message: `Failed to sign certificate: ${(err as Error).message}`,
    });
  }
}
