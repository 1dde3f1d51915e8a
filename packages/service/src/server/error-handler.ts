/**
 * Every failure leaves as a `Status` body (ref/api.md §7): ApiErrors with their code, Fastify's own
 * errors (bad JSON, body too large, unsupported media type) with theirs, anything else as 500.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, statusBody } from '@flightctl/api';

export function errorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.code).send(error.toStatus());
    const code = (error as FastifyError).statusCode;
    if (code && code >= 400 && code < 500) {
      const message =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? `API Error: request body is not valid JSON: ${error.message}`
          : error.message;
      return reply.code(code).send(statusBody(code, message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(statusBody(500, error.message || 'internal error'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(statusBody(404, `no such endpoint: ${request.method} ${request.url.split('?')[0]}`));
  });
}
