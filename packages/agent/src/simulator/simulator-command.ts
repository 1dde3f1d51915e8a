/**
 * `flightctl-device-simulator [flags]` and `flightctl-agent simulate [flags]` (ref/agent.md §11):
 * loads the agent config template and the user's CLI login, serves the metrics, makes sure the
 * simulator's fleet exists, and runs the simulated agents until SIGINT/SIGTERM or --stop-after.
 * Resolves to the exit code; bad flags and unusable files throw (the bins print them).
 */
import { stringify } from 'yaml';
import { createAgentLogger } from '../process/logger.js';
import { AGENT_VERSION } from '../version.js';
import { AdminClient } from './admin-client.js';
import { loadAgentTemplate } from './agent-template.js';
import { readCliLogin } from './cli-login.js';
import { SIMULATOR_USAGE, SimulatorUsageError, parseSimulatorArgs } from './simulator-flags.js';
import { ensureSimulatorFleet } from './simulator-fleet.js';
import { SimulatorMetrics, serveMetrics } from './simulator-metrics.js';
import { Simulator } from './simulator.js';

export { SIMULATOR_USAGE, SimulatorUsageError };

function versionText(output: 'json' | 'yaml' | undefined): string {
  const info = { gitVersion: AGENT_VERSION, platform: `${process.platform}/${process.arch}` };
  if (output === 'json') return `${JSON.stringify(info, null, 2)}\n`;
  if (output === 'yaml') return stringify(info);
  return `flightctl simulator version: ${AGENT_VERSION}\n`;
}

export async function runSimulatorCommand(args: string[]): Promise<number> {
  const parsed = parseSimulatorArgs(args);
  if (parsed.command === 'help') {
    process.stdout.write(SIMULATOR_USAGE);
    return 0;
  }
  if (parsed.command === 'version') {
    process.stdout.write(versionText(parsed.output));
    return 0;
  }
  const { flags } = parsed;
  if (flags.sourceIps.length > 0)
    throw new SimulatorUsageError(
      '--source-ips: binding the agents’ management connections to local addresses is not available in this agent yet',
    );
  const log = createAgentLogger('info', 'simulator');
  const template = await loadAgentTemplate(flags.config, flags.dataDir);
  const login = await readCliLogin();
  const metrics = new SimulatorMetrics();
  const server = await serveMetrics(metrics, flags.metrics);
  log.info(`metrics at ${server.url}`);
  const admin = new AdminClient(login, flags.maxConcurrency);
  try {
    await ensureSimulatorFleet(admin, log);
    const level = template.setsLogLevel ? template.config['log-level'] : flags.logLevel;
    const simulator = new Simulator({ flags, template, admin, metrics, log, agentLog: createAgentLogger(level, '') });
    const stop = (signal: NodeJS.Signals) => {
      log.info(`${signal} received: stopping`);
      simulator.stop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await simulator.run();
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    log.info('device simulator stopped');
    return 0;
  } finally {
    await admin.close();
    await server.close();
  }
}
