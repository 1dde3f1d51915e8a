/**
 * Loads the service configuration: defaults, then the YAML file, then environment overrides.
 * A bad file fails with the file name, line and key; nothing starts on a half-read config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { Config, UPSTREAM_SECTIONS } from './config-schema.js';

export const DEFAULT_CONFIG_PATH = join(homedir(), '.flightctl', 'config.yaml');

/**
 * Environment variables that override config keys. DB_* and KV_PASSWORD are upstream's names (its Helm chart and
 * quadlets set them); FLIGHTCTL_* are ours.
 */
export const ENV_OVERRIDES: Record<string, { path: string; type: 'string' | 'integer' | 'boolean' }> = {
  FLIGHTCTL_DATA_DIR: { path: 'dataDir', type: 'string' },
  FLIGHTCTL_DATABASE_URL: { path: 'database.url', type: 'string' },
  DB_HOST: { path: 'database.hostname', type: 'string' },
  DB_PORT: { path: 'database.port', type: 'integer' },
  DB_NAME: { path: 'database.name', type: 'string' },
  DB_USER: { path: 'database.user', type: 'string' },
  DB_PASSWORD: { path: 'database.password', type: 'string' },
  DB_MIGRATION_USER: { path: 'database.migrationUser', type: 'string' },
  DB_MIGRATION_PASSWORD: { path: 'database.migrationPassword', type: 'string' },
  FLIGHTCTL_SERVICE_ADDRESS: { path: 'service.address', type: 'string' },
  FLIGHTCTL_AGENT_ENDPOINT_ADDRESS: { path: 'service.agentEndpointAddress', type: 'string' },
  FLIGHTCTL_BASE_URL: { path: 'service.baseUrl', type: 'string' },
  FLIGHTCTL_DISABLE_TLS: { path: 'service.disableTLS', type: 'boolean' },
  FLIGHTCTL_LOG_LEVEL: { path: 'service.logLevel', type: 'string' },
  FLIGHTCTL_KV_URL: { path: 'kv.url', type: 'string' },
  KV_PASSWORD: { path: 'kv.password', type: 'string' },
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
const validate = ajv.compile(Config);

export interface LoadConfigOptions {
  /** Config file; absent means FLIGHTCTL_CONFIG, then ~/.flightctl/config.yaml if it exists; null reads no file. */
  path?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Values applied last (tests use this). */
  overrides?: Record<string, unknown>;
}

export interface LoadedConfig {
  config: Config;
  /** The file read, if any. */
  path?: string;
  /** Keys accepted but not used by this version (upstream sections of later features). */
  ignored: string[];
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let obj = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof obj[key] !== 'object' || obj[key] === null) obj[key] = {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[keys.at(-1)!] = value;
}

function envValue(name: string, raw: string, type: 'string' | 'integer' | 'boolean'): unknown {
  if (type === 'string') return raw;
  if (type === 'integer') {
    if (!/^\d+$/.test(raw)) throw new ConfigError(`environment variable ${name}: "${raw}" is not a whole number`);
    return Number(raw);
  }
  if (!/^(true|false|1|0)$/i.test(raw))
    throw new ConfigError(`environment variable ${name}: "${raw}" is not true or false`);
  return /^(true|1)$/i.test(raw);
}

interface FileContent {
  data: Record<string, unknown>;
  /** 1-based line of a dotted key path in the file, for error messages. */
  lineOf(path: string): number | undefined;
}

function readConfigFile(path: string): FileContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new ConfigError(`${path}${line ? `:${line}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new ConfigError(`${path}: the config must be a YAML mapping`);
  return {
    data,
    lineOf(dotted) {
      const node = doc.getIn(dotted.split('.').filter(Boolean), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
      const parent = doc.getIn(dotted.split('.').slice(0, -1), true);
      const prange = isMap(parent) ? parent.range : undefined;
      return prange ? lineCounter.linePos(prange[0]).line : undefined;
    },
  };
}

/** The explicit file, else the default one if it exists, else none. */
function findConfigFile(explicit: string | undefined): { file?: FileContent; path?: string } {
  if (explicit) {
    const path = resolve(explicit);
    return { file: readConfigFile(path), path };
  }
  if (!existsSync(DEFAULT_CONFIG_PATH)) return {};
  return { file: readConfigFile(DEFAULT_CONFIG_PATH), path: DEFAULT_CONFIG_PATH };
}

const expandHome = (p: string) => (p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p);

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const { file, path } = options.path === null ? {} : findConfigFile(options.path ?? env.FLIGHTCTL_CONFIG);
  const data: Record<string, unknown> = structuredClone(file?.data ?? {});
  for (const [name, { path: key, type }] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(data, key, envValue(name, raw, type));
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) setPath(data, key, value);

  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => {
      const at = e.instancePath.split('/').filter(Boolean).join('.');
      const key =
        e.keyword === 'additionalProperties' ? [at, e.params.additionalProperty].filter(Boolean).join('.') : at;
      const line = file?.lineOf(key);
      const where = path ? `${path}${line ? `:${line}` : ''}` : 'config';
      const what = e.keyword === 'additionalProperties' ? 'unknown key' : (e.message ?? 'invalid');
      return `${where}: ${key || '(top level)'}: ${what}`;
    });
    throw new ConfigError(problems.join('\n'));
  }
  const config = data as unknown as Config;
  if (config.database.url || env.DB_HOST) config.database.type = 'pgsql';
  config.dataDir = resolve(expandHome(config.dataDir));
  config.service.certStore = config.service.certStore
    ? resolve(expandHome(config.service.certStore))
    : join(config.dataDir, 'certs');
  const ignored = UPSTREAM_SECTIONS.filter((s) => data[s] !== undefined);
  return { config, path, ignored };
}

/** The PostgreSQL URL for a pgsql config, or undefined for the embedded database. */
export function databaseUrl(db: Config['database'], as: 'app' | 'migration' = 'app'): string | undefined {
  if (db.type !== 'pgsql') return undefined;
  if (db.url) return db.url;
  const url = new URL('postgres://');
  url.hostname = db.hostname;
  url.port = String(db.port);
  url.pathname = `/${db.name}`;
  url.username = as === 'app' ? db.user : db.migrationUser;
  url.password = as === 'app' ? db.password : db.migrationPassword;
  for (const key of ['sslmode', 'sslcert', 'sslkey', 'sslrootcert'] as const) {
    if (db[key]) url.searchParams.set(key, db[key]);
  }
  return url.toString();
}

/** "host:port" / ":port" → what net.listen needs. */
export function parseListenAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(i + 1));
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`invalid listen address "${address}"`);
  return { host: host || '0.0.0.0', port };
}
