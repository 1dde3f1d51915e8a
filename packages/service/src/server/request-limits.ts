import type { FastifyInstance } from 'fastify';
import { ApiError } from '@flightctl/api';

/** URL length and header count limits (`service.httpMaxUrlLength`, `service.httpMaxNumHeaders`). */
export function requestLimits(app: FastifyInstance, limits: { maxUrlLength: number; maxHeaders: number }): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > limits.maxUrlLength)
      throw new ApiError(414, `request URL is longer than ${limits.maxUrlLength} characters`);
    if (request.raw.rawHeaders.length / 2 > limits.maxHeaders)
      throw new ApiError(431, `request has more than ${limits.maxHeaders} headers`);
  });
}
