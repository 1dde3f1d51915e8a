/**
 * Exponential backoff as upstream's wait.Backoff: a first delay growing by a factor per step up to a
 * cap, for a limited number of attempts.
 */
export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  capMs: number;
  /** How many attempts in all. */
  steps: number;
}

/** The waits between consecutive attempts: `steps - 1` of them. */
export function backoffDelays(policy: BackoffPolicy): number[] {
  const delays: number[] = [];
  for (let i = 0; i < policy.steps - 1; i++) delays.push(Math.min(policy.initialMs * policy.factor ** i, policy.capMs));
  return delays;
}
