/**
 * Enrollment credentials as a user gets them for the simulator: a CLI login (client.yaml) for the
 * service, then the built `flightctl certificate request --signer=enrollment --output=reference`,
 * which writes certs/{client-enrollment.key,client-enrollment.crt,ca.crt} and prints the agent
 * config template that points at them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface EnrollmentSetup {
  /** $XDG_CONFIG_HOME for the simulator and the CLI: holds flightctl/client.yaml. */
  xdgConfigHome: string;
  cliConfig: string;
  /** The agent config template; its certs/ directory is beside it. */
  templatePath: string;
  certsDir: string;
}

/** The built CLI; `npm run build` makes it. */
export function cliBin(): string {
  const entry = fileURLToPath(import.meta.resolve('@flightctl/cli'));
  return path.join(path.dirname(entry), 'bin', 'flightctl.js');
}

export async function setUpEnrollment(dir: string, serviceUrl: string): Promise<EnrollmentSetup> {
  const xdgConfigHome = path.join(dir, 'xdg');
  const cliDir = path.join(xdgConfigHome, 'flightctl');
  mkdirSync(cliDir, { recursive: true, mode: 0o700 });
  const cliConfig = path.join(cliDir, 'client.yaml');
  writeFileSync(cliConfig, `service:\n  server: ${serviceUrl}\n`, { mode: 0o600 });
  const templateDir = path.join(dir, 'template');
  const certsDir = path.join(templateDir, 'certs');
  mkdirSync(certsDir, { recursive: true });
  const { stdout } = await promisify(execFile)(process.execPath, [
    cliBin(),
    '--config-dir',
    cliDir,
    'certificate',
    'request',
    '--signer=enrollment',
    '--expiration=365d',
    '--output=reference',
    '-d',
    certsDir,
  ]);
  const templatePath = path.join(templateDir, 'agent.yaml');
  writeFileSync(templatePath, stdout);
  return { xdgConfigHome, cliConfig, templatePath, certsDir };
}
