/** Unversioned and meta endpoints: version, liveness, readiness, the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { ApiError, openApiDocument, statusBody } from '@flightctl/api';
import { SERVICE_VERSION } from '../../version.js';
import type { ServiceConfig } from '../../config/config-schema.js';
import { parseDuration } from '../../config/duration.js';

export interface MetaDeps {
  health: ServiceConfig['healthChecks'];
  /** Resolves when the database answers. */
  ready(): Promise<void>;
}

export function registerMetaRoutes(app: FastifyInstance, deps: MetaDeps): void {
  const version = async () => ({ version: SERVICE_VERSION });
  app.get('/api/v1/version', version);
  app.get('/api/version', version);

  const document = openApiDocument(SERVICE_VERSION);
  app.get('/api/v1/openapi.json', async () => document);

  if (!deps.health.enabled) return;
  app.get(deps.health.livenessPath, async () => statusBody(200, 'alive'));
  const timeoutMs = parseDuration(deps.health.readinessTimeout);
  app.get(deps.health.readinessPath, async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ApiError(503, 'database did not answer in time')), timeoutMs);
    });
    try {
      await Promise.race([
        deps.ready().catch((err: Error) => {
          throw new ApiError(503, `database unavailable: ${err.message}`);
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
    return statusBody(200, 'ready');
  });
}
