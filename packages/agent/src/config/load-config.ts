/**
 * Loads the agent config (ref/agent.md §1.1-1.3): the base file, then `conf.d/*.yaml|*.yml` in lexical
 * order merged onto it, then defaults and validation. Every error names the file, line and key. A
 * drop-in that cannot be read or parsed is skipped with a warning (reported in the device status)
 * rather than stopping the agent.
 */
import { posix } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { RootDir } from '../os/root-dir.js';
import { DEFAULT_CONFIG_FILE, DEFAULT_DATA_DIR, defaultSettings, type AgentConfig } from './agent-config.js';
import { CONFIG_KEYS, getPath, kindProblem, setPath, type KeySpec } from './config-keys.js';
import { parseGoDuration } from '@flightctl/api/agent';
import { resolveServiceBlocks, type ServiceBlocksInput } from './service-endpoints.js';
import { validateAgentConfig } from './validate-config.js';

export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

/** A partial config as a file (or a program, like the simulator) gives it: any subset of the file keys. */
export type AgentConfigInput = Record<string, unknown> & ServiceBlocksInput;

export interface LoadAgentConfigOptions {
  root: RootDir;
  /** Device path of the base file (default /etc/flightctl/config.yaml); conf.d is beside it. */
  path?: string;
  /** State directory (default /var/lib/flightctl). */
  dataDir?: string;
}

export interface LoadedAgentConfig {
  config: AgentConfig;
  /** Drop-ins that were skipped, and why; the status reports them. */
  warnings: string[];
}

interface ConfigFile {
  path: string;
  data: Record<string, unknown>;
  /** `path:line` of a dotted key, for messages. */
  where(key: string): string;
}

const isServiceKey = (key: string) => /^(enrollment|management|remote-access)-service\./.test(key);
const present = (value: unknown) => value !== undefined && value !== null;

/** The full config from a partial one: defaults, the jitter defaulting to the interval, and the service blocks. */
export function buildAgentConfig(
  input: AgentConfigInput,
  dirs: { configDir?: string; dataDir?: string } = {},
): AgentConfig {
  const configDir = dirs.configDir ?? posix.dirname(DEFAULT_CONFIG_FILE);
  const dataDir = dirs.dataDir ?? DEFAULT_DATA_DIR;
  const settings = defaultSettings();
  settings.tpm['storage-file-path'] = posix.join(dataDir, 'tpm-blob.yaml');
  for (const key of Object.keys(CONFIG_KEYS)) {
    const value = getPath(input, key);
    if (!isServiceKey(key) && present(value)) setPath(settings, key, structuredClone(value));
  }
  if (!present(input['status-update-jitter'])) settings['status-update-jitter'] = settings['status-update-interval'];
  return { configDir, dataDir, ...settings, ...resolveServiceBlocks(input, configDir, dataDir) };
}

async function readConfigFile(root: RootDir, path: string): Promise<ConfigFile> {
  let text: string | undefined;
  try {
    text = await root.readFile(path);
  } catch (err) {
    throw new AgentConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (text === undefined) throw new AgentConfigError(`cannot read ${path}: no such file`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new AgentConfigError(`${path}${line ? `:${line}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new AgentConfigError(`${path}: the config must be a YAML mapping`);
  return {
    path,
    data: data as Record<string, unknown>,
    where(key) {
      // A key that is absent is reported at its closest enclosing block.
      for (let keys = key.split('.'); keys.length > 0; keys = keys.slice(0, -1)) {
        const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return `${path}:${lineCounter.linePos(node.range[0]).line}`;
      }
      return path;
    },
  };
}

function typeProblems(file: ConfigFile): string[] {
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
    const value = getPath(file.data, key);
    const problem = present(value) ? kindProblem(spec.kind, value) : undefined;
    if (problem) problems.push(`${file.where(key)}: ${key}: ${problem}`);
  }
  return problems;
}

/** Whether a drop-in value counts as set: upstream merges only non-zero scalars, except pointer-typed keys. */
function overrides(spec: KeySpec, value: unknown): boolean {
  if (spec.whenPresent || spec.kind === 'list' || spec.kind === 'map') return true;
  switch (spec.kind) {
    case 'boolean':
      return value === true;
    case 'integer':
      return value !== 0;
    case 'duration':
      return parseGoDuration(value as string) !== 0;
    default:
      return value !== '';
  }
}

function mergeDropIn(merged: AgentConfigInput, sources: Map<string, string>, file: ConfigFile): void {
  for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
    const value = getPath(file.data, key);
    if (!spec.dropIn || !present(value) || !overrides(spec, value)) continue;
    const previous = getPath(merged, key);
    const next = spec.kind === 'map' ? { ...(previous as Record<string, string>), ...(value as object) } : value;
    setPath(merged, key, next);
    sources.set(key, file.where(key));
  }
}

async function dropInFiles(root: RootDir, dir: string): Promise<string[]> {
  return (await root.readDir(dir))
    .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
    .sort()
    .map((n) => posix.join(dir, n));
}

export async function loadAgentConfig(options: LoadAgentConfigOptions): Promise<LoadedAgentConfig> {
  const { root } = options;
  const path = options.path ?? DEFAULT_CONFIG_FILE;
  const base = await readConfigFile(root, path);
  const problems = typeProblems(base);
  if (problems.length > 0) throw new AgentConfigError(problems.join('\n'));

  const merged: AgentConfigInput = {};
  const sources = new Map<string, string>();
  for (const key of Object.keys(CONFIG_KEYS)) {
    const value = getPath(base.data, key);
    if (!present(value)) continue;
    setPath(merged, key, value);
    sources.set(key, base.where(key));
  }

  const warnings: string[] = [];
  const configDir = posix.dirname(path);
  for (const file of await dropInFiles(root, posix.join(configDir, 'conf.d'))) {
    let dropIn: ConfigFile;
    try {
      dropIn = await readConfigFile(root, file);
    } catch (err) {
      warnings.push(`skipped drop-in ${(err as Error).message}`);
      continue;
    }
    const dropInProblems = typeProblems(dropIn);
    if (dropInProblems.length > 0) {
      warnings.push(`skipped drop-in ${dropInProblems.join('; ')}`);
      continue;
    }
    mergeDropIn(merged, sources, dropIn);
  }

  const config = buildAgentConfig(merged, { configDir, dataDir: options.dataDir });
  const invalid = validateAgentConfig(config);
  if (invalid.length > 0)
    throw new AgentConfigError(
      invalid.map(({ key, message }) => `${sources.get(key) ?? base.where(key)}: ${key}: ${message}`).join('\n'),
    );
  await root.mkdir(config.configDir, 0o755);
  await root.mkdir(config.dataDir, 0o755);
  return { config, warnings };
}
