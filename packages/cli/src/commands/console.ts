/**
 * `flightctl console device/NAME [-- COMMAND [ARG…]]` (ref/clients.md §1.6.7). Upstream opens a
 * WebSocket to /ws/v1/devices/NAME/console (Kubernetes remotecommand v5 channels); the service
 * has no console sessions yet, so after checking the device exists this says so.
 */
import { Option, type Command } from 'commander';
import { parseResourceArgs } from '../args/resource-args.js';
import { unsupportedByService } from '../client/service-support.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

function deviceName(arg: string): string {
  const target = parseResourceArgs([arg]);
  if (target.kind.kind !== 'Device') throw new CliError('only devices can be connected to a console');
  const [name] = target.names;
  if (!name) throw new CliError('device name is required');
  return name;
}

export function registerConsole(program: Command, io: Output): void {
  program
    .command('console')
    .description('Connect a console to the remote device through the server.')
    .argument('<device/NAME>', 'the device')
    .argument('[command...]', 'command to run instead of a login shell (after --)')
    .addOption(new Option('--tty', 'allocate a terminal even when not on one').conflicts('notty'))
    .option('--notty', 'do not allocate a terminal')
    .action(
      withContext(io, async (ctx, target: string) => {
        const name = deviceName(target);
        // A wrong name gets the server's own "not found" rather than the message below.
        await ctx.client().get(`/devices/${name}`);
        throw unsupportedByService(
          'flightctl console',
          `device console sessions (WebSocket /ws/v1/devices/${name}/console)`,
        );
      }),
    );
}
