import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

describe('request log', () => {
  it('writes one line per request, when it completes, with method, URL, status and time', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const app = Fastify({ loggerInstance: pino(sink), logController: new RequestLog() });
    app.get('/api/v1/devices/:name', async (_req, reply) => reply.code(404).send({ kind: 'Status' }));
    await app.inject({ method: 'GET', url: '/api/v1/devices/d1?x=1' });
    await app.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/api/v1/devices/d1?x=1' },
      res: { statusCode: 404 },
      reqId: expect.any(String),
      responseTime: expect.any(Number),
    });
  });
});
