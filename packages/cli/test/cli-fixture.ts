/**
 * What the CLI command tests share: one service (PGlite) per test file, a client config pointing at
 * it, a scratch directory for manifests and editor scripts, and small builders for resources.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  runCli,
  startTestService,
  writeCliConfig,
  type AnyJson,
  type CliOptions,
  type CliResult,
  type TestService,
} from '@flightctl/testing';

export const API_VERSION = 'flightctl.io/v1beta1';
export const ORG = '00000000-0000-0000-0000-000000000000';

export interface CliFixture {
  svc: TestService;
  /** Scratch directory, removed after the file's tests. */
  dir: string;
  configDir: string;
  cli(args: string[], options?: Omit<CliOptions, 'configDir'>): Promise<CliResult>;
  /** Writes `content` at `name` under the scratch directory and returns its path. */
  file(name: string, content: string): string;
  /** A request to an API path (relative to /api/v1), bypassing the CLI. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: AnyJson }>;
}

/** Registers the service's start and stop with the file's hooks; the fields are set in beforeAll. */
export function useCliFixture(): CliFixture {
  const fixture = {} as CliFixture;
  beforeAll(async () => {
    fixture.svc = await startTestService('pglite');
    fixture.dir = mkdtempSync(join(tmpdir(), 'flightctl-cli-test-'));
    fixture.configDir = join(fixture.dir, 'config');
    writeCliConfig(fixture.configDir, fixture.svc);
    fixture.cli = (args, options = {}) => runCli(args, { ...options, configDir: fixture.configDir });
    fixture.file = (name, content) => {
      const path = join(fixture.dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    };
    fixture.api = (method, path, body) => fixture.svc.request(method, `/api/v1${path}`, { body });
  });
  afterAll(async () => {
    await fixture.svc?.close();
    if (fixture.dir) rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/** A resource envelope as a user writes it. */
export function resource(kind: string, name: string, spec?: unknown, labels?: Record<string, string>) {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: { name, ...(labels ? { labels } : {}) },
    ...(spec ? { spec } : {}),
  };
}

export const gitRepository = (name: string, url = `https://git.example.com/${name}.git`) =>
  resource('Repository', name, { type: 'git', url });
