import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasUpstreamApi, loadUpstreamContract, type UpstreamContract } from './upstream-contract.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const CREATE_PATH: Record<string, string> = {
  Device: '/api/v1/devices',
  Fleet: '/api/v1/fleets',
  Repository: '/api/v1/repositories',
  ResourceSync: '/api/v1/resourcesyncs',
  EnrollmentRequest: '/api/v1/enrollmentrequests',
};

/** A device as upstream returns it right after enrollment, every status part present. */
const device = () => ({
  apiVersion: 'v1beta1',
  kind: 'Device',
  metadata: {
    name: 'x',
    labels: { site: 'lab' },
    creationTimestamp: '2025-01-02T03:04:05Z',
    generation: 1,
    resourceVersion: '7',
  },
  spec: {
    os: { image: 'quay.io/example/os:1' },
    applications: [{ name: 'web', appType: 'compose', image: 'quay.io/example/web:1' }],
  },
  status: {
    conditions: [
      { type: 'Updating', status: 'False', reason: 'Updated', message: '', lastTransitionTime: '2025-01-02T03:04:05Z' },
    ],
    systemInfo: { architecture: '', bootID: '', operatingSystem: '', agentVersion: '' },
    applications: [],
    applicationsSummary: { status: 'Unknown' },
    resources: { cpu: 'Unknown', memory: 'Unknown', disk: 'Unknown' },
    integrity: { status: 'Unknown' },
    config: { renderedVersion: '' },
    os: { image: '', imageDigest: '' },
    updated: { status: 'Unknown' },
    summary: { status: 'Unknown', info: 'The device is waiting to connect.' },
    lifecycle: { status: 'Unknown' },
  },
});

const notFound = {
  apiVersion: 'v1beta1',
  kind: 'Status',
  status: 'Failure',
  code: 404,
  reason: 'NotFound',
  message: 'nope',
};

describe.skipIf(!hasUpstreamApi())('upstream contract', () => {
  let core: UpstreamContract;
  beforeAll(() => {
    core = loadUpstreamContract();
  });

  it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')))('examples/%s is valid upstream input', (file) => {
    const resource = parse(readFileSync(`${EXAMPLES}${file}`, 'utf8')) as { kind: string };
    expect(CREATE_PATH[resource.kind], `no create path for kind ${resource.kind}`).toBeDefined();
    expect(core.validateRequestBody('POST', CREATE_PATH[resource.kind]!, resource)).toEqual([]);
  });

  it('accepts a device response with status', () => {
    expect(core.validateResponse('GET', '/api/v1/devices/x', 200, device())).toEqual([]);
  });

  it('reports a bad enum and a missing required field with their paths', () => {
    const broken = device();
    (broken.status.summary as { status: string }).status = 'Sleepy';
    delete (broken.status.os as { imageDigest?: string }).imageDigest;
    expect(core.validateResponse('GET', '/api/v1/devices/x?labelSelector=a', 200, broken)).toEqual([
      'GET /devices/x 200: /status/os/imageDigest is required',
      expect.stringMatching(
        /^GET \/devices\/x 200: \/status\/summary\/status must be equal to one of the allowed values: "Online", /,
      ),
    ]);
  });

  it('checks error responses against Status', () => {
    expect(core.validateResponse('GET', '/api/v1/devices/x', 404, notFound)).toEqual([]);
    expect(core.validateResponse('GET', '/api/v1/devices/x', 404, { error: 'nope' })).toContain(
      'GET /devices/x 404: /status is required',
    );
  });

  it('matches literal segments over parameters and strips the query', () => {
    expect(core.matchPath('/api/v1/devices/x/status')).toBe('/devices/{name}/status');
    expect(core.matchPath('/api/v1/devices/x?labelSelector=a')).toBe('/devices/{name}');
    expect(core.matchPath('/api/v1/fleets/f/templateversions/v')).toBe('/fleets/{fleet}/templateversions/{name}');
    expect(core.validateResponse('PUT', '/api/v1/devices/x/status', 200, device())).toEqual([]);
    // DELETE exists on /devices/{name}, not on its status.
    expect(core.validateResponse('DELETE', '/api/v1/devices/x/status', 200, notFound)).toEqual([
      'DELETE /devices/x/status 200: core-v1beta1.openapi.yaml has no DELETE on /devices/{name}/status',
    ]);
  });

  it('reports an unknown path or status instead of passing', () => {
    expect(core.validateResponse('GET', '/api/v1/gadgets', 200, {})).toEqual([
      'GET /gadgets 200: no path in core-v1beta1.openapi.yaml matches',
    ]);
    expect(core.validateResponse('GET', '/api/v1/devices/x', 418, notFound)).toEqual([
      'GET /devices/x 418: core-v1beta1.openapi.yaml declares no 418 (or default) response',
    ]);
  });

  it('selects the variant a discriminator names', () => {
    const repository = (spec: object) => ({ apiVersion: 'v1beta1', kind: 'Repository', metadata: { name: 'r' }, spec });
    expect(core.validateRequestBody('POST', '/api/v1/repositories', repository({ type: 'svn', url: 'x' }))).toEqual([
      'POST /repositories request: /spec/type must be equal to one of the allowed values: "git", "http", "oci"',
    ]);
    expect(core.validateRequestBody('POST', '/api/v1/repositories', repository({ type: 'oci' }))).toEqual([
      'POST /repositories request: /spec/registry is required',
    ]);
  });

  it('rejects readOnly properties in requests only', () => {
    const withAnnotations = device();
    Object.assign(withAnnotations.spec.applications[0]!, { annotations: { a: 'b' } });
    expect(core.validateRequestBody('POST', '/api/v1/devices', withAnnotations)).toEqual([
      'POST /devices request: /spec/applications/0/annotations is readOnly and must not be sent in a request',
    ]);
    expect(core.validateResponse('GET', '/api/v1/devices/x', 200, withAnnotations)).toEqual([]);
  });

  it('resolves the agent document’s references into the core document', () => {
    const agent = loadUpstreamContract('agent-v1beta1.openapi.yaml');
    expect(agent.validateResponse('GET', '/api/v1/devices/x/rendered', 200, device())).toEqual([]);
    expect(agent.validateRequestBody('PUT', '/api/v1/devices/x/status', { kind: 'Device' })).toEqual([
      'PUT /devices/x/status request: /apiVersion is required',
      'PUT /devices/x/status request: /metadata is required',
    ]);
  });
});
