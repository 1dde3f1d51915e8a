/**
 * Runs the real `flightctl-agent` binary (from its TypeScript sources through tsx, so no build is
 * needed) unprivileged: every path it touches lives under `root` (FLIGHTCTL_TEST_ROOT_DIR).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EnrollmentConfig } from '@flightctl/api';
import { createCertificateRequestPem, generateKeyPem } from '@flightctl/agent';
import type { TestService } from './service-harness.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const AGENT = join(ROOT, 'packages/agent/src/bin/flightctl-agent.ts');

export interface AgentProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything written so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves to the exit code once the process is gone. */
  exited: Promise<number | null>;
  /** A failed wait shows what the agent logged. */
  withLog<T>(waiting: Promise<T>): Promise<T>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

export interface AgentProcessOptions {
  /** The device's root directory; absent runs the agent against the real root (sub-commands only). */
  root?: string;
  env?: Record<string, string>;
}

export function startAgentProcess(args: string[], options: AgentProcessOptions = {}): AgentProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', AGENT, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.test.json'),
      ...(options.root ? { FLIGHTCTL_TEST_ROOT_DIR: options.root } : {}),
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    withLog: (waiting) =>
      waiting.catch((err: Error) => {
        throw new Error(`${err.message}\nagent stderr:\n${stderr}`);
      }),
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs an agent sub-command to its end. */
export async function runAgent(
  args: string[],
  options: AgentProcessOptions = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const agent = startAgentProcess(args, options);
  const code = await agent.exited;
  return { code, stdout: agent.stdout, stderr: agent.stderr };
}

/** Writes `text` at the device path `path` under `root`, creating its directories. */
export function writeDeviceFile(root: string, path: string, text: string, mode?: number): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text, mode === undefined ? undefined : { mode });
}

/**
 * An enrollment certificate as `flightctl certificate request --signer=enrollment` gets one: the
 * service's enrollment config for it, and the key that goes with it.
 */
export async function enrollmentCredentials(
  svc: TestService,
  name = 'client-enrollment',
): Promise<{ config: EnrollmentConfig; keyPem: string }> {
  const keyPem = await generateKeyPem();
  const csr = await svc.request('POST', '/api/v1/certificatesigningrequests', {
    body: {
      apiVersion: 'v1beta1',
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: {
        request: Buffer.from(await createCertificateRequestPem(keyPem, name)).toString('base64'),
        signerName: 'enrollment',
        usages: ['clientAuth', 'CA:false'],
      },
    },
  });
  expect(csr.status, csr.text).toBe(201);
  const config = await svc.request<EnrollmentConfig>('GET', `/api/v1/enrollmentconfig?csr=${name}`);
  expect(config.status, config.text).toBe(200);
  return { config: config.body, keyPem };
}
