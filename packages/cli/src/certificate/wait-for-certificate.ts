/**
 * Polling a CertificateSigningRequest until its certificate is issued (once a second, with a
 * deadline), printing a dot per poll on stderr as upstream does. A denied or failed request ends
 * the wait at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CertificateSigningRequest } from '@flightctl/api';
import type { ApiClient } from '../client/api-client.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

const POLL_INTERVAL_MS = 1000;
const FINAL_CONDITIONS = ['Denied', 'Failed'];

/** The issued certificate (base64 PEM, as in `status.certificate`). */
export async function waitForCertificate(
  client: ApiClient,
  io: Output,
  name: string,
  timeoutMs: number,
): Promise<string> {
  io.err('Waiting for certificate to be approved and issued...');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
    io.err('.');
    const { body: csr } = await client.get<CertificateSigningRequest>(`/certificatesigningrequests/${name}`);
    if (csr.status?.certificate) {
      io.err(' success.\n');
      return csr.status.certificate;
    }
    const final = csr.status?.conditions.find((c) => FINAL_CONDITIONS.includes(c.type) && c.status === 'True');
    if (final) {
      io.err('\n');
      throw new CliError(
        `certificate signing request "${name}" ${final.type.toLowerCase()}: ${final.message || final.reason}`,
      );
    }
  }
  io.err('\n');
  throw new CliError(
    `timeout polling for certificate: "${name}" was not issued within ${Math.round(timeoutMs / 1000)}s`,
  );
}
