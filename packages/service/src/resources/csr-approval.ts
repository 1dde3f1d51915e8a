/**
 * `PUT /api/v1/certificatesigningrequests/{name}/approval` (ref/service.md §6.3, api.md §4.8): the
 * body is a whole CertificateSigningRequest of which only `status.conditions` is taken. A decision
 * cannot be revisited once denied or issued; an approval issues the certificate at once.
 */
import {
  ApiError,
  CONDITION_TYPE,
  CertificateSigningRequest,
  MSG_NAME_MISMATCH,
  assertValid,
  badRequest,
  validateCertificateSigningRequest,
  type Condition,
} from '@flightctl/api';
import type { CertificateServices } from '../crypto/certificate-services.js';
import type { Store } from '../store/index.js';
import { isConditionTrue, withTransitionTimes } from './conditions.js';
import { refuseManagementSigner, resolveSigner, signIfApproved } from './csr-signing.js';
import type { RequestContext } from './request-context.js';
import { isSuperAdmin } from './super-admin.js';

const ALLOWED = [CONDITION_TYPE.Approved, CONDITION_TYPE.Denied, CONDITION_TYPE.Failed, CONDITION_TYPE.TPMVerified];
/** TPMVerified may be written False (a user accepting a device without TPM proof); the others only True. */
const TRUE_ONLY = [CONDITION_TYPE.Approved, CONDITION_TYPE.Denied, CONDITION_TYPE.Failed];
const EXCLUSIVE = [CONDITION_TYPE.Approved, CONDITION_TYPE.Denied];

/** Upstream's ValidateConditions, with its messages. */
function conditionProblems(conditions: readonly Condition[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of conditions) {
    if (!(ALLOWED as string[]).includes(c.type)) problems.push(`not allowed condition type "${c.type}"`);
    if ((TRUE_ONLY as string[]).includes(c.type) && c.status !== 'True')
      problems.push(`condition "${c.type}" may only be set to 'true'`);
    if (seen.has(c.type)) problems.push(`duplicate condition type "${c.type}"`);
    seen.add(c.type);
  }
  if (EXCLUSIVE.filter((t) => seen.has(t)).length > 1) problems.push(`only one of [${EXCLUSIVE.join(' ')}] may be set`);
  return problems;
}

export class CsrApproval {
  constructor(
    private readonly store: Store,
    private readonly certificates: CertificateServices,
  ) {}

  async update(ctx: RequestContext, name: string, body: unknown): Promise<CertificateSigningRequest> {
    assertValid<CertificateSigningRequest>(CertificateSigningRequest, body, validateCertificateSigningRequest);
    resolveSigner(this.certificates, body);
    refuseManagementSigner(this.certificates, body);
    if (body.metadata.name !== name) throw badRequest(MSG_NAME_MISMATCH);
    if (!body.status) throw badRequest('status is required');
    const problems = conditionProblems(body.status.conditions);
    if (problems.length > 0) throw badRequest(problems.join('; '));
    const written = body.status.conditions;

    const { after } = await this.store.certificateSigningRequests.update(ctx.orgId, name, async (current) => {
      const status = current.status ?? { conditions: [] };
      if (isConditionTrue(status.conditions, CONDITION_TYPE.Denied))
        throw new ApiError(409, 'The request has already been denied');
      if (isConditionTrue(status.conditions, CONDITION_TYPE.Approved) && status.certificate)
        throw new ApiError(409, 'The request has already been approved and the certificate issued');
      if (current.spec.signerName === this.certificates.signerNames.serverSvc && !isSuperAdmin(ctx))
        throw new ApiError(403, 'approving server certificate requests requires the super-admin role');
      current.status = { ...status, conditions: withTransitionTimes(written, status.conditions) };
      await signIfApproved(this.certificates, ctx, current);
      return current;
    });
    return after;
  }
}
