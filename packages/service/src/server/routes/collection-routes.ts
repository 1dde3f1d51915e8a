/**
 * Read-only collections and the auth endpoints while no auth provider is configured:
 * events, labels, organizations, auth config/validate/permissions/userinfo.
 */
import type { FastifyInstance } from 'fastify';
import {
  API_VERSION_FULL,
  ApiError,
  FIELD_CATALOGS,
  LABELS_FIELD_CATALOG,
  badRequest,
  statusBody,
} from '@flightctl/api';
import { devices, listDeviceLabels, parseLimit, type Store } from '../../store/index.js';
import { LABELS_SELECTABLE_COLUMNS, SELECTABLE_COLUMNS } from '../../store/selectable-columns.js';
import { listParams, selectorWhere, stringParam } from '../../resources/list-query.js';
import { listBody } from '../../resources/resource-service.js';
import type { Query, RouteDeps } from './route-context.js';

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MSG_AUTH_NOT_CONFIGURED = 'Auth not configured';

export function registerCollectionRoutes(app: FastifyInstance, deps: RouteDeps, store: Store): void {
  app.get<{ Querystring: Query }>('/api/v1/events', async (req) => {
    const ctx = await deps.context(req);
    const order = stringParam(req.query, 'order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw badRequest(`order must be asc or desc, not "${order}"`);
    if (req.query.labelSelector !== undefined)
      throw badRequest('events have no labels: labelSelector is not supported');
    const params = listParams(req.query, { catalog: FIELD_CATALOGS.Event, columns: SELECTABLE_COLUMNS.Event });
    const page = await store.events.list(ctx.orgId, { ...params, order });
    return listBody('EventList', page.items, page);
  });

  app.get<{ Querystring: Query }>('/api/v1/labels', async (req) => {
    const ctx = await deps.context(req);
    const kind = stringParam(req.query, 'kind');
    if (kind !== 'Device') throw badRequest(`kind must be Device${kind ? `, not "${kind}"` : ''}`);
    const where = selectorWhere(req.query, {
      catalog: LABELS_FIELD_CATALOG,
      columns: LABELS_SELECTABLE_COLUMNS,
      labels: devices.labels,
    });
    const limit = parseLimit(stringParam(req.query, 'limit'));
    return listDeviceLabels(store.db, ctx.orgId, { deviceWhere: where, limit });
  });

  app.get<{ Querystring: Query }>('/api/v1/organizations', async (req) => {
    // Upstream reads any UUIDs in the field selector as an allow-list (ref/api.md §4.11).
    const ids = stringParam(req.query, 'fieldSelector')
      ?.match(UUID_RE)
      ?.map((id) => id.toLowerCase());
    const orgs = await store.organizations.list(ids);
    return listBody('OrganizationList', orgs, {});
  });

  // Without an auth provider every request is accepted in the default organization with all permissions.
  app.get('/api/v1/auth/config', async () => ({
    apiVersion: API_VERSION_FULL,
    providers: [],
    organizationsEnabled: false,
  }));
  app.get('/api/v1/auth/validate', async () => statusBody(200, 'OK'));
  app.get('/api/v1/auth/permissions', async () => ({ permissions: [{ resource: '*', operations: ['*'] }] }));
  app.get('/api/v1/auth/userinfo', async () => {
    throw new ApiError(418, MSG_AUTH_NOT_CONFIGURED, MSG_AUTH_NOT_CONFIGURED);
  });
}
