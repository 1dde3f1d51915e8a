import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { pathRequirement } from '@flightctl/testing';
import { ProcessExecutor } from '../os/executor.js';
import { SystemdNotifier } from './systemd-notifier.js';

const log = pino({ level: 'silent' });
// Node cannot read AF_UNIX datagrams; Python plays systemd's side of the socket.
const RECEIVER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
s.settimeout(10)
print(s.recv(4096).decode(), flush=True)
`;
const canReceive =
  pathRequirement('/usr/bin/systemd-notify', 'sd_notify test skipped: systemd-notify is not installed') &&
  spawnSync('python3', ['-c', '']).status === 0;

describe('systemd notifier', () => {
  it.skipIf(!canReceive)('sends the state as a datagram to $NOTIFY_SOCKET, naming the agent as main PID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-notify-'));
    const socket = join(dir, 'notify.sock');
    const receiver = spawn('python3', ['-c', RECEIVER, socket]);
    let output = '';
    receiver.stdout.on('data', (d) => (output += d));
    const done = new Promise((resolve) => receiver.on('close', resolve));
    await new Promise<void>((resolve) => receiver.stdout.once('data', () => resolve()));
    try {
      await new SystemdNotifier(new ProcessExecutor(), socket, log).notify('READY=1');
      await done;
      expect(output).toContain('READY=1');
      expect(output).toContain(`MAINPID=${process.pid}`);
    } finally {
      receiver.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does nothing when the agent was not started by systemd', async () => {
    const calls: string[] = [];
    const executor = {
      execute: async (command: string) => {
        calls.push(command);
        return { stdout: '', stderr: '', exitCode: 0 };
      },
    };
    await new SystemdNotifier(executor, undefined, log).notify('READY=1');
    expect(calls).toEqual([]);
  });
});
