/**
 * The user's `flightctl login` as the simulator uses it (ref/clients.md §1.4): the few keys of
 * `$XDG_CONFIG_HOME/flightctl/client.yaml` (default ~/.config/flightctl) that reach the user API —
 * server, TLS trust, bearer token, organization. The agent may not import the CLI, so it reads them
 * itself.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface CliLogin {
  /** Base URL of the user API (the part before /api/v1). */
  server: string;
  /** PEM CA bundle to trust, when the config names one. */
  ca?: string;
  insecureSkipVerify: boolean;
  tlsServerName?: string;
  /** Client certificate and key (PEM), when the login uses mTLS. */
  cert?: string;
  key?: string;
  /** Sent as `Authorization: Bearer`. */
  token?: string;
  /** Sent as `org_id`. */
  organization?: string;
}

interface ClientFile {
  service?: {
    server?: string;
    'certificate-authority'?: string;
    'certificate-authority-data'?: string;
    insecureSkipVerify?: boolean;
    'tls-server-name'?: string;
  };
  authentication?: {
    'client-certificate'?: string;
    'client-certificate-data'?: string;
    'client-key'?: string;
    'client-key-data'?: string;
    'access-token'?: string;
    'id-token'?: string;
    'token-to-use'?: string;
  };
  organization?: string;
}

export class CliLoginError extends Error {
  override name = 'CliLoginError';
}

/** Go's os.UserConfigDir on Linux: $XDG_CONFIG_HOME, else ~/.config. */
export function cliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'flightctl', 'client.yaml');
}

async function pem(path: string | undefined, data: string | undefined, what: string): Promise<string | undefined> {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (!path) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new CliLoginError(`${what} ${path}: ${(err as Error).message}`);
  }
}

export async function readCliLogin(path: string = cliConfigPath()): Promise<CliLogin> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliLoginError(`no client config found at ${path}: run "flightctl login" first`);
    throw new CliLoginError(`reading ${path}: ${(err as Error).message}`);
  }
  let file: ClientFile;
  try {
    file = (parse(text) ?? {}) as ClientFile;
  } catch (err) {
    throw new CliLoginError(`${path}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const service = file.service ?? {};
  const auth = file.authentication ?? {};
  if (!service.server) throw new CliLoginError(`${path}: service.server is not set: run "flightctl login" first`);
  return {
    server: service.server.replace(/\/+$/, ''),
    ca: await pem(service['certificate-authority'], service['certificate-authority-data'], 'certificate-authority'),
    insecureSkipVerify: service.insecureSkipVerify === true,
    tlsServerName: service['tls-server-name'] || undefined,
    cert: await pem(auth['client-certificate'], auth['client-certificate-data'], 'client-certificate'),
    key: await pem(auth['client-key'], auth['client-key-data'], 'client-key'),
    token: (auth['token-to-use'] === 'id' ? auth['id-token'] : auth['access-token']) || undefined,
    organization: file.organization || undefined,
  };
}
