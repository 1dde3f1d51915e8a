/** `flightctl version` end to end: with and without a login, in every output format. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli, useLoggedInCli, writeCliConfig } from '@flightctl/testing';

const packageVersion = (pkg: string) =>
  `v${(JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version}`;
const CLIENT = packageVersion('cli');
const SERVER = packageVersion('service');

const cli = useLoggedInCli('version');
const { tmp, configDir } = cli;

describe('flightctl version', { timeout: 60_000 }, () => {
  it('prints the client and server versions as text, JSON and YAML', async () => {
    const [text, json, yaml] = await Promise.all([
      runCli(['version'], { configDir }),
      runCli(['version', '-o', 'json'], { configDir }),
      runCli(['version', '--output', 'yaml'], { configDir }),
    ]);
    expect(text).toEqual({ code: 0, stdout: `Client Version: ${CLIENT}\nServer Version: ${SERVER}\n`, stderr: '' });
    const expected = {
      clientVersion: { gitVersion: CLIENT, platform: `${process.platform}/${process.arch}` },
      serverVersion: { version: SERVER },
    };
    expect(JSON.parse(json.stdout)).toMatchObject(expected);
    expect(parse(yaml.stdout)).toMatchObject(expected);
  });

  it('without a login prints the client version and how to log in, and succeeds', async () => {
    const [plain, json] = await Promise.all([
      runCli(['version'], { configDir: tmp }),
      runCli(['version', '-o', 'json'], { configDir: tmp }),
    ]);
    expect(plain).toEqual({
      code: 0,
      stdout: `Client Version: ${CLIENT}\n`,
      stderr: 'you must log in to perform this operation: run "flightctl login <URL>"\n',
    });
    expect(JSON.parse(json.stdout)).toEqual({ clientVersion: expect.objectContaining({ gitVersion: CLIENT }) });
  });

  it('reports an unreachable server and rejects unknown output formats', async () => {
    const down = join(tmp, 'down');
    writeCliConfig(down, { ...cli.svc, url: 'https://127.0.0.1:1' });
    const [unreachable, xml] = await Promise.all([
      runCli(['version'], { configDir: down }),
      runCli(['version', '-o', 'xml'], { configDir }),
    ]);
    expect(unreachable).toEqual({
      code: 0,
      stdout: `Client Version: ${CLIENT}\n`,
      stderr:
        'Could not read server version: cannot reach https://127.0.0.1:1: connection refused (is the service running?)\n',
    });
    expect(xml.code).toBe(1);
    expect(xml.stderr).toContain("argument 'xml' is invalid. Allowed choices are json, yaml.");
  });
});
