/** Go-style durations as upstream config uses them: "300ms", "2m", "1h30m", "168h". */
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_RE = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/;

/** Milliseconds in a Go duration string; throws on anything else. "0" is allowed, as in Go. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  let rest = text.trim();
  if (rest.length === 0) throw new Error(`invalid duration "${text}"`);
  let total = 0;
  while (rest.length > 0) {
    const m = DURATION_RE.exec(rest);
    if (!m) throw new Error(`invalid duration "${text}" (expected e.g. "30s", "5m", "1h30m")`);
    total += Number(m[1]) * UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

export const DURATION_PATTERN = '^(0|(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+)$';
