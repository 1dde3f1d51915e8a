/**
 * The agent API server (ref/api.md §2.4, ref/service.md §6.7): HTTPS on `service.agentEndpointAddress`
 * that requires a client certificate from a CA of the bundle, with the user API's cross-cutting
 * behaviour, certificate authentication, and the device and enrollment routes agents call.
 */
import { constants } from 'node:crypto';
import type { Device } from '@flightctl/api';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../config/config-schema.js';
import { parseDuration } from '../config/duration.js';
import type { CertificateServices } from '../crypto/certificate-services.js';
import type { LastSeenBatcher } from '../heartbeat/last-seen-batcher.js';
import type { RenderedVersionNotifier } from '../notify/rendered-version-notifier.js';
import type { ResourceService } from '../resources/resource-service.js';
import type { Store } from '../store/index.js';
import { agentAuthentication } from './agent-auth.js';
import { createApiServer } from './common-server.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { registerAgentDeviceRoutes } from './routes/agent-device-routes.js';
import { registerAgentEnrollmentRoutes } from './routes/agent-enrollment-routes.js';

export interface AgentApiOptions {
  config: Config;
  store: Store;
  certificates: CertificateServices;
  /** Devices, with the status writes of device-status-writes.ts. */
  devices: ResourceService<Device>;
  notifier: RenderedVersionNotifier;
  heartbeats: LastSeenBatcher;
  logger?: FastifyServerOptions['loggerInstance'];
}

export async function buildAgentApi(options: AgentApiOptions): Promise<FastifyInstance> {
  const { config, store, certificates } = options;
  const svc = config.service;
  const renderedWaitTimeoutMs = parseDuration(svc.renderedWaitTimeout);
  const app = createApiServer({
    service: svc,
    logger: options.logger,
    // One connection per agent carries its long poll and its status reports; a session stays open
    // through a whole poll (no frames while it waits) and the idle time after it.
    http2: { idleTimeoutMs: renderedWaitTimeoutMs + parseDuration(svc.httpIdleTimeout) },
    https: {
      ...certificates.agentServerTls(),
      ca: certificates.caBundlePem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      // No session tickets: agents hold one connection for hours and do not resume, and each
      // connection kept ~12 KB more of native memory with tickets (10,000 agents: ~120 MB).
      secureOptions: constants.SSL_OP_NO_TICKET,
    },
  });
  // Waiting polls end at once with 204 when the server closes.
  app.addHook('preClose', async () => options.notifier.endWaits());
  agentAuthentication(app, {
    signerNames: certificates.signerNames,
    deviceCommonNamePrefix: config.ca.deviceCommonNamePrefix,
  });
  registerAgentDeviceRoutes(app, {
    store,
    devices: options.devices,
    notifier: options.notifier,
    heartbeats: options.heartbeats,
    limit: new ConcurrencyLimit(svc.agentMaxConcurrentRequests),
    renderedWaitTimeoutMs,
  });
  registerAgentEnrollmentRoutes(app, { store, certificates });
  await app.ready();
  return app;
}
