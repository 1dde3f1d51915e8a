/**
 * The life of one certificate the agent keeps valid: when it is due, request a new one, follow the
 * request until the service signs or refuses it, install the result, and back off (§9.3: 10 → 30 min)
 * while the service refuses, keeps it pending, or cannot be reached.
 */
import type { Logger } from 'pino';
import { certificateMatchesKey } from './certificate-request.js';
import { checkCsr, type CsrClient, type CsrOutcome, type CsrSubmission, submitCsr } from './csr-issuance.js';
import { backoffDelayMs } from './renewal-backoff.js';

export type CertificateLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** What differs between the certificates the agent manages. */
export interface IssuanceTarget {
  /** Names the certificate in logs. */
  readonly label: string;
  /** Whether a new certificate is needed now (none yet, or its renewal time has come). */
  due(now: Date): Promise<boolean>;
  /** The key the new certificate is for, and the request to send. */
  prepare(): Promise<{ keyPem: string; submission: CsrSubmission }>;
  /** Stores the new certificate (and its key) and tells whoever uses them. */
  install(certPem: string, keyPem: string): Promise<void>;
}

export class Issuance {
  private csrName: string | undefined;
  private keyPem: string | undefined;
  private failures = 0;
  /** No attempt before this time (ms since the epoch, on the manager's clock). */
  retryAt: number | undefined;

  constructor(
    private readonly client: CsrClient,
    private readonly logger: CertificateLogger,
  ) {}

  /** One step: start a request if one is due, or follow the one in flight. Never throws. */
  async advance(target: IssuanceTarget, now: Date): Promise<void> {
    if (this.retryAt !== undefined && now.getTime() < this.retryAt) return;
    this.retryAt = undefined;
    try {
      let outcome: CsrOutcome;
      if (this.csrName === undefined) {
        if (!(await target.due(now))) return;
        const { keyPem, submission } = await target.prepare();
        const submitted = await submitCsr(this.client, submission);
        this.logger.info({ certificate: target.label, csr: submitted.name }, 'requested a new certificate');
        this.csrName = submitted.name;
        this.keyPem = keyPem;
        outcome = submitted.outcome;
      } else {
        outcome = await checkCsr(this.client, this.csrName);
      }
      await this.settle(target, outcome, now);
    } catch (err) {
      this.backOff(now);
      this.logger.warn(
        { err, certificate: target.label, csr: this.csrName, retryAt: new Date(this.retryAt!) },
        'certificate request failed; will retry',
      );
    }
  }

  private async settle(target: IssuanceTarget, outcome: CsrOutcome, now: Date): Promise<void> {
    const csr = this.csrName;
    if (outcome.state === 'issued' && !this.isForRequestedKey(outcome.certificatePem)) {
      outcome = { state: 'refused', reason: 'the issued certificate is unreadable or not for the requested key' };
    }
    if (outcome.state === 'issued') {
      await target.install(outcome.certificatePem, this.keyPem!);
      this.csrName = undefined;
      this.keyPem = undefined;
      this.failures = 0;
      this.logger.info({ certificate: target.label, csr }, 'installed the new certificate');
      return;
    }
    if (outcome.state === 'refused') {
      this.csrName = undefined;
      this.keyPem = undefined;
    }
    this.backOff(now);
    const fields = { certificate: target.label, csr, retryAt: new Date(this.retryAt!) };
    if (outcome.state === 'refused')
      this.logger.warn({ ...fields, reason: outcome.reason }, 'certificate request refused');
    else this.logger.info(fields, 'certificate request pending');
  }

  private isForRequestedKey(certPem: string): boolean {
    try {
      return certificateMatchesKey(certPem, this.keyPem!);
    } catch {
      return false;
    }
  }

  private backOff(now: Date): void {
    this.failures++;
    this.retryAt = now.getTime() + backoffDelayMs(this.failures);
  }
}
