/**
 * `flightctl decommission device/NAME [-t unenroll|factoryreset]` (ref/clients.md §1.6.10): asks the
 * service to decommission the device; the agent carries it out on its next contact.
 */
import { STATUS_CODES } from 'node:http';
import type { Command } from 'commander';
import { DeviceDecommissionTargetTypes, type DeviceDecommissionTargetType } from '@flightctl/api';
import { parseSingleResource } from '../args/single-resource.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

/** `unenroll` → `Unenroll`: upstream takes the target in any letter case. */
function decommissionTarget(value: string): DeviceDecommissionTargetType {
  const target = DeviceDecommissionTargetTypes.find((t) => t.toLowerCase() === value.toLowerCase());
  if (!target)
    throw new CliError(
      `decommission target must be one of: (${DeviceDecommissionTargetTypes.map((t) => t.toLowerCase()).join(', ')})`,
    );
  return target;
}

export function registerDecommission(program: Command, io: Output): void {
  program
    .command('decommission')
    .description('Decommission a device.')
    .argument('<resource...>', 'device/NAME or device NAME')
    .option('-t, --target <target>', 'what the device does: unenroll or factoryreset', 'unenroll')
    .action(
      withContext(io, async (ctx, args: string[], options: { target: string }) => {
        const { name } = parseSingleResource(args, ['Device'], 'decommission');
        const body = { target: decommissionTarget(options.target) };
        const { status } = await ctx
          .client()
          .request('PUT', `/devices/${encodeURIComponent(name)}/decommission`, { body });
        ctx.io.out(`Device scheduled for decommissioning: ${status} ${STATUS_CODES[status]}: ${name}\n`);
      }),
    );
}
