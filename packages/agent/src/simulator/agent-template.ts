/**
 * The agent config template of the simulator (`--config`, default ~/.flightctl/agent.yaml): where the
 * service is and the agents' intervals, plus the enrollment credentials beside it in `certs/`
 * (ca.crt, client-enrollment.crt, client-enrollment.key), which every simulated device gets a copy of.
 * `flightctl certificate request --signer=enrollment --output=reference -d ~/.flightctl/certs >
 * ~/.flightctl/agent.yaml` writes exactly these.
 */
import { access, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { AgentConfig } from '../config/agent-config.js';
import { loadAgentConfig } from '../config/load-config.js';
import { RootDir } from '../os/root-dir.js';

export const CA_FILE = 'ca.crt';
export const ENROLLMENT_CERT_FILE = 'client-enrollment.crt';
export const ENROLLMENT_KEY_FILE = 'client-enrollment.key';
export const TEMPLATE_CERT_FILES = [CA_FILE, ENROLLMENT_CERT_FILE, ENROLLMENT_KEY_FILE] as const;

export interface AgentTemplate {
  config: AgentConfig;
  /** Whether the template file sets `log-level` itself (it then wins over --log-level). */
  setsLogLevel: boolean;
  /** The directory holding TEMPLATE_CERT_FILES. */
  certsDir: string;
}

export async function loadAgentTemplate(configPath: string, dataDir: string): Promise<AgentTemplate> {
  const path = resolve(configPath);
  // Loaded like an agent's own config, with the simulator's data directory (created if missing).
  const { config } = await loadAgentConfig({ root: new RootDir('/'), path, dataDir: resolve(dataDir) });
  const file = parse(await readFile(path, 'utf8')) as Record<string, unknown> | null;
  const certsDir = join(dirname(path), 'certs');
  for (const name of TEMPLATE_CERT_FILES) {
    try {
      await access(join(certsDir, name));
    } catch {
      throw new Error(
        `${join(certsDir, name)} is missing: the simulator needs the enrollment credentials beside its template ` +
          `(flightctl certificate request --signer=enrollment --output=reference -d ${certsDir} > ${path})`,
      );
    }
  }
  return { config, setsLogLevel: file?.['log-level'] !== undefined, certsDir };
}
