/**
 * Request-body validation against the TypeBox schemas of @flightctl/api, with messages that name
 * the field. Upstream's format is kept: "API Error: <problem>", or for several problems
 * "<n> API errors found. The most relevant is likely:\n<problem>\nOther errors found were:\n…".
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from 'typebox';
import type { FieldError } from '../common/errors.js';
import {
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
} from '../common/names.js';
import { ApiError } from '../common/status.js';

/** Patterns whose regex would mean little to a user, explained in words instead. */
const PATTERN_MESSAGES: Record<string, string> = {
  [DNS1123_SUBDOMAIN_PATTERN]:
    "must be a lowercase RFC 1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character",
  [DNS1123_LABEL_PATTERN]:
    "must be a lowercase RFC 1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character",
  [LABEL_KEY_PATTERN]:
    "must be a qualified name: an optional DNS subdomain prefix and '/', then alphanumerics, '-', '_' or '.'",
  [LABEL_VALUE_PATTERN]:
    "must be empty or alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character",
};

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ allErrors: true, strict: false, discriminator: true }));
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
ajv.addFormat('uint16', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535 });

const compiled = new WeakMap<TSchema, ValidateFunction>();

function compile(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** `/spec/applications/0/name` → `spec.applications[0].name` */
export function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function describe(e: ErrorObject): FieldError {
  const objectPath = dottedPath(e.instancePath);
  const join = (child: string) => (objectPath ? `${objectPath}.${child}` : child);
  // Errors about a key (propertyNames) name the key itself.
  const path = e.propertyName !== undefined ? join(e.propertyName) : objectPath;
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: join(e.params.additionalProperty), message: 'unknown field' };
    case 'required':
      return { path: join(e.params.missingProperty), message: 'required field is missing' };
    case 'propertyNames':
      return { path: join(e.params.propertyName), message: 'invalid key' };
    case 'enum':
      return {
        path,
        message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { path, message: `must be ${JSON.stringify(e.params.allowedValue)}` };
    case 'pattern':
      return { path, message: PATTERN_MESSAGES[e.params.pattern] ?? `must match the pattern ${e.params.pattern}` };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

const depth = (e: ErrorObject) => e.instancePath.split('/').length;

/**
 * Alternatives (anyOf/oneOf) report one error per branch. Keep only the errors of the branch that
 * got furthest into the input, so a wrong field inside an application is reported as that field,
 * not as "must match one of the schemas".
 */
function mostRelevant(errors: ErrorObject[]): ErrorObject[] {
  const useful = errors.filter(
    (e) => !['anyOf', 'oneOf', 'if', 'propertyNames'].includes(e.keyword) || errors.length === 1,
  );
  const branchRe = /\/(anyOf|oneOf)\/(\d+)\//;
  const byBranch = new Map<string, ErrorObject[]>();
  const plain: ErrorObject[] = [];
  for (const e of useful) {
    const m = branchRe.exec(e.schemaPath);
    if (!m) plain.push(e);
    else {
      const key = e.schemaPath.slice(0, m.index + m[0].length);
      const list = byBranch.get(key) ?? [];
      list.push(e);
      byBranch.set(key, list);
    }
  }
  if (byBranch.size === 0) return plain.length > 0 ? plain : errors;
  // Branches sharing a prefix up to the alternatives keyword compete; the deepest one wins.
  const groups = new Map<string, ErrorObject[][]>();
  for (const [key, list] of byBranch) {
    const group = key.replace(/\d+\/$/, '');
    groups.set(group, [...(groups.get(group) ?? []), list]);
  }
  const chosen = [...groups.values()].flatMap((branches) => {
    const score = (list: ErrorObject[]) =>
      Math.max(...list.map(depth)) * 100 - list.filter((e) => e.keyword === 'const' || e.keyword === 'required').length;
    return branches.reduce((best, b) => (score(b) > score(best) ? b : best));
  });
  return [...plain, ...chosen];
}

export function schemaErrors(schema: TSchema, value: unknown): FieldError[] {
  const validate = compile(schema);
  if (validate(value)) return [];
  const seen = new Set<string>();
  return mostRelevant(validate.errors ?? [])
    .sort((a, b) => depth(b) - depth(a))
    .map(describe)
    .filter((f) => {
      const key = `${f.path}|${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export function formatProblems(problems: readonly FieldError[]): string {
  const text = (f: FieldError) => (f.path ? `${f.path}: ${f.message}` : f.message);
  if (problems.length === 1) return `API Error: ${text(problems[0]!)}`;
  const [first, ...rest] = problems;
  return `API Error: ${problems.length} API errors found. The most relevant is likely:\n${text(first!)}\nOther errors found were:\n${rest.map(text).join('\n')}`;
}

/** Throws a 400 naming every problem of `value` against `schema`, then of the semantic validator. */
export function assertValid<T>(schema: TSchema, value: unknown, semantic?: (v: T) => FieldError[]): asserts value is T {
  const problems = schemaErrors(schema, value);
  if (problems.length === 0 && semantic) problems.push(...semantic(value as T));
  if (problems.length > 0) throw new ApiError(400, formatProblems(problems));
}
