import { readFileSync } from 'node:fs';

/** The service version reported by /api/version and `flightctl version`: the package version. */
export const SERVICE_VERSION = `v${
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
}`;
