/**
 * EnrollmentRequests (ref/api.md §4.7, §6.6, ref/service.md §6.4): a device's CSR, checked with the
 * management signer on every write (its CN must name the device); tied to the device of the same
 * name once approved.
 */
import {
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  ApiError,
  EnrollmentRequest,
  FIELD_CATALOGS,
  MSG_ALREADY_EXISTS,
  badRequest,
  validateEnrollmentRequest,
} from '@flightctl/api';
import type { CertificateServices, SignRequest } from '../crypto/certificate-services.js';
import { enrollmentRequests } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import { callerCertificate } from './certificate-caller.js';
import { asBadRequest } from './csr-signing.js';
import type { RequestContext } from './request-context.js';
import type { ResourceKind } from './resource-kind.js';

/** The request for the device's management certificate that an EnrollmentRequest carries. */
export function managementSignRequest(
  certificates: CertificateServices,
  ctx: RequestContext,
  er: EnrollmentRequest,
): SignRequest {
  return {
    signerName: certificates.signerNames.deviceManagement,
    request: er.spec.csr,
    resourceName: er.metadata.name!,
    issuedCertificate: er.status?.certificate || undefined,
    orgId: ctx.orgId,
    peer: callerCertificate(ctx),
  };
}

export function enrollmentRequestKind(certificates: CertificateServices): ResourceKind<EnrollmentRequest> {
  const verify = (ctx: RequestContext, er: EnrollmentRequest) =>
    asBadRequest(() => certificates.verify(managementSignRequest(certificates, ctx, er)));

  return {
    kind: 'EnrollmentRequest',
    listKind: 'EnrollmentRequestList',
    plural: 'enrollmentrequests',
    schema: EnrollmentRequest,
    validate: validateEnrollmentRequest,
    store: (s) => s.enrollmentRequests.withType<EnrollmentRequest>(),
    initialStatus: () => ({ conditions: [] }),
    catalog: FIELD_CATALOGS.EnrollmentRequest,
    columns: SELECTABLE_COLUMNS.EnrollmentRequest,
    labels: enrollmentRequests.labels,
    async beforeCreate({ ctx }, er) {
      // A device that knew a rendered version before (e.g. after a restore) must confirm its state first.
      const known = er.spec.knownRenderedVersion;
      if (known && known !== '0') er.metadata.annotations = { [DEVICE_ANNOTATION_AWAITING_RECONNECT]: 'true' };
      await verify(ctx, er);
    },
    async beforeUpdate({ ctx, tx }, current, next) {
      if (await tx.devices.get(ctx.orgId, current.metadata.name!)) throw badRequest(MSG_ALREADY_EXISTS);
      await verify(ctx, next);
    },
    async beforeDelete({ ctx, tx }, er) {
      const name = er.metadata.name!;
      if (await tx.devices.get(ctx.orgId, name)) throw new ApiError(409, `cannot delete ER "${name}": device exists`);
    },
  };
}
