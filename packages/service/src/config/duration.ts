/** Go-style durations as upstream config uses them: "300ms", "2m", "1h30m", "168h". */
import { parseGoDuration } from '@flightctl/api';

/** Milliseconds in a Go duration string; throws on anything else, and on negative durations. */
export function parseDuration(text: string): number {
  const ms = /^\s*[-+]/.test(text) ? undefined : parseGoDuration(text);
  if (ms === undefined) throw new Error(`invalid duration "${text}" (expected e.g. "30s", "5m", "1h30m")`);
  return ms;
}

export const DURATION_PATTERN = '^(0|(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+)$';
