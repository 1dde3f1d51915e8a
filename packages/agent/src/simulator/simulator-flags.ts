/**
 * The device simulator's command line (ref/agent.md §11): upstream's flags with their defaults, the
 * `version` and `help` sub-commands, and a usage error naming the flag for every bad value.
 */
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseGoDuration, validateLabelValue, validateQualifiedName } from '@flightctl/api/agent';

export class SimulatorUsageError extends Error {
  override name = 'SimulatorUsageError';
}

/** The label every simulated device carries; the simulator's fleet selects it. */
export const SIMULATOR_LABEL = { key: 'created_by', value: 'device-simulator' } as const;

export interface SimulatorFlags {
  count: number;
  initialDeviceIndex: number;
  /** `--label` values plus created_by=device-simulator. */
  labels: Record<string, string>;
  maxConcurrency: number;
  /** Negative: the template's status-update-interval; 0: none. */
  agentStartupJitterMs: number;
  /** 0: run until signalled. */
  stopAfterMs: number;
  /** Agents' log level unless the template sets `log-level`. */
  logLevel: string;
  /** host:port of the Prometheus endpoint. */
  metrics: string;
  sourceIps: string[];
  config: string;
  dataDir: string;
  skipAutoApprove: boolean;
}

export type SimulatorCommand =
  { command: 'run'; flags: SimulatorFlags } | { command: 'version'; output?: 'json' | 'yaml' } | { command: 'help' };

/** Upstream's (logrus) level names. */
const LOG_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'];

export const SIMULATOR_USAGE = `Usage: flightctl-device-simulator [flags] [version|help]
       flightctl-agent simulate [flags] [version|help]

Runs --count real agents in this process against the service named by the agent config template,
each with its own key and files under --data-dir/device-NNNNN, and approves their enrollment through
the API with the user's CLI login (flightctl login).

Flags:
  --count N                     number of devices to simulate (default 1)
  --initial-device-index N      index of the first device-NNNNN (default 0)
  --label KEY=VALUE             label of every simulated device; repeatable
  --max-concurrency N           agents created and enrolled at once (default 100)
  --agent-startup-jitter D      longest random delay before each agent starts: negative = the
                                template's status-update-interval, 0 = none (default -1s)
  --stop-after D                stop this long after every device is enrolled (default 0: never)
  -v, --log-level LEVEL         agents' log level unless the template sets log-level (default debug)
  --metrics HOST:PORT           Prometheus endpoint, /metrics (default localhost:9093)
  --source-ips IP,...           local addresses for the agents' management connections, round robin
  --config PATH                 agent config template (default ~/.flightctl/agent.yaml); its
                                certs/ directory holds ca.crt, client-enrollment.crt and .key
  --data-dir PATH               where the devices' files go (default ~/.flightctl/data)
  --skip-auto-approve           leave enrollment requests for a user to approve
  -o, --output json|yaml        format of "version"
`;

function integer(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min)
    throw new SimulatorUsageError(`--${flag}: must be an integer of at least ${min}, got "${value}"`);
  return n;
}

function duration(flag: string, value: string, allowNegative: boolean): number {
  const ms = parseGoDuration(value);
  if (ms === undefined) throw new SimulatorUsageError(`--${flag}: must be a duration such as "30s", got "${value}"`);
  if (ms < 0 && !allowNegative) throw new SimulatorUsageError(`--${flag}: must not be negative, got "${value}"`);
  return ms;
}

function labels(values: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const text of values) {
    const at = text.indexOf('=');
    if (at < 0) throw new SimulatorUsageError(`--label: must be KEY=VALUE, got "${text}"`);
    const [key, value] = [text.slice(0, at), text.slice(at + 1)];
    const problems = [...validateQualifiedName(key), ...validateLabelValue(value)];
    if (problems.length > 0) throw new SimulatorUsageError(`--label ${text}: ${problems.join('; ')}`);
    result[key] = value;
  }
  result[SIMULATOR_LABEL.key] = SIMULATOR_LABEL.value;
  return result;
}

function sourceIps(value: string | undefined): string[] {
  if (!value) return [];
  const ips = value.split(',').map((ip) => ip.trim());
  const bad = ips.find((ip) => isIP(ip) === 0);
  if (bad !== undefined) throw new SimulatorUsageError(`--source-ips: "${bad}" is not an IP address`);
  return ips;
}

const OPTIONS = {
  count: { type: 'string' },
  'initial-device-index': { type: 'string' },
  label: { type: 'string', multiple: true, default: [] as string[] },
  'max-concurrency': { type: 'string' },
  'agent-startup-jitter': { type: 'string', default: '-1s' },
  'stop-after': { type: 'string', default: '0' },
  'log-level': { type: 'string', short: 'v', default: 'debug' },
  metrics: { type: 'string', default: 'localhost:9093' },
  'source-ips': { type: 'string' },
  config: { type: 'string', default: join(homedir(), '.flightctl', 'agent.yaml') },
  'data-dir': { type: 'string', default: join(homedir(), '.flightctl', 'data') },
  'skip-auto-approve': { type: 'boolean', default: false },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

/**
 * `--flag VALUE` as `--flag=VALUE` for flags that take a value, so that a value starting with "-"
 * (`--agent-startup-jitter -1s`) is read as the value, as Go's pflag does.
 */
function joinValues(args: string[]): string[] {
  const takesValue = new Map<string, string>();
  for (const [name, spec] of Object.entries(OPTIONS)) {
    if (spec.type !== 'string') continue;
    takesValue.set(`--${name}`, name);
    if ('short' in spec) takesValue.set(`-${spec.short}`, name);
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = takesValue.get(args[i]!);
    if (name !== undefined && i + 1 < args.length) joined.push(`--${name}=${args[++i]}`);
    else joined.push(args[i]!);
  }
  return joined;
}

export function parseSimulatorArgs(args: string[]): SimulatorCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: joinValues(args), allowPositionals: true, options: OPTIONS });
  } catch (err) {
    throw new SimulatorUsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new SimulatorUsageError(`unexpected argument "${extra[0]}"`);
  if (values.help || command === 'help') return { command: 'help' };
  if (command === 'version') {
    const output = values.output;
    if (output !== undefined && output !== 'json' && output !== 'yaml')
      throw new SimulatorUsageError(`--output: must be json or yaml, got "${output}"`);
    return { command: 'version', output };
  }
  if (command !== undefined) throw new SimulatorUsageError(`unknown command "${command}"`);
  if (values.output !== undefined) throw new SimulatorUsageError('--output: only applies to "version"');

  const logLevel = values['log-level'];
  if (!LOG_LEVELS.includes(logLevel.toLowerCase()))
    throw new SimulatorUsageError(`--log-level: must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  if (!/^[^\s]*:\d+$/.test(values.metrics))
    throw new SimulatorUsageError(`--metrics: must be HOST:PORT, got "${values.metrics}"`);
  return {
    command: 'run',
    flags: {
      count: integer('count', values.count, 1, 1),
      initialDeviceIndex: integer('initial-device-index', values['initial-device-index'], 0, 0),
      labels: labels(values.label),
      maxConcurrency: integer('max-concurrency', values['max-concurrency'], 100, 1),
      agentStartupJitterMs: duration('agent-startup-jitter', values['agent-startup-jitter'], true),
      stopAfterMs: duration('stop-after', values['stop-after'], false),
      logLevel,
      metrics: values.metrics,
      sourceIps: sourceIps(values['source-ips']),
      config: values.config,
      dataDir: values['data-dir'],
      skipAutoApprove: values['skip-auto-approve'],
    },
  };
}
