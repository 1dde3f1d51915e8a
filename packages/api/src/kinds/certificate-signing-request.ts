/**
 * CertificateSigningRequest (api.md §4.8, service.md §6.2-6.3), modelled on Kubernetes
 * certificates/v1: the default signer names, the schema and the rules the server applies beyond it.
 * Operators may rename the signers (service.md §11.3), so which names exist is the service's to say.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { ApiVersion, Condition, ListOf, ObjectMeta } from '../common/meta.js';
import { decodeBase64 } from './base64.js';
import { csrProblem } from './csr-format.js';
import { validateMetadata } from './metadata-validation.js';

/** Client certificates for enrolling devices; auto-approved and signed on create. */
export const SIGNER_ENROLLMENT = 'flightctl.io/enrollment';
/** Device management certificates; only reachable through EnrollmentRequest approval. */
export const SIGNER_DEVICE_ENROLLMENT = 'flightctl.io/device-enrollment';
/** Renewal of a device's management certificate by its agent. */
export const SIGNER_DEVICE_MANAGEMENT_RENEWAL = 'flightctl.io/device-management-renewal';
/** Client certificates for services on a device; CN ends with the device fingerprint. */
export const SIGNER_DEVICE_SVC_CLIENT = 'flightctl.io/device-svc-client';
/** Server certificates for Flight Control services; approval needs a super-admin. */
export const SIGNER_SERVER_SVC = 'flightctl.io/server-svc';
/** Accepted in `spec.signerName` as shorthand for `flightctl.io/enrollment`. */
export const SIGNER_ENROLLMENT_SHORTHAND = 'enrollment';
/** The signer of early releases, now refused with its own message. */
const RETIRED_SIGNER = 'ca';

/** The signers' names unless the service configuration renames them. */
export const KNOWN_SIGNERS = [
  SIGNER_ENROLLMENT,
  SIGNER_DEVICE_ENROLLMENT,
  SIGNER_DEVICE_MANAGEMENT_RENEWAL,
  SIGNER_DEVICE_SVC_CLIENT,
  SIGNER_SERVER_SVC,
] as const;
export type SignerName = (typeof KNOWN_SIGNERS)[number];

/** Usages every request must list. */
export const REQUIRED_CSR_USAGES = ['clientAuth', 'CA:false'] as const;

/** The default signer name for `name`, resolving the `enrollment` shorthand; undefined if not a default. */
export function canonicalSignerName(name: string): SignerName | undefined {
  if (name === SIGNER_ENROLLMENT_SHORTHAND) return SIGNER_ENROLLMENT;
  return KNOWN_SIGNERS.find((s) => s === name);
}

export const CertificateSigningRequestSpec = Type.Object(
  {
    request: Type.String({ format: 'byte', description: 'Base64 of a PEM PKCS#10 CSR (or a TCG CSR).' }),
    signerName: Type.String({ minLength: 1 }),
    usages: Type.Optional(Type.Array(Type.String())),
    expirationSeconds: Type.Optional(Type.Integer({ format: 'int32' })),
    uid: Type.Optional(Type.String({ readOnly: true })),
    username: Type.Optional(Type.String({ readOnly: true })),
    extra: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()), { readOnly: true })),
  },
  { additionalProperties: false, title: 'CertificateSigningRequestSpec' },
);
export type CertificateSigningRequestSpec = Static<typeof CertificateSigningRequestSpec>;

export const CertificateSigningRequestStatus = Type.Object(
  {
    certificate: Type.Optional(Type.String({ format: 'byte', description: 'Base64 PEM; immutable once set.' })),
    conditions: Type.Array(Condition),
  },
  { additionalProperties: false, readOnly: true, title: 'CertificateSigningRequestStatus' },
);
export type CertificateSigningRequestStatus = Static<typeof CertificateSigningRequestStatus>;

export const CertificateSigningRequest = Type.Object(
  {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: CertificateSigningRequestSpec,
    status: Type.Optional(CertificateSigningRequestStatus),
  },
  { additionalProperties: false, title: 'CertificateSigningRequest' },
);
export type CertificateSigningRequest = Static<typeof CertificateSigningRequest>;

export const CertificateSigningRequestList = ListOf(CertificateSigningRequest, 'CertificateSigningRequestList');
export type CertificateSigningRequestList = Static<typeof CertificateSigningRequestList>;

function requestErrors(request: string): FieldError[] {
  const path = 'spec.request';
  const bytes = decodeBase64(request);
  if (!bytes) return [{ path, message: 'must be a base64-encoded certificate request' }];
  const problem = csrProblem(bytes);
  return problem ? [{ path, message: problem }] : [];
}

/** Only the shape of the name: whether such a signer exists depends on the service's configuration. */
function signerErrors(signerName: string): FieldError[] {
  const path = 'spec.signerName';
  if (signerName.trim() === '') return [{ path, message: 'must not be empty' }];
  if (signerName === RETIRED_SIGNER)
    return [{ path, message: "the signer name 'ca' is no longer supported; specify a valid signer name" }];
  return [];
}

function usageErrors(usages: readonly string[] | undefined): FieldError[] {
  const missing = REQUIRED_CSR_USAGES.filter((u) => !usages?.includes(u));
  return missing.length > 0 ? [{ path: 'spec.usages', message: `must include ${missing.join(', ')}` }] : [];
}

/**
 * Rules beyond the schema (api.md §4.8). Which signers exist and who may use which (device-enrollment
 * only via EnrollmentRequest, server-svc only for super-admins) depend on the service and the caller.
 */
export function validateCertificateSigningRequest(csr: CertificateSigningRequest): FieldError[] {
  const { spec } = csr;
  const errors = [
    ...validateMetadata(csr.metadata),
    ...requestErrors(spec.request),
    ...signerErrors(spec.signerName),
    ...usageErrors(spec.usages),
  ];
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds <= 0)
    errors.push({ path: 'spec.expirationSeconds', message: 'must be positive' });
  return errors;
}
