/**
 * The whole `flightctl` command tree (ref/clients.md §1.1), in upstream's order. Each command lives
 * in commands/<name>.ts and registers itself on the program. The binary loads only the command it
 * runs (command-modules.ts); this tree is for help, completion and in-process callers.
 */
import type { Command } from 'commander';
import type { Output } from './context.js';
import { registerApp } from './commands/app.js';
import { registerApply } from './commands/apply.js';
import { registerApprove, registerDeny } from './commands/approve.js';
import { registerCertificate } from './commands/certificate.js';
import { registerCompletion } from './commands/completion.js';
import { registerConfig } from './commands/config.js';
import { registerConsole } from './commands/console.js';
import { registerCsrGenerate } from './commands/csr-generate.js';
import { registerDecommission } from './commands/decommission.js';
import { registerDelete } from './commands/delete.js';
import { registerEdit } from './commands/edit.js';
import { registerEnrollmentConfig } from './commands/enrollmentconfig.js';
import { registerGet } from './commands/get.js';
import { registerLogin, registerLogout } from './commands/login.js';
import { registerResume } from './commands/resume.js';
import { registerVersion } from './commands/version.js';
import { rootCommand } from './root-command.js';

export function buildProgram(io: Output): Command {
  const program = rootCommand(io);
  for (const register of [
    registerGet,
    registerApply,
    registerEdit,
    registerDelete,
    registerApprove,
    registerCsrGenerate,
    registerConfig,
    registerDecommission,
    registerDeny,
    registerLogin,
    registerLogout,
    registerResume,
    registerVersion,
    registerConsole,
    registerCompletion,
    registerEnrollmentConfig,
    registerCertificate,
    registerApp,
  ]) {
    register(program, io);
  }
  return program;
}
