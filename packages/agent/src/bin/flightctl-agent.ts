#!/usr/bin/env node
/**
 * `flightctl-agent` (ref/agent.md §0): with no sub-command (or only flags) runs the agent with
 * `--config` (default /etc/flightctl/config.yaml); `version [-o json|yaml]` prints the version;
 * `system-info [--hardware-map PATH]` prints the device's facts. SIGINT/SIGTERM stop the agent
 * gracefully, SIGHUP reloads its configuration. Errors are one line on stderr and exit code 1.
 */
import { stringify } from 'yaml';
import { Agent } from '../agent.js';
import { DEFAULT_CONFIG_FILE } from '../config/agent-config.js';
import { loadAgentConfig } from '../config/load-config.js';
import { RootDir } from '../os/root-dir.js';
import { AGENT_VERSION } from '../version.js';

const USAGE = `Usage:
  flightctl-agent [--config PATH]               run the agent (default config ${DEFAULT_CONFIG_FILE})
  flightctl-agent version [-o json|yaml]        print the agent version
  flightctl-agent system-info [--hardware-map PATH]  print this device's system information as JSON
  flightctl-agent simulate [flags]              run many simulated devices (flightctl-agent simulate help)
`;
const SHUTDOWN_BUDGET_MS = 2 * 60_000;
const RELOAD_BUDGET_MS = 60_000;

class UsageError extends Error {}

/** `--name value` or `--name=value` (also a short alias); the rest must be empty. */
function parseFlags(args: string[], flags: Record<string, string[]>): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [given, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const name = Object.keys(flags).find((f) => flags[f]!.includes(given));
    if (!name) throw new UsageError(`unknown argument "${args[i]}"`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${given} needs a value`);
    values[name] = value;
  }
  return values;
}

function versionText(output: string | undefined): string {
  const [major = '', minor = '', patch = ''] = AGENT_VERSION.replace(/^v/, '').split(/[.+-]/);
  const info = { major, minor, patch, gitVersion: AGENT_VERSION, platform: `${process.platform}/${process.arch}` };
  if (output === 'json') return `${JSON.stringify(info, null, 2)}\n`;
  if (output === 'yaml') return stringify(info);
  if (output !== undefined) throw new UsageError(`output format must be json or yaml, got "${output}"`);
  return `Agent Version: ${AGENT_VERSION}\n`;
}

async function runAgent(args: string[]): Promise<number> {
  const { config: configPath = DEFAULT_CONFIG_FILE } = parseFlags(args, { config: ['--config', '-config'] });
  const root = new RootDir();
  if (process.env.FLIGHTCTL_TEST_ROOT_DIR)
    process.stderr.write(`warning: FLIGHTCTL_TEST_ROOT_DIR is set: every device path is under ${root.root}\n`);
  // Captured for the notify protocol, then hidden from the commands the agent runs.
  const notifySocket = process.env.NOTIFY_SOCKET;
  delete process.env.NOTIFY_SOCKET;

  const loaded = await loadAgentConfig({ root, path: configPath });
  const banner = process.env.FLIGHTCTL_DISABLE_CONSOLE_BANNER;
  const agent = new Agent({
    config: loaded.config,
    configWarnings: loaded.warnings,
    root,
    notifySocket,
    consoleBanner: banner !== 'true' && banner !== '1',
  });

  const stop = () => {
    agent.stop();
    // A stuck shutdown must not keep the unit from restarting.
    setTimeout(() => process.exit(1), SHUTDOWN_BUDGET_MS).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.on('SIGHUP', () => {
    const reload = loadAgentConfig({ root, path: configPath }).then((next) => agent.reload(next));
    const budget = new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error('took longer than 60s')), RELOAD_BUDGET_MS).unref();
    });
    Promise.race([reload, budget]).catch((err: Error) => {
      process.stderr.write(`reloading the configuration: ${err.message}\n`);
    });
  });
  await agent.run();
  return 0;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'version') {
    const { output } = parseFlags(rest, { output: ['-o', '--output'] });
    process.stdout.write(versionText(output));
    return 0;
  }
  if (command === 'system-info') {
    const { hardwareMap } = parseFlags(rest, { hardwareMap: ['--hardware-map'] });
    const { runSystemInfoCommand } = await import('../system-info/system-info-command.js');
    process.stdout.write(`${await runSystemInfoCommand({ hardwareMap })}\n`);
    return 0;
  }
  // The simulator (and its metrics library) is loaded only here: the agent's memory is the device's.
  if (command === 'simulate') return (await import('../simulator/simulator-command.js')).runSimulatorCommand(rest);
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command !== undefined && !command.startsWith('-')) throw new UsageError(`unknown command "${command}"`);
  return runAgent(args);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  if (err instanceof UsageError) process.stderr.write(USAGE);
  process.exitCode = 1;
}
