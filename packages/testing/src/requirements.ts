/**
 * Tests that need something outside Node (PostgreSQL, Redis, podman, Chromium) skip with a one-line
 * reason when it is missing. Under CI (FLIGHTCTL_TEST_REQUIRE_ALL=1) a missing requirement is an error instead,
 * so nothing is silently skipped there.
 */
const reported = new Set<string>();

export const requireAll = () => process.env.FLIGHTCTL_TEST_REQUIRE_ALL === '1';

/** True when the environment variable is set; otherwise reports the reason once (or throws under CI). */
export function requirement(envVar: string, reason: string): boolean {
  if (process.env[envVar]) return true;
  if (requireAll()) throw new Error(`FLIGHTCTL_TEST_REQUIRE_ALL=1 but ${envVar} is not set: ${reason}`);
  if (!reported.has(envVar)) {
    reported.add(envVar);
    console.warn(`[skip] ${reason}`);
  }
  return false;
}
