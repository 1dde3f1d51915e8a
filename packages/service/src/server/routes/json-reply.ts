/** Sending a handler's result that may be JSON text already (lists: resources/list-json.ts). */
import type { FastifyReply } from 'fastify';
import { JsonText } from '../../resources/list-json.js';

/**
 * JSON text goes out as it is, with the content type Fastify gives the objects it serializes;
 * encoded once here, where a string would be scanned for its length and then encoded again.
 */
export function replyJson<T>(reply: FastifyReply, body: JsonText | T): FastifyReply | T {
  if (!(body instanceof JsonText)) return body;
  return reply.type('application/json; charset=utf-8').send(Buffer.from(body.text));
}
