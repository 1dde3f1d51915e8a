#!/usr/bin/env node
/** `flightctl-api`: serves the Flight Control user API. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { startService } from '../service.js';
import { startupHint } from './startup-hint.js';

const USAGE = `Usage: flightctl-api [--config FILE]

Serves the Flight Control API. Without a config file (default ~/.flightctl/config.yaml, or
$FLIGHTCTL_CONFIG) it runs with an embedded database in ~/.flightctl.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { config, path, ignored } = loadConfig({ path: values.config });
  const service = await startService(config);
  if (ignored.length > 0) service.app.log.warn(`config sections not used by this version: ${ignored.join(', ')}`);
  console.log(
    startupHint({
      config,
      configPath: path,
      url: service.url,
      agentUrl: service.agentUrl,
      caCertPath: service.caCertPath,
    }),
  );
  const stop = async (signal: string) => {
    service.app.log.info(`${signal} received, shutting down`);
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `flightctl-api: ${err.message}` : err);
  process.exit(1);
});
