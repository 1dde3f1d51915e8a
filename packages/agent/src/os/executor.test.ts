import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '@flightctl/testing';
import { describe, expect, it } from 'vitest';
import {
  CANCELED_MESSAGE,
  EXIT_CANCELED,
  EXIT_NOT_FOUND,
  EXIT_TIMED_OUT,
  ProcessExecutor,
  SafeExecutor,
  TIMED_OUT_MESSAGE,
  type ExecResult,
  type Executor,
} from './executor.js';

const executor = new ProcessExecutor();

/** False once the process is gone or only a zombie waiting for its parent to reap it. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return state !== 'Z' && state !== 'X';
}

describe('ProcessExecutor', () => {
  it('returns stdout, stderr and the exit code of the command', async () => {
    const result = await executor.execute('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  });

  it('passes arguments verbatim, and runs in the given directory with extra environment', async () => {
    const result = await executor.execute('sh', ['-c', 'printf "%s|%s|%s" "$1" "$PWD" "$EXTRA"', 'sh', 'a b;c'], {
      cwd: '/tmp',
      env: { EXTRA: 'value' },
    });
    expect(result).toEqual({ stdout: 'a b;c|/tmp|value', stderr: '', exitCode: 0 });
  });

  it('keeps the agent environment besides the extra variables', async () => {
    const result = await executor.execute('sh', ['-c', 'printf %s "$PATH"'], { env: { EXTRA: '1' } });
    expect(result.stdout).toBe(process.env.PATH);
  });

  it('reports a command that ran out of time as exit code 124 and kills its whole process group', async () => {
    // The shell starts a background sleep and prints its pid, then waits: both must die at the deadline.
    const started = Date.now();
    const result = await executor.execute('sh', ['-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 300 });

    expect(result.exitCode).toBe(EXIT_TIMED_OUT);
    expect(result.stderr).toBe(TIMED_OUT_MESSAGE);
    expect(Date.now() - started).toBeLessThan(10_000);
    const backgroundPid = Number(result.stdout.trim());
    expect(backgroundPid).toBeGreaterThan(0);
    await waitFor(async () => !(await isRunning(backgroundPid)), { what: `background sleep ${backgroundPid} to die` });
  });

  it('kills the process group when the caller aborts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'flightctl-exec-'));
    const pidFile = path.join(dir, 'pid');
    const controller = new AbortController();
    const running = executor.execute(
      'sh',
      ['-c', `sleep 30 & echo $! > ${pidFile}.tmp; mv ${pidFile}.tmp ${pidFile}; wait`],
      {
        signal: controller.signal,
      },
    );
    // Abort only once the background child exists, so the test proves the group kill.
    const backgroundPid = await waitFor(
      async () => Number(await readFile(pidFile, 'utf8').catch(() => '')) || undefined,
    );
    controller.abort();
    const result = await running;

    expect(result).toMatchObject({ exitCode: EXIT_CANCELED, stderr: CANCELED_MESSAGE });
    await waitFor(async () => !(await isRunning(backgroundPid)), { what: `background sleep ${backgroundPid} to die` });
    await rm(dir, { recursive: true, force: true });
  });

  it('does not start a command whose caller already gave up', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await executor.execute('sh', ['-c', 'echo started'], { signal: controller.signal });
    expect(result).toEqual({ stdout: '', stderr: CANCELED_MESSAGE, exitCode: EXIT_CANCELED });
  });

  it('reports a missing binary as exit code 127 instead of throwing', async () => {
    const result = await executor.execute('flightctl-no-such-binary', ['--version']);
    expect(result).toEqual({
      stdout: '',
      stderr: 'exec: "flightctl-no-such-binary": executable file not found in $PATH',
      exitCode: EXIT_NOT_FOUND,
    });
    const byPath = await executor.execute('/nonexistent/tool', []);
    expect(byPath.exitCode).toBe(EXIT_NOT_FOUND);
    expect(byPath.stderr).toContain('/nonexistent/tool');
  });

  it('reports death by a signal as 128 plus the signal number', async () => {
    const result = await executor.execute('sh', ['-c', 'kill -TERM $$']);
    expect(result.exitCode).toBe(128 + 15);
  });
});

describe('SafeExecutor', () => {
  const recorded: string[][] = [];
  const inner: Executor = {
    execute: (command, args): Promise<ExecResult> => {
      recorded.push([command, ...args]);
      return Promise.resolve({ stdout: 'ran', stderr: '', exitCode: 0 });
    },
  };

  it('refuses commands that would reboot or power off the machine and reports them', async () => {
    const refused: string[][] = [];
    const safe = new SafeExecutor(inner, (command, args) => refused.push([command, ...args]));
    const attempts: [string, string[]][] = [
      ['systemctl', ['reboot']],
      ['systemctl', ['--no-block', 'poweroff']],
      ['systemctl', ['isolate', 'halt.target']],
      ['systemctl', ['kexec']],
      ['/usr/sbin/reboot', []],
      ['shutdown', ['-r', 'now']],
      ['halt', []],
    ];
    for (const [command, args] of attempts) {
      const result = await safe.execute(command, args);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('reboot or power off');
    }
    expect(refused).toEqual(attempts.map(([command, args]) => [command, ...args]));
    expect(recorded).toEqual([]);
  });

  it('runs every other command through the inner executor', async () => {
    const safe = new SafeExecutor(inner);
    expect(await safe.execute('systemctl', ['daemon-reload'])).toEqual({ stdout: 'ran', stderr: '', exitCode: 0 });
    expect(await safe.execute('podman', ['ps'])).toMatchObject({ exitCode: 0 });
    expect(recorded).toEqual([
      ['systemctl', 'daemon-reload'],
      ['podman', 'ps'],
    ]);
  });

  it('runs real commands by default', async () => {
    expect(await new SafeExecutor().execute('echo', ['hi'])).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 0 });
  });
});
