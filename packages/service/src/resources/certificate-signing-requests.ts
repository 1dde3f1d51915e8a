/** CertificateSigningRequests: owned ones (agent renewals) keep their spec; device enrollment goes through EnrollmentRequests. */
import { isDeepStrictEqual } from 'node:util';
import {
  ApiError,
  CertificateSigningRequest,
  FIELD_CATALOGS,
  MSG_UPDATE_WITH_OWNER,
  SIGNER_DEVICE_ENROLLMENT,
  badRequest,
  validateCertificateSigningRequest,
} from '@flightctl/api';
import { certificateSigningRequests } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import type { ResourceKind } from './resource-kind.js';

export const certificateSigningRequestKind: ResourceKind<CertificateSigningRequest> = {
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
  beforeCreate(_h, csr) {
    if (csr.spec.signerName === SIGNER_DEVICE_ENROLLMENT)
      throw badRequest(
        `signer ${SIGNER_DEVICE_ENROLLMENT} is not allowed here: devices enroll with an EnrollmentRequest`,
      );
  },
  beforeUpdate(_h, current, next) {
    if (current.metadata.owner && !isDeepStrictEqual(current.spec, next.spec))
      throw new ApiError(409, MSG_UPDATE_WITH_OWNER);
  },
};
