/** What `npm start` prints once the API is up: where it is, how to reach it, what to try next. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/config-schema.js';

const tilde = (p: string) => (p.startsWith(homedir()) ? `~${p.slice(homedir().length)}` : p);

export function startupHint(o: { config: Config; configPath?: string; url: string; caCertPath?: string }): string {
  const curl = o.caCertPath ? `curl --cacert ${tilde(o.caCertPath)}` : 'curl';
  const db =
    o.config.database.type === 'embedded'
      ? `embedded PostgreSQL in ${tilde(join(o.config.dataDir, 'db'))}`
      : `PostgreSQL at ${o.config.database.url ? new URL(o.config.database.url).host : o.config.database.hostname}`;
  return [
    '',
    `Flight Control API is listening on ${o.url}`,
    `  database:       ${db}`,
    `  config:         ${o.configPath ? tilde(o.configPath) : 'defaults (no config file)'}`,
    ...(o.caCertPath ? [`  CA certificate: ${tilde(o.caCertPath)}`] : []),
    '  login:          authentication is not configured; every request acts in the default organization',
    '',
    'Next steps:',
    `  ${curl} ${o.url}/api/v1/devices`,
    `  ${curl} -X POST -H 'Content-Type: application/yaml' --data-binary @examples/device.yaml ${o.url}/api/v1/devices`,
    `  ${curl} '${o.url}/api/v1/devices?labelSelector=example%3Dtrue'`,
    '  API reference: docs/api.md, OpenAPI document at /api/v1/openapi.json',
    '',
  ].join('\n');
}
