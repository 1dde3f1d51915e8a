/**
 * Asking the service for a certificate with a CertificateSigningRequest resource (service.md §6.3):
 * create it, then read it back until it carries a certificate or says it never will.
 */
import { randomUUID } from 'node:crypto';
import type { CertificateSigningRequest, ConditionTypeName } from '@flightctl/api';
import { API_VERSION } from '@flightctl/api/agent';

/** The two calls of the agent API the certificate manager makes (the management client provides them). */
export interface CsrClient {
  createCertificateSigningRequest(csr: CertificateSigningRequest): Promise<CertificateSigningRequest>;
  /** Undefined when the service does not know the request (404). */
  getCertificateSigningRequest(name: string): Promise<CertificateSigningRequest | undefined>;
}

export type CsrOutcome =
  { state: 'issued'; certificatePem: string } | { state: 'pending' } | { state: 'refused'; reason: string };

export interface CsrSubmission {
  /** The resource name; a random suffix is appended so every attempt is a new request. */
  namePrefix: string;
  requestPem: string;
  signerName: string;
  usages: string[];
  expirationSeconds?: number;
}

function conditionTrue(csr: CertificateSigningRequest, type: ConditionTypeName) {
  return csr.status?.conditions.find((c) => c.type === type && c.status === 'True');
}

/** Where the request stands, from the resource the service returned. */
export function csrOutcome(csr: CertificateSigningRequest): CsrOutcome {
  const certificate = csr.status?.certificate;
  if (conditionTrue(csr, 'Approved') && certificate) {
    return { state: 'issued', certificatePem: Buffer.from(certificate, 'base64').toString('utf8') };
  }
  for (const type of ['Denied', 'Failed'] as const) {
    const condition = conditionTrue(csr, type);
    if (condition) return { state: 'refused', reason: `${type.toLowerCase()}: ${condition.message}` };
  }
  return { state: 'pending' };
}

/** Creates the request; the service may sign it at once (auto-approved signers), so the answer may be final. */
export async function submitCsr(
  client: CsrClient,
  submission: CsrSubmission,
): Promise<{ name: string; outcome: CsrOutcome }> {
  const name = `${submission.namePrefix}-${randomUUID().slice(0, 8)}`;
  const created = await client.createCertificateSigningRequest({
    apiVersion: API_VERSION,
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(submission.requestPem, 'utf8').toString('base64'),
      signerName: submission.signerName,
      usages: submission.usages,
      ...(submission.expirationSeconds !== undefined ? { expirationSeconds: submission.expirationSeconds } : {}),
    },
  });
  return { name, outcome: csrOutcome(created) };
}

export async function checkCsr(client: CsrClient, name: string): Promise<CsrOutcome> {
  const csr = await client.getCertificateSigningRequest(name);
  return csr
    ? csrOutcome(csr)
    : { state: 'refused', reason: `the service no longer knows certificate signing request ${name}` };
}
