import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { startTestService, type TestService } from '@flightctl/testing';
import { clientIp, trustedProxyList } from './rate-limit.js';

describe('rate limiting (service.rateLimit)', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService('pglite', {
      config: {
        'service.rateLimit': {
          enabled: true,
          requests: 3,
          window: '1h',
          authRequests: 1,
          authWindow: '1h',
          trustedProxies: ['127.0.0.1/32'],
        },
      },
    });
  });
  afterAll(() => svc?.close());

  it('answers 429 with Retry-After once a client exceeds its window, keyed by the proxied client IP', async () => {
    const as = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) expect((await svc.request('GET', '/api/v1/devices', as('10.0.0.1'))).status).toBe(200);
    const limited = await svc.request('GET', '/api/v1/devices', as('10.0.0.1'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    expect(limited.body).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      message: 'Rate limit exceeded, please try again later',
    });
    // Another client behind the trusted proxy has its own window.
    expect((await svc.request('GET', '/api/v1/devices', as('10.0.0.2'))).status).toBe(200);
  });

  it('gives /auth/validate its own stricter window', async () => {
    const as = { headers: { 'x-real-ip': '10.0.0.9' } };
    expect((await svc.request('GET', '/api/v1/auth/validate', as)).status).toBe(200);
    const limited = await svc.request('GET', '/api/v1/auth/validate', as);
    expect(limited.status).toBe(429);
    expect(limited.body.message).toBe('Login rate limit exceeded, please try again later');
  });

  it('does not limit health checks', async () => {
    for (let i = 0; i < 5; i++) expect((await svc.request('GET', '/healthz')).status).toBe(200);
  });
});

describe('clientIp', () => {
  const request = (peer: string, headers: Record<string, string>) =>
    ({ socket: { remoteAddress: peer }, headers }) as unknown as FastifyRequest;

  it('believes proxy headers only from trusted proxies', () => {
    const trusted = trustedProxyList(['10.1.0.0/16']);
    expect(clientIp(request('10.1.2.3', { 'x-forwarded-for': '192.0.2.7, 10.1.2.3' }), trusted)).toBe('192.0.2.7');
    expect(clientIp(request('::ffff:10.1.2.3', { 'true-client-ip': '192.0.2.8' }), trusted)).toBe('192.0.2.8');
    expect(clientIp(request('198.51.100.4', { 'x-forwarded-for': '192.0.2.7' }), trusted)).toBe('198.51.100.4');
  });

  it('rejects a malformed trusted proxy entry by name', () => {
    expect(() => trustedProxyList(['nope/8'])).toThrow(
      'service.rateLimit.trustedProxies: "nope/8" is not an IP address or CIDR',
    );
  });
});
