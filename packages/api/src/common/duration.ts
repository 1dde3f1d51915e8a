/**
 * Go duration strings, as every duration in upstream's service and agent configs is written:
 * "500ms", "30s", "10m", "1h30m", "0", and signed ("-1s") where a flag allows it.
 */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/;

/** Milliseconds in `text`, or undefined when it is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest.length === 0) return undefined;
  let total = 0;
  while (rest.length > 0) {
    const match = PART.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}
