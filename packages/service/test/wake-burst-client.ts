/**
 * Child process of wake-burst.test.ts: agents and a user in an event loop of their own, so that the
 * times at which answers arrive are the times at which the service wrote them. Reads a `BurstPlan`
 * (JSON) from stdin; holds one long poll per device, each on its own HTTP/2 connection as agents do,
 * prints `waiting`, and on the line `go` changes every device's spec through the user API at once.
 * Prints a `BurstTimes` (JSON) when every poll and every change has been answered.
 */
import { connect } from 'node:http2';
import { createInterface } from 'node:readline';

export interface BurstPlan {
  agentUrl: string;
  userUrl: string;
  caPem: string;
  devices: { name: string; cert: string; key: string; changed: unknown }[];
}

export interface BurstTimes {
  /** By device, in plan order: when the user's PUT was answered, and its status. */
  changes: { at: number; status: number }[];
  /** By device: when its poll was answered, with what status and rendered version. */
  polls: { at: number; status: number; version?: string }[];
}

const API = '/api/v1';

function poll(plan: BurstPlan, device: BurstPlan['devices'][number]): Promise<BurstTimes['polls'][number]> {
  const session = connect(plan.agentUrl, { ca: plan.caPem, cert: device.cert, key: device.key });
  const stream = session.request({ ':path': `${API}/devices/${device.name}/rendered?knownRenderedVersion=1` });
  return new Promise((resolve, reject) => {
    let status = 0;
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => {
      const at = performance.now();
      session.close();
      const body = text ? (JSON.parse(text) as { metadata: { annotations: Record<string, string> } }) : undefined;
      resolve({ at, status, version: body?.metadata.annotations['device-controller/renderedVersion'] });
    });
    stream.on('error', reject);
  });
}

async function change(plan: BurstPlan, device: BurstPlan['devices'][number]): Promise<BurstTimes['changes'][number]> {
  const res = await fetch(`${plan.userUrl}${API}/devices/${device.name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(device.changed),
  });
  await res.arrayBuffer();
  return { at: performance.now(), status: res.status };
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const plan = JSON.parse((await lines.next()).value as string) as BurstPlan;
  const polls = Promise.all(plan.devices.map((device) => poll(plan, device)));
  process.stdout.write('waiting\n');
  if ((await lines.next()).value !== 'go') throw new Error('expected "go"');
  const changes = await Promise.all(plan.devices.map((device) => change(plan, device)));
  const times: BurstTimes = { changes, polls: await polls };
  process.stdout.write(`${JSON.stringify(times)}\n`);
  process.stdin.destroy();
}

await main();
