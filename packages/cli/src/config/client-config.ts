/**
 * The client configuration file, exactly where and as upstream's flightctl keeps it
 * (ref/clients.md §1.4): `$XDG_CONFIG_HOME/flightctl/client.yaml` (default ~/.config/flightctl),
 * `client_<context>.yaml` for other contexts, directory 0700, file 0600.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CliError } from '../errors.js';

export interface ServiceEntry {
  server?: string;
  'tls-server-name'?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  insecureSkipVerify?: boolean;
}

export interface AuthInfo {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  'access-token'?: string;
  'access-token-expiry'?: string;
  'refresh-token'?: string;
  'id-token'?: string;
  'token-to-use'?: 'access' | 'id';
  'auth-provider'?: unknown;
  'organizations-enabled'?: boolean;
}

export interface ClientConfig {
  service?: ServiceEntry;
  imageBuilderService?: ServiceEntry;
  remoteAccessService?: ServiceEntry;
  authentication?: AuthInfo;
  organization?: string;
}

export interface ConfigLocation {
  dir: string;
  context: string;
  path: string;
}

export const DEFAULT_CONTEXT = 'default';

/** Go's os.UserConfigDir on Linux: $XDG_CONFIG_HOME, else ~/.config. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'flightctl');
}

export function configLocation(options: { configDir?: string; context?: string }, env = process.env): ConfigLocation {
  const dir = options.configDir ?? defaultConfigDir(env);
  if (options.configDir !== undefined && (!existsSync(dir) || !statSync(dir).isDirectory()))
    throw new CliError(`config directory "${dir}" does not exist or is not a directory`);
  const context = options.context || DEFAULT_CONTEXT;
  const file = context === DEFAULT_CONTEXT ? 'client.yaml' : `client_${context}.yaml`;
  return { dir, context, path: join(dir, file) };
}

/** The config of a location; commands other than login/version/completion need one. */
export function readClientConfig(location: ConfigLocation): ClientConfig {
  if (!existsSync(location.path)) {
    if (location.context !== DEFAULT_CONTEXT) throw new CliError(`context '${location.context}' does not exist`);
    throw new CliError('you must log in to perform this operation: run "flightctl login <URL>"');
  }
  let data: unknown;
  try {
    data = parse(readFileSync(location.path, 'utf8'));
  } catch (err) {
    throw new CliError(`${location.path}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new CliError(`${location.path}: the client config must be a YAML mapping`);
  return data as ClientConfig;
}

export function writeClientConfig(location: ConfigLocation, config: ClientConfig): void {
  mkdirSync(location.dir, { recursive: true, mode: 0o700 });
  writeFileSync(location.path, stringify(config), { mode: 0o600 });
  chmodSync(location.path, 0o600);
}
