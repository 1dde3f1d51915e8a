/**
 * `apply --dry-run` checks each object as the server would before writing it — the kind's schema,
 * then its semantic rules — without sending anything.
 */
import {
  AuthProvider,
  CertificateSigningRequest,
  Device,
  EnrollmentRequest,
  Fleet,
  Repository,
  ResourceSync,
  validateAuthProvider,
  validateCertificateSigningRequest,
  validateDevice,
  validateEnrollmentRequest,
  validateFleet,
  validateRepository,
  validateResourceSync,
  schemaErrors,
  type FieldError,
} from '@flightctl/api';
import type { TSchema } from 'typebox';

interface KindRules {
  schema: TSchema;
  /** Runs only on an object that passed the schema, as on the server. */
  semantic: (object: never) => FieldError[];
}

const RULES: Readonly<Record<string, KindRules>> = {
  Device: { schema: Device, semantic: validateDevice },
  Fleet: { schema: Fleet, semantic: validateFleet },
  Repository: { schema: Repository, semantic: validateRepository },
  ResourceSync: { schema: ResourceSync, semantic: validateResourceSync },
  EnrollmentRequest: { schema: EnrollmentRequest, semantic: validateEnrollmentRequest },
  CertificateSigningRequest: { schema: CertificateSigningRequest, semantic: validateCertificateSigningRequest },
  AuthProvider: { schema: AuthProvider, semantic: validateAuthProvider },
};

/** Problems the server would report for `object` of kind `kind` (e.g. `Device`); empty when valid. */
export function validateLocally(kind: string, object: unknown): FieldError[] {
  const rules = RULES[kind];
  if (!rules) return [];
  const problems = schemaErrors(rules.schema, object);
  return problems.length > 0 ? problems : (rules.semantic as (o: unknown) => FieldError[])(object);
}
