/** /api/v1/devices and /api/v1/deviceactions: CRUD plus the device-specific operations. */
import type { FastifyInstance } from 'fastify';
import { ApiError, type Device } from '@flightctl/api';
import type { Store } from '../../store/index.js';
import { DeviceOperations } from '../../resources/device-operations.js';
import type { LifecycleAction } from '../../resources/application-lifecycle.js';
import { knownRenderedVersionParam } from '../../resources/rendered-device.js';
import type { ResourceService } from '../../resources/resource-service.js';
import { replyJson } from './json-reply.js';
import { registerResourceRoutes } from './resource-routes.js';
import type { NameParams, Query, RouteDeps } from './route-context.js';

const ACTIONS: readonly LifecycleAction[] = ['stop', 'start', 'restart'];

export function registerDeviceRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  devices: ResourceService<Device>,
  store: Store,
): void {
  const ops = new DeviceOperations(store, devices);
  const one = '/api/v1/devices/:name';

  // The device list carries a summary, so it replaces the generic list handler.
  app.get<{ Querystring: Query }>('/api/v1/devices', async (req, reply) =>
    replyJson(reply, await ops.list(await deps.context(req), req.query)),
  );
  registerResourceRoutes(app, deps, devices, { status: { patch: 'supported' }, skip: ['list'] });

  app.put<{ Params: NameParams }>(`${one}/decommission`, async (req) =>
    ops.decommission(await deps.context(req), req.params.name, req.body),
  );
  app.get<{ Params: NameParams }>(`${one}/lastseen`, async (req, reply) => {
    const seen = await ops.lastSeen(await deps.context(req), req.params.name);
    return seen ? seen : reply.code(204).send();
  });
  app.get<{ Params: NameParams }>(`${one}/rendered`, async (req, reply) => {
    const known = knownRenderedVersionParam(req.query);
    const rendered = await ops.rendered(await deps.context(req), req.params.name, known);
    return rendered ?? reply.code(204).send();
  });
  app.post<{ Params: NameParams & { app: string; action: string } }>(
    `${one}/applications/:app/actions/:action`,
    async (req) => {
      const action = req.params.action as LifecycleAction;
      if (!ACTIONS.includes(action)) throw new ApiError(404, `no such application action "${req.params.action}"`);
      return ops.applicationAction(await deps.context(req), req.params.name, req.params.app, action);
    },
  );
  app.post('/api/v1/deviceactions/resume', async (req) => ops.resume(await deps.context(req), req.body));
}
