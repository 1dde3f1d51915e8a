/**
 * Enrollment (ref/agent.md §2.2): ask the service to admit this device with an EnrollmentRequest that
 * carries its CSR, status and labels, then wait for a user to approve it and store the management
 * certificate the service issues. Both steps retry with the enrollment backoff; running out of
 * attempts is fatal (systemd restarts the agent, which starts over and finds its request again).
 */
import type { DeviceStatus, EnrollmentRequest, OsModeType } from '@flightctl/api';
import { API_VERSION } from '@flightctl/api/agent';
import type { Logger } from 'pino';
import type { EnrollmentClient } from '../client/enrollment-client.js';
import type { FileIdentity } from '../identity/file-identity.js';
import { backoffDelays, type BackoffPolicy } from '../timing/backoff.js';
import type { Clock } from '../timing/clock.js';

export class EnrollmentError extends Error {
  override name = 'EnrollmentError';
}

export interface EnrollOptions {
  identity: FileIdentity;
  client: EnrollmentClient;
  deviceStatus: DeviceStatus;
  labels: Record<string, string>;
  osMode: OsModeType;
  /** The version in desired.json, sent when re-enrolling so the service can reconnect the device's state. */
  knownRenderedVersion?: string;
  backoff: BackoffPolicy;
  /** Called once the request exists: writes the banner and tells systemd the agent is ready. */
  onAwaitingApproval: () => Promise<void>;
  clock: Clock;
  signal: AbortSignal;
  log: Logger;
}

/**
 * Runs `attempt` until it returns a value, sleeping the backoff's delays between tries; errors are
 * logged and retried unless `isFatal` says otherwise.
 */
async function withBackoff<T>(
  what: string,
  options: EnrollOptions,
  attempt: () => Promise<T | undefined>,
  isFatal: (err: unknown) => boolean = () => false,
): Promise<T> {
  const delays = backoffDelays(options.backoff);
  for (let i = 0; ; i++) {
    if (options.signal.aborted) throw new EnrollmentError(`${what}: canceled`);
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (err) {
      if (isFatal(err)) throw err;
      if (options.signal.aborted) throw new EnrollmentError(`${what}: canceled`);
      options.log.error(`${what}: ${(err as Error).message}`);
    }
    if (i >= delays.length) throw new EnrollmentError(`${what}: gave up after ${options.backoff.steps} attempts`);
    await options.clock.sleep(delays[i]!, options.signal);
  }
}

function enrollmentRequest(options: EnrollOptions, csr: string): EnrollmentRequest {
  const request: EnrollmentRequest = {
    apiVersion: API_VERSION,
    kind: 'EnrollmentRequest',
    metadata: { name: options.identity.name },
    spec: { csr, deviceStatus: options.deviceStatus, labels: options.labels, osMode: options.osMode },
  };
  if (options.knownRenderedVersion) request.spec.knownRenderedVersion = options.knownRenderedVersion;
  return request;
}

/** The certificate once the request is approved and signed; undefined while it is pending. */
function approvedCertificate(request: EnrollmentRequest): string | undefined {
  const conditions = request.status?.conditions;
  if (!conditions) throw new EnrollmentError('enrollment request has no status conditions');
  if (conditions.some((c) => c.type === 'Denied' && c.status === 'True'))
    throw new EnrollmentError('enrollment request was denied');
  if (conditions.some((c) => c.type === 'Failed' && c.status === 'True'))
    throw new EnrollmentError('enrollment request failed');
  if (!conditions.some((c) => c.type === 'Approved' && c.status === 'True')) return undefined;
  return request.status?.certificate || undefined;
}

export async function enroll(options: EnrollOptions): Promise<void> {
  const { identity, client, log } = options;
  const csr = await identity.enrollmentCertificateRequest();
  const created = await withBackoff('creating the enrollment request', options, () =>
    client.createEnrollmentRequest(enrollmentRequest(options, csr), options.signal),
  );
  log.info(
    created === 'exists'
      ? `enrollment request ${identity.name} already exists`
      : `created enrollment request ${identity.name}`,
  );
  await options.onAwaitingApproval();

  const certificate = await withBackoff(
    'waiting for enrollment approval',
    options,
    async () => approvedCertificate(await client.getEnrollmentRequest(identity.name, options.signal)),
    (err) => err instanceof EnrollmentError,
  );
  await identity.storeCertificate(certificate);
  await identity.wipeCertificateRequest();
  log.info(`enrollment approved: device ${identity.name} has its management certificate`);
}
