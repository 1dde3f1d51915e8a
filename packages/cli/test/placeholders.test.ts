/**
 * The commands whose server side is not there yet — `console` — against the real service: they
 * make upstream's requests, show the service's answers, and say plainly what the service lacks.
 * Also `csr-generate` (offline), whose output the service accepts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '@flightctl/cli';
import { runCli, useLoggedInCli } from '@flightctl/testing';

const cliEnv = useLoggedInCli('placeholders', async (svc) => {
  const res = await svc.request('POST', '/api/v1/devices', {
    body: { apiVersion: 'v1beta1', kind: 'Device', metadata: { name: 'edge-1' }, spec: {} },
  });
  expect(res.status).toBe(201);
});
const { tmp, configDir } = cliEnv;

const cli = (...args: string[]) => runCli(args, { configDir, env: { FCPASS: 'secret' } });

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
    expect((await cliEnv.svc.request('POST', '/api/v1/certificatesigningrequests', { body: resource })).status).toBe(
      201,
    );

    await expect(csrGenerate(csrFile, '-o', output)).rejects.toThrow('file already exists and overwrite is not set');
    await expect(csrGenerate(join(tmp, 'nope.csr'), '-o', join(tmp, 'x.yaml'))).rejects.toThrow(
      'invalid CSR file specified:',
    );
  });
});
