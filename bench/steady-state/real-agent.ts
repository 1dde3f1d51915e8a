/**
 * One real agent's idle footprint: the built `flightctl-agent` as its own process, unprivileged
 * (every device path under FLIGHTCTL_TEST_ROOT_DIR), with the simulator's template as its config.
 * It is approved, given a spec (so it long-polls like an enrolled device), and once Online and up
 * to date its RSS and CPU are sampled while it idles.
 */
import { spawn } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RootDir } from '@flightctl/agent';
import { AdminClient } from '../../packages/agent/dist/simulator/admin-client.js';
import { waitForEnrollmentRequest } from '../../packages/agent/dist/simulator/auto-approval.js';
import { readCliLogin } from '../../packages/agent/dist/simulator/cli-login.js';
import { cpuSeconds } from '../common/proc-cpu.js';
import { readMemory } from '../common/proc-memory.js';
import type { EnrollmentSetup } from './enrollment-setup.js';
import type { FleetApi } from './fleet-api.js';
import { waitUntil } from './wait-until.js';

export interface RealAgentResult {
  name: string;
  seconds: number;
  /** Share of one core while idle. */
  cpuPercent: number;
  rssBytes: number;
  /** Highest RSS seen while idle. */
  maxRssBytes: number;
}

/** The built agent; `npm run build` makes it. */
export function agentBin(): string {
  const entry = fileURLToPath(import.meta.resolve('@flightctl/agent'));
  return path.join(path.dirname(entry), 'bin', 'flightctl-agent.js');
}

export async function measureRealAgent(options: {
  dir: string;
  enrollment: EnrollmentSetup;
  fleet: FleetApi;
  settleSeconds: number;
  idleSeconds: number;
}): Promise<RealAgentResult> {
  const root = path.join(options.dir, 'real-agent');
  const configDir = path.join(root, 'etc', 'flightctl');
  mkdirSync(configDir, { recursive: true });
  cpSync(options.enrollment.templatePath, path.join(configDir, 'config.yaml'));
  cpSync(options.enrollment.certsDir, path.join(configDir, 'certs'), { recursive: true });
  const log = openSync(path.join(options.dir, 'real-agent.log'), 'a');
  const child = spawn(process.execPath, [agentBin(), '--config', '/etc/flightctl/config.yaml'], {
    env: { PATH: process.env.PATH, FLIGHTCTL_TEST_ROOT_DIR: root, FLIGHTCTL_DISABLE_CONSOLE_BANNER: 'true' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const admin = new AdminClient(await readCliLogin(options.enrollment.cliConfig), 1);
  try {
    const stop = new AbortController();
    child.once('exit', () => stop.abort());
    const name = await waitForEnrollmentRequest(new RootDir(root), { signal: stop.signal, timeoutMs: 120_000 });
    if (!name) throw new Error(`the agent exited before asking to enroll: see ${options.dir}/real-agent.log`);
    await admin.approveEnrollmentRequest(name, { bench: 'real-agent' });
    await waitUntil('the real agent Online', 120_000, async () => {
      const device = await options.fleet.device(name).catch(() => undefined);
      return device?.status?.summary?.status === 'Online';
    });
    const { version } = await options.fleet.update(name, (d) => (d.spec = {}));
    await waitUntil('the real agent up to date', 120_000, async () => {
      const device = await options.fleet.device(name);
      return device.status?.config?.renderedVersion === version;
    });
    await new Promise((r) => setTimeout(r, options.settleSeconds * 1000));

    const pid = child.pid!;
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    let maxRss = 0;
    while (performance.now() - t0 < options.idleSeconds * 1000) {
      maxRss = Math.max(maxRss, readMemory(pid).rssBytes);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const seconds = (performance.now() - t0) / 1000;
    const rss = readMemory(pid).rssBytes;
    return {
      name,
      seconds,
      cpuPercent: ((cpuSeconds(pid) - cpu0) / seconds) * 100,
      rssBytes: rss,
      maxRssBytes: Math.max(maxRss, rss),
    };
  } finally {
    await admin.close();
    child.kill('SIGTERM');
    await exited;
  }
}
