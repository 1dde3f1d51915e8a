/**
 * Shared pieces of the API end-to-end tests: one service per file and database kind, a small client
 * that remembers what it asked (for the upstream contract checks), assertions for success and
 * `Status` failure bodies, and builders for valid resources.
 *
 * Expectations in these tests come from the specification (shared/ref/api.md, service.md) and
 * upstream's OpenAPI document, never from our implementation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  hasUpstreamApi,
  loadUpstreamContract,
  startTestService,
  waitFor,
  type DatabaseKind,
  type RequestOptions,
  type TestResponse,
  type TestService,
  type TestServiceOptions,
  type UpstreamContract,
} from '@flightctl/testing';

/** The default organization, seeded by the migrations (api.md §1.6). */
export const ORG_ID = '00000000-0000-0000-0000-000000000000';
export const API = '/api/v1';
export const API_VERSION = 'flightctl.io/v1beta1';
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));

// Tests read loosely typed JSON bodies.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

// ---------------------------------------------------------------------------------------------
// Upstream contract

let contract: UpstreamContract | undefined | null = null;

/** Upstream's v1beta1 contract, or undefined when its documents are absent (the checks then skip). */
export function upstream(): UpstreamContract | undefined {
  if (contract === null) contract = hasUpstreamApi() ? loadUpstreamContract() : undefined;
  return contract;
}

// ---------------------------------------------------------------------------------------------
// Client

export interface ApiResponse<T = Json> extends TestResponse<T> {
  method: string;
  /** Full request path, query included. */
  path: string;
}

/** Requests against one test service; `path` is relative to /api/v1 unless it starts with `/api/` or is `raw`. */
export class Client {
  constructor(readonly svc: TestService) {}

  async raw<T = Json>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const res = await this.svc.request<T>(method, path, options);
    return Object.assign(res, { method, path });
  }

  request<T = Json>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.raw<T>(method, path.startsWith('/api/') ? path : `${API}${path}`, options);
  }

  get<T = Json>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { headers });
  }
  post<T = Json>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { body, headers });
  }
  put<T = Json>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, { body, headers });
  }
  /** A JSON Patch (RFC 6902) request. */
  patch<T = Json>(path: string, ops: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, { body: ops, contentType: 'application/json-patch+json', headers });
  }
  delete<T = Json>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, { headers });
  }
}

export interface ServiceContext {
  svc: TestService;
  api: Client;
}

/** Starts one service for the enclosing describe block (per database kind) and closes it afterwards. */
export function useService(kind: DatabaseKind, options?: TestServiceOptions): ServiceContext {
  const ctx = {} as ServiceContext;
  beforeAll(async () => {
    ctx.svc = await startTestService(kind, options);
    ctx.api = new Client(ctx.svc);
  });
  afterAll(async () => {
    await ctx.svc?.close();
  });
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// Assertions

/** Go's `http.StatusText`, which upstream puts in `Status.reason` (it differs from Node's for 413, 414, 418). */
export const REASON: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  414: 'Request URI Too Long',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

const describeResponse = (res: ApiResponse) => `${res.method} ${res.path} → ${res.status} ${res.text.slice(0, 800)}`;

/** The response body conforms to upstream's schema for this operation and status (when the documents exist). */
export function expectUpstreamValid(res: ApiResponse): void {
  const c = upstream();
  if (!c) return;
  expect(c.validateResponse(res.method, res.path, res.status, res.body), describeResponse(res)).toEqual([]);
}

/** Asserts the success code, checks the body against upstream's schema and returns it. */
export function expectOk<T = Json>(res: ApiResponse<T>, status = 200): T {
  expect(res.status, describeResponse(res)).toBe(status);
  expectUpstreamValid(res);
  return res.body;
}

/**
 * Asserts a `Status` failure body (api.md §3.4, §7) with the HTTP reason phrase and, when given, the
 * message. `upstream: false` skips the contract check where upstream's document declares no such response.
 */
export function expectFailure(
  res: ApiResponse,
  code: number,
  message?: string | RegExp,
  { upstream: checkUpstream = true } = {},
): Json {
  expect(res.status, describeResponse(res)).toBe(code);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  expect(res.body, describeResponse(res)).toMatchObject({
    apiVersion: API_VERSION,
    kind: 'Status',
    code,
    status: 'Failure',
    reason: REASON[code],
  });
  expect(typeof res.body.message).toBe('string');
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message) expect(res.body.message).toMatch(message);
  if (checkUpstream) expectUpstreamValid(res);
  return res.body;
}

/** The success `Status` of deletes (api.md §7). */
export function expectDeleted(res: ApiResponse): void {
  expectOk(res, 200);
  expect(res.body).toEqual({
    apiVersion: API_VERSION,
    kind: 'Status',
    code: 200,
    status: 'Success',
    reason: 'OK',
    message: '',
  });
}

export const notFoundMessage = (kind: string, name: string) => `${kind} of name "${name}" not found`;

export const MSG = {
  exists: 'a resource with this name already exists',
  conflict: 'the object has been modified; please apply your changes to the latest version and try again',
  nameMismatch: 'resource name specified in metadata does not match name in path',
  ownedUpdate: 'updating the resource is not allowed because it has an owner',
  ownedDelete: 'deleting the resource is not allowed because it has an owner',
  decommissioned: 'decommissioned device cannot be created or updated',
  limitTooLarge: 'limit cannot exceed 1000',
  notImplemented: 'not yet implemented',
} as const;

// ---------------------------------------------------------------------------------------------
// Builders (bodies valid against upstream's request schemas)

