import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../resources/request-context.js';

/** What every route module needs from the server: the caller's context. */
export interface RouteDeps {
  context(request: FastifyRequest): Promise<RequestContext>;
}

export type NameParams = { name: string };
export type Query = Record<string, unknown>;
