import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newDeviceStatus, statusBody, type EnrollmentRequest } from '@flightctl/api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MtlsTestServer, reply, type RecordedRequest, type TestResponse } from '../../test/mtls-test-server.js';
import { EnrollmentClient } from '../client/enrollment-client.js';
import { Connection } from '../client/connection.js';
import { ServiceClient } from '../client/service-client.js';
import { FileIdentity } from '../identity/file-identity.js';
import { RootDir } from '../os/root-dir.js';
import type { Clock } from '../timing/clock.js';
import { EnrollmentError, enroll } from './enroll.js';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
type Answer = (req: RecordedRequest, res: TestResponse) => void;

const created: Answer = (req, res) => reply(res, 201, JSON.parse(req.body));
const failure =
  (code: number): Answer =>
  (_req, res) =>
    reply(res, code, statusBody(code, 'try later'));
const withConditions =
  (conditions: { type: string; status: string }[], certificate?: string): Answer =>
  (_req, res) =>
    reply(res, 200, {
      apiVersion: 'v1beta1',
      kind: 'EnrollmentRequest',
      metadata: { name: 'x' },
      spec: { csr: '' },
      status: {
        certificate,
        conditions: conditions.map((c) => ({ ...c, reason: '', message: '', lastTransitionTime: '' })),
      },
    });
const pending = withConditions([]);
const approved = withConditions([{ type: 'Approved', status: 'True' }], CERT);

let dir: string;
let root: RootDir;
let server: MtlsTestServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-enroll-'));
  root = new RootDir(dir);
});
afterEach(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Enrolls against a server giving `answers` in order, with a clock that records its sleeps instead of waiting. */
async function run(answers: Answer[], steps = 6) {
  let served = 0;
  server = await MtlsTestServer.start((req, res) => (answers[served++] ?? failure(500))(req, res));
  const tls = { ca: server.caPem, ...server.client };
  const client = new EnrollmentClient(new ServiceClient(server.url, new Connection(tls)));
  const identity = new FileIdentity(root, '/var/lib/flightctl');
  await identity.initialize();
  const sleeps: number[] = [];
  const clock: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 };
  let awaiting = 0;
  const result = await enroll({
    identity,
    client,
    deviceStatus: newDeviceStatus(),
    labels: { site: 'a' },
    osMode: 'package',
    knownRenderedVersion: '7',
    backoff: { initialMs: 10_000, factor: 1.5, capMs: 60_000, steps },
    onAwaitingApproval: async () => void awaiting++,
    clock,
    signal: new AbortController().signal,
    log: pino({ level: 'silent' }),
  }).catch((err: unknown) => err);
  await client.close();
  return { result, sleeps, awaiting, identity, requests: server.requests };
}

describe('enrollment', () => {
  it('creates the request, waits for approval and stores the certificate', async () => {
    const { result, sleeps, awaiting, identity, requests } = await run([created, pending, pending, approved]);
    expect(result).toBeUndefined();
    expect(awaiting).toBe(1);
    expect(sleeps).toEqual([10_000, 15_000]);
    expect(await identity.readCertificate()).toBe(CERT);
    expect(await root.exists('/var/lib/flightctl/certs/agent.csr')).toBe(false);

    const body = JSON.parse(requests[0]!.body) as EnrollmentRequest;
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/enrollmentrequests' });
    expect(body).toMatchObject({
      apiVersion: 'v1beta1',
      kind: 'EnrollmentRequest',
      metadata: { name: identity.name },
      spec: { labels: { site: 'a' }, osMode: 'package', knownRenderedVersion: '7' },
    });
    expect(body.spec.csr).toContain('BEGIN CERTIFICATE REQUEST');
    expect(requests[1]).toMatchObject({ method: 'GET', url: `/api/v1/enrollmentrequests/${identity.name}` });
  });

  it('retries a failed create with the enrollment backoff and takes 409 as "already requested"', async () => {
    const { result, sleeps } = await run([failure(503), failure(500), failure(409), approved]);
    expect(result).toBeUndefined();
    expect(sleeps).toEqual([10_000, 15_000]);
  });

  it('gives up after enrollment-verify-steps attempts', async () => {
    const { result, sleeps } = await run([created, pending, pending, pending], 3);
    expect(result).toBeInstanceOf(EnrollmentError);
    expect((result as Error).message).toBe('waiting for enrollment approval: gave up after 3 attempts');
    expect(sleeps).toEqual([10_000, 15_000]);
  });

  it('stops at once when the request is denied', async () => {
    const { result, sleeps } = await run([created, withConditions([{ type: 'Denied', status: 'True' }])]);
    expect((result as Error).message).toBe('enrollment request was denied');
    expect(sleeps).toEqual([]);
  });

  it('keeps waiting while approved but not yet signed', async () => {
    const { result, sleeps } = await run([created, withConditions([{ type: 'Approved', status: 'True' }]), approved]);
    expect(result).toBeUndefined();
    expect(sleeps).toEqual([10_000]);
  });
});
