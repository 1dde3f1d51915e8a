/**
 * What the user API and the agent API share (ref/api.md §1.3, §1.4): a Fastify instance with the
 * HTTP limits of `service.*` and a one-line request log, then, in upstream's order, request limits, security headers, the
 * optional rate limit, the request id, API version negotiation, and errors as `Status` bodies.
 * Each server adds its authentication and routes on top.
 */
import { randomUUID } from 'node:crypto';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServiceConfig } from '../config/config-schema.js';
import { parseDuration } from '../config/duration.js';
import { apiVersionNegotiation } from './api-version.js';
import { errorHandling } from './error-handler.js';
import { rateLimiting } from './rate-limit.js';
import { requestLimits } from './request-limits.js';
import { RequestLog } from './request-log.js';
import { securityHeaders } from './security-headers.js';
import { unpooledAlpnCopies } from './unpooled-alpn.js';

export interface ApiServerOptions {
  service: ServiceConfig;
  /** TLS settings; plain HTTP when absent. */
  https?: HttpsServerOptions;
  /**
   * With `https`: offer HTTP/2 (ALPN), keeping HTTP/1.1 for clients without it. An idle HTTP/2
   * connection is closed after `idleTimeoutMs` (default `service.httpIdleTimeout`).
   */
  http2?: { idleTimeoutMs?: number };
  logger?: FastifyServerOptions['loggerInstance'];
}

export function createApiServer(options: ApiServerOptions): FastifyInstance {
  const svc = options.service;
  const idleTimeout = parseDuration(svc.httpIdleTimeout);
  const https = options.https && { ...options.https, maxHeaderSize: svc.httpMaxHeaderBytes };
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    ...(https && options.http2
      ? {
          http2: true,
          // HTTP/2 has no maxHeaderSize: the limit is advertised as SETTINGS_MAX_HEADER_LIST_SIZE
          // and enforced by requestLimits.
          https: {
            ...https,
            allowHTTP1: true,
            // No HPACK dynamic tables in either direction: a connection is held for hours and carries a
            // few requests a minute, and the tables filled to 4 KiB each (every response's request id is
            // new): ~4 KB of native memory per connection for a few hundred bytes a request.
            maxDeflateDynamicTableSize: 0,
            settings: { maxHeaderListSize: svc.httpMaxHeaderBytes, headerTableSize: 0 },
          },
          http2SessionTimeout: options.http2.idleTimeoutMs ?? idleTimeout,
          // Node 20 does not end HTTP/2 sessions on server.close(); Fastify does it with this.
          forceCloseConnections: true,
        }
      : https
        ? { https }
        : { http: { maxHeaderSize: svc.httpMaxHeaderBytes } }),
    bodyLimit: svc.httpMaxRequestSize,
    // Resource names are DNS subdomains of up to 253 characters.
    routerOptions: { maxParamLength: 512 },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    requestTimeout: parseDuration(svc.httpReadTimeout),
    keepAliveTimeout: idleTimeout,
    return503OnClosing: true,
    logController: new RequestLog(),
  } as FastifyServerOptions);
  if (https) unpooledAlpnCopies(app.server);

  app.addContentTypeParser(
    'application/json-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  requestLimits(app, {
    maxUrlLength: svc.httpMaxUrlLength,
    maxHeaders: svc.httpMaxNumHeaders,
    maxHeaderBytes: svc.httpMaxHeaderBytes,
  });
  securityHeaders(app);
  rateLimiting(app, svc.rateLimit);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  apiVersionNegotiation(app);
  errorHandling(app);
  return app;
}
