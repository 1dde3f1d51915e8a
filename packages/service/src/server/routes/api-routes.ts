/** Every /api/v1 route of the user API. */
import type { FastifyInstance } from 'fastify';
import type { Device } from '@flightctl/api';
import { authProviderKind } from '../../resources/auth-providers.js';
import { fleetKind } from '../../resources/fleets.js';
import { repositoryKind } from '../../resources/repositories.js';
import { ResourceService } from '../../resources/resource-service.js';
import { resourceSyncKind } from '../../resources/resource-syncs.js';
import { registerDeviceRoutes } from './device-routes.js';
import { registerEnrollmentRoutes, type EnrollmentRouteDeps } from './enrollment-routes.js';
import { registerFleetRoutes } from './fleet-routes.js';
import { registerCollectionRoutes } from './collection-routes.js';
import { registerRepositoryRoutes } from './repository-routes.js';
import { registerResourceRoutes } from './resource-routes.js';

export interface ApiRouteDeps extends EnrollmentRouteDeps {
  /** Devices, built by the service so that committed changes reach waiting agents. */
  devices: ResourceService<Device>;
}

export function registerApiRoutes(app: FastifyInstance, deps: ApiRouteDeps): void {
  const { store, devices } = deps;
  const fleets = new ResourceService(fleetKind, store);
  registerDeviceRoutes(app, deps, devices, store);
  registerFleetRoutes(app, deps, fleets, store);
  registerEnrollmentRoutes(app, deps);
  registerResourceRoutes(app, deps, new ResourceService(repositoryKind, store));
  registerRepositoryRoutes(app, deps, store);
  registerResourceRoutes(app, deps, new ResourceService(resourceSyncKind, store));
  registerResourceRoutes(app, deps, new ResourceService(authProviderKind, store));
  registerCollectionRoutes(app, deps, store);
}
