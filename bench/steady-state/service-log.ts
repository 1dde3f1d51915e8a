/**
 * The service's own view of the agent requests: its request log (pino JSON lines, one "request
 * completed" line per request with the method, URL, status code and responseTime), for the
 * requests that completed in a time range. Where this differs from the agents' timings, the
 * difference is the network, TLS and the client's own event loop.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ServedRequest {
  method: string;
  url: string;
  statusCode: number;
  ms: number;
}

interface LogLine {
  time?: number;
  msg?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

export async function servedRequests(logPath: string, fromMs: number, toMs: number): Promise<ServedRequest[]> {
  const served: ServedRequest[] = [];
  for await (const text of createInterface({ input: createReadStream(logPath) })) {
    if (!text.startsWith('{"level"')) continue;
    const line = JSON.parse(text) as LogLine;
    if (line.msg !== 'request completed' || !line.req) continue;
    if (line.time! >= fromMs && line.time! <= toMs)
      served.push({
        method: line.req.method,
        url: line.req.url,
        statusCode: line.res?.statusCode ?? 0,
        ms: line.responseTime ?? NaN,
      });
  }
  return served;
}

export const statusPuts = (served: ServedRequest[]) =>
  served.filter((r) => r.method === 'PUT' && /^\/api\/v1\/devices\/[^/]+\/status$/.test(r.url) && r.statusCode === 200);

export const renderedGets = (served: ServedRequest[], statusCode: number) =>
  served.filter(
    (r) => r.method === 'GET' && /^\/api\/v1\/devices\/[^/]+\/rendered/.test(r.url) && r.statusCode === statusCode,
  );
