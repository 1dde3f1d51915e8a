/**
 * The user API server (Fastify): the cross-cutting behaviour of common-server.ts, YAML bodies, then
 * every route.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Device } from '@flightctl/api';
import type { Config } from '../config/config-schema.js';
import type { CertificateServices } from '../crypto/certificate-services.js';
import type { ResourceService } from '../resources/resource-service.js';
import type { Store } from '../store/index.js';
import { createApiServer } from './common-server.js';
import { requestContext } from './organization.js';
import { yamlBodies } from './yaml-body.js';
import { registerMetaRoutes } from './routes/meta-routes.js';
import { registerApiRoutes } from './routes/api-routes.js';

export interface UserApiOptions {
  config: Config;
  store: Store;
  certificates: CertificateServices;
  /** Devices, built by the service so that committed changes reach waiting agents. */
  devices: ResourceService<Device>;
  ready(): Promise<void>;
  tls?: { key: string; cert: string };
  logger?: FastifyServerOptions['loggerInstance'];
}

export async function buildUserApi(options: UserApiOptions): Promise<FastifyInstance> {
  const svc = options.config.service;
  const app = createApiServer({ service: svc, https: options.tls, logger: options.logger });
  yamlBodies(app);

  registerMetaRoutes(app, { health: svc.healthChecks, ready: options.ready });
  registerApiRoutes(app, {
    store: options.store,
    certificates: options.certificates,
    devices: options.devices,
    service: svc,
    context: (request) => requestContext(request, options.store),
  });
  await app.ready();
  return app;
}
