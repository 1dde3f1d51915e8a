/**
 * Optional per-client-IP rate limiting (`service.rateLimit`, ref/service.md §11.2): a fixed window
 * for all /api/v1 routes and a stricter one for /auth/validate. Proxy headers name the client only
 * when the peer is a trusted proxy.
 */
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceConfig } from '../config/config-schema.js';
import { parseDuration } from '../config/duration.js';

type RateLimitConfig = ServiceConfig['rateLimit'];

interface Window {
  start: number;
  count: number;
}

class FixedWindow {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a request; false when the client is over its limit for the current window. */
  take(key: string, now: number): boolean {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.evictExpired(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count <= this.limit;
  }

  private evictExpired(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

export function trustedProxyList(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    const family = isIP(address ?? '');
    if (!family) throw new Error(`service.rateLimit.trustedProxies: "${cidr}" is not an IP address or CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(bits), type);
  }
  return list;
}

const firstHeader = (request: FastifyRequest, name: string) => {
  const v = request.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim() || undefined;
};

/** True-Client-IP, X-Real-IP, then the first X-Forwarded-For, believed only from trusted proxies. */
export function clientIp(request: FastifyRequest, trusted: BlockList): string {
  const peer = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const family = isIP(peer);
  if (!family || !trusted.check(peer, family === 4 ? 'ipv4' : 'ipv6')) return peer;
  return (
    firstHeader(request, 'true-client-ip') ??
    firstHeader(request, 'x-real-ip') ??
    firstHeader(request, 'x-forwarded-for') ??
    peer
  );
}

function tooManyRequests(message: string) {
  // Upstream fills only code, message and reason in this body.
  return { apiVersion: '', kind: '', status: '', code: 429, reason: 'TooManyRequests', message };
}

export function rateLimiting(app: FastifyInstance, config: RateLimitConfig): void {
  if (!config.enabled) return;
  const trusted = trustedProxyList(config.trustedProxies);
  const general = new FixedWindow(config.requests, parseDuration(config.window));
  const auth = new FixedWindow(config.authRequests, parseDuration(config.authWindow));
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/api/v1/') && !path.startsWith('/ws/v1/')) return;
    const isAuth = path === '/api/v1/auth/validate';
    const bucket = isAuth ? auth : general;
    if (bucket.take(clientIp(request, trusted), Date.now())) return;
    const message = isAuth
      ? 'Login rate limit exceeded, please try again later'
      : 'Rate limit exceeded, please try again later';
    return reply
      .code(429)
      .header('Retry-After', String(Math.ceil(bucket.windowMs / 1000)))
      .send(tooManyRequests(message));
  });
}
