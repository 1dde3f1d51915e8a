import type { Command } from 'commander';
import { CommandContext, type GlobalOptions, type Output } from './context.js';

/**
 * Wraps a command action: builds the context from the global options and closes its client after,
 * so every command gets the same setup and teardown.
 */
export function withContext<A extends unknown[]>(
  io: Output,
  action: (ctx: CommandContext, ...args: A) => Promise<void>,
): (...args: [...A, Command]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    const ctx = new CommandContext(command.optsWithGlobals<GlobalOptions>(), io);
    try {
      await action(ctx, ...(args.slice(0, -1) as A));
    } finally {
      await ctx.close();
    }
  };
}
