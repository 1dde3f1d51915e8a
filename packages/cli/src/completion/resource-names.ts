/**
 * Resource names for completion: `flightctl get <kind> -o name` run in this process with its
 * output captured, so names come with the user's own client config, organization and rules.
 */
import type { KindInfo } from '@flightctl/api';
import type { GlobalOptions, Output } from '../context.js';

/** Completion must not hang the shell on an unreachable server. */
const LOOKUP_TIMEOUT_SECONDS = '5';

function globalArgs(globals: GlobalOptions): string[] {
  return [
    ...(globals.configDir ? ['--config-dir', globals.configDir] : []),
    ...(globals.context ? ['--context', globals.context] : []),
    ...(globals.org ? ['--org', globals.org] : []),
    '--request-timeout',
    globals.requestTimeout ?? LOOKUP_TIMEOUT_SECONDS,
  ];
}

export async function resourceNames(kind: KindInfo, globals: GlobalOptions, getArgs: string[]): Promise<string[]> {
  // A dynamic import: the program contains the completion command that ends up here.
  const { buildProgram } = await import('../program.js');
  let out = '';
  const io: Output = { out: (text) => void (out += text), err: () => undefined, isTTY: false };
  const argv = [...globalArgs(globals), 'get', kind.plural, ...getArgs, '-o', 'name'];
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
  } catch {
    // Not logged in, server unreachable…: nothing to offer.
    return [];
  }
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(line.lastIndexOf('/') + 1));
}
