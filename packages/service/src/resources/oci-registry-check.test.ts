/**
 * What the end-to-end registry tests (test/oci-registry.test.ts) cannot provoke from a real registry:
 * challenge parsing, the deadline, redirects, and token servers answering `access_token` to a challenge
 * without a scope. The fakes here are plain in-process HTTP servers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OciRepoSpec } from '@flightctl/api';
import { checkOciImage, checkOciTag, imageNameProblem, parseChallenges } from './oci-registry-check.js';

const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const spec = (registry: string, extra: Partial<OciRepoSpec> = {}): OciRepoSpec => ({
  type: 'oci',
  registry,
  scheme: 'http',
  ...extra,
});

describe('parseChallenges', () => {
  it('reads a Docker token challenge', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/ubuntu:pull',
        },
      },
    ]);
  });

  it('reads several challenges, unquoted values and escapes', () => {
    expect(parseChallenges('Basic realm="a \\"b\\"", Bearer realm=https://x/t, service=s, Negotiate')).toEqual([
      { scheme: 'basic', params: { realm: 'a "b"' } },
      { scheme: 'bearer', params: { realm: 'https://x/t', service: 's' } },
      { scheme: 'negotiate', params: {} },
    ]);
    expect(parseChallenges(undefined)).toEqual([]);
  });
});

describe('imageNameProblem', () => {
  it('accepts repository paths and refuses tags, digests, hosts and uppercase', () => {
    expect(imageNameProblem('centos-bootc/centos-bootc')).toBeUndefined();
    expect(imageNameProblem('a/b.c/d__e')).toBeUndefined();
    for (const bad of ['app:v1', 'app@sha256:abcd', 'quay.io:443/app', 'App', '/app', 'app/'])
      expect(imageNameProblem(bad), bad).toContain(`invalid imageName "${bad}"`);
  });
});

describe('registry checks against fakes', () => {
  it('gives up after the deadline with a message and no code', async () => {
    const registry = await serve(() => {
      // Never answers.
    });
    const result = await checkOciTag(spec(registry), 'app', 'v1', { timeoutMs: 200 });
    expect(result).toEqual({ accessible: false, errorMessage: `no answer from http://${registry} within 0.2 s` });
  });

  it('follows a redirect to another origin without the credentials', async () => {
    let redirectedAuthorization: string | undefined = 'not called';
    const target = await serve((req, res) => {
      redirectedAuthorization = req.headers.authorization;
      res.writeHead(200).end();
    });
    const registry = await serve((req, res) => {
      if (!req.headers.authorization) res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
      else res.writeHead(307, { location: `http://${target}${req.url}` }).end();
    });
    const auth = { authType: 'docker' as const, username: 'u', password: 'p' };
    expect(await checkOciTag(spec(registry, { ociAuth: auth }), 'app', 'v1')).toEqual({ accessible: true });
    expect(redirectedAuthorization).toBeUndefined();
  });

  it('asks the token server for pull access when the challenge names no scope, and reads access_token', async () => {
    let tokenQuery: URLSearchParams | undefined;
    const tokenServer = await serve((req, res) => {
      tokenQuery = new URL(req.url!, 'http://x').searchParams;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t0k"}');
    });
    const registry = await serve((req, res) => {
      if (req.headers.authorization === 'Bearer t0k') res.writeHead(200).end('{"name":"a/b","tags":["v1"]}');
      else res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${tokenServer}/token",service="reg"` }).end();
    });
    expect(await checkOciImage(spec(registry), 'a/b')).toEqual({ accessible: true });
    expect(tokenQuery?.get('service')).toBe('reg');
    expect(tokenQuery?.getAll('scope')).toEqual(['repository:a/b:pull']);
  });

  it('reports a token server answering without a token', async () => {
    const tokenServer = await serve((_req, res) => res.writeHead(200).end('{}'));
    const registry = await serve((_req, res) =>
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${tokenServer}/token"` }).end(),
    );
    expect(await checkOciTag(spec(registry), 'app', 'v1')).toEqual({
      accessible: false,
      errorMessage: `request to http://${registry} failed: the token server ${tokenServer} returned no token`,
    });
  });

  it('sends the manifest media types on the tag check', async () => {
    let accept: string | undefined;
    const registry = await serve((req, res) => {
      accept = req.headers.accept;
      res.writeHead(req.method === 'HEAD' && req.url === '/v2/app/manifests/v1' ? 200 : 500).end();
    });
    expect(await checkOciTag(spec(registry), 'app', 'v1')).toEqual({ accessible: true });
    expect(accept).toContain('application/vnd.oci.image.index.v1+json');
    expect(accept).toContain('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('reports a server error with its code', async () => {
    const registry = await serve((_req, res) => res.writeHead(503).end());
    expect(await checkOciImage(spec(registry), 'app')).toEqual({
      accessible: false,
      errorCode: 503,
      errorMessage: `${registry} answered 503 Service Unavailable`,
    });
  });
});
