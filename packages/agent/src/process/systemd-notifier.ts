/**
 * The systemd notify protocol (ref/agent.md §0): READY=1 once the banner is written, STATUS=Connected
 * after bootstrap, each a datagram to the socket named by $NOTIFY_SOCKET, nothing when it is unset.
 * Node's dgram has no AF_UNIX sockets, so the datagram is sent by systemd's own `systemd-notify`,
 * naming the agent as the main PID of the unit.
 */
import type { Logger } from 'pino';
import type { Executor } from '../os/executor.js';

export class SystemdNotifier {
  constructor(
    private readonly executor: Executor,
    private readonly socket: string | undefined,
    private readonly log: Logger,
  ) {}

  async notify(state: string): Promise<void> {
    if (!this.socket) return;
    const result = await this.executor.execute('systemd-notify', [`--pid=${process.pid}`, state], {
      env: { NOTIFY_SOCKET: this.socket },
      timeoutMs: 10_000,
    });
    if (result.exitCode !== 0) this.log.warn(`systemd notify ${state}: ${result.stderr.trim()}`);
  }
}
