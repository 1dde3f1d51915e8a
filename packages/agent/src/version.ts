import { readFileSync } from 'node:fs';

/** The agent's version: its package version, as `flightctl-agent version` and the device's system info report it. */
export const AGENT_VERSION = `v${
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
}`;
