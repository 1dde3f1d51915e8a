/**
 * `apply --dry-run` checks each object as the server would before writing it — the kind's schema,
 * then its semantic rules — without sending anything.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
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
  type FieldError,
} from '@flightctl/api';

interface KindRules {
  schema: object;
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

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// The OpenAPI formats the schemas use beyond JSON Schema's own.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, discriminator: true }));
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);

const compiled = new Map<string, ValidateFunction>();

/** `/spec/applications/0/name` → `spec.applications[0].name` */
function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function describe(e: ErrorObject): FieldError {
  const path = dottedPath(e.instancePath);
  const child = (name: string) => (path ? `${path}.${name}` : name);
  if (e.keyword === 'additionalProperties')
    return { path: child(e.params.additionalProperty), message: 'unknown field' };
  if (e.keyword === 'required') return { path: child(e.params.missingProperty), message: 'required field is missing' };
  if (e.keyword === 'enum')
    return {
      path,
      message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
    };
  return { path, message: e.message ?? 'is invalid' };
}

function schemaProblems(validate: ValidateFunction, object: unknown): FieldError[] {
  if (validate(object)) return [];
  const errors = validate.errors ?? [];
  // An alternative's own "must match a schema" adds nothing to the errors of its branches.
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  const seen = new Set<string>();
  return (specific.length > 0 ? specific : errors).map(describe).filter((f) => {
    const key = `${f.path}|${f.message}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** Problems the server would report for `object` of kind `kind` (e.g. `Device`); empty when valid. */
export function validateLocally(kind: string, object: unknown): FieldError[] {
  const rules = RULES[kind];
  if (!rules) return [];
  let validate = compiled.get(kind);
  if (!validate) {
    validate = ajv.compile(rules.schema);
    compiled.set(kind, validate);
  }
  const problems = schemaProblems(validate, object);
  return problems.length > 0 ? problems : (rules.semantic as (o: unknown) => FieldError[])(object);
}
