/** The `flightctl` program without its commands: the global options and where it writes. */
import { Command } from 'commander';
import type { Output } from './context.js';

export function rootCommand(io: Output): Command {
  return new Command('flightctl')
    .description('flightctl controls the Flight Control device management service.')
    .option('--org <uuid>', 'organization for this call (overrides the one in the client config)')
    .option('-c, --context <name>', 'use client_<name>.yaml instead of client.yaml')
    .option('--config-dir <dir>', 'directory of the client config files (default ~/.config/flightctl)')
    .option('--request-timeout <seconds>', 'per-request timeout in seconds; 0 means none')
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
}
