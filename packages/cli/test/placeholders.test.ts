/**
 * The commands whose server side is not there yet — `console`, `enrollmentconfig`, and issuing
 * in `certificate request` — against the real service: they make upstream's requests, show the
 * service's answers, and say plainly what the service lacks. Also `csr-generate` (offline).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollmentConfig } from '@flightctl/api';
import { buildProgram } from '@flightctl/cli';
import { runCli, startTestService, writeCliConfig, type AnyJson, type TestService } from '@flightctl/testing';
import { agentConfig } from '../src/certificate/agent-config.js';

const ORG = '00000000-0000-0000-0000-000000000000';

let svc: TestService;
const tmp = mkdtempSync(join(tmpdir(), 'flightctl-placeholders-'));
const configDir = join(tmp, 'config');

const cli = (...args: string[]) => runCli(args, { configDir, env: { FCPASS: 'secret' } });

beforeAll(async () => {
  svc = await startTestService('pglite', { tls: true });
  writeCliConfig(configDir, svc);
  const res = await svc.request('POST', '/api/v1/devices', {
    body: { apiVersion: 'v1beta1', kind: 'Device', metadata: { name: 'edge-1' }, spec: {} },
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await svc?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('flightctl console', { timeout: 60_000 }, () => {
  it('checks its argument and the device, then says the service has no console sessions yet', async () => {
    const [fleet, nameless, missing, existing, both] = await Promise.all([
      cli('console', 'fleet/f1'),
      cli('console', 'device'),
      cli('console', 'device/nope'),
      cli('console', 'device/edge-1', '--', 'ls', '-l'),
      cli('console', 'device/edge-1', '--tty', '--notty'),
    ]);
    expect(fleet).toMatchObject({ code: 1, stderr: 'only devices can be connected to a console\n' });
    expect(nameless).toMatchObject({ code: 1, stderr: 'device name is required\n' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: .*not found/);
    expect(existing).toMatchObject({
      code: 1,
      stderr:
        'flightctl console requires the service to support device console sessions ' +
        '(WebSocket /ws/v1/devices/edge-1/console), which this service does not serve yet\n',
    });
    expect(both).toMatchObject({ code: 1, stderr: "error: option '--tty' cannot be used with option '--notty'\n" });
  });
});

describe('flightctl enrollmentconfig', { timeout: 60_000 }, () => {
  it('asks GET /api/v1/enrollmentconfig and says the service does not serve it yet', async () => {
    const [plain, withCsr, notLoggedIn] = await Promise.all([
      cli('enrollmentconfig'),
      cli('enrollmentconfig', 'my-csr', '-p', join(tmp, 'missing.key')),
      runCli(['enrollmentconfig'], { configDir: tmp }),
    ]);
    const message =
      'the enrollment config requires the service to support GET /api/v1/enrollmentconfig, which this service does not serve yet\n';
    expect(plain).toMatchObject({ code: 1, stdout: '', stderr: message });
    expect(withCsr).toMatchObject({ code: 1, stderr: message });
    expect(notLoggedIn.stderr).toBe('you must log in to perform this operation: run "flightctl login <URL>"\n');
  });
});

describe('flightctl certificate request', { timeout: 60_000 }, () => {
  it('writes the key, submits the CSR for the organization, and times out waiting for an issuer the service lacks', async () => {
    const out = join(tmp, 'enroll');
    mkdirSync(out);
    const r = await cli('certificate', 'request', '-d', out, '-x', '365d', '--org', ORG, '--request-timeout', '2');
    expect(r.code).toBe(1);
    const keyPath = join(out, 'client-enrollment.key');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyPath, 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    const csrName = /Submitting certificate signing request "(client-enrollment-[0-9a-f]{8})"\.\.\. success\./.exec(
      r.stderr,
    )?.[1];
    expect(csrName, r.stderr).toBeDefined();
    expect(r.stderr).toContain(`Creating new ECDSA key pair and writing to "${keyPath}".\n`);
    expect(r.stderr).toMatch(/Waiting for certificate to be approved and issued\.\.\.\.+\n/);
    expect(r.stderr).toContain(
      `timeout polling for certificate: "${csrName}" was not issued within 2s (issuing it requires the service to sign flightctl.io/enrollment requests)\n`,
    );

    const csr = (await svc.request<AnyJson>('GET', `/api/v1/certificatesigningrequests/${csrName}`)).body;
    expect(csr.spec).toMatchObject({
      signerName: 'flightctl.io/enrollment',
      usages: ['clientAuth', 'CA:false'],
      expirationSeconds: 365 * 24 * 3600,
    });
    // The request is for the key written, names the request and carries the organization given with --org.
    const pem = Buffer.from(csr.spec.request, 'base64').toString();
    const text = execFileSync('openssl', ['req', '-noout', '-text', '-verify'], {
      input: pem,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    expect(text).toContain(`Subject: CN = client-enrollment`);
    expect(text).toContain(`1.3.6.1.4.1.99999.1.2:`);
    expect(text).toContain(ORG);
    const keyPub = execFileSync('openssl', ['pkey', '-in', keyPath, '-pubout'], { encoding: 'utf8' });
    const csrPub = execFileSync('openssl', ['req', '-noout', '-pubkey'], { input: pem, encoding: 'utf8' });
    expect(csrPub).toBe(keyPub);
  });

  it('submits for other signers without waiting, encrypts the key with $FCPASS, and checks its flags', async () => {
    const out = join(tmp, 'svc-client');
    mkdirSync(out);
    const [other, badOutput, badExpiry, badSigner] = await Promise.all([
      cli('certificate', 'request', '-s', 'flightctl.io/server-svc', '-n', 'web', '-d', out, '-e'),
      cli('certificate', 'request', '-s', 'flightctl.io/server-svc', '-o', 'reference'),
      cli('certificate', 'request', '-x', '7'),
      cli('certificate', 'request', '-s', 'ca'),
    ]);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).not.toContain('Waiting');
    expect(readFileSync(join(out, 'web.key'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(badOutput).toMatchObject({
      code: 1,
      stderr: "output format cannot be set for certificate types other than 'enrollment'\n",
    });
    expect(badExpiry).toMatchObject({
      code: 1,
      stderr: 'invalid expiration specified: 7: expiration must be in the form of days, example: 365d\n',
    });
    expect(badSigner.code).toBe(1);
    expect(badSigner.stderr).toMatch(/^invalid signer name "ca": must be one of flightctl.io\/enrollment, /);
    expect(existsSync('client-enrollment.key')).toBe(false);
  });

  it('prints the agent config with the certificate embedded or referenced', () => {
    const enrollment: EnrollmentConfig = {
      'enrollment-service': {
        authentication: { 'client-certificate-data': '', 'client-key-data': '' },
        service: { server: 'https://agent.example.com:7443', 'certificate-authority-data': 'Q0E=' },
        'enrollment-ui-endpoint': 'https://ui.example.com',
      },
    };
    const issued = { name: 'client-enrollment', certificate: 'Q0VSVA==', keyPem: 'KEY' };
    expect(agentConfig('embedded', enrollment, issued)).toEqual({
      'enrollment-service': {
        authentication: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' },
        service: { server: 'https://agent.example.com:7443', 'certificate-authority-data': 'Q0E=' },
        'enrollment-ui-endpoint': 'https://ui.example.com',
      },
    });
    expect(agentConfig('reference', enrollment, issued)).toEqual({
      'enrollment-service': {
        authentication: {
          'client-certificate': 'certs/client-enrollment.crt',
          'client-key': 'certs/client-enrollment.key',
        },
        service: { server: 'https://agent.example.com:7443', 'certificate-authority': 'certs/ca.crt' },
        'enrollment-ui-endpoint': 'https://ui.example.com',
      },
    });
  });
});

describe('flightctl csr-generate', { timeout: 60_000 }, () => {
  // In process (it needs no service), through the same command tree as the binary.
  async function csrGenerate(...args: string[]): Promise<string> {
    let out = '';
    const io = { out: (text: string) => void (out += text), err: () => undefined, isTTY: false };
    const program = buildProgram(io);
    await program.parseAsync(['csr-generate', ...args], { from: 'user' });
    return out;
  }

  it('wraps a .csr file into a CertificateSigningRequest the service accepts, and does not overwrite', async () => {
    const keyFile = join(tmp, 'gen.key');
    const csrFile = join(tmp, 'gen.csr');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile]);
    execFileSync('openssl', ['req', '-new', '-key', keyFile, '-subj', '/CN=gen', '-out', csrFile]);
    const output = join(tmp, 'gen.yaml');

    expect(await csrGenerate(csrFile, '-o', output, '-n', 'gen', '-e', '3600')).toBe(
      `config file written to: ${output}\n`,
    );
    const resource = parse(readFileSync(output, 'utf8'));
    expect(resource).toEqual({
      apiVersion: 'v1beta1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'gen' },
      spec: {
        request: readFileSync(csrFile).toString('base64'),
        signerName: 'flightctl.io/enrollment',
        usages: ['clientAuth', 'CA:false'],
        expirationSeconds: 3600,
      },
    });
    expect((await svc.request('POST', '/api/v1/certificatesigningrequests', { body: resource })).status).toBe(201);

    await expect(csrGenerate(csrFile, '-o', output)).rejects.toThrow('file already exists and overwrite is not set');
    await expect(csrGenerate(join(tmp, 'nope.csr'), '-o', join(tmp, 'x.yaml'))).rejects.toThrow(
      'invalid CSR file specified:',
    );
  });
});
