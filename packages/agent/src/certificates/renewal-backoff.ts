/**
 * How long to wait before the next attempt after a certificate request was refused, is still pending,
 * or could not be made (§9.3): 10 minutes, doubling up to 30 minutes, each ±10 % so that a fleet whose
 * certificates were issued together does not retry in step.
 */
import { parseGoDuration } from '@flightctl/api/agent';
import { backoffDelays } from '../timing/backoff.js';

const INITIAL_MS = 10 * 60 * 1000;
const FACTOR = 2;
const DEFAULT_MAX_MS = 30 * 60 * 1000;
const JITTER = 0.1;

/** The cap: 30 minutes, or FLIGHTCTL_TEST_MGMT_CERT_BACKOFF_MAX (a Go duration) as upstream's tests set it. */
function backoffCapMs(): number {
  const override = process.env.FLIGHTCTL_TEST_MGMT_CERT_BACKOFF_MAX;
  const parsed = override === undefined ? undefined : parseGoDuration(override);
  return parsed !== undefined && parsed > 0 ? parsed : DEFAULT_MAX_MS;
}

/** The delay before attempt `failures + 1`, after `failures` (≥ 1) consecutive unsuccessful attempts. */
export function backoffDelayMs(failures: number): number {
  const delays = backoffDelays({ initialMs: INITIAL_MS, factor: FACTOR, capMs: backoffCapMs(), steps: failures + 1 });
  return Math.round(delays.at(-1)! * (1 + JITTER * (2 * Math.random() - 1)));
}
