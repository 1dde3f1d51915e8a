/**
 * What the binary runs: the root program with only the command that argv names, its module
 * imported on demand, so `flightctl get` does not load what `apply` or `login` need (schemas,
 * validators, crypto). Anything else (no command, help, completion, an unknown word) gets the
 * whole tree of program.ts, so help, suggestions and completion see every command.
 */
import type { Command } from 'commander';
import type { Output } from './context.js';
import { rootCommand } from './root-command.js';

type Register = (program: Command, io: Output) => void;

/** Each command word and the registration in its module; program.ts lists the same commands. */
export const COMMAND_MODULES: Readonly<Record<string, () => Promise<Register>>> = {
  get: async () => (await import('./commands/get.js')).registerGet,
  apply: async () => (await import('./commands/apply.js')).registerApply,
  edit: async () => (await import('./commands/edit.js')).registerEdit,
  delete: async () => (await import('./commands/delete.js')).registerDelete,
  approve: async () => (await import('./commands/approve.js')).registerApprove,
  'csr-generate': async () => (await import('./commands/csr-generate.js')).registerCsrGenerate,
  config: async () => (await import('./commands/config.js')).registerConfig,
  decommission: async () => (await import('./commands/decommission.js')).registerDecommission,
  deny: async () => (await import('./commands/approve.js')).registerDeny,
  login: async () => (await import('./commands/login.js')).registerLogin,
  logout: async () => (await import('./commands/login.js')).registerLogout,
  resume: async () => (await import('./commands/resume.js')).registerResume,
  version: async () => (await import('./commands/version.js')).registerVersion,
  console: async () => (await import('./commands/console.js')).registerConsole,
  enrollmentconfig: async () => (await import('./commands/enrollmentconfig.js')).registerEnrollmentConfig,
  certificate: async () => (await import('./commands/certificate.js')).registerCertificate,
  app: async () => (await import('./commands/app.js')).registerApp,
};

const quiet: Output = { out: () => undefined, err: () => undefined, isTTY: false };

/**
 * The command word of `argv` (node, script, args…) as commander will find it: the first operand
 * once the global options and their values are taken out; undefined when there is none or the
 * global options are malformed (the real parse reports that).
 */
export function commandWord(argv: readonly string[]): string | undefined {
  try {
    return rootCommand(quiet).parseOptions(argv.slice(2)).operands[0];
  } catch {
    return undefined;
  }
}

export async function loadProgram(argv: readonly string[], io: Output): Promise<Command> {
  const word = commandWord(argv);
  const load = word !== undefined && Object.hasOwn(COMMAND_MODULES, word) ? COMMAND_MODULES[word] : undefined;
  if (!load) return (await import('./program.js')).buildProgram(io);
  const program = rootCommand(io);
  (await load())(program, io);
  return program;
}
