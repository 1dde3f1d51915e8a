/**
 * The commands as operators run them: real processes, real config files, real databases.
 * They run from the TypeScript sources (tsx, with the test tsconfig's paths), so no build is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, databaseKinds, waitFor } from '@flightctl/testing';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const bin = (name: string) => join(ROOT, 'packages/service/src/bin', `${name}.ts`);
const tmp = mkdtempSync(join(tmpdir(), 'flightctl-commands-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(name: string, args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', bin(name), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: tmp, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.test.json'), ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function finish(r: Run): Promise<{ code: number | null; output: string }> {
  const code = await r.exited;
  return { code, output: r.output() };
}

// Each test starts real processes (tsx, then an embedded database); allow for a loaded machine.
const PROCESS_TEST_TIMEOUT = 120_000;

describe('flightctl-api', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('starts with the embedded database, prints where it listens, serves TLS with its CA, and stops on SIGTERM', async () => {
    const dataDir = join(tmp, 'embedded');
    const api = run('flightctl-api', [], {
      FLIGHTCTL_DATA_DIR: dataDir,
      FLIGHTCTL_SERVICE_ADDRESS: '127.0.0.1:0',
      FLIGHTCTL_AGENT_ENDPOINT_ADDRESS: '127.0.0.1:0',
    });
    try {
      const url = await waitFor(() => /listening on (https:\/\/\S+)/.exec(api.output())?.[1], {
        timeoutMs: 60_000,
        what: 'the API to print its address',
      });
      // HOME is the temporary directory, so the hint shortens the path with ~.
      expect(api.output()).toContain('CA certificate: ~/embedded/certs/ca.crt');
      const dispatcher = new Agent({ connect: { ca: readFileSync(join(dataDir, 'certs', 'ca.crt'), 'utf8') } });
      const res = await fetch(`${url}/readyz`, { dispatcher } as unknown as RequestInit);
      expect(res.status).toBe(200);
      await dispatcher.close();
    } finally {
      api.child.kill('SIGTERM');
    }
    expect(await api.exited).toBe(0);
  });

  it('refuses a bad config file, naming the file, line and key', async () => {
    const config = join(tmp, 'bad.yaml');
    writeFileSync(config, 'service:\n  address: ":3443"\n  disableTLS: maybe\n');
    const { code, output } = await finish(run('flightctl-api', ['--config', config]));
    expect(code).toBe(1);
    expect(output).toContain(`flightctl-api: ${config}:3: service.disableTLS: must be boolean`);
  });
});

describe.skipIf(!databaseKinds().includes('postgres'))(
  'flightctl-db-migrate and PostgreSQL',
  { timeout: PROCESS_TEST_TIMEOUT },
  () => {
    it('migrates a database once, idempotently; the API refuses an unmigrated one', async () => {
      const db = await createPostgresDatabase();
      try {
        const env = { FLIGHTCTL_DATABASE_URL: db.url, FLIGHTCTL_DATA_DIR: join(tmp, 'pg') };
        const refused = await finish(
          run('flightctl-api', [], {
            ...env,
            FLIGHTCTL_SERVICE_ADDRESS: '127.0.0.1:0',
            FLIGHTCTL_AGENT_ENDPOINT_ADDRESS: '127.0.0.1:0',
          }),
        );
        expect(refused.code).toBe(1);
        expect(refused.output).toContain('run flightctl-db-migrate first');

        const dry = await finish(run('flightctl-db-migrate', ['--dry-run'], env));
        expect(dry).toMatchObject({
          code: 0,
          output: expect.stringMatching(/^[1-9]\d* migration\(s\) pending; nothing applied/m),
        });
        const applied = await finish(run('flightctl-db-migrate', [], env));
        expect(applied).toMatchObject({ code: 0, output: expect.stringMatching(/^applied [1-9]\d* migration\(s\)/m) });
        const again = await finish(run('flightctl-db-migrate', [], env));
        expect(again).toMatchObject({ code: 0, output: expect.stringContaining('database schema is up to date') });
      } finally {
        await db.drop();
      }
    });
  },
);
