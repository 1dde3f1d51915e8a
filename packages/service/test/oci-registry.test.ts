/**
 * POST /api/v1/repositories/{name}/check-oci-tag and check-oci-image end to end: the real service asks
 * real distribution registries (Debian's docker-registry) started here, sharing one storage directory:
 * anonymous over HTTP, htpasswd basic auth over HTTP, and token auth over HTTPS with a custom CA, whose
 * token server runs in this process. Skips when docker-registry or htpasswd (apache2-utils) is missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, sign, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathRequirement, startTestService, waitFor, type TestService } from '@flightctl/testing';
import { ensureServerCertificates, type ServerTlsMaterial } from '../src/crypto/server-certificate.js';

const onPath = (cmd: string) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, cmd))
    .find((file) => existsSync(file));
const REGISTRY_BIN = onPath('docker-registry') ?? '/usr/bin/docker-registry';
const HTPASSWD_BIN = onPath('htpasswd') ?? '/usr/bin/htpasswd';
const INSTALL = 'apt-get install docker-registry apache2-utils';
const available =
  pathRequirement(REGISTRY_BIN, `OCI registry tests skipped: docker-registry is not installed (${INSTALL})`) &&
  pathRequirement(HTPASSWD_BIN, `OCI registry tests skipped: htpasswd is not installed (${INSTALL})`);

const IMAGE = 'flightctl/test-app';
const TAG = 'v1';
const USER = 'flightctl';
const PASSWORD = 'secret-password';
const TOKEN_SERVICE = 'test-registry';
const TOKEN_ISSUER = 'test-token-issuer';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });

interface Registry {
  /** `127.0.0.1:<port>`, as a Repository's spec.registry. */
  address: string;
  stop(): Promise<void>;
}

interface RegistrySettings {
  /** Merged into the `http` section (e.g. `tls`). */
  http?: Record<string, unknown>;
  auth?: Record<string, unknown>;
}

