/**
 * EnrollmentRequest (api.md §4.7, §12): a device asking to join, carrying its CSR and first status;
 * the approval body and what is recorded of it; the EnrollmentConfig handed to agents; and the
 * rules the server applies beyond the schema.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { ApiVersion, Condition, DateTime, ListOf, ObjectMeta, StringMap } from '../common/meta.js';
import { csrProblem } from './csr-format.js';
import { DeviceStatus, OsModeType, OsModeTypes } from './device-status.js';
import { validateLabelMap, validateMetadata } from './metadata-validation.js';

export const EnrollmentRequestSpec = Type.Object(
  {
    csr: Type.String({ description: 'PEM PKCS#10 request, or a TCG CSR from a TPM (possibly base64).' }),
    deviceStatus: Type.Optional(DeviceStatus),
    labels: Type.Optional(StringMap),
    knownRenderedVersion: Type.Optional(
      Type.String({ description: "The device's last rendered version, for reconciliation after a restore." }),
    ),
    osMode: Type.Optional(OsModeType),
  },
  { additionalProperties: false, title: 'EnrollmentRequestSpec' },
);
export type EnrollmentRequestSpec = Static<typeof EnrollmentRequestSpec>;

const approvalFields = {
  approved: Type.Boolean(),
  labels: Type.Optional(StringMap),
  replaceLabels: Type.Optional(
    Type.Boolean({ default: false, description: "Use labels as the device's complete set instead of merging." }),
  ),
};

export const EnrollmentRequestApproval = Type.Object(approvalFields, {
  additionalProperties: false,
  title: 'EnrollmentRequestApproval',
});
export type EnrollmentRequestApproval = Static<typeof EnrollmentRequestApproval>;

/** Upstream composes this with allOf; flattened here because allOf cannot be closed. */
export const EnrollmentRequestApprovalStatus = Type.Object(
  { ...approvalFields, approvedBy: Type.String(), approvedAt: DateTime },
  { additionalProperties: false, title: 'EnrollmentRequestApprovalStatus' },
);
export type EnrollmentRequestApprovalStatus = Static<typeof EnrollmentRequestApprovalStatus>;

export const EnrollmentRequestStatus = Type.Object(
  {
    certificate: Type.Optional(Type.String({ description: 'PEM management certificate, once approved.' })),
    conditions: Type.Array(Condition),
    approval: Type.Optional(EnrollmentRequestApprovalStatus),
  },
  { additionalProperties: false, readOnly: true, title: 'EnrollmentRequestStatus' },
);
export type EnrollmentRequestStatus = Static<typeof EnrollmentRequestStatus>;

export const EnrollmentRequest = Type.Object(
  {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: EnrollmentRequestSpec,
    status: Type.Optional(EnrollmentRequestStatus),
  },
  { additionalProperties: false, title: 'EnrollmentRequest' },
);
export type EnrollmentRequest = Static<typeof EnrollmentRequest>;

export const EnrollmentRequestList = ListOf(EnrollmentRequest, 'EnrollmentRequestList');
export type EnrollmentRequestList = Static<typeof EnrollmentRequestList>;

export const EnrollmentServiceAuth = Type.Object(
  {
    'client-certificate-data': Type.String({ description: 'Base64 PEM enrollment certificate.' }),
    'client-key-data': Type.String({ description: 'Always empty: the key never leaves its owner.' }),
  },
  { additionalProperties: false, title: 'EnrollmentServiceAuth' },
);

export const EnrollmentServiceService = Type.Object(
  {
    'certificate-authority-data': Type.String({ description: 'Base64 PEM CA bundle.' }),
    server: Type.String({ description: 'Agent endpoint URL, e.g. https://agent.example.com:7443.' }),
  },
  { additionalProperties: false, title: 'EnrollmentServiceService' },
);

export const EnrollmentService = Type.Object(
  {
    authentication: EnrollmentServiceAuth,
    service: EnrollmentServiceService,
    'enrollment-ui-endpoint': Type.String(),
  },
  { additionalProperties: false, title: 'EnrollmentService' },
);

export const EnrollmentConfig = Type.Object(
  { 'enrollment-service': EnrollmentService },
  { additionalProperties: false, title: 'EnrollmentConfig' },
);
export type EnrollmentConfig = Static<typeof EnrollmentConfig>;

/** Rules beyond the schema (api.md §4.7, §10); TPM verification and CN checks need crypto and are the service's. */
export function validateEnrollmentRequest(er: EnrollmentRequest): FieldError[] {
  const { spec } = er;
  const errors = [...validateMetadata(er.metadata), ...validateLabelMap(spec.labels, 'spec.labels')];
  const problem = csrProblem(new TextEncoder().encode(spec.csr));
  if (problem) errors.push({ path: 'spec.csr', message: problem });
  if (spec.osMode !== undefined && !OsModeTypes.includes(spec.osMode))
    errors.push({ path: 'spec.osMode', message: `must be one of ${OsModeTypes.join(', ')}` });
  return errors;
}

export function validateEnrollmentRequestApproval(approval: EnrollmentRequestApproval): FieldError[] {
  return validateLabelMap(approval.labels, 'labels');
}
