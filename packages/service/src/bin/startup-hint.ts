/** What `npm start` prints once the API is up: where it is, how to reach it, what to try next. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/config-schema.js';

const tilde = (p: string) => (p.startsWith(homedir()) ? `~${p.slice(homedir().length)}` : p);

export interface StartupHintOptions {
  config: Config;
  configPath?: string;
  url: string;
  agentUrl: string;
  caCertPath?: string;
}

export function startupHint(o: StartupHintOptions): string {
  const curl = o.caCertPath ? `curl --cacert ${tilde(o.caCertPath)}` : 'curl';
  const db =
    o.config.database.type === 'embedded'
      ? `embedded PostgreSQL in ${tilde(join(o.config.dataDir, 'db'))}`
      : `PostgreSQL at ${o.config.database.url ? new URL(o.config.database.url).host : o.config.database.hostname}`;
  return [
    '',
    `Flight Control API is listening on ${o.url}`,
    `  agent endpoint: ${o.agentUrl} (mTLS; devices reach it as ${o.config.service.baseAgentEndpointUrl})`,
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
    'Enroll a device (docs/agent.md):',
    `  npx flightctl login ${o.url}${o.caCertPath ? ` --certificate-authority ${tilde(o.caCertPath)}` : ''}`,
    '  npx flightctl certificate request --signer=enrollment -o embedded -d agent-certs > agent-config.yaml',
    '  then run flightctl-agent with that config, and approve it: npx flightctl approve er/<name>',
    '',
  ].join('\n');
}