/** Starts `docker-registry serve` with `settings` on a free port and waits until it listens. */
async function startRegistry(
  dir: string,
  name: string,
  storage: string,
  settings: RegistrySettings,
): Promise<Registry> {
  const port = await freePort();
  const config = {
    version: '0.1',
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: storage }, maintenance: { uploadpurging: { enabled: false } } },
    ...(settings.auth ? { auth: settings.auth } : {}),
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString('hex'), ...settings.http },
  };
  const configPath = join(dir, `${name}.yml`);
  // JSON is YAML.
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`registry ${name} exited with ${child.exitCode}:\n${output}`);
        return accepts(port);
      },
      { timeoutMs: 20_000, what: `registry ${name} on port ${port}` },
    );
  } catch (err) {
    child.kill();
    throw err;
  }
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const digest = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Pushes a minimal one-layer OCI image with the registry HTTP API (blob uploads, then the manifest). */
async function pushImage(registry: string, image: string, tag: string): Promise<void> {
  const base = `http://${registry}/v2/${image}`;
  const uploadBlob = async (data: Buffer) => {
    const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
    expect(start.status).toBe(202);
    const location = new URL(start.headers.get('location')!, base);
    location.searchParams.set('digest', digest(data));
    const put = await fetch(location, {
      method: 'PUT',
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(201);
    return { digest: digest(data), size: data.length };
  };
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const layer = randomBytes(64);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...(await uploadBlob(config)) },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...(await uploadBlob(layer)) }],
    }),
  );
  const put = await fetch(`${base}/manifests/${tag}`, {
    method: 'PUT',
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  expect(put.status).toBe(201);
}

/** A JWT the registry's token auth accepts: ES256, signed by the leaf of `x5c`, which chains to its root bundle. */
function registryToken(tls: ServerTlsMaterial, access: object[]): string {
  const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'ES256', x5c: [der(tls.certPem), der(tls.caCertPem)] };
  const claims = {
    iss: TOKEN_ISSUER,
    sub: USER,
    aud: TOKEN_SERVICE,
    exp: now + 300,
    nbf: now - 60,
    iat: now,
    jti: randomBytes(8).toString('hex'),
    access,
  };
  const input = `${part(header)}.${part(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key: tls.keyPem, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * The Docker token endpoint: a token granting the requested scopes to the right basic credentials,
 * a token granting nothing to anonymous callers, 401 to wrong credentials.
 */
async function startTokenServer(tls: ServerTlsMaterial): Promise<{ realm: string; close(): Promise<void> }> {
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    const auth = req.headers.authorization;
    if (url.pathname !== '/token' || url.searchParams.get('service') !== TOKEN_SERVICE) {
      res.writeHead(400).end();
      return;
    }
    if (auth !== undefined && auth !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"incorrect username or password"}');
      return;
    }
    const access = auth
      ? url.searchParams.getAll('scope').map((scope) => {
          const [type, name, actions] = scope.split(':');
          return { type, name, actions: actions!.split(',') };
        })
      : [];
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token: registryToken(tls, access) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!available)('OCI repository checks against a real registry', () => {
  let dir: string;
  let tls: ServerTlsMaterial;
  let svc: TestService;
  let tokenServer: Awaited<ReturnType<typeof startTokenServer>>;
  const registries: Registry[] = [];
  let anonymous: Registry;
  let basicAuth: Registry;
  let tokenAuth: Registry;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flightctl-oci-'));
    const storage = join(dir, 'storage');
    tls = await ensureServerCertificates(join(dir, 'certs'), { hostnames: ['localhost'], ips: ['127.0.0.1'] });
    const htpasswdPath = join(dir, 'htpasswd');
    writeFileSync(htpasswdPath, execFileSync(HTPASSWD_BIN, ['-Bbn', USER, PASSWORD]));
    tokenServer = await startTokenServer(tls);
    // Everything started is recorded at once, so afterAll stops it even when another start failed.
    const registry = async (name: string, settings: RegistrySettings) => {
      const started = await startRegistry(dir, name, storage, settings);
      registries.push(started);
      return started;
    };
    [anonymous, basicAuth, tokenAuth] = await Promise.all([
      registry('anonymous', {}),
      registry('basic', { auth: { htpasswd: { realm: 'test-registry', path: htpasswdPath } } }),
      registry('token', {
        http: { tls: { certificate: tls.certPath, key: tls.keyPath } },
        auth: {
          token: {
            realm: tokenServer.realm,
            service: TOKEN_SERVICE,
            issuer: TOKEN_ISSUER,
            rootcertbundle: tls.caCertPath,
          },
        },
      }),
      startTestService('pglite').then((started) => (svc = started)),
    ]);
    // One storage directory: what is pushed through the anonymous registry, the others serve too.
    await pushImage(anonymous.address, IMAGE, TAG);
  });

  afterAll(async () => {
    await Promise.all(registries.map((r) => r.stop()));
    await tokenServer?.close();
    await svc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const repository = (name: string, spec: object) =>
    svc.request('POST', '/api/v1/repositories', {
      body: { apiVersion: 'flightctl.io/v1beta1', kind: 'Repository', metadata: { name }, spec },
    });
  const ociRepository = async (name: string, spec: object) => {
    const created = await repository(name, { type: 'oci', ...spec });
    expect(created.status, created.text).toBe(201);
  };
  const checkTag = (name: string, imageName: string, tag: string) =>
    svc.request('POST', `/api/v1/repositories/${name}/check-oci-tag`, { body: { imageName, tag } });
  const checkImage = (name: string, imageName: string) =>
    svc.request('POST', `/api/v1/repositories/${name}/check-oci-image`, { body: { imageName } });

  describe('anonymous registry', () => {
    beforeAll(() => ociRepository('anonymous', { registry: anonymous.address, scheme: 'http' }));

    it('finds an existing tag and image', async () => {
      const tag = await checkTag('anonymous', IMAGE, TAG);
      expect(tag.status, tag.text).toBe(200);
      expect(tag.body).toEqual({ accessible: true });
      const image = await checkImage('anonymous', IMAGE);
      expect(image.status, image.text).toBe(200);
      expect(image.body).toEqual({ accessible: true });
    });

    it('reports a missing tag as 404', async () => {
      const res = await checkTag('anonymous', IMAGE, 'no-such-tag');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessible: false,
        errorCode: 404,
        errorMessage: `tag "no-such-tag" of image ${anonymous.address}/${IMAGE} not found`,
      });
    });

    it('reports a missing image as 404, for both checks', async () => {
      const image = await checkImage('anonymous', 'flightctl/missing');
      expect(image.status).toBe(200);
      expect(image.body).toMatchObject({ accessible: false, errorCode: 404 });
      expect(image.body.errorMessage).toContain(`image ${anonymous.address}/flightctl/missing not found`);
      expect(image.body.errorMessage).toContain('NAME_UNKNOWN');
      const tag = await checkTag('anonymous', 'flightctl/missing', TAG);
      expect(tag.body).toMatchObject({ accessible: false, errorCode: 404 });
    });

    it('reports a registry that is down with a message and no code', async () => {
      const down = `127.0.0.1:${await freePort()}`;
      await ociRepository('down', { registry: down, scheme: 'http' });
      for (const res of [await checkTag('down', IMAGE, TAG), await checkImage('down', IMAGE)]) {
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          accessible: false,
          errorMessage: `cannot connect to http://${down}: connection refused`,
        });
      }
    });
  });

  describe('request and repository errors', () => {
    it('answers 404 when the repository does not exist', async () => {
      for (const res of [await checkTag('no-such-repo', IMAGE, TAG), await checkImage('no-such-repo', IMAGE)]) {
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({
          kind: 'Status',
          code: 404,
          message: 'Repository of name "no-such-repo" not found',
        });
      }
    });

    it('answers 400 for a repository that is not OCI', async () => {
      const created = await repository('git-repo', { type: 'git', url: 'https://github.com/flightctl/flightctl.git' });
      expect(created.status, created.text).toBe(201);
      for (const res of [await checkTag('git-repo', IMAGE, TAG), await checkImage('git-repo', IMAGE)]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ kind: 'Status', code: 400 });
        expect(res.body.message).toContain('repository "git-repo" is of type "git", not OCI');
      }
    });

    it('answers 400 for an invalid request body', async () => {
      const name = 'anonymous-for-bodies';
      await ociRepository(name, { registry: anonymous.address, scheme: 'http' });
      const withTag = await checkImage(name, `${IMAGE}:${TAG}`);
      expect(withTag.status).toBe(400);
      expect(withTag.body.message).toContain('invalid imageName');
      const badTag = await checkTag(name, IMAGE, '-bad');
      expect(badTag.status).toBe(400);
      expect(badTag.body.message).toContain('tag');
      const missing = await svc.request('POST', `/api/v1/repositories/${name}/check-oci-tag`, {
        body: { imageName: IMAGE },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toBe('API Error: tag: required field is missing');
    });
  });

  describe('basic authentication (htpasswd)', () => {
    const spec = (password: string) => ({
      registry: basicAuth.address,
      scheme: 'http',
      ociAuth: { authType: 'docker', username: USER, password },
    });

    it('is accessible with the right credentials', async () => {
      await ociRepository('basic-ok', spec(PASSWORD));
      expect((await checkTag('basic-ok', IMAGE, TAG)).body).toEqual({ accessible: true });
      expect((await checkImage('basic-ok', IMAGE)).body).toEqual({ accessible: true });
      expect((await checkTag('basic-ok', IMAGE, 'no-such-tag')).body).toMatchObject({
        accessible: false,
        errorCode: 404,
      });
    });

    it('reports wrong credentials as 401', async () => {
      await ociRepository('basic-wrong', spec('wrong-password'));
      const res = await checkTag('basic-wrong', IMAGE, TAG);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accessible: false, errorCode: 401 });
      expect(res.body.errorMessage).toContain('did not accept the credentials in spec.ociAuth');
      expect((await checkImage('basic-wrong', IMAGE)).body).toMatchObject({ accessible: false, errorCode: 401 });
    });

    it('reports missing credentials as 401', async () => {
      await ociRepository('basic-none', { registry: basicAuth.address, scheme: 'http' });
      const res = await checkTag('basic-none', IMAGE, TAG);
      expect(res.body).toMatchObject({ accessible: false, errorCode: 401 });
      expect(res.body.errorMessage).toContain('requires authentication: set spec.ociAuth');
    });
  });

  describe('token authentication over HTTPS with a custom CA', () => {
    const caCrt = () => Buffer.from(tls.caCertPem).toString('base64');
    const spec = (password: string, trust: object) => ({
      registry: tokenAuth.address,
      ociAuth: { authType: 'docker', username: USER, password },
      ...trust,
    });

    it('gets a token with the credentials and is accessible', async () => {
      await ociRepository('token-ok', spec(PASSWORD, { 'ca.crt': caCrt() }));
      expect((await checkTag('token-ok', IMAGE, TAG)).body).toEqual({ accessible: true });
      expect((await checkImage('token-ok', IMAGE)).body).toEqual({ accessible: true });
      expect((await checkTag('token-ok', IMAGE, 'no-such-tag')).body).toMatchObject({
        accessible: false,
        errorCode: 404,
      });
    });

    it('reports credentials the token server rejects as 401', async () => {
      await ociRepository('token-wrong', spec('wrong-password', { 'ca.crt': caCrt() }));
      const res = await checkTag('token-wrong', IMAGE, TAG);
      expect(res.body).toMatchObject({ accessible: false, errorCode: 401 });
      expect(res.body.errorMessage).toContain('rejected the username and password in spec.ociAuth');
    });

    it('reports an anonymous token without access as 401', async () => {
      await ociRepository('token-anonymous', { registry: tokenAuth.address, 'ca.crt': caCrt() });
      const res = await checkImage('token-anonymous', IMAGE);
      expect(res.body).toMatchObject({ accessible: false, errorCode: 401 });
      expect(res.body.errorMessage).toContain('requires authentication');
    });

    it('does not trust the registry without its CA, unless verification is skipped', async () => {
      await ociRepository('token-untrusted', spec(PASSWORD, {}));
      const untrusted = await checkTag('token-untrusted', IMAGE, TAG);
      expect(untrusted.body.accessible).toBe(false);
      expect(untrusted.body.errorCode).toBeUndefined();
      expect(untrusted.body.errorMessage).toContain(`TLS certificate of https://${tokenAuth.address} not trusted`);

      await ociRepository('token-skip-verify', spec(PASSWORD, { skipServerVerification: true }));
      expect((await checkTag('token-skip-verify', IMAGE, TAG)).body).toEqual({ accessible: true });
    });
  });
});
