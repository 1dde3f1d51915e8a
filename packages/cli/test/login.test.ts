/**
 * `flightctl login` and `logout` end to end: the real binary against the real service over HTTPS
 * with its generated CA (no authentication configured), plus a small stand-in server for what the
 * service cannot show yet (authentication providers, rejected tokens).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, buildProgram } from '@flightctl/cli';
import { runCli, startTestService, type TestService } from '@flightctl/testing';

const ORG = '00000000-0000-0000-0000-000000000000';

let svc: TestService;
let ca: string;
let stub: Server;
let stubUrl: string;
const tmp = mkdtempSync(join(tmpdir(), 'flightctl-login-'));
let dirs = 0;

const freshDir = () => mkdtempSync(join(tmp, `${dirs++}-`));
const readConfig = (dir: string, file = 'client.yaml') => parse(readFileSync(join(dir, file), 'utf8'));
const base64 = (path: string) => readFileSync(path).toString('base64');
const inProcess = (args: string[]) =>
  buildProgram({ out: () => undefined, err: () => undefined, isTTY: false }).parseAsync(args, { from: 'user' });

/** Answers like a server with two providers that accepts only the token "good". */
function startStub(): Promise<Server> {
  const providers = [
    {
      apiVersion: 'v1beta1',
      kind: 'AuthProvider',
      metadata: { name: 'corp' },
      spec: { providerType: 'oidc', issuer: 'https://idp.example.com', clientId: 'flightctl', enabled: true },
    },
    {
      apiVersion: 'v1beta1',
      kind: 'AuthProvider',
      metadata: { name: 'kube' },
      spec: { providerType: 'k8s', apiUrl: 'https://k8s.example.com' },
    },
  ];
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://stub');
    if (url.pathname === '/api/v1/auth/config')
      return send(200, { apiVersion: 'v1beta1', providers, defaultProvider: 'corp', organizationsEnabled: true });
    if (url.pathname === '/api/v1/auth/validate')
      return req.headers.authorization === 'Bearer good'
        ? send(200, { kind: 'Status', status: 'Success', code: 200, message: 'OK' })
        : send(401, { kind: 'Status', status: 'Failure', code: 401, message: 'failed to validate token' });
    if (url.pathname === '/api/v1/organizations')
      return send(200, {
        apiVersion: 'v1beta1',
        kind: 'OrganizationList',
        metadata: {},
        items: [
          {
            apiVersion: 'v1beta1',
            kind: 'Organization',
            metadata: { name: 'aaaaaaaa-0000-0000-0000-000000000001' },
            spec: { displayName: 'Acme' },
          },
        ],
      });
    send(404, { kind: 'Status', code: 404, message: 'no such endpoint' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  svc = await startTestService('pglite', { tls: true });
  ca = svc.service.caCertPath as string;
  stub = await startStub();
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await svc?.close();
  stub?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('flightctl login', { timeout: 60_000 }, () => {
  it('logs in with the CA file: selects the organization and writes a 0600 client config the other commands use', async () => {
    const dir = freshDir();
    const r = await runCli(['login', svc.url, '--certificate-authority', ca], { configDir: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      `Using a non-default configuration file path: ${join(dir, 'client.yaml')} (Default: ${join(dir, '.config/flightctl/client.yaml')})\n` +
        'Authentication is disabled on the server.\n' +
        `Auto-selected organization: ${ORG} Default\n` +
        'Login successful.\n',
    );
    expect(statSync(join(dir, 'client.yaml')).mode & 0o777).toBe(0o600);
    const tls = { 'certificate-authority-data': base64(ca) };
    expect(readConfig(dir)).toEqual({
      service: { server: svc.url, ...tls },
      imageBuilderService: { server: `${svc.url}/_/imagebuilder`, ...tls },
      remoteAccessService: { server: `${svc.url}/_/remote-access`, ...tls },
      organization: ORG,
    });
    const version = await runCli(['version'], { configDir: dir });
    expect(version.stdout).toMatch(/^Client Version: v\S+\nServer Version: v\S+\n$/);
  });

  it('logs in with -k, a URL without scheme, and a token from -t, $FLIGHTCTL_TOKEN or --credentials-file', async () => {
    const [insecure, token, envToken, fileToken] = [freshDir(), freshDir(), freshDir(), freshDir()];
    const credentials = join(fileToken, 'credentials.json');
    writeFileSync(credentials, JSON.stringify({ token: 'from-file' }), { mode: 0o600 });
    const runs = await Promise.all([
      runCli(['login', svc.url.replace('https://', ''), '-k'], { configDir: insecure }),
      runCli(['login', svc.url, '-k', '-t', 'from-flag'], { configDir: token }),
      runCli(['login', svc.url, '-k'], { configDir: envToken, env: { FLIGHTCTL_TOKEN: 'from-env' } }),
      runCli(['login', svc.url, '-k', '--credentials-file', credentials], { configDir: fileToken }),
    ]);
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(readConfig(insecure).service).toEqual({ server: svc.url, insecureSkipVerify: true });
    expect(readConfig(insecure).authentication).toBeUndefined();
    expect(runs[1].stdout).toContain('Authentication is disabled on the server. The token is stored but not needed.');
    for (const [dir, value] of [
      [token, 'from-flag'],
      [envToken, 'from-env'],
      [fileToken, 'from-file'],
    ])
      expect(readConfig(dir).authentication).toEqual({ 'access-token': value, 'token-to-use': 'access' });
  });

  it('explains TLS failures and malformed URLs, and writes nothing', async () => {
    const dir = freshDir();
    const login = (...args: string[]) => runCli(['login', ...args], { configDir: dir });
    const [untrusted, path, refused, scheme, invalid] = await Promise.all([
      login(svc.url),
      login(`${svc.url}/api/v1`, '-k'),
      login('https://127.0.0.1:1/x'),
      login('ftp://example.com'),
      login('https://exa mple.com'),
    ]);
    expect(untrusted.stderr).toBe(
      `cannot reach ${svc.url}: the server certificate is not trusted: log in with --certificate-authority <ca.crt> (or -k to skip verification)\n`,
    );
    expect(path.stderr).toBe(
      `unexpected response code 404 from ${svc.url}/api/v1. Please verify that the API URL is correct and the server is running. ` +
        `URL contains path component '/api/v1' which may not be needed. Try: ${svc.url}\n`,
    );
    expect(refused.stderr).toBe(
      'cannot reach https://127.0.0.1:1/x: connection refused (is the service running?). ' +
        "URL contains path component '/x' which may not be needed. Try: https://127.0.0.1:1\n",
    );
    expect(scheme.stderr).toBe('"ftp://example.com" uses the unsupported scheme "ftp:". Try: https://example.com\n');
    expect(invalid.stderr).toBe(
      '"https://exa mple.com" is not a valid URL. Please ensure the URL follows the format: https://hostname[:port]\n',
    );
    for (const r of [untrusted, path, refused, scheme, invalid]) expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'client.yaml'))).toBe(false);
  });

  it('rejects flag combinations as upstream does, before contacting the server', async () => {
    const dir = freshDir();
    const loose = join(dir, 'loose.json');
    writeFileSync(loose, '{"token":"t"}');
    chmodSync(loose, 0o644);
    const cases: [string[], string][] = [
      [['-t', 'x', '--provider', 'p'], '--token cannot be used with --provider'],
      [['-t', 'x', '--auth-certificate-authority', ca], '--token cannot be used with --auth-certificate-authority'],
      [['-t', 'x', '-u', 'a', '-p', 'b'], '--token cannot be used with --username or --password'],
      [['-u', 'a'], '--username and --password must be used together'],
      [['--web', '-u', 'a', '-p', 'b'], '--web cannot be used with --username or --password'],
      [['--no-browser'], '--no-browser can only be used with --web'],
      [['--show-providers', '-t', 'x'], '--show-providers cannot be used with --token'],
      [['--show-providers', '--web'], '--show-providers cannot be used with --web'],
      [['--callback-port', '0'], 'invalid --callback-port "0": must be a port number (1-65535)'],
      [
        ['--credentials-file', loose],
        `credentials file ${loose} must not be accessible by group or others (mode 0644): run "chmod 600 ${loose}"`,
      ],
    ];
    // In process, as these need no server: a binary run each would double this file's time.
    // The URL is unreachable, so a case that got past validation would fail with a connection error.
    for (const [args, message] of cases)
      await expect(inProcess(['login', 'https://127.0.0.1:1', ...args]), args.join(' ')).rejects.toThrow(
        new CliError(message),
      );
    const binary = await runCli(['login', 'https://127.0.0.1:1', '-u', 'a'], { configDir: dir });
    expect(binary).toMatchObject({ code: 1, stderr: '--username and --password must be used together\n' });
  });

  it('against a server without providers: --show-providers says so, and --web or -u/-p are not needed', async () => {
    const dir = freshDir();
    const [show, web] = await Promise.all([
      runCli(['login', svc.url, '-k', '--show-providers'], { configDir: dir }),
      runCli(['login', svc.url, '-k', '--web', '--provider', 'corp'], { configDir: dir }),
    ]);
    expect(show.stdout).toContain('No authentication providers configured\n');
    expect(web.stdout).toContain(
      'Authentication is disabled on the server. --web, --username/--password, --provider and --auth-certificate-authority are not needed.\n',
    );
    expect(web.stdout).toContain('Login successful.\n');
  });

  it('against a server with providers: lists them, checks tokens, and says the browser and password flows are not available yet', async () => {
    const dir = freshDir();
    const login = (...args: string[]) => runCli(['login', stubUrl, ...args], { configDir: dir });
    const [show, web, password, unknown, k8s, bad] = await Promise.all([
      login('--show-providers'),
      login(),
      login('-u', 'me', '-p', 'secret'),
      login('--provider', 'nope'),
      login('--provider', 'kube'),
      login('-t', 'bad'),
    ]);
    expect(show.stdout).toContain(
      'NAME   TYPE   ISSUER                    ENABLED   DEFAULT\n' +
        'corp   oidc   https://idp.example.com   true      *\n' +
        'kube   k8s    https://k8s.example.com   true\n',
    );
    expect(web.stderr).toBe(
      'browser login with the oidc provider "corp" is not supported by this version of flightctl yet; use --token\n',
    );
    expect(password.stderr).toBe(
      'password login with the oidc provider "corp" is not supported by this version of flightctl yet; use --token\n',
    );
    expect(unknown.stderr).toBe('no auth provider found for name: nope. Available providers: corp, kube\n');
    expect(k8s.stderr).toBe('the k8s provider "kube" only accepts tokens: use --token\n');
    expect(bad.stderr).toBe('the token provided is invalid or expired: failed to validate token\n');
    expect(existsSync(join(dir, 'client.yaml'))).toBe(false);

    const good = await login('-t', 'good');
    expect(good.stdout).toContain(
      'Auto-selected organization: aaaaaaaa-0000-0000-0000-000000000001 Acme\nLogin successful.\n',
    );
    expect(readConfig(dir)).toMatchObject({
      service: { server: stubUrl },
      authentication: { 'access-token': 'good', 'token-to-use': 'access' },
      organization: 'aaaaaaaa-0000-0000-0000-000000000001',
    });
  });
});

describe('contexts and logout', { timeout: 60_000 }, () => {
  it('-c NAME logs in to client_NAME.yaml; logout removes it; unknown contexts and config directories are errors', async () => {
    const dir = freshDir();
    const login = await runCli(['-c', 'other', 'login', svc.url, '-k'], { configDir: dir });
    expect(login.stdout).toContain(`Using a non-default configuration file path: ${join(dir, 'client_other.yaml')}`);
    expect(readConfig(dir, 'client_other.yaml').service.server).toBe(svc.url);
    expect(existsSync(join(dir, 'client.yaml'))).toBe(false);

    const [other, nope, missingDir] = await Promise.all([
      runCli(['version', '--context', 'other'], { configDir: dir }),
      runCli(['version', '--context', 'nope'], { configDir: dir }),
      runCli(['--config-dir', join(dir, 'missing'), 'login', svc.url, '-k']),
    ]);
    expect(other.stdout).toContain('Server Version: v');
    expect(nope).toMatchObject({ code: 0, stderr: "context 'nope' does not exist\n" });
    expect(missingDir).toMatchObject({
      code: 1,
      stderr: `config directory "${join(dir, 'missing')}" does not exist or is not a directory\n`,
    });

    const logout = await runCli(['logout', '-c', 'other'], { configDir: dir });
    expect(logout).toMatchObject({ code: 0, stdout: `Logged out: removed ${join(dir, 'client_other.yaml')}\n` });
    expect(existsSync(join(dir, 'client_other.yaml'))).toBe(false);
    const [again, plain] = await Promise.all([
      runCli(['logout', '-c', 'other'], { configDir: dir }),
      runCli(['logout'], { configDir: dir }),
    ]);
    expect(again).toMatchObject({ code: 1, stderr: "context 'other' does not exist\n" });
    expect(plain).toMatchObject({
      code: 1,
      stderr: 'you must log in to perform this operation: run "flightctl login <URL>"\n',
    });
  });
});
