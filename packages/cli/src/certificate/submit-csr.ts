/**
 * Creating the CertificateSigningRequest resource: a unique name `<name>-<8 hex>` per attempt (also
 * the request's CN, as upstream), retried on a name conflict, with upstream's progress lines on stderr.
 */
import { randomUUID } from 'node:crypto';
import type { CertificateSigningRequest } from '@flightctl/api';
import type { ApiClient } from '../client/api-client.js';
import { ERROR_STATUSES, statusMessage } from '../client/service-support.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

const MAX_ATTEMPTS = 3;

export interface CsrRequest {
  baseName: string;
  signerName: string;
  expirationSeconds: number;
  /** The PKCS#10 request for a resource name: its CN is that name, which signers check against it. */
  csrPem: (name: string) => string;
}

function csrResource(name: string, request: CsrRequest): CertificateSigningRequest {
  return {
    apiVersion: 'v1beta1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(request.csrPem(name)).toString('base64'),
      signerName: request.signerName,
      usages: ['clientAuth', 'CA:false'],
      expirationSeconds: request.expirationSeconds,
    },
  };
}

/** The name of the created request. */
export async function submitCsr(client: ApiClient, io: Output, request: CsrRequest): Promise<string> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const name = `${request.baseName}-${randomUUID().slice(0, 8)}`;
    io.err(`Submitting certificate signing request "${name}"...`);
    const res = await client.request('POST', '/certificatesigningrequests', {
      body: csrResource(name, request),
      accept: [...ERROR_STATUSES],
    });
    if (res.status === 201) {
      io.err(' success.\n');
      return name;
    }
    if (res.status === 409) {
      io.err(' failed because a CSR with that name already exists.\n');
      continue;
    }
    io.err(' failed.\n');
    const message = statusMessage(res);
    throw new CliError(`submitting CSR failed with status ${res.status}${message ? `: ${message}` : ''}`);
  }
  throw new CliError(`submitting CSR failed after ${MAX_ATTEMPTS} attempts, giving up`);
}
