/**
 * API version negotiation (ref/api.md §1.4): the optional `Flightctl-API-Version` request header
 * must name a version the endpoint supports; every endpoint here supports only v1beta1.
 */
import type { FastifyInstance } from 'fastify';
import { API_VERSION } from '@flightctl/api';

export const API_VERSION_HEADER = 'Flightctl-API-Version';
const SUPPORTED = [API_VERSION];

export function apiVersionNegotiation(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1/') && request.url !== '/api/v1') return;
    const requested = request.headers[API_VERSION_HEADER.toLowerCase()];
    if (requested !== undefined && !SUPPORTED.includes(String(requested))) {
      // Upstream fills only code, message and reason in this body.
      return reply
        .code(406)
        .header('Flightctl-API-Versions-Supported', SUPPORTED.join(', '))
        .send({
          apiVersion: '',
          kind: '',
          status: '',
          code: 406,
          reason: 'Not Acceptable',
          message: `Requested API version is not supported for this endpoint. Supported versions: ${SUPPORTED.join(', ')}`,
        });
    }
    reply.header(API_VERSION_HEADER, API_VERSION).header('Vary', API_VERSION_HEADER);
  });
}
