/**
 * `flightctl approve` and `deny` end to end. The service does not serve the approval endpoints yet,
 * so the CLI talks to it through a recording proxy: the tests check the exact requests upstream's
 * CLI makes, and that the server's answer is what the user sees.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Condition } from '@flightctl/api';
import { runCli } from '@flightctl/testing';
import { ORG, resource, useCliFixture } from './cli-fixture.js';

const fx = useCliFixture();

interface Recorded {
  method: string;
  path: string;
  contentType?: string;
  body?: unknown;
}

const recorded: Recorded[] = [];
let proxy: Server;
let proxyConfigDir: string;

/** Forwards every request to the service, keeping a copy. */
function startRecordingProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString();
      const contentType = req.headers['content-type'];
      recorded.push({
        method: req.method!,
        path: new URL(req.url!, target).pathname,
        contentType,
        body: text ? JSON.parse(text) : undefined,
      });
      const answer = await fetch(target + req.url, {
        method: req.method,
        headers: contentType ? { 'content-type': contentType } : {},
        body: text || undefined,
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(await answer.text());
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  proxy = await startRecordingProxy(fx.svc.url);
  proxyConfigDir = join(fx.dir, 'proxy-config');
  mkdirSync(proxyConfigDir, { mode: 0o700 });
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  writeFileSync(join(proxyConfigDir, 'client.yaml'), stringify({ service: { server: url } }), { mode: 0o600 });
});

afterAll(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));

/** Runs the CLI through the proxy; returns its result and the requests it made. */
async function viaProxy(args: string[]) {
  const from = recorded.length;
  const result = await runCli(args, { configDir: proxyConfigDir });
  return { ...result, requests: recorded.slice(from) };
}

const condition = (type: string): Condition => ({
  type,
  status: 'True',
  reason: type,
  message: type,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});

/** A CSR with the conditions given, stored as the service would hold it. */
async function seedCsr(name: string, conditions: Condition[]) {
  const er = parse(readFileSync('examples/enrollmentrequest.yaml', 'utf8'));
  const request = Buffer.from(er.spec.csr).toString('base64');
  const spec = { request, signerName: 'flightctl.io/device-svc-client', usages: ['clientAuth', 'CA:false'] };
  expect(
    (await fx.api('POST', '/certificatesigningrequests', resource('CertificateSigningRequest', name, spec))).status,
  ).toBe(201);
  await fx.svc.service.store.certificateSigningRequests.update(ORG, name, (csr) => ({
    ...csr,
    status: { conditions },
  }));
}

const noEndpoint = (path: string) => `no such endpoint: PUT /api/v1${path}`;

describe('approve', () => {
  it('sends the enrollment approval with its labels and shows the server answer', async () => {
    const name = 'er-approve';
    // One at a time: the proxy's record tells runs apart by order.
    const withLabels = await viaProxy([
      'approve',
      `enrollmentrequest/${name}`,
      '-l',
      'a=b,c=d',
      '--label',
      'e=f',
      '--replace-labels',
    ]);
    const plain = await viaProxy(['approve', 'er', name]);
    const path = `/enrollmentrequests/${name}/approval`;
    for (const result of [withLabels, plain]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`Error: approving enrollmentrequest/${name}: ${noEndpoint(path)}\n`);
    }
    expect(withLabels.requests).toEqual([
      {
        method: 'PUT',
        path: `/api/v1${path}`,
        contentType: 'application/json',
        body: { approved: true, labels: { a: 'b', c: 'd', e: 'f' }, replaceLabels: true },
      },
    ]);
    expect(plain.requests[0]!.body).toEqual({ approved: true, labels: {}, replaceLabels: false });
  });

  it('approves a CSR: Approved set, Denied and Failed dropped, the rest kept', async () => {
    await seedCsr('csr-approve', [condition('Denied'), condition('Failed'), condition('TPMVerified')]);
    const before = Date.now();
    const result = await viaProxy(['approve', 'csr/csr-approve']);
    const path = '/certificatesigningrequests/csr-approve';
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: approving certificatesigningrequest/csr-approve: ${noEndpoint(`${path}/approval`)}\n`,
    );
    expect(result.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1${path}`,
      `PUT /api/v1${path}/approval`,
    ]);
    const sent = result.requests[1]!.body as {
      metadata: { name: string };
      status: { conditions: Condition[] };
    };
    expect(sent.metadata.name).toBe('csr-approve');
    expect(sent.status.conditions).toEqual([
      condition('TPMVerified'),
      {
        type: 'Approved',
        status: 'True',
        reason: 'Approved',
        message: 'Approved',
        lastTransitionTime: expect.any(String),
      },
    ]);
    expect(Date.parse(sent.status.conditions[1]!.lastTransitionTime)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('denies a CSR: Denied set, Approved dropped', async () => {
    await seedCsr('csr-deny', [condition('Approved')]);
    const result = await viaProxy(['deny', 'certificatesigningrequest', 'csr-deny']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: denying certificatesigningrequest/csr-deny: no such endpoint');
    const sent = result.requests.at(-1)!.body as { status: { conditions: { type: string; reason: string }[] } };
    expect(sent.status.conditions).toEqual([
      expect.objectContaining({ type: 'Denied', status: 'True', reason: 'Denied' }),
    ]);
  });

  it('rejects what it cannot approve or deny before sending anything', async () => {
    const cases: [string[], string][] = [
      [
        ['approve', 'csr/absent'],
        'Error: approving certificatesigningrequest/absent: CertificateSigningRequest of name "absent" not found',
      ],
      [['approve', 'csr/some-csr', '-l', 'a=b'], 'labels only apply to enrollmentrequest approval'],
      [['approve', 'device/d1'], 'kind must be enrollmentrequest or certificatesigningrequest, not device'],
      [['approve', 'er'], 'specify the enrollmentrequest to approve: enrollmentrequest/NAME'],
      [['approve', 'er/x', '-l', '=v'], 'invalid label "=v": expected key=value'],
      [
        ['deny', 'er/some-er'],
        'enrollment requests cannot be denied; to reject one, delete it: flightctl delete er/some-er',
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => fx.cli(args)));
    results.forEach((result, i) => {
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(`${cases[i]![1]}\n`);
    });
  });
});
