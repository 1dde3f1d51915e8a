/** /api/v1/fleets: CRUD, status, fleet-wide application actions and template versions. */
import type { FastifyInstance } from 'fastify';
import { ApiError, type Fleet } from '@flightctl/api';
import type { Store } from '../../store/index.js';
import { FleetOperations } from '../../resources/fleet-operations.js';
import type { ResourceService } from '../../resources/resource-service.js';
import { replyJson } from './json-reply.js';
import { registerResourceRoutes } from './resource-routes.js';
import type { NameParams, Query, RouteDeps } from './route-context.js';

export function registerFleetRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  fleets: ResourceService<Fleet>,
  store: Store,
): void {
  const ops = new FleetOperations(store, fleets);
  app.get<{ Querystring: Query }>('/api/v1/fleets', async (req, reply) =>
    replyJson(reply, await ops.list(await deps.context(req), req.query)),
  );
  app.get<{ Params: NameParams; Querystring: Query }>('/api/v1/fleets/:name', async (req) =>
    ops.get(await deps.context(req), req.params.name, req.query),
  );
  registerResourceRoutes(app, deps, fleets, { status: { patch: 'not-implemented' }, skip: ['list', 'get'] });

  app.post<{ Params: NameParams & { app: string; action: string } }>(
    '/api/v1/fleets/:name/applications/:app/actions/:action',
    async (req) => {
      const action = req.params.action;
      if (action !== 'stop' && action !== 'start') throw new ApiError(404, `no such application action "${action}"`);
      return ops.applicationAction(await deps.context(req), req.params.name, req.params.app, action);
    },
  );

  type TvParams = { fleet: string; name: string };
  app.get<{ Params: { fleet: string }; Querystring: Query }>('/api/v1/fleets/:fleet/templateversions', async (req) =>
    ops.listTemplateVersions(await deps.context(req), req.params.fleet, req.query),
  );
  app.get<{ Params: TvParams }>('/api/v1/fleets/:fleet/templateversions/:name', async (req) =>
    ops.getTemplateVersion(await deps.context(req), req.params.fleet, req.params.name),
  );
  app.delete<{ Params: TvParams }>('/api/v1/fleets/:fleet/templateversions/:name', async (req) =>
    ops.deleteTemplateVersion(await deps.context(req), req.params.fleet, req.params.name),
  );
}