export interface MetaOptions {
  labels?: Record<string, string>;
}

export const OS_IMAGE = 'quay.io/example/os:1';

export function device(name: string, opts: MetaOptions & { spec?: Json } = {}): Json {
  return {
    apiVersion: API_VERSION,
    kind: 'Device',
    metadata: { name, ...(opts.labels && { labels: opts.labels }) },
    spec: opts.spec ?? { os: { image: OS_IMAGE } },
  };
}

/** A device spec with one compose app named `app` (for application actions). */
export function deviceSpecWithApp(app = 'web'): Json {
  return {
    os: { image: OS_IMAGE },
    applications: [{ name: app, appType: 'compose', image: `quay.io/example/${app}:1` }],
  };
}

export function fleet(
  name: string,
  opts: MetaOptions & { selector?: Record<string, string>; templateSpec?: Json } = {},
): Json {
  return {
    apiVersion: API_VERSION,
    kind: 'Fleet',
    metadata: { name, ...(opts.labels && { labels: opts.labels }) },
    spec: {
      selector: { matchLabels: opts.selector ?? { fleet: name } },
      template: { spec: opts.templateSpec ?? { os: { image: OS_IMAGE } } },
    },
  };
}

export function gitRepository(name: string, opts: MetaOptions & { spec?: Json } = {}): Json {
  return {
    apiVersion: API_VERSION,
    kind: 'Repository',
    metadata: { name, ...(opts.labels && { labels: opts.labels }) },
    spec: opts.spec ?? { type: 'git', url: `https://git.example.com/${name}.git` },
  };
}

export function resourceSync(name: string, repository: string, opts: MetaOptions = {}): Json {
  return {
    apiVersion: API_VERSION,
    kind: 'ResourceSync',
    metadata: { name, ...(opts.labels && { labels: opts.labels }) },
    spec: { repository, targetRevision: 'main', path: '/fleets' },
  };
}

/** The CSR of examples/enrollmentrequest.yaml (a real PKCS#10 request). */
export const EXAMPLE_CSR: string = (loadExample('enrollmentrequest.yaml').spec as Json).csr;

export function enrollmentRequest(
  name: string,
  opts: MetaOptions & { deviceLabels?: Record<string, string> } = {},
): Json {
  return {
    apiVersion: API_VERSION,
    kind: 'EnrollmentRequest',
    metadata: { name, ...(opts.labels && { labels: opts.labels }) },
    spec: { csr: EXAMPLE_CSR, ...(opts.deviceLabels && { labels: opts.deviceLabels }) },
  };
}

/** A TemplateVersion as the service would create it for `fleet` (created through the store). */
export function templateVersion(fleetName: string, name: string): Json {
  return {
    apiVersion: API_VERSION,
    kind: 'TemplateVersion',
    metadata: { name, owner: `Fleet/${fleetName}` },
    spec: { fleet: fleetName },
    status: { conditions: [], os: { image: OS_IMAGE } },
  };
}

/** A complete device status as an agent reports it. */
export function deviceStatus(overrides: Json = {}): Json {
  return {
    conditions: [
      {
        type: 'Updating',
        status: 'False',
        reason: 'Updated',
        message: '',
        lastTransitionTime: '2025-01-02T03:04:05Z',
      },
    ],
    systemInfo: { architecture: 'amd64', bootID: 'boot-1', operatingSystem: 'linux', agentVersion: 'v1.0.0' },
    applications: [],
    applicationsSummary: { status: 'Unknown' },
    resources: { cpu: 'Healthy', memory: 'Healthy', disk: 'Healthy' },
    integrity: { status: 'Unknown' },
    config: { renderedVersion: '' },
    os: { image: OS_IMAGE, imageDigest: 'sha256:0123' },
    updated: { status: 'Unknown' },
    summary: { status: 'Unknown' },
    lifecycle: { status: 'Unknown' },
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Examples

export function loadExample(file: string): Json {
  return parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export const PLURAL: Record<string, string> = {
  Device: 'devices',
  Fleet: 'fleets',
  Repository: 'repositories',
  ResourceSync: 'resourcesyncs',
  EnrollmentRequest: 'enrollmentrequests',
};

// ---------------------------------------------------------------------------------------------
// Helpers over the API

/** Sets `metadata.owner` directly in the store, as the fleet selector task or a ResourceSync would. */
export async function setOwner(
  svc: TestService,
  store: 'devices' | 'fleets',
  name: string,
  owner: string,
): Promise<void> {
  const withOwner = <T extends { metadata: object }>(obj: T): T => ({ ...obj, metadata: { ...obj.metadata, owner } });
  if (store === 'devices') await svc.service.store.devices.update(ORG_ID, name, withOwner);
  else await svc.service.store.fleets.update(ORG_ID, name, withOwner);
}

/** Events about one object, oldest first. */
export async function eventsFor(api: Client, name: string, kind?: string): Promise<Json[]> {
  const selector = [`involvedObject.name=${name}`, ...(kind ? [`involvedObject.kind=${kind}`] : [])].join(',');
  const res = await api.get(`/events?order=asc&fieldSelector=${encodeURIComponent(selector)}`);
  return expectOk(res).items;
}

export const q = (params: Record<string, string | number | boolean>) =>
  '?' +
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/**
 * Waits until the clock has moved to the next millisecond, so that the next write is stamped strictly
 * later than everything before it (list orders by creation time; ties would fall back to random names).
 */
export async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  await waitFor(() => Date.now() > now, { intervalMs: 1, what: 'the next millisecond' });
}
