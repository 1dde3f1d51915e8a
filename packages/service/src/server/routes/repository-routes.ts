/** /api/v1/repositories/{name}/check-oci-tag and check-oci-image: ask an OCI repository's registry. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';
import { RepositoryOciChecks, type OciCheckOptions } from '../../resources/oci-registry-check.js';
import type { NameParams, RouteDeps } from './route-context.js';

export function registerRepositoryRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  store: Store,
  options: OciCheckOptions = {},
): void {
  const checks = new RepositoryOciChecks(store, options);
  const one = '/api/v1/repositories/:name';
  app.post<{ Params: NameParams }>(`${one}/check-oci-tag`, async (req) =>
    checks.checkTag(await deps.context(req), req.params.name, req.body),
  );
  app.post<{ Params: NameParams }>(`${one}/check-oci-image`, async (req) =>
    checks.checkImage(await deps.context(req), req.params.name, req.body),
  );
}
