/**
 * Runs the real `flightctl` binary (from its TypeScript sources through tsx, so no build is needed)
 * against a test service, with its own client config directory.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll } from 'vitest';
import { startTestService, type TestService } from './service-harness.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'packages/cli/src/bin/flightctl.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Client config directory (passed as --config-dir). */
  configDir?: string;
  env?: Record<string, string>;
  stdin?: string;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const argv = options.configDir ? ['--config-dir', options.configDir, ...args] : args;
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...argv], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: options.configDir ?? process.env.HOME,
      TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.test.json'),
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes a client.yaml in `dir` that points at the service (as `flightctl login` would). */
export function writeCliConfig(dir: string, service: TestService): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = service.service.caCertPath;
  const config = {
    service: {
      server: service.url,
      ...(ca ? { 'certificate-authority-data': Buffer.from(readFileSync(ca)).toString('base64') } : {}),
    },
  };
  writeFileSync(join(dir, 'client.yaml'), stringify(config), { mode: 0o600 });
}

export interface LoggedInCli {
  /** The service (HTTPS, PGlite); available from the test file's `beforeAll` on. */
  readonly svc: TestService;
  /** A directory of the test file's own, removed after its tests. */
  tmp: string;
  /** A client configuration directory (under `tmp`) logged in to `svc`. */
  configDir: string;
}

/**
 * For a CLI test file: starts a service and logs a client configuration in to it before the file's
 * tests (then runs `setup`), and removes both after them.
 */
export function useLoggedInCli(name: string, setup?: (svc: TestService) => Promise<void>): LoggedInCli {
  const tmp = mkdtempSync(join(tmpdir(), `flightctl-${name}-`));
  const configDir = join(tmp, 'config');
  let svc: TestService | undefined;
  beforeAll(async () => {
    svc = await startTestService('pglite', { tls: true });
    writeCliConfig(configDir, svc);
    await setup?.(svc);
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  return {
    get svc() {
      if (!svc) throw new Error('the service starts in beforeAll');
      return svc;
    },
    tmp,
    configDir,
  };
}
