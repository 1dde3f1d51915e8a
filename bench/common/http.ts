/**
 * A minimal HTTP client for the load generator: node:http over one keep-alive connection, the body
 * collected as raw bytes. Parsing is left to the caller, so timed loops parse only what they need
 * (the continue token) and the client's own JSON work stays out of the service's numbers.
 */
import http from 'node:http';

export interface HttpResponse {
  status: number;
  body: Buffer;
}

export const keepAliveAgent = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

export function httpGet(agent: http.Agent, url: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** GET that must answer 200. */
export async function getOk(agent: http.Agent, url: string): Promise<Buffer> {
  const res = await httpGet(agent, url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
  return res.body;
}

/**
 * `metadata.continue` of a list body without parsing the items: the envelope puts `metadata`
 * (a flat object of a base64 token and a count) before `items`.
 */
export function continueOf(body: Buffer): string | undefined {
  const head = body.subarray(0, 1024).toString('utf8');
  const metadata = /"metadata":(\{[^{}]*\})/.exec(head);
  if (!metadata) throw new Error(`no list metadata in: ${head.slice(0, 200)}`);
  return (JSON.parse(metadata[1]!) as { continue?: string }).continue;
}
