/**
 * The operations the user API serves, as data: path, method, operationId, request and responses by
 * schema name, query parameters. The OpenAPI document is built from this table, and a service test
 * checks that the server routes exactly these operations.
 */
import { KINDS } from '../kinds/kinds.js';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template relative to /api/v1, e.g. `/devices/{name}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  /** Component schema name of the request body. */
  request?: string;
  /** Status code → component schema name (null: no body). */
  responses: Record<number, string | null>;
  query?: QueryParameter[];
}

export type QueryParameter =
  | 'continue'
  | 'labelSelector'
  | 'fieldSelector'
  | 'limit'
  | 'summaryOnly'
  | 'cveId'
  | 'addDevicesSummary'
  | 'order'
  | 'kind'
  | 'knownRenderedVersion';

const LIST_PARAMS: QueryParameter[] = ['continue', 'labelSelector', 'fieldSelector', 'limit'];

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

interface CrudOptions {
  status?: 'get-put' | 'get-put-patch';
  listQuery?: QueryParameter[];
  getQuery?: QueryParameter[];
}

function crud(kind: string, options: CrudOptions = {}): Operation[] {
  const plural = KINDS.find((k) => k.kind === kind)!.plural;
  const list = `${kind}List`;
  const base = `/${plural}`;
  const one = `${base}/{name}`;
  const tag = plural;
  const ops: Operation[] = [
    {
      method: 'get',
      path: base,
      operationId: `list${kind}s`,
      tag,
      summary: `List ${plural}`,
      responses: { 200: list },
      query: [...LIST_PARAMS, ...(options.listQuery ?? [])],
    },
    {
      method: 'post',
      path: base,
      operationId: `create${kind}`,
      tag,
      summary: `Create a ${kind}`,
      request: kind,
      responses: { 201: kind },
    },
    {
      method: 'get',
      path: one,
      operationId: `get${kind}`,
      tag,
      summary: `Read a ${kind}`,
      responses: { 200: kind },
      query: options.getQuery,
    },
    {
      method: 'put',
      path: one,
      operationId: `replace${kind}`,
      tag,
      summary: `Create or replace a ${kind}`,
      request: kind,
      responses: { 200: kind, 201: kind },
    },
    {
      method: 'patch',
      path: one,
      operationId: `patch${kind}`,
      tag,
      summary: `Patch a ${kind} (JSON Patch)`,
      request: 'PatchRequest',
      responses: { 200: kind },
    },
    {
      method: 'delete',
      path: one,
      operationId: `delete${kind}`,
      tag,
      summary: `Delete a ${kind}`,
      responses: { 200: 'Status' },
    },
  ];
  if (options.status) {
    const path = `${one}/status`;
    ops.push(
      {
        method: 'get',
        path,
        operationId: `get${kind}Status`,
        tag,
        summary: `Read the status of a ${kind}`,
        responses: { 200: kind },
      },
      {
        method: 'put',
        path,
        operationId: `replace${kind}Status`,
        tag,
        summary: `Replace the status of a ${kind}`,
        request: kind,
        responses: { 200: kind },
      },
      {
        method: 'patch',
        path,
        operationId: `patch${kind}Status`,
        tag,
        summary: `Patch the status of a ${kind}`,
        request: 'PatchRequest',
        responses: options.status === 'get-put-patch' ? { 200: kind } : { 200: kind, 501: 'Status' },
      },
    );
  }
  return ops;
}

// Upstream's operationIds pluralise a few kinds irregularly.
const rename = (ops: Operation[], from: string, to: string) =>
  ops.map((o) => (o.operationId === from ? { ...o, operationId: to } : o));

const appAction = (kind: 'Device' | 'Fleet', action: string): Operation => ({
  method: 'post',
  path: `/${kind.toLowerCase()}s/{name}/applications/{appname}/actions/${action}`,
  operationId: `${action}${kind}Application`,
  tag: `${kind.toLowerCase()}s`,
  summary: `${cap(action)} an application of a ${kind}`,
  responses: { 200: kind },
});

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/version',
    operationId: 'getVersion',
    tag: 'version',
    summary: 'Service version',
    responses: { 200: 'Version' },
  },
  {
    method: 'get',
    path: '/auth/config',
    operationId: 'authConfig',
    tag: 'auth',
    summary: 'Authentication configuration',
    responses: { 200: 'AuthConfig' },
  },
  {
    method: 'get',
    path: '/auth/validate',
    operationId: 'authValidate',
    tag: 'auth',
    summary: "Validate the caller's token",
    responses: { 200: 'Status' },
  },
  {
    method: 'get',
    path: '/auth/permissions',
    operationId: 'authGetPermissions',
    tag: 'auth',
    summary: "The caller's permissions",
    responses: { 200: 'PermissionList' },
  },
  {
    method: 'get',
    path: '/auth/userinfo',
    operationId: 'authUserInfo',
    tag: 'auth',
    summary: "The caller's identity",
    responses: { 200: 'UserInfoResponse', 418: 'Status' },
  },

  ...crud('Device', { status: 'get-put-patch', listQuery: ['summaryOnly', 'cveId'] }),
  {
    method: 'put',
    path: '/devices/{name}/decommission',
    operationId: 'decommissionDevice',
    tag: 'devices',
    summary: 'Decommission a device',
    request: 'DeviceDecommission',
    responses: { 200: 'Device' },
  },
  {
    method: 'get',
    path: '/devices/{name}/rendered',
    operationId: 'getRenderedDevice',
    tag: 'devices',
    summary: 'The rendered device: the target its agent is served',
    query: ['knownRenderedVersion'],
    responses: { 200: 'Device', 204: null },
  },
  {
    method: 'get',
    path: '/devices/{name}/lastseen',
    operationId: 'getDeviceLastSeen',
    tag: 'devices',
    summary: 'When the device last called in',
    responses: { 200: 'DeviceLastSeen', 204: null },
  },
  appAction('Device', 'stop'),
  appAction('Device', 'start'),
  appAction('Device', 'restart'),
  {
    method: 'post',
    path: '/deviceactions/resume',
    operationId: 'resumeDevices',
    tag: 'devices',
    summary: 'Resume conflict-paused devices',
    request: 'DeviceResumeRequest',
    responses: { 200: 'DeviceResumeResponse' },
  },

  ...crud('EnrollmentRequest', { status: 'get-put' }),
  ...crud('CertificateSigningRequest'),

  ...crud('Fleet', { status: 'get-put', listQuery: ['addDevicesSummary'], getQuery: ['addDevicesSummary'] }),
  appAction('Fleet', 'stop'),
  appAction('Fleet', 'start'),
  {
    method: 'get',
    path: '/fleets/{fleet}/templateversions',
    operationId: 'listTemplateVersions',
    tag: 'fleets',
    summary: 'Template versions of a fleet, newest first',
    responses: { 200: 'TemplateVersionList' },
    query: LIST_PARAMS,
  },
  {
    method: 'get',
    path: '/fleets/{fleet}/templateversions/{name}',
    operationId: 'getTemplateVersion',
    tag: 'fleets',
    summary: 'Read a template version',
    responses: { 200: 'TemplateVersion' },
  },
  {
    method: 'delete',
    path: '/fleets/{fleet}/templateversions/{name}',
    operationId: 'deleteTemplateVersion',
    tag: 'fleets',
    summary: 'Delete a template version',
    responses: { 200: 'Status' },
  },

  ...rename(crud('Repository'), 'listRepositorys', 'listRepositories'),
  {
    method: 'post',
    path: '/repositories/{name}/check-oci-tag',
    operationId: 'checkRepositoryOciTag',
    tag: 'repositories',
    summary: 'Check that a tag exists in an OCI repository',
    request: 'CheckRepositoryOciTagRequest',
    responses: { 200: 'CheckRepositoryOciResult' },
  },
  {
    method: 'post',
    path: '/repositories/{name}/check-oci-image',
    operationId: 'checkRepositoryOciImage',
    tag: 'repositories',
    summary: 'Check that an image exists in an OCI repository',
    request: 'CheckRepositoryOciImageRequest',
    responses: { 200: 'CheckRepositoryOciResult' },
  },
  ...crud('ResourceSync'),
  ...crud('AuthProvider'),

  {
    method: 'get',
    path: '/labels',
    operationId: 'listLabels',
    tag: 'labels',
    summary: 'Distinct labels of matching devices',
    responses: { 200: 'LabelList' },
    query: ['kind', 'labelSelector', 'fieldSelector', 'limit'],
  },
  {
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    tag: 'events',
    summary: 'List events',
    responses: { 200: 'EventList' },
    query: ['fieldSelector', 'order', 'limit', 'continue'],
  },
  {
    method: 'get',
    path: '/organizations',
    operationId: 'listOrganizations',
    tag: 'organizations',
    summary: 'Organizations of the caller',
    responses: { 200: 'OrganizationList' },
    query: ['fieldSelector'],
  },
];
