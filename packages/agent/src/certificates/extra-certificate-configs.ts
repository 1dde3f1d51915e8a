/**
 * The extra certificates an operator asks the agent to keep (§9.3, bundle `certs-config-yaml`):
 * /etc/flightctl/certs.yaml plus the drop-ins of /etc/flightctl/certs.d/*.y(a)ml in lexical order, each
 * a YAML list of certificate entries or a single entry; a later entry replaces an earlier one of the
 * same name. Entries the agent cannot honour are logged and skipped; the others still apply.
 */
import { parse } from 'yaml';
import { parseGoDuration } from '@flightctl/api/agent';
import type { RootDir } from '../os/root-dir.js';
import type { CertificateLogger } from './certificate-issuance.js';

export const CERTS_CONFIG_PATH = '/etc/flightctl/certs.yaml';
export const CERTS_DROP_IN_DIR = '/etc/flightctl/certs.d';

export interface ExtraCertificateConfig {
  name: string;
  signerName: string;
  /** With `{{ .DEVICE_ID }}` replaced by the device name. */
  commonName: string;
  /** Requested usages besides the `clientAuth` and `CA:false` every request carries. */
  usages: string[];
  expirationSeconds?: number;
  certPath: string;
  keyPath: string;
  renewBeforeMs?: number;
  renewBeforePercent?: number;
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** Turns one YAML entry into a config, or explains why it cannot be one. */
function toConfig(entry: unknown, deviceName: string): ExtraCertificateConfig | string {
  const raw = record(entry);
  const name = text(raw.name);
  if (!name) return 'name is required';
  const provisioner = record(raw.provisioner);
  const csr = record(provisioner.config);
  const storage = record(raw.storage);
  const files = record(storage.config);
  if (provisioner.type !== 'csr') return `provisioner.type must be "csr"`;
  if (storage.type !== 'filesystem') return `storage.type must be "filesystem"`;
  const signerName = text(csr.signer);
  if (!signerName) return 'provisioner.config.signer is required';
  const identityType = text(csr['identity-type']);
  if (identityType !== undefined && identityType !== 'software') {
    return `provisioner.config.identity-type "${identityType}" is not supported (only software keys)`;
  }
  const certPath = text(files['cert-path']);
  const keyPath = text(files['key-path']);
  if (!certPath?.startsWith('/') || !keyPath?.startsWith('/')) {
    return 'storage.config.cert-path and storage.config.key-path must be absolute paths';
  }
  const usages = Array.isArray(csr.usages) ? csr.usages.filter((u): u is string => typeof u === 'string') : [];
  const expiration = csr['expiration-seconds'];
  if (expiration !== undefined && !(Number.isInteger(expiration) && (expiration as number) > 0)) {
    return 'provisioner.config.expiration-seconds must be a positive integer';
  }
  const renewBefore = raw.renewBefore === undefined ? undefined : parseGoDuration(String(raw.renewBefore));
  if (raw.renewBefore !== undefined && !(renewBefore! > 0)) return 'renewBefore must be a positive duration';
  const percent = raw.renewBeforePercentage;
  if (percent !== undefined && !(typeof percent === 'number' && percent > 0 && percent < 100)) {
    return 'renewBeforePercentage must be between 0 and 100';
  }
  return {
    name,
    signerName,
    commonName: (text(csr['common-name']) ?? name).replace(/\{\{\s*\.DEVICE_ID\s*\}\}/g, deviceName),
    usages,
    ...(expiration !== undefined ? { expirationSeconds: expiration as number } : {}),
    certPath,
    keyPath,
    ...(renewBefore !== undefined ? { renewBeforeMs: renewBefore } : {}),
    ...(percent !== undefined ? { renewBeforePercent: percent as number } : {}),
  };
}

export async function loadExtraCertificateConfigs(
  root: RootDir,
  deviceName: string,
  logger: CertificateLogger,
): Promise<ExtraCertificateConfig[]> {
  const dropIns = (await root.readDir(CERTS_DROP_IN_DIR))
    .filter((file) => /\.ya?ml$/i.test(file))
    .map((file) => `${CERTS_DROP_IN_DIR}/${file}`);
  const byName = new Map<string, ExtraCertificateConfig>();
  for (const file of [CERTS_CONFIG_PATH, ...dropIns]) {
    let entries: unknown[];
    try {
      const content = await root.readFile(file);
      if (content === undefined) continue;
      const parsed = parse(content) as unknown;
      entries = parsed === null || parsed === undefined ? [] : Array.isArray(parsed) ? parsed : [parsed];
    } catch (err) {
      logger.warn({ err, file }, 'certificate configuration unreadable; skipped');
      continue;
    }
    for (const entry of entries) {
      const config = toConfig(entry, deviceName);
      if (typeof config === 'string') logger.warn({ file, entry, problem: config }, 'certificate entry skipped');
      else byName.set(config.name, config);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
