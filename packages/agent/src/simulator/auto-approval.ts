/**
 * Enrollment of a simulated device as upstream's simulator does it: watch the device's console
 * banner until it shows where to approve the device, take the device name from that URL, and
 * approve its enrollment request through the user API with the simulator's labels.
 */
import { BANNER_PATH } from '../enrollment/banner.js';
import type { RootDir } from '../os/root-dir.js';
import { systemClock, type Clock } from '../timing/clock.js';
import { AdminApiError, type AdminClient } from './admin-client.js';

const POLL_INTERVAL_MS = 500;
export const ENROLLMENT_TIMEOUT_MS = 5 * 60_000;

const ENROLL_URL = /\/enroll\/([a-z0-9]+)\s*$/m;

export class EnrollmentWaitError extends Error {
  override name = 'EnrollmentWaitError';
}

export interface WaitOptions {
  signal: AbortSignal;
  timeoutMs?: number;
  clock?: Clock;
}

/** The device name once the banner asks for approval; undefined if the signal aborted first. */
export async function waitForEnrollmentRequest(root: RootDir, options: WaitOptions): Promise<string | undefined> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + (options.timeoutMs ?? ENROLLMENT_TIMEOUT_MS);
  while (!options.signal.aborted) {
    const name = ENROLL_URL.exec((await root.readFile(BANNER_PATH)) ?? '')?.[1];
    if (name) return name;
    if (clock.now() >= deadline)
      throw new EnrollmentWaitError(
        `no enrollment request after ${(options.timeoutMs ?? ENROLLMENT_TIMEOUT_MS) / 1000}s`,
      );
    await clock.sleep(POLL_INTERVAL_MS, options.signal);
  }
  return undefined;
}

/** Whether a failed approval already happened (a retry after a lost answer). */
const alreadyApproved = (err: unknown) =>
  err instanceof AdminApiError && err.statusCode === 400 && err.message.includes('already approved');

/**
 * Approves the device's enrollment request once the agent has made it; retries failures until the
 * timeout. Returns the device name, or undefined if the signal aborted first.
 */
export async function approveWhenRequested(
  root: RootDir,
  admin: AdminClient,
  labels: Record<string, string>,
  options: WaitOptions,
): Promise<string | undefined> {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? ENROLLMENT_TIMEOUT_MS;
  const deadline = clock.now() + timeoutMs;
  const name = await waitForEnrollmentRequest(root, { ...options, timeoutMs });
  if (name === undefined) return undefined;
  for (;;) {
    try {
      await admin.approveEnrollmentRequest(name, labels);
      return name;
    } catch (err) {
      if (alreadyApproved(err)) return name;
      if (options.signal.aborted) return undefined;
      if (clock.now() >= deadline)
        throw new EnrollmentWaitError(`approving ${name}: ${(err as Error).message}`, { cause: err });
    }
    await clock.sleep(POLL_INTERVAL_MS, options.signal);
  }
}
