/**
 * Many devices changed at once (ref/service.md §3.6): each waiting agent is woken as its own change
 * commits, not after the whole burst. The agents and the user run in a child process
 * (wake-burst-client.ts), so that when an answer arrives there is when the service sent it.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestService, waitFor, type TestService } from '@flightctl/testing';
import { AgentIdentities } from './agent-fixtures.js';
import { API_VERSION, Client, expectOk, OS_IMAGE } from './fixtures.js';
import type { BurstPlan, BurstTimes } from './wake-burst-client.js';

const CLIENT = fileURLToPath(new URL('./wake-burst-client.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEVICES = 60;

const device = (name: string, image: string) => ({
  apiVersion: API_VERSION,
  kind: 'Device',
  metadata: { name },
  spec: { os: { image } },
});

/** Runs the client with `plan`; `ready` is awaited between its polls being sent and the burst. */
async function runBurst(plan: BurstPlan, ready: () => Promise<unknown>): Promise<BurstTimes> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TSX_TSCONFIG_PATH: `${ROOT}/tsconfig.test.json` },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    child.stdin.write(`${JSON.stringify(plan)}\n`);
    const next = async () => {
      const line = await lines.next();
      if (line.done) throw new Error(`the burst client exited early (${await exited}): ${stderr}`);
      return line.value as string;
    };
    expect(await next()).toBe('waiting');
    await ready();
    child.stdin.write('go\n');
    return JSON.parse(await next()) as BurstTimes;
  } finally {
    child.kill();
  }
}

describe.each(databaseKinds())('a burst of spec changes on %s', (kind) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(kind, { config: { 'service.renderedWaitTimeout': '60s' } });
  });
  afterAll(() => svc?.close());

  it('wakes each waiting agent as its change commits, not after the last change', async () => {
    const api = new Client(svc);
    const ids = await AgentIdentities.of(svc);
    const names = Array.from({ length: DEVICES }, (_, i) => `burst-${i}`);
    const devices = await Promise.all(
      names.map(async (name) => {
        expectOk(await api.post('/devices', device(name, OS_IMAGE)), 201);
        return { name, ...(await ids.device(name)), changed: device(name, 'quay.io/example/os:burst') };
      }),
    );
    const plan: BurstPlan = {
      agentUrl: svc.agentUrl,
      userUrl: svc.url,
      caPem: svc.service.certificates.caBundlePem,
      devices,
    };
    const times = await runBurst(plan, () =>
      waitFor(() => svc.service.notifier.waiting >= DEVICES, { what: `${DEVICES} polls to wait` }),
    );

    expect(times.changes.map((c) => c.status)).toEqual(names.map(() => 200));
    expect(times.polls.map((p) => [p.status, p.version])).toEqual(names.map(() => [200, '2']));
    // Answered before the last change was: the burst took hundreds of milliseconds, and most polls
    // were woken during it (when the service held them until its end, none was).
    const lastChange = Math.max(...times.changes.map((c) => c.at));
    expect(times.polls.filter((p) => p.at < lastChange).length).toBeGreaterThanOrEqual(DEVICES / 2);
  });
});
