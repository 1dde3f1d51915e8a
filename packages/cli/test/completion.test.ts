/**
 * Shell completion: the generated scripts (bash checked for syntax and driven in a real bash), the
 * hidden `__complete` entry point they call, and the completion engine's rules in process.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KindInfo } from '@flightctl/api';
import { buildProgram } from '@flightctl/cli';
import { runCli, useLoggedInCli } from '@flightctl/testing';
import { CompletionEngine } from '../src/completion/engine.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const { tmp, configDir } = useLoggedInCli('completion', async (svc) => {
  copyFileSync(join(configDir, 'client.yaml'), join(configDir, 'client_other.yaml'));
  for (const name of ['alpha', 'beta']) {
    const res = await svc.request('POST', '/api/v1/devices', {
      body: { apiVersion: 'v1beta1', kind: 'Device', metadata: { name }, spec: {} },
    });
    expect(res.status).toBe(201);
  }
});

const complete = (...words: string[]) => runCli(['__complete', '--', ...words], { configDir });
const answer = (directive: ':words' | ':files', ...candidates: string[]) =>
  [directive, ...candidates].map((line) => `${line}\n`).join('');

/** Runs `script` in a bash that has the completion loaded and `flightctl` on its PATH. */
function inBash(completionScript: string, script: string): string {
  const bin = join(tmp, 'bin');
  mkdirSync(bin, { recursive: true });
  const wrapper = join(bin, 'flightctl');
  const cli = join(ROOT, 'packages/cli/src/bin/flightctl.ts');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" --import tsx "${cli}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  const scriptFile = join(tmp, 'flightctl.bash');
  writeFileSync(scriptFile, completionScript);
  return execFileSync('bash', ['-c', `source "${scriptFile}"\n${script}`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: tmp, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.test.json') },
  });
}

describe('flightctl completion', { timeout: 60_000 }, () => {
  it('prints a bash script that is valid and completes commands, kinds and flags in a real bash', async () => {
    const bash = await runCli(['completion', 'bash'], { configDir });
    expect(bash.code).toBe(0);
    const scriptFile = join(tmp, 'syntax.bash');
    writeFileSync(scriptFile, bash.stdout);
    execFileSync('bash', ['-n', scriptFile]);

    const output = inBash(
      bash.stdout,
      [
        'complete -p flightctl',
        'show() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _flightctl; echo "${COMPREPLY[*]}"; }',
        'show flightctl con',
        'show flightctl get dev',
        'show flightctl version --o',
      ].join('\n'),
    );
    expect(output.split('\n')).toEqual([
      'complete -F _flightctl flightctl',
      'config console',
      'device devices dev',
      '--output --org',
      '',
    ]);
  });

  it('prints zsh and fish scripts, bash by default, and refuses other shells', async () => {
    const [zsh, fish, byDefault, other] = await Promise.all([
      runCli(['completion', 'zsh']),
      runCli(['completion', 'fish']),
      runCli(['completion']),
      runCli(['completion', 'tcsh']),
    ]);
    expect(zsh.stdout).toMatch(/^#compdef flightctl\n/);
    expect(zsh.stdout).toContain('__complete --');
    expect(fish.stdout).toContain("complete -c flightctl -f -a '(__flightctl_complete)'");
    expect(byDefault.stdout).toContain('complete -F _flightctl flightctl');
    expect(other).toMatchObject({
      code: 1,
      stderr:
        "error: command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish, help.\n",
    });
  });
});

describe('flightctl __complete', { timeout: 60_000 }, () => {
  it('answers flag values, contexts, file arguments, kinds and, through get, resource names', async () => {
    const [output, contexts, caFile, approve, names, slashNames, fromOtherContext, unknownContext] = await Promise.all([
      complete('version', '-o', ''),
      complete('-c', ''),
      complete('login', '--certificate-authority', ''),
      complete('approve', ''),
      complete('get', 'devices', ''),
      complete('delete', 'device/a'),
      complete('--context', 'other', 'get', 'dev', 'b'),
      complete('-c', 'nope', 'get', 'devices', ''),
    ]);
    expect(output.stdout).toBe(answer(':words', 'json', 'yaml'));
    expect(contexts.stdout).toBe(answer(':words', 'default', 'other'));
    expect(caFile.stdout).toBe(answer(':files'));
    expect(approve.stdout).toBe(
      answer(
        ':words',
        'enrollmentrequest',
        'enrollmentrequests',
        'er',
        'certificatesigningrequest',
        'certificatesigningrequests',
        'csr',
      ),
    );
    expect(names.stdout).toBe(answer(':words', 'alpha', 'beta'));
    expect(slashNames.stdout).toBe(answer(':words', 'device/alpha'));
    expect(fromOtherContext.stdout).toBe(answer(':words', 'beta'));
    expect(unknownContext).toMatchObject({ code: 0, stdout: answer(':words') });
  });

  it('offers names only where the grammar takes them, and lists template versions per fleet', async () => {
    const lookups: { kind: string; args: string[] }[] = [];
    const lookup = async (kind: KindInfo, _globals: unknown, args: string[]) => {
      lookups.push({ kind: kind.singular, args });
      return ['one', 'two'];
    };
    const program = buildProgram({ out: () => undefined, err: () => undefined, isTTY: false });
    const engine = new CompletionEngine(program, {}, lookup);
    const candidates = async (...words: string[]) => (await engine.complete(words)).candidates;

    expect(await candidates('delete', 'templateversions', '-f', 'fleet1', '')).toEqual(['one', 'two']);
    expect(await candidates('get', 'tv', '--fleetname=fleet2', 't')).toEqual(['two']);
    expect(await candidates('console', 'device/')).toEqual(['device/one', 'device/two']);
    expect(lookups).toEqual([
      { kind: 'templateversion', args: ['--fleetname', 'fleet1'] },
      { kind: 'templateversion', args: ['--fleetname', 'fleet2'] },
      { kind: 'device', args: [] },
    ]);
    // `console device NAME` is not its grammar; events have no names; console takes only devices.
    expect(await candidates('console', 'device', '')).toEqual([]);
    expect(await candidates('get', 'events', '')).toEqual([]);
    expect(await candidates('console', 'fleet/')).toEqual([]);
    expect(await candidates('console', 'fl')).toEqual([]);
    expect(lookups).toHaveLength(3);
  });
});
