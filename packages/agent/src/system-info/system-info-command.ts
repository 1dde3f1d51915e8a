/**
 * `flightctl-agent system-info [--hardware-map PATH]`: every built-in fact and every custom info
 * script's output, as one JSON object, for an operator looking at a device (nothing is sent anywhere).
 */
import path from 'node:path';
import { type Executor, ProcessExecutor } from '../os/executor.js';
import { RootDir } from '../os/root-dir.js';
import { AGENT_VERSION } from '../version.js';
import { ALL_FACT_SOURCES, collectSystemFacts } from './collect-system-facts.js';
import { defaultSystemInfoLogger } from './fact-context.js';

/** Upstream's bound on the whole collection. */
export const SYSTEM_INFO_COMMAND_TIMEOUT_MS = 2 * 60 * 1000;

export async function runSystemInfoCommand(
  options: { hardwareMap?: string; root?: RootDir; executor?: Executor } = {},
): Promise<string> {
  const facts = await collectSystemFacts({
    executor: options.executor ?? new ProcessExecutor(),
    root: options.root ?? new RootDir(),
    logger: defaultSystemInfoLogger(),
    timeoutMs: SYSTEM_INFO_COMMAND_TIMEOUT_MS,
    sources: ALL_FACT_SOURCES,
    customInfo: 'all',
    // A path given on the command line is relative to where the operator stands.
    hardwareMapPath: options.hardwareMap === undefined ? undefined : path.resolve(options.hardwareMap),
    detailed: true,
  });
  const { hostname, architecture, operatingSystem, kernel, distribution, hardware, collectedAt, boot, custom } = facts;
  // Upstream's field order, so the output reads the same.
  return JSON.stringify({
    hostname,
    architecture,
    operatingSystem,
    kernel,
    distribution,
    hardware,
    collectedAt,
    metadata: { collector_version: AGENT_VERSION, collector_type: 'flightctl-agent' },
    boot,
    custom: custom && Object.keys(custom).length > 0 ? custom : undefined,
  });
}
