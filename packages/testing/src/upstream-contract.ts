/**
 * Checks request and response bodies against upstream's OpenAPI documents, the wire contract we keep.
 * The documents are read at test time from outside the repository (never copied into it), so
 * compatibility is tested rather than assumed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { pathRequirement } from './requirements.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// CI clones the repository with `shared/` beside it.
const DEFAULT_UPSTREAM_API_DIR = join(REPO_ROOT, '..', 'shared', 'upstream-api');

const configuredDir = () => process.env.FLIGHTCTL_UPSTREAM_API_DIR || DEFAULT_UPSTREAM_API_DIR;

/** Upstream's OpenAPI documents: $FLIGHTCTL_UPSTREAM_API_DIR, else `shared/upstream-api` beside the repository. */
export function upstreamApiDir(): string | undefined {
  const dir = configuredDir();
  return existsSync(dir) ? dir : undefined;
}

/** Whether contract checks can run; if not, reports why they skip (or throws under FLIGHTCTL_TEST_REQUIRE_ALL=1). */
export function hasUpstreamApi(): boolean {
  const dir = configuredDir();
  return pathRequirement(
    dir,
    `upstream contract checks skipped: no upstream API documents in ${dir} (set FLIGHTCTL_UPSTREAM_API_DIR)`,
  );
}

export interface UpstreamContract {
  /** The document's path template a request path falls under, e.g. `/devices/{name}/status`. */
  matchPath(path: string): string | undefined;
  /** Problems of a response body against upstream's schema for it; empty when it conforms. */
  validateResponse(method: string, path: string, status: number, body: unknown): string[];
  /** Problems of a request body against upstream's schema for it; empty when it conforms. */
  validateRequestBody(method: string, path: string, body: unknown): string[];
}

type Json = Record<string, unknown>;
type Content = Record<string, { schema?: unknown }>;
interface Operation {
  requestBody?: { content?: Content };
  responses?: Record<string, { content?: Content }>;
}
interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

/**
 * OpenAPI hides readOnly properties from requests and writeOnly ones from responses; kin-openapi
 * (upstream's validator) rejects them there and does not require them.
 */
type Direction = 'request' | 'response';
const HIDDEN_IN = { request: 'readOnly', response: 'writeOnly' } as const;
const NOT_ALLOWED = 'x-not-allowed';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function atPointer(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
}

/**
 * Ajv's own `discriminator` rejects `mapping`, which upstream uses everywhere, and a plain `oneOf` fails
 * where variants overlap (a compose app also matches the quadlet schema). So, like kin-openapi, dispatch on
 * the tag: it is required, must be a mapping key, and selects the one schema the value is checked against.
 */
function dispatchByDiscriminator(node: Json, tag: string, mapping: Record<string, string>): Json {
  const { oneOf: _oneOf, discriminator: _discriminator, ...rest } = node;
  return {
    ...rest,
    allOf: [
      ...((rest.allOf as unknown[] | undefined) ?? []),
      { type: 'object', required: [tag], properties: { [tag]: { type: 'string', enum: Object.keys(mapping) } } },
      ...Object.entries(mapping).map(([value, $ref]) => ({
        if: { properties: { [tag]: { const: value } }, required: [tag] },
        then: { $ref },
      })),
    ],
  };
}

/**
 * Ajv ids follow upstream's layout (api/<group>/<version>/openapi.yaml), so the agent document's
 * `../../core/v1beta1/openapi.yaml#/…` refs resolve; here the files are named <group>-<version>.openapi.yaml.
 */
function documentId(direction: Direction, file: string): string {
  const m = /^(.+)-(v\w+)\.openapi\.yaml$/.exec(file);
  if (!m) throw new Error(`${file}: upstream API documents are named <group>-<version>.openapi.yaml`);
  return `https://upstream.invalid/${direction}/api/${m[1]}/${m[2]}/openapi.yaml`;
}
function documentFile(id: string): string {
  const m = /\/api\/(.+)\/(v\w+)\/openapi\.yaml$/.exec(new URL(id).pathname);
  return m ? `${m[1]}-${m[2]}.openapi.yaml` : id;
}

/** One document rewritten for Ajv and for one direction of traffic; `documents` resolves refs into the others. */
function prepareDocument(file: string, documents: Map<string, OpenApiDocument>, direction: Direction): Json {
  const hidden = HIDDEN_IN[direction];
  const id = documentId(direction, file);
  const resolve = (schema: unknown, base: string): unknown => {
    if (!isObject(schema) || typeof schema.$ref !== 'string') return schema;
    const [target, pointer = ''] = schema.$ref.split('#');
    const targetId = new URL(target!, base).href;
    return resolve(atPointer(documents.get(documentFile(targetId)), pointer), targetId);
  };

  const hideProperties = (node: Json, properties: Json): Json => {
    const names = Object.keys(properties).filter((name) => {
      const schema = resolve(properties[name], id);
      return isObject(schema) && schema[hidden] === true;
    });
    if (names.length === 0) return node;
    const notAllowed = { [NOT_ALLOWED]: `is ${hidden} and must not be sent in a ${direction}` };
    return {
      ...node,
      properties: { ...properties, ...Object.fromEntries(names.map((name) => [name, notAllowed])) },
      ...(Array.isArray(node.required) && { required: node.required.filter((name) => !names.includes(name)) }),
    };
  };

  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    const discriminator = node.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    const dispatched =
      discriminator?.mapping && node.oneOf
        ? dispatchByDiscriminator(node, discriminator.propertyName, discriminator.mapping)
        : node;
    const out = Object.fromEntries(Object.entries(dispatched).map(([key, value]) => [key, visit(value)]));
    return isObject(out.properties) ? hideProperties(out, out.properties) : out;
  };
  return visit(documents.get(file)) as Json;
}

