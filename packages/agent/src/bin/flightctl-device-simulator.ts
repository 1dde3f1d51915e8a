#!/usr/bin/env node
/**
 * `flightctl-device-simulator` (ref/agent.md §11): many real agents in one process against a service,
 * for load tests. The same as `flightctl-agent simulate`. Errors are one line on stderr and exit code 1.
 */
import { SIMULATOR_USAGE, SimulatorUsageError, runSimulatorCommand } from '../simulator/simulator-command.js';

try {
  process.exitCode = await runSimulatorCommand(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  if (err instanceof SimulatorUsageError) process.stderr.write(SIMULATOR_USAGE);
  process.exitCode = 1;
}
