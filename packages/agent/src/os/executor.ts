/**
 * How the agent runs external commands (podman, systemctl, bootc, custom-info scripts…). Everything
 * goes through an Executor so tests can script command results, and the result of a command is
 * always a value, never an exception: callers branch on the exit code as upstream's Executer does.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecOptions {
  /** Working directory (a real path, not a device path). */
  cwd?: string;
  /** Variables added to (or overriding) the agent's own environment. */
  env?: Record<string, string>;
  /** Kills the command after this long; the result then has exit code 124. */
  timeoutMs?: number;
  /** Aborting kills the command. */
  signal?: AbortSignal;
}

export interface Executor {
  execute(command: string, args: string[], options?: ExecOptions): Promise<ExecResult>;
}

/** Exit code and message of a command that ran out of time, as upstream (and coreutils' timeout) report it. */
export const EXIT_TIMED_OUT = 124;
export const TIMED_OUT_MESSAGE = 'context deadline exceeded';
/** Exit code and message of a command killed because its caller gave up on it (128 + SIGKILL). */
export const EXIT_CANCELED = 128 + constants.signals.SIGKILL;
export const CANCELED_MESSAGE = 'context canceled';
/** Shell conventions for a command that cannot be found or cannot be executed. */
export const EXIT_NOT_FOUND = 127;
export const EXIT_NOT_EXECUTABLE = 126;

// Process groups of running children. Upstream asks the kernel to SIGTERM children when the agent dies
// (Pdeathsig); Node cannot, so the groups are signalled when the agent process exits.
const runningGroups = new Set<number>();
let exitHookInstalled = false;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of runningGroups) signalGroup(pid, 'SIGTERM');
  });
}

function spawnFailure(command: string, err: NodeJS.ErrnoException): ExecResult {
  if (err.code === 'ENOENT') {
    const message = command.includes('/')
      ? `fork/exec ${command}: no such file or directory`
      : `exec: "${command}": executable file not found in $PATH`;
    return { stdout: '', stderr: message, exitCode: EXIT_NOT_FOUND };
  }
  if (err.code === 'EACCES') {
    return { stdout: '', stderr: `fork/exec ${command}: permission denied`, exitCode: EXIT_NOT_EXECUTABLE };
  }
  return { stdout: '', stderr: `${command}: ${err.message}`, exitCode: EXIT_NOT_EXECUTABLE };
}

/**
 * Runs commands as child processes, each in a process group of its own so that a timeout or a cancel
 * kills everything the command started (SIGKILL to the group), not just its first process.
 */
export class ProcessExecutor implements Executor {
  execute(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.resolve({ stdout: '', stderr: CANCELED_MESSAGE, exitCode: EXIT_CANCELED });
    installExitHook();

    return new Promise((resolve) => {
      const child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env ? { ...process.env, ...options.env } : process.env,
        // A new process group (and session), so the group can be killed as a whole.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let ending: 'timeout' | 'canceled' | undefined;
      let settled = false;

      const killGroup = (why: 'timeout' | 'canceled') => {
        ending ??= why;
        if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      };
      const onAbort = () => killGroup('canceled');
      const timer = timeoutMs !== undefined ? setTimeout(() => killGroup('timeout'), timeoutMs) : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      if (child.pid !== undefined) runningGroups.add(child.pid);

      const finish = (result: ExecResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (child.pid !== undefined) runningGroups.delete(child.pid);
        resolve(result);
      };

      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (err: NodeJS.ErrnoException) => finish(spawnFailure(command, err)));
      // 'close' waits for the output pipes too, as Go's Run does: output written by children is kept.
      child.on('close', (code, exitSignal) => {
        const out = Buffer.concat(stdout).toString('utf8');
        if (ending === 'timeout') return finish({ stdout: out, stderr: TIMED_OUT_MESSAGE, exitCode: EXIT_TIMED_OUT });
        if (ending === 'canceled') return finish({ stdout: out, stderr: CANCELED_MESSAGE, exitCode: EXIT_CANCELED });
        const exitCode = code ?? 128 + (exitSignal ? constants.signals[exitSignal] : 0);
        finish({ stdout: out, stderr: Buffer.concat(stderr).toString('utf8'), exitCode });
      });
    });
  }
}

// Binaries that take the machine down, and systemctl verbs and targets that do the same.
const POWER_BINARIES = new Set(['reboot', 'poweroff', 'halt', 'kexec', 'shutdown']);
const POWER_SYSTEMCTL_ARGS = new Set([
  'reboot',
  'poweroff',
  'halt',
  'kexec',
  'soft-reboot',
  'reboot.target',
  'poweroff.target',
  'halt.target',
  'kexec.target',
  'soft-reboot.target',
]);

function takesMachineDown(command: string, args: string[]): boolean {
  const binary = path.basename(command);
  if (POWER_BINARIES.has(binary)) return true;
  return binary === 'systemctl' && args.some((arg) => POWER_SYSTEMCTL_ARGS.has(arg));
}

/**
 * An Executor for tests and the device simulator: runs everything through `inner` except commands
 * that would reboot or power off the machine the agent runs on, which are refused (exit code 1) and
 * reported to `onRefused` so a test can assert that the agent asked for a reboot.
 */
export class SafeExecutor implements Executor {
  constructor(
    private readonly inner: Executor = new ProcessExecutor(),
    private readonly onRefused?: (command: string, args: string[]) => void,
  ) {}

  execute(command: string, args: string[], options?: ExecOptions): Promise<ExecResult> {
    if (takesMachineDown(command, args)) {
      this.onRefused?.(command, args);
      const line = [command, ...args].join(' ');
      return Promise.resolve({
        stdout: '',
        stderr: `refused to run "${line}": it would reboot or power off this machine`,
        exitCode: 1,
      });
    }
    return this.inner.execute(command, args, options);
  }
}