const notAllowed: SchemaValidateFunction = (message: string) => {
  notAllowed.errors = [{ keyword: NOT_ALLOWED, message, params: {} }];
  return false;
};

function describeError(e: ErrorObject): string {
  const at = e.instancePath || '(body)';
  switch (e.keyword) {
    case 'required':
      return `${e.instancePath}/${escapePointer(e.params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${at} must NOT have additional property '${e.params.additionalProperty}'`;
    case 'enum':
      return `${at} ${e.message}: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at} ${e.message}`;
  }
}

/** Literal segments rank before parameters, position by position: `/devices/summary` beats `/devices/{name}`. */
const templateRank = (template: string) =>
  template
    .split('/')
    .map((s) => (s.startsWith('{') ? '1' : '0'))
    .join('');

function createContract(file: string, doc: OpenApiDocument, ajv: Ajv): UpstreamContract {
  const compiled = new Map<string, ValidateFunction>();
  const validator = (direction: Direction, pointer: string) => {
    const ref = `${documentId(direction, file)}#${pointer.split('/').map(encodeURIComponent).join('/')}`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };

  const prefix = doc.servers?.[0]?.url ?? '';
  const templates = Object.keys(doc.paths);
  const apiPath = (path: string) => {
    const bare = path.split('?')[0]!;
    return prefix && bare.startsWith(`${prefix}/`) ? bare.slice(prefix.length) : bare;
  };
  const matchPath = (path: string) => {
    const segments = apiPath(path).split('/');
    return templates
      .filter((template) => {
        const parts = template.split('/');
        return (
          parts.length === segments.length &&
          parts.every((part, i) => (part.startsWith('{') ? segments[i] !== '' : part === segments[i]))
        );
      })
      .sort((a, b) => templateRank(a).localeCompare(templateRank(b)))[0];
  };

  /** The operation and its JSON pointer in the document, or the problem why there is none. */
  const findOperation = (
    method: string,
    path: string,
    label: string,
  ): { operation: Operation; pointer: string } | { problem: string } => {
    const template = matchPath(path);
    if (!template) return { problem: `${label}: no path in ${file} matches` };
    const verb = method.toLowerCase();
    const operation = doc.paths[template]![verb];
    if (!operation) return { problem: `${label}: ${file} has no ${method.toUpperCase()} on ${template}` };
    return { operation, pointer: `/paths/${escapePointer(template)}/${verb}` };
  };

  /** Validates a body against the JSON schema of a content map, JSON Patch included. */
  const check = (direction: Direction, pointer: string, content: Content | undefined, body: unknown, label: string) => {
    const mediaType = Object.keys(content ?? {}).find((t) => t === 'application/json' || t.endsWith('+json'));
    if (!mediaType || !content![mediaType]!.schema) {
      const empty = body === undefined || body === null || body === '';
      return empty ? [] : [`${label}: ${file} declares no JSON body here, but one was given`];
    }
    const validate = validator(direction, `${pointer}/content/${escapePointer(mediaType)}/schema`);
    if (validate(body)) return [];
    const problems = (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => `${label}: ${describeError(e)}`);
    return [...new Set(problems)];
  };

  return {
    matchPath,
    validateResponse(method, path, status, body) {
      const label = `${method.toUpperCase()} ${apiPath(path)} ${status}`;
      const found = findOperation(method, path, label);
      if ('problem' in found) return [found.problem];
      const responses = found.operation.responses ?? {};
      const code = String(status) in responses ? String(status) : 'default';
      if (!responses[code]) return [`${label}: ${file} declares no ${status} (or default) response`];
      return check('response', `${found.pointer}/responses/${code}`, responses[code].content, body, label);
    },
    validateRequestBody(method, path, body) {
      const label = `${method.toUpperCase()} ${apiPath(path)} request`;
      const found = findOperation(method, path, label);
      if ('problem' in found) return [found.problem];
      const { requestBody } = found.operation;
      if (!requestBody) return [`${label}: ${file} declares no request body`];
      return check('request', `${found.pointer}/requestBody`, requestBody.content, body, label);
    },
  };
}

/** Every document of the directory in one Ajv, each rewritten for both directions, so cross-document refs resolve. */
function loadContracts(dir: string): Map<string, UpstreamContract> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.openapi.yaml'));
  const documents = new Map(files.map((f) => [f, parse(readFileSync(join(dir, f), 'utf8')) as OpenApiDocument]));
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false, validateSchema: false }));
  ajv.addKeyword({ keyword: NOT_ALLOWED, schemaType: 'string', validate: notAllowed });
  for (const file of files) {
    for (const direction of ['request', 'response'] as const) {
      ajv.addSchema(prepareDocument(file, documents, direction), documentId(direction, file));
    }
  }
  return new Map(files.map((f) => [f, createContract(f, documents.get(f)!, ajv)]));
}

const loaded = new Map<string, Map<string, UpstreamContract>>();

/** Upstream's contract from one of its OpenAPI documents; the directory is parsed once per process. */
export function loadUpstreamContract(file = 'core-v1beta1.openapi.yaml'): UpstreamContract {
  const dir = upstreamApiDir();
  if (!dir) throw new Error(`upstream API documents not found in ${configuredDir()} (set FLIGHTCTL_UPSTREAM_API_DIR)`);
  let contracts = loaded.get(dir);
  if (!contracts) {
    contracts = loadContracts(dir);
    loaded.set(dir, contracts);
  }
  const contract = contracts.get(file);
  if (!contract) throw new Error(`${file} is not among the upstream API documents in ${dir}`);
  return contract;
}
