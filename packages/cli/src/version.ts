import { readFileSync } from 'node:fs';

/** The CLI's version: its package version, as `flightctl version` reports it. */
export const CLI_VERSION = `v${
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
}`;
