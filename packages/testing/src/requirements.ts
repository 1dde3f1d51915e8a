/**
 * Tests that need something outside Node (PostgreSQL, Redis, podman, Chromium, upstream's API documents)
 * skip with a one-line reason when it is missing. Under CI (FLIGHTCTL_TEST_REQUIRE_ALL=1) a missing
 * requirement is an error instead, so nothing is silently skipped there.
 */
import { existsSync } from 'node:fs';

const reported = new Set<string>();

export const requireAll = () => process.env.FLIGHTCTL_TEST_REQUIRE_ALL === '1';

/** Reports a missing requirement once and returns false, or throws under CI. */
function missing(what: string, reason: string): false {
  if (requireAll()) throw new Error(`FLIGHTCTL_TEST_REQUIRE_ALL=1 but ${what}: ${reason}`);
  if (!reported.has(what)) {
    reported.add(what);
    console.warn(`[skip] ${reason}`);
  }
  return false;
}

/** True when the environment variable is set; otherwise reports the reason once (or throws under CI). */
export function requirement(envVar: string, reason: string): boolean {
  return process.env[envVar] ? true : missing(`${envVar} is not set`, reason);
}

/** True when the file or directory exists; otherwise reports the reason once (or throws under CI). */
export function pathRequirement(path: string, reason: string): boolean {
  return existsSync(path) ? true : missing(`${path} does not exist`, reason);
}
