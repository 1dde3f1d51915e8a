/**
 * `flightctl resume device/NAME | devices (-l SEL | --field-selector SEL | --all)`
 * (ref/clients.md §1.6.10): lifts the conflict pause of devices, always through the bulk
 * `POST /deviceactions/resume`; one device is the field selector on its name.
 */
import type { Command } from 'commander';
import type { DeviceResumeRequest, DeviceResumeResponse } from '@flightctl/api';
import { parseResourceOfKinds } from '../args/single-resource.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

interface ResumeOptions {
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
}

/** Upstream's selector for --all: every device has a non-empty name. */
const ALL_DEVICES = "metadata.name!=''";

function bulkRequest(options: ResumeOptions): DeviceResumeRequest {
  const { selector, fieldSelector, all } = options;
  if (all && (selector || fieldSelector)) throw new CliError('--all flag cannot be used with selectors');
  if (all) return { fieldSelector: ALL_DEVICES };
  if (!selector && !fieldSelector)
    throw new CliError(
      'at least one selector or --all flag is required when resuming multiple devices. Use --selector/-l, --field-selector, or --all flag',
    );
  return { ...(selector ? { labelSelector: selector } : {}), ...(fieldSelector ? { fieldSelector } : {}) };
}

function checkSingle(options: ResumeOptions): void {
  if (options.all) throw new CliError('--all flag cannot be used when resuming a specific device');
  if (options.selector) throw new CliError('label selector cannot be used when resuming a specific device');
  if (options.fieldSelector) throw new CliError('field selector cannot be used when resuming a specific device');
}

export function registerResume(program: Command, io: Output): void {
  program
    .command('resume')
    .description('Resume a device or devices based on selectors or all devices.')
    .argument('<resource...>', 'device/NAME, device NAME, or devices with -l, --field-selector or --all')
    .option('-l, --selector <selector>', "label selector, e.g. -l 'env=prod,tier!=db'")
    .option('--field-selector <selector>', "field selector, e.g. --field-selector 'metadata.name=dev1'")
    .option('--all', 'resume all devices in conflictPaused state')
    .action(
      withContext(io, async (ctx, args: string[], options: ResumeOptions) => {
        const { names } = parseResourceOfKinds(args, ['Device']);
        if (names.length > 1) throw new CliError(`resume takes one device name, not ${names.length}; use a selector`);
        const name = names[0];
        if (name) checkSingle(options);
        const body = name ? { fieldSelector: `metadata.name=${name}` } : bulkRequest(options);
        const { body: result } = await ctx
          .client()
          .request<DeviceResumeResponse>('POST', '/deviceactions/resume', { body });
        if (name) {
          if (result.resumedDevices !== 1)
            throw new CliError(`failed resuming device ${name}: it does not exist or is not paused`);
          ctx.io.out(`Resume request for device "${name}" completed\n`);
          return;
        }
        ctx.io.out(`Resume operation completed:\n  Devices resumed: ${result.resumedDevices}\n`);
        if (result.resumedDevices === 0)
          ctx.io.out('No devices matched the selector or were in conflictPaused state\n');
      }),
    );
}
