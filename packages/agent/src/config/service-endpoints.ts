/**
 * The three service blocks after defaults (ref/agent.md §1.2): the enrollment service (with dev defaults
 * when absent), the management service (the enrollment endpoint with the device certificate unless
 * configured) and the remote-access service (derived from the enrollment URL).
 */
import { posix } from 'node:path';
import type { ServiceAuthentication, ServiceConfig } from './agent-config.js';

export interface ServiceBlocksInput {
  'enrollment-service'?: Partial<ServiceConfig>;
  'management-service'?: Partial<ServiceConfig>;
  'remote-access-service'?: Partial<ServiceConfig>;
}

export interface ServiceBlocks {
  'enrollment-service': ServiceConfig;
  'management-service': ServiceConfig;
  'remote-access-service': ServiceConfig;
}

const DEV_SERVER = 'https://localhost:7443';

/** The device's management certificate and key, which authenticate it once enrolled. */
function deviceCertificatePaths(dataDir: string): { cert: string; key: string } {
  return { cert: posix.join(dataDir, 'certs', 'agent.crt'), key: posix.join(dataDir, 'certs', 'agent.key') };
}

function hasCredentials(auth: ServiceAuthentication | undefined): boolean {
  return Boolean(
    auth?.['client-certificate'] ||
    auth?.['client-certificate-data'] ||
    auth?.['client-key'] ||
    auth?.['client-key-data'],
  );
}

/** Relative certificate paths are relative to the directory of the config file. */
function resolvePaths(block: ServiceConfig, configDir: string): ServiceConfig {
  const abs = (p: string | undefined) => (p ? posix.resolve(configDir, p) : p);
  const service = { ...block.service };
  const authentication = { ...block.authentication };
  if (service['certificate-authority']) service['certificate-authority'] = abs(service['certificate-authority']);
  if (authentication['client-certificate'])
    authentication['client-certificate'] = abs(authentication['client-certificate']);
  if (authentication['client-key']) authentication['client-key'] = abs(authentication['client-key']);
  return { ...block, service, authentication };
}

/**
 * Upstream's remote-access endpoint: the enrollment host on port 7444, or for `agent-api.` hosts the
 * `agent-remote-access.` host (7443 becomes 7444, no port stays none). The path is dropped.
 */
function remoteAccessServer(enrollmentServer: string): string {
  let url: URL;
  try {
    url = new URL(enrollmentServer);
  } catch {
    return '';
  }
  const derived = new URL(`${url.protocol}//${url.host}`);
  if (!url.hostname.startsWith('agent-api.')) {
    derived.port = '7444';
  } else {
    derived.hostname = `agent-remote-access.${url.hostname.slice('agent-api.'.length)}`;
    if (url.port === '7443') derived.port = '7444';
  }
  return derived.toString().replace(/\/$/, '');
}

export function resolveServiceBlocks(input: ServiceBlocksInput, configDir: string, dataDir: string): ServiceBlocks {
  const given = input['enrollment-service'];
  const enrollment = resolvePaths(
    given
      ? { service: { server: '', ...given.service }, authentication: { ...given.authentication } }
      : {
          service: { server: DEV_SERVER, 'certificate-authority': posix.join(configDir, 'certs', 'ca.crt') },
          authentication: {
            'client-certificate': posix.join(dataDir, 'certs', 'client-enrollment.crt'),
            'client-key': posix.join(dataDir, 'certs', 'client-enrollment.key'),
          },
        },
    configDir,
  );
  enrollment['enrollment-ui-endpoint'] = given?.['enrollment-ui-endpoint'] || enrollment.service.server;

  const device = deviceCertificatePaths(dataDir);
  const deviceAuth: ServiceAuthentication = { 'client-certificate': device.cert, 'client-key': device.key };
  const managementGiven = input['management-service'];
  const management = managementGiven
    ? resolvePaths(
        {
          service: { server: '', ...managementGiven.service },
          authentication: { ...managementGiven.authentication },
        },
        configDir,
      )
    : { service: { ...enrollment.service }, authentication: {} };
  if (!hasCredentials(management.authentication)) management.authentication = deviceAuth;

  const remoteGiven = input['remote-access-service'];
  const remoteAccess = remoteGiven
    ? resolvePaths(
        { service: { server: '', ...remoteGiven.service }, authentication: { ...remoteGiven.authentication } },
        configDir,
      )
    : { service: { ...enrollment.service, server: remoteAccessServer(enrollment.service.server) }, authentication: {} };
  if (!hasCredentials(remoteAccess.authentication)) remoteAccess.authentication = { ...deviceAuth };

  return { 'enrollment-service': enrollment, 'management-service': management, 'remote-access-service': remoteAccess };
}
