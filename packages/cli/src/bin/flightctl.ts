#!/usr/bin/env node
/** `flightctl`: errors are one line on stderr and a non-zero exit, never a stack. */
import { CommanderError } from 'commander';
import { processOutput } from '../context.js';
import { CliError } from '../errors.js';
import { loadProgram } from '../command-modules.js';

async function main(argv: string[]): Promise<number> {
  const program = await loadProgram(argv, processOutput);
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return 1;
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError) {
      processOutput.err(`${err.message}\n`);
      return err.exitCode;
    }
    processOutput.err(`Error: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
