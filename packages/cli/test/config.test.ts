/**
 * `flightctl config current-organization` / `set-organization` end to end, and the global options
 * they share with every command, against the real service over HTTPS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli, useLoggedInCli } from '@flightctl/testing';

const ORG = '00000000-0000-0000-0000-000000000000';
const UNKNOWN_ORG = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

const { tmp, configDir } = useLoggedInCli('config');

const config = (...args: string[]) => runCli(['config', ...args], { configDir });
const organizationInFile = () => parse(readFileSync(join(configDir, 'client.yaml'), 'utf8')).organization;

describe('flightctl config', { timeout: 60_000 }, () => {
  it('shows, sets (with the display name), keeps and unsets the current organization', async () => {
    expect(await config('current-organization')).toMatchObject({ code: 0, stdout: 'No current organization set\n' });
    expect(await config('set-organization', ORG)).toMatchObject({
      code: 0,
      stdout: `Current organization set to: ${ORG} Default\n`,
    });
    expect(organizationInFile()).toBe(ORG);
    const [current, again] = await Promise.all([config('current-organization'), config('set-organization', ORG)]);
    expect(current.stdout).toBe(`${ORG} Default\n`);
    expect(again.stdout).toBe('Current organization unchanged\n');
    expect(await config('set-organization', '')).toMatchObject({ code: 0, stdout: 'Current organization unset\n' });
    expect(organizationInFile()).toBeUndefined();
  });

  it('refuses IDs that are not UUIDs and organizations the server does not know', async () => {
    const [invalid, unknown] = await Promise.all([
      config('set-organization', 'acme'),
      config('set-organization', UNKNOWN_ORG),
    ]);
    expect(invalid).toMatchObject({
      code: 1,
      stderr: 'cannot set organization: invalid organization ID "acme": must be a UUID\n',
    });
    expect(unknown).toMatchObject({
      code: 1,
      stderr: `cannot set organization: organization ${UNKNOWN_ORG} not found or not accessible\n`,
    });
    expect(organizationInFile()).toBeUndefined();
  });

  it('checks the global options and needs a login', async () => {
    const [badOrg, badTimeout, notLoggedIn, noContext] = await Promise.all([
      config('current-organization', '--org', 'acme'),
      config('current-organization', '--request-timeout', '-1'),
      runCli(['config', 'current-organization'], { configDir: tmp }),
      config('current-organization', '-c', 'nope'),
    ]);
    expect(badOrg).toMatchObject({ code: 1, stderr: 'invalid organization ID "acme": must be a UUID\n' });
    expect(badTimeout).toMatchObject({
      code: 1,
      stderr: 'invalid --request-timeout "-1": must be a whole number of seconds (0 = none)\n',
    });
    expect(notLoggedIn).toMatchObject({
      code: 1,
      stderr: 'you must log in to perform this operation: run "flightctl login <URL>"\n',
    });
    expect(noContext).toMatchObject({ code: 1, stderr: "context 'nope' does not exist\n" });
  });
});
