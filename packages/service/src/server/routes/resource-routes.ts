/**
 * The REST routes every stored kind has under /api/v1/<plural> (ref/api.md §2.1): list, create,
 * get, replace (PUT create-or-update), patch, delete, and optionally the status subresource.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError, okStatus } from '@flightctl/api';
import { listResponse } from '../../resources/list-json.js';
import type { Resource } from '../../resources/resource-kind.js';
import type { ResourceService } from '../../resources/resource-service.js';
import { replyJson } from './json-reply.js';
import type { NameParams, Query, RouteDeps } from './route-context.js';

export interface ResourceRouteOptions {
  /**
   * The status subresource; upstream declares PATCH …/status for some kinds but answers 501,
   * and we keep that answer.
   */
  status?: { patch: 'supported' | 'not-implemented' };
  /** Routes the kind registers itself, with its own handler. */
  skip?: ('list' | 'get')[];
}

export function registerResourceRoutes<T extends Resource>(
  app: FastifyInstance,
  deps: RouteDeps,
  svc: ResourceService<T>,
  options: ResourceRouteOptions = {},
): void {
  const base = `/api/v1/${svc.def.plural}`;
  const one = `${base}/:name`;
  const skip = new Set(options.skip);

  if (!skip.has('list'))
    app.get<{ Querystring: Query }>(base, async (req, reply) =>
      replyJson(reply, await listResponse(svc, await deps.context(req), req.query)),
    );
  app.post(base, async (req, reply) => reply.code(201).send(await svc.create(await deps.context(req), req.body)));
  if (!skip.has('get'))
    app.get<{ Params: NameParams }>(one, async (req) => svc.get(await deps.context(req), req.params.name));
  app.put<{ Params: NameParams }>(one, async (req, reply) => {
    const { object, created } = await svc.replace(await deps.context(req), req.params.name, req.body);
    return reply.code(created ? 201 : 200).send(object);
  });
  app.patch<{ Params: NameParams }>(one, async (req) => svc.patch(await deps.context(req), req.params.name, req.body));
  app.delete<{ Params: NameParams }>(one, async (req) => {
    await svc.delete(await deps.context(req), req.params.name);
    return okStatus();
  });

  const status = options.status;
  if (!status) return;
  app.get<{ Params: NameParams }>(`${one}/status`, async (req) => svc.get(await deps.context(req), req.params.name));
  app.put<{ Params: NameParams }>(`${one}/status`, async (req) =>
    svc.replaceStatus(await deps.context(req), req.params.name, req.body),
  );
  app.patch<{ Params: NameParams }>(`${one}/status`, async (req) => {
    if (status.patch === 'not-implemented') {
      await svc.get(await deps.context(req), req.params.name);
      throw new ApiError(501, 'not yet implemented');
    }
    return svc.patchStatus(await deps.context(req), req.params.name, req.body);
  });
}
