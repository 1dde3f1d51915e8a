/**
 * The user API server (Fastify): cross-cutting behaviour in upstream's order (limits, security
 * headers, request id, version negotiation, errors as Status), then every route.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config/config-schema.js';
import { parseDuration } from '../config/duration.js';
import type { Store } from '../store/index.js';
import { apiVersionNegotiation } from './api-version.js';
import { errorHandling } from './error-handler.js';
import { requestContext } from './organization.js';
import { rateLimiting } from './rate-limit.js';
import { requestLimits } from './request-limits.js';
import { securityHeaders } from './security-headers.js';
import { yamlBodies } from './yaml-body.js';
import { registerMetaRoutes } from './routes/meta-routes.js';
import { registerApiRoutes } from './routes/api-routes.js';

export interface UserApiOptions {
  config: Config;
  store: Store;
  ready(): Promise<void>;
  tls?: { key: string; cert: string };
  logger?: FastifyServerOptions['loggerInstance'];
}

export async function buildUserApi(options: UserApiOptions): Promise<FastifyInstance> {
  const svc = options.config.service;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    ...(options.tls
      ? { https: { ...options.tls, maxHeaderSize: svc.httpMaxHeaderBytes } }
      : { http: { maxHeaderSize: svc.httpMaxHeaderBytes } }),
    bodyLimit: svc.httpMaxRequestSize,
    // Resource names are DNS subdomains of up to 253 characters.
    routerOptions: { maxParamLength: 512 },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    requestTimeout: parseDuration(svc.httpReadTimeout),
    keepAliveTimeout: parseDuration(svc.httpIdleTimeout),
    return503OnClosing: true,
  } as FastifyServerOptions);

  app.addContentTypeParser(
    'application/json-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  yamlBodies(app);
  requestLimits(app, { maxUrlLength: svc.httpMaxUrlLength, maxHeaders: svc.httpMaxNumHeaders });
  securityHeaders(app);
  rateLimiting(app, svc.rateLimit);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  apiVersionNegotiation(app);
  errorHandling(app);

  registerMetaRoutes(app, { health: svc.healthChecks, ready: options.ready });
  registerApiRoutes(app, options.store, { context: (request) => requestContext(request, options.store) });
  await app.ready();
  return app;
}
