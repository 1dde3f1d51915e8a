/**
 * The OpenAPI 3.1 document of the user API, built from the operations table and the very schemas
 * the server validates with (one schema, many uses). Served at /api/v1/openapi.json.
 */
import type { TSchema } from 'typebox';
import { PatchRequest, StatusBody } from '../common/meta.js';
import { AuthConfig, PermissionList, UserInfoResponse } from '../kinds/auth-config.js';
import { AuthProvider, AuthProviderList } from '../kinds/auth-provider.js';
import { CertificateSigningRequest, CertificateSigningRequestList } from '../kinds/certificate-signing-request.js';
import { DeviceDecommission } from '../kinds/device-spec.js';
import { Device, DeviceLastSeen, DeviceList, DeviceResumeRequest, DeviceResumeResponse } from '../kinds/device.js';
import { EnrollmentRequest, EnrollmentRequestList } from '../kinds/enrollment-request.js';
import { Event, EventList } from '../kinds/event.js';
import { Fleet, FleetList } from '../kinds/fleet.js';
import { LabelList } from '../kinds/label-list.js';
import { Organization, OrganizationList } from '../kinds/organization.js';
import {
  CheckRepositoryOciImageRequest,
  CheckRepositoryOciResult,
  CheckRepositoryOciTagRequest,
  Repository,
  RepositoryList,
} from '../kinds/repository.js';
import { ResourceSync, ResourceSyncList } from '../kinds/resource-sync.js';
import { TemplateVersion, TemplateVersionList } from '../kinds/template-version.js';
import { Version } from '../kinds/version.js';
import { OPERATIONS, type QueryParameter } from './operations.js';

export const COMPONENT_SCHEMAS: Record<string, TSchema> = {
  Device,
  DeviceList,
  DeviceDecommission,
  DeviceLastSeen,
  DeviceResumeRequest,
  DeviceResumeResponse,
  Fleet,
  FleetList,
  TemplateVersion,
  TemplateVersionList,
  Repository,
  RepositoryList,
  CheckRepositoryOciTagRequest,
  CheckRepositoryOciImageRequest,
  CheckRepositoryOciResult,
  ResourceSync,
  ResourceSyncList,
  EnrollmentRequest,
  EnrollmentRequestList,
  CertificateSigningRequest,
  CertificateSigningRequestList,
  Event,
  EventList,
  AuthProvider,
  AuthProviderList,
  Organization,
  OrganizationList,
  AuthConfig,
  PermissionList,
  UserInfoResponse,
  LabelList,
  Version,
  Status: StatusBody,
  PatchRequest,
};

const QUERY_PARAMETERS: Record<QueryParameter, { description: string; schema: object }> = {
  continue: { description: 'Token from metadata.continue of the previous page.', schema: { type: 'string' } },
  labelSelector: { description: 'Label selector, e.g. `env=prod,site in (a,b)`.', schema: { type: 'string' } },
  fieldSelector: { description: 'Field selector, e.g. `status.summary.status=Online`.', schema: { type: 'string' } },
  limit: { description: 'Page size, 1 to 1000 (default 1000).', schema: { type: 'integer', format: 'int32' } },
  summaryOnly: { description: 'Return only the summary of all matching devices.', schema: { type: 'boolean' } },
  cveId: { description: 'Devices whose OS image has this CVE.', schema: { type: 'string' } },
  addDevicesSummary: {
    description: "Fill status.devicesSummary with the fleet's devices.",
    schema: { type: 'boolean' },
  },
  order: {
    description: 'asc or desc (default desc, newest first).',
    schema: { type: 'string', enum: ['asc', 'desc'] },
  },
  kind: { description: 'Kind whose labels to list.', schema: { type: 'string', enum: ['Device'] } },
  knownRenderedVersion: {
    description: 'The rendered version the caller has: 204 when it is still the current one.',
    schema: { type: 'string' },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Bad request: validation failed or a selector is invalid',
  '404': 'Not found',
  '406': 'Requested API version not supported',
  '409': 'Conflict',
  '500': 'Internal error',
  '503': 'Service unavailable',
};

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

export function openApiDocument(serviceVersion: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {};
    for (const [code, schema] of Object.entries(op.responses)) {
      responses[code] = schema ? { description: 'OK', content: json(schema) } : { description: 'No content' };
    }
    for (const [code, description] of Object.entries(ERROR_RESPONSES)) {
      responses[code] ??= { description, content: json('Status') };
    }
    const parameters = [
      ...pathParameters(op.path),
      ...(op.query ?? []).map((name) => ({ name, in: 'query', ...QUERY_PARAMETERS[name] })),
    ];
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.request
        ? {
            requestBody: {
              required: true,
              content:
                op.request === 'PatchRequest'
                  ? { 'application/json-patch+json': { schema: ref('PatchRequest') } }
                  : { ...json(op.request), 'application/yaml': { schema: ref(op.request) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flight Control API',
      version: 'v1beta1',
      description: `Flight Control user API (service ${serviceVersion}), wire-compatible with upstream v1beta1.`,
    },
    servers: [{ url: '/api/v1' }],
    paths,
    components: { schemas: COMPONENT_SCHEMAS },
  };
}
