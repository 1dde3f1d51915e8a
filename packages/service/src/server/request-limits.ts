import type { FastifyInstance } from 'fastify';
import { ApiError } from '@flightctl/api';

/**
 * URL length and header limits (`service.httpMaxUrlLength`, `service.httpMaxNumHeaders`,
 * `service.httpMaxHeaderBytes`). Node's HTTP/1.1 parser enforces the header bytes itself (431); its
 * HTTP/2 server only advertises the limit, so HTTP/2 requests are measured here.
 */
export function requestLimits(
  app: FastifyInstance,
  limits: { maxUrlLength: number; maxHeaders: number; maxHeaderBytes: number },
): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > limits.maxUrlLength)
      throw new ApiError(414, `request URL is longer than ${limits.maxUrlLength} characters`);
    if (request.raw.rawHeaders.length / 2 > limits.maxHeaders)
      throw new ApiError(431, `request has more than ${limits.maxHeaders} headers`);
    if (request.raw.httpVersionMajor === 2 && headerBytes(request.raw.rawHeaders) > limits.maxHeaderBytes)
      throw new ApiError(431, `request headers are larger than ${limits.maxHeaderBytes} bytes`);
  });
}

function headerBytes(rawHeaders: string[]): number {
  let bytes = 0;
  for (const part of rawHeaders) bytes += part.length;
  return bytes;
}
