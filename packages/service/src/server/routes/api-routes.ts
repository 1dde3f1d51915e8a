/** Every /api/v1 route of the user API. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';
import { authProviderKind } from '../../resources/auth-providers.js';
import { certificateSigningRequestKind } from '../../resources/certificate-signing-requests.js';
import { deviceKind } from '../../resources/devices.js';
import { enrollmentRequestKind } from '../../resources/enrollment-requests.js';
import { fleetKind } from '../../resources/fleets.js';
import { repositoryKind } from '../../resources/repositories.js';
import { ResourceService } from '../../resources/resource-service.js';
import { resourceSyncKind } from '../../resources/resource-syncs.js';
import { registerDeviceRoutes } from './device-routes.js';
import { registerFleetRoutes } from './fleet-routes.js';
import { registerCollectionRoutes } from './collection-routes.js';
import { registerRepositoryRoutes } from './repository-routes.js';
import { registerResourceRoutes } from './resource-routes.js';
import type { RouteDeps } from './route-context.js';

export function registerApiRoutes(app: FastifyInstance, store: Store, deps: RouteDeps): void {
  const devices = new ResourceService(deviceKind, store);
  const fleets = new ResourceService(fleetKind, store);
  registerDeviceRoutes(app, deps, devices, store);
  registerFleetRoutes(app, deps, fleets, store);
  registerResourceRoutes(app, deps, new ResourceService(enrollmentRequestKind, store), {
    status: { patch: 'not-implemented' },
  });
  registerResourceRoutes(app, deps, new ResourceService(certificateSigningRequestKind, store));
  registerResourceRoutes(app, deps, new ResourceService(repositoryKind, store));
  registerRepositoryRoutes(app, deps, store);
  registerResourceRoutes(app, deps, new ResourceService(resourceSyncKind, store));
  registerResourceRoutes(app, deps, new ResourceService(authProviderKind, store));
  registerCollectionRoutes(app, deps, store);
}
