/**
 * The TLS material of a service block (ref/agent.md §1.2): the CA bundle and client certificate, from
 * base64 `-data` values or from files read through the device root. Every client verifies the server
 * (unless insecureSkipVerify) with TLS 1.3 at least, as upstream's clients do.
 */
import type { ConnectionOptions } from 'node:tls';
import type { ServiceConfig } from '../config/agent-config.js';
import type { RootDir } from '../os/root-dir.js';

export type TlsCredentials = Pick<
  ConnectionOptions,
  'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized' | 'minVersion'
>;

async function pemFrom(
  root: RootDir,
  block: string,
  key: string,
  data: string | undefined,
  path: string | undefined,
): Promise<string | undefined> {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (!path) return undefined;
  const text = await root.readFile(path);
  if (text === undefined) throw new Error(`${block}: ${key} ${path}: no such file`);
  return text;
}

export async function readTlsCredentials(root: RootDir, name: string, block: ServiceConfig): Promise<TlsCredentials> {
  const { service, authentication: auth } = block;
  const credentials: TlsCredentials = {
    minVersion: 'TLSv1.3',
    rejectUnauthorized: !service.insecureSkipVerify,
    ca: await pemFrom(
      root,
      name,
      'certificate-authority',
      service['certificate-authority-data'],
      service['certificate-authority'],
    ),
    cert: await pemFrom(root, name, 'client-certificate', auth['client-certificate-data'], auth['client-certificate']),
    key: await pemFrom(root, name, 'client-key', auth['client-key-data'], auth['client-key']),
  };
  if (service['tls-server-name']) credentials.servername = service['tls-server-name'];
  return credentials;
}
